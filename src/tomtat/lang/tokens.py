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


# Punctuation that often clings to a syllable ("nay," "(Nga)"): stripped before the one-syllable check.
_CLINGING = ".,;:!?\"“”()[]…-–—'‘’"


def syllable_count(text: str) -> int:
    """``len(syllables(text))`` without building the list: a token that is letters and digits is one
    syllable, and only the rest go through the pattern."""
    tokens = unicodedata.normalize("NFC", text).lower().split()
    odd = [t for t in tokens if not t.isalnum()]
    if not odd:
        return len(tokens)
    rest = [t for t in (o.strip(_CLINGING) for o in odd) if not t.isalnum()]
    return len(tokens) - len(rest) + sum(len(_SYLLABLE.findall(t)) for t in rest)


def bigrams(tokens: list[str]) -> list[str]:
    return [a + " " + b for a, b in zip(tokens, tokens[1:])]
