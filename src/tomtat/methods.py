"""The registry of summarization methods: each pairs a scorer with a selector.

Add a method with ``@register("name", "what it does")`` on a function
``(cluster, vectors, budget) -> list[(sentence, score)]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from tomtat import score, selection
from tomtat.compress import Compression
from tomtat.represent import Vectors
from tomtat.selection import Budget
from tomtat.records import Cluster, TomtatError


class Pick(NamedTuple):
    sentence: int  # number in the cluster
    score: float
    compression: Compression | None = None  # the shortened form to print, when the method shortens


# (cluster, vectors, budget, model): ``model`` is the resolved ranker for methods that use one, else None.
Picker = Callable[[Cluster, Vectors, Budget, Any], list[Pick]]


@dataclass(frozen=True)
class Method:
    name: str
    description: str
    pick: Picker
    uses_budget: bool = True
    # Scales the fitted default length for this method (it may say most when a little longer).
    length_factor: Callable[[Cluster], float] | None = None
    uses_model: bool = False  # ranks with a trained model, chosen by ``Options.model``


REGISTRY: dict[str, Method] = {}
DEFAULT_METHOD = "learned"  # best cross-validated ROUGE-2 on AbMuSu (BENCHMARKS.md)
POSITION_WEIGHT = 0.3  # MEAD's positional prior; flat between 0.15 and 0.5 on AbMuSu


def register(
    name: str,
    description: str,
    uses_budget: bool = True,
    length_factor: Callable[[Cluster], float] | None = None,
    uses_model: bool = False,
) -> Callable[[Picker], Picker]:
    def wrap(fn: Picker) -> Picker:
        REGISTRY[name] = Method(name, description, fn, uses_budget, length_factor, uses_model)
        return fn

    return wrap


def get(name: str | None) -> Method:
    name = name or DEFAULT_METHOD
    try:
        return REGISTRY[name]
    except KeyError:
        raise TomtatError(f"unknown method {name!r}; choose one of: {', '.join(sorted(REGISTRY))}") from None


def _scored(chosen: list[int], scores: np.ndarray) -> list[Pick]:
    return [Pick(i, float(scores[i])) for i in chosen]


@register("lead", "the opening sentences of each article in turn")
def _lead(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    # Round-robin over articles: first sentences of every article, then second ones...
    order = sorted(range(len(cluster.sentences)), key=lambda i: (cluster.sentences[i].index, cluster.sentences[i].article))
    scores = np.zeros(len(order))
    for rank, i in enumerate(order):
        scores[i] = 1.0 - rank / max(len(order), 1)
    return _scored(selection.greedy(cluster, vectors, scores, budget), scores)


@register("firstlast", "first and last sentence of each article (the AbMuSu 2022 rule baseline)", False)
def _firstlast(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, s in enumerate(cluster.sentences):
        first.setdefault(s.article, i)
        last[s.article] = i
    chosen = sorted(set(first.values()) | set(last.values()))
    return [Pick(i, 1.0) for i in chosen]


@register("centroid", "closeness to the cluster centroid plus a lead-position prior (MEAD, Radev et al. 2004)")
def _centroid(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    scores = score.centroid(cluster, vectors) + POSITION_WEIGHT * score.position(cluster, vectors)
    return _scored(selection.greedy(cluster, vectors, scores, budget), scores)


@register("lexrank", "graph centrality over sentence similarity (Erkan & Radev 2004)")
def _lexrank(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    scores = score.lexrank(cluster, vectors)
    return _scored(selection.greedy(cluster, vectors, scores, budget), scores)


@register("mmr", "relevance to titles and leads, minus similarity to what is already said (MMR)")
def _mmr(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    relevance = score.lead_similarity(cluster, vectors) + 0.5 * score.centroid(cluster, vectors)
    return _scored(selection.mmr(cluster, vectors, relevance, budget), relevance)


@register("ilp", "coverage of concepts shared across articles, solved exactly (Gillick & Favre 2009)")
def _ilp(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    relevance = score.lead_similarity(cluster, vectors)
    chosen = selection.ilp(cluster, vectors, relevance, budget)
    return _scored(chosen, relevance)


def _learned_length(cluster: Cluster) -> float:
    from tomtat.learn import ranker

    return ranker.length_factor(cluster)


@register(
    "learned",
    "a LightGBM ranker trained on AbMuSu gold summaries, with redundancy-aware budgeted selection",
    length_factor=_learned_length,
    uses_model=True,
)
def _learned(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    from tomtat.learn import ranker

    scores = model.predict(cluster, vectors)
    shorter = model.compress(cluster)
    lengths = np.array([shorter[i].length if i in shorter else s.length for i, s in enumerate(cluster.sentences)])
    chosen = selection.greedy(cluster, vectors, scores, budget, lengths)
    return [Pick(i, float(scores[i]), shorter.get(i)) for i in chosen]
