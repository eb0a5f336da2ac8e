"""Syllable tokens: the unit of scoring, of ROUGE and of every length budget.

Vietnamese writes one syllable per space-separated token, so lowercased NFC syllables with punctuation
dropped need no model; syllable bigrams stand in for multi-syllable words (Liên hợp quốc).
"""

from __future__ import annotations

import re
import unicodedata

_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """Lowercased NFC syllables of ``text``; punctuation and symbols dropped."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text).lower())


def bigrams(tokens: list[str]) -> list[str]:
    return [a + " " + b for a, b in zip(tokens, tokens[1:])]
