"""Training only: what editors do with each kind of deletable stretch (:data:`tomtat.compress.KINDS`).

The stats are stored in the model file; at run time ``compress.worth_deleting`` reads them.
"""

from __future__ import annotations

from collections.abc import Iterable

from tomtat.compress import candidates
from tomtat.lang.tokens import bigrams, syllables
from tomtat.records import Sentence


def kept_share(sentence: Sentence, start: int, end: int, reference: set[str]) -> float | None:
    """Share of a stretch's syllable bigrams found in a reference summary (None if it has none)."""
    grams = bigrams(syllables(sentence.text[start:end]))
    if not grams:
        return None
    return sum(g in reference for g in grams) / len(grams)


def deletion_stats(pairs: Iterable[tuple[list[Sentence], str]], min_copied: float = 0.5) -> dict[str, tuple[int, float]]:
    """What editors do with each kind of deletable stretch, learned from (sentences, gold) pairs.

    Among sentences the editor evidently kept (at least ``min_copied`` of their bigrams are in
    the gold), the mean share of each kind's stretch that survived: (count, mean kept share).
    """
    seen: dict[str, list[float]] = {}
    for sentences, gold in pairs:
        reference = set(bigrams(syllables(gold)))
        for s in sentences:
            grams = bigrams(s.tokens)
            if not grams or sum(g in reference for g in grams) / len(grams) < min_copied:
                continue
            for kind, a, b in candidates(s):
                share = kept_share(s, a, b, reference)
                if share is not None:
                    seen.setdefault(kind, []).append(share)
    return {k: (len(v), sum(v) / len(v)) for k, v in sorted(seen.items())}
