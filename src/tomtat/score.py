"""Score stage: how central or important each sentence is, one function per idea.

Every scorer maps (cluster, vectors) to one float per sentence, higher is better.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tomtat.represent import LINK, Vectors
from tomtat.records import Cluster

# Up to this many sentences (8 MB of float64; AbMuSu clusters have at most 234) LexRank runs
# on the dense matrix, as when the shipped ranker was trained; above it, on the sparse graph.
DENSE_LEXRANK = 1000


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


def lexrank(cluster: Cluster, vectors: Vectors, damping: float = 0.85, link: float = LINK) -> np.ndarray:
    """Continuous LexRank (Erkan & Radev 2004): PageRank over the sentence similarity graph,
    links below ``link`` dropped (the graph keeps none below ``represent.LINK``)."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0)
    arts = _articles(cluster)
    link = max(link, LINK)
    step = _dense_transition(vectors, arts, link).__matmul__ if n <= DENSE_LEXRANK else _sparse_transition(vectors, arts, link)
    r = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - damping) / n + damping * step(r)
        if np.abs(nxt - r).sum() < 1e-8:
            r = nxt
            break
        r = nxt
    return r / r.max()


def _dense_transition(vectors: Vectors, arts: np.ndarray, link: float) -> np.ndarray:
    """The transposed transition matrix, dense: bit for bit the numbers the shipped ranker was
    trained on (the sparse one differs in the last digit, which retraining amplifies)."""
    w = vectors.pairwise(np.arange(len(arts)))
    w[w < link] = 0.0
    np.fill_diagonal(w, 0.0)
    # Articles repeating each other vote once per article, not once per sentence.
    w[arts[:, None] == arts[None, :]] *= 0.5
    rows = w.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    return (w / rows).T


def _sparse_transition(vectors: Vectors, arts: np.ndarray, link: float) -> Callable[[np.ndarray], np.ndarray]:
    """The same step from the similarity links: memory grows with the links, not n * n."""
    rows, cols, w = vectors.neighbours(arts).links
    keep = w >= link
    rows, cols, w = rows[keep], cols[keep], w[keep]
    w = np.where(arts[rows] == arts[cols], w * 0.5, w)
    sums = np.bincount(rows, weights=w, minlength=len(arts))
    sums[sums == 0] = 1.0
    w = w / sums[rows]
    n = len(arts)
    return lambda r: np.bincount(cols, weights=w * r[rows], minlength=n)


def support(cluster: Cluster, vectors: Vectors) -> np.ndarray:
    """Share of the other articles that carry a similar sentence (cosine >= ``represent.SUPPORT``):
    facts several outlets report."""
    arts = _articles(cluster)
    others = len(set(arts.tolist())) - 1
    if others <= 0 or len(arts) == 0:
        return np.zeros(len(arts))
    return vectors.neighbours(arts).supporting / others


def _articles(cluster: Cluster) -> np.ndarray:
    return np.array([s.article for s in cluster.sentences], dtype=np.intp)
