"""Order stage: the headline fact first, then lead facts, then each article in source order."""

from __future__ import annotations

import re

import numpy as np

from tomtat.lang.lexicon import CONTEXT_OPENERS, alternatives
from tomtat.represent import Vectors
from tomtat.records import Cluster

# Openings that lean on an earlier sentence ("Cùng ngày" = "the same day"): never first.
_NEEDS_CONTEXT = re.compile(rf"^(?:[“\"‘«]|(?:{alternatives(CONTEXT_OPENERS)})\b)", re.IGNORECASE)


def order(cluster: Cluster, chosen: list[int], vectors: Vectors | None = None) -> list[int]:
    """The chosen sentence closest to the titles opens (it states what the story is); the rest
    follow with lead sentences first, then by article and position in it."""
    positions = {a: k for k, a in enumerate(sorted({cluster.sentences[i].article for i in chosen}))}

    def key(i: int) -> tuple[int, int, int]:
        s = cluster.sentences[i]
        return (0 if s.in_lead else 1, positions[s.article], s.index)

    ordered = sorted(chosen, key=key)
    if vectors is None or vectors.titles.shape[0] == 0 or len(ordered) < 2:
        return ordered
    can_open = [i for i in ordered if not _NEEDS_CONTEXT.match(cluster.sentences[i].text)]
    if not can_open:
        return ordered
    to_titles = np.asarray((vectors.matrix[can_open] @ vectors.titles.T).max(axis=1).toarray()).ravel()
    opener = can_open[int(np.argmax(to_titles))]
    return [opener] + [i for i in ordered if i != opener]
