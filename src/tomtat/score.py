"""Score stage: how central or important each sentence is, one function per idea.

Every scorer maps (cluster, vectors) to one float per sentence, higher is better.
"""

from __future__ import annotations

import numpy as np

from tomtat.represent import Vectors
from tomtat.types import Cluster


def position(cluster: Cluster, vectors: Vectors) -> np.ndarray:
    """Earlier in its article is better: 1 / (1 + sentence number)."""
    return np.array([1.0 / (1 + s.index) for s in cluster.sentences])


def centroid(cluster: Cluster, vectors: Vectors) -> np.ndarray:
    """Cosine to the cluster's centroid: sentences about what all articles say."""
    return vectors.similarity_to(list(range(len(vectors))))


def lead_similarity(cluster: Cluster, vectors: Vectors) -> np.ndarray:
    """Cosine to the articles' titles and lead paragraphs, which state the story's core."""
    lead_rows = [i for i, s in enumerate(cluster.sentences) if s.in_lead]
    return vectors.similarity_to(lead_rows)


def lexrank(cluster: Cluster, vectors: Vectors, threshold: float = 0.1, damping: float = 0.85) -> np.ndarray:
    """Continuous LexRank (Erkan & Radev 2004): PageRank over the sentence similarity graph."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0)
    w = vectors.similarity.copy()
    w[w < threshold] = 0.0
    np.fill_diagonal(w, 0.0)
    # Articles repeating each other vote once per article, not once per sentence.
    same_article = np.array([s.article for s in cluster.sentences])
    w[same_article[:, None] == same_article[None, :]] *= 0.5
    rows = w.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    p = w / rows
    r = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - damping) / n + damping * (p.T @ r)
        if np.abs(nxt - r).sum() < 1e-8:
            r = nxt
            break
        r = nxt
    return r / r.max()


def support(cluster: Cluster, vectors: Vectors, threshold: float = 0.3) -> np.ndarray:
    """Share of the other articles that carry a similar sentence: facts several outlets report."""
    arts = np.array([s.article for s in cluster.sentences])
    others = len(set(arts.tolist())) - 1
    if others <= 0 or len(arts) == 0:
        return np.zeros(len(arts))
    sim = vectors.similarity
    out = np.zeros(len(arts))
    for a in set(arts.tolist()):
        cols = arts == a
        out += (sim[:, cols].max(axis=1) >= threshold) & (arts != a)
    return out / others
