"""Order stage: lead facts first, then each article's sentences in source order."""

from __future__ import annotations

from tomtat.types import Cluster


def order(cluster: Cluster, chosen: list[int]) -> list[int]:
    """Sentences from lead paragraphs first, then by article and position in it."""
    positions = {a: k for k, a in enumerate(sorted({cluster.sentences[i].article for i in chosen}))}

    def key(i: int) -> tuple[int, int, int]:
        s = cluster.sentences[i]
        return (0 if s.in_lead else 1, positions[s.article], s.index)

    return sorted(chosen, key=key)
