"""Training targets: how much of each source sentence a human summary kept."""

from __future__ import annotations

from collections import Counter

import numpy as np

from tomtat.lang.tokens import bigrams, syllables
from tomtat.records import Cluster


def sentence_targets(cluster: Cluster, gold: str) -> np.ndarray:
    """ROUGE-2 precision of each sentence against the gold summary (0 to 1).

    Precision rather than recall: a sentence the editor copied scores near 1
    whatever its length, which is what a ranker choosing sentences needs.
    """
    ref = Counter(bigrams(syllables(gold)))
    out = np.zeros(len(cluster.sentences))
    for i, s in enumerate(cluster.sentences):
        grams = Counter(bigrams(s.tokens))
        if grams:
            out[i] = sum(min(c, ref[g]) for g, c in grams.items()) / sum(grams.values())
    return out
