"""What tomtat knows of Vietnamese, below every stage: tokens (and, as they move here, lexicon and detection)."""
