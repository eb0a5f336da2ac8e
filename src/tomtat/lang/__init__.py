"""What tomtat knows of Vietnamese, below every stage: tokens, lexicon, normalization, detection, segmentation."""
