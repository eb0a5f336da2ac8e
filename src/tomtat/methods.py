"""The registry of summarization methods: each pairs a scorer with a selector.

Add a method with ``@register("name", "what it does", params={...})`` on a function
``(cluster, vectors, budget, model, **params) -> list[Pick]``; ``params`` declares the knobs a user may
turn (``Options.params``), each with its default and range. A method that learns gives ``fit``:
(articles, gold summary) pairs -> the model its picker receives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np

from tomtat import score, selection
from tomtat.compress import Compression
from tomtat.learn import ranker
from tomtat.represent import LINK, Vectors
from tomtat.selection import Budget
from tomtat.records import Cluster, Document, TomtatError


class Pick(NamedTuple):
    sentence: int  # number in the cluster
    score: float
    compression: Compression | None = None  # the shortened form to print, when the method shortens


# (cluster, vectors, budget, model, **params): ``model`` is the resolved ranker for methods that use one, else None.
Picker = Callable[..., list[Pick]]
Fitter = Callable[[Iterable[tuple[Sequence[Document], str]]], Any]


@dataclass(frozen=True)
class Param:
    """A method's parameter: its default, the values it accepts, and what it means."""

    default: float | int
    low: float
    high: float
    about: str

    def check(self, value: object) -> str | None:
        """Why ``value`` is not acceptable, or None."""
        whole = isinstance(self.default, int)
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            return f"must be a {'whole number' if whole else 'number'}, not {value!r}"
        if not self.low <= value <= self.high:  # type: ignore[operator]
            return f"must be between {self.low:g} and {self.high:g}, not {value!r}"
        return None


@dataclass(frozen=True)
class Method:
    name: str
    description: str
    pick: Picker
    uses_budget: bool = True
    # Scales the fitted default length for this method (it may say most when a little longer).
    length_factor: Callable[[Cluster], float] | None = None
    uses_model: bool = False  # ranks with a trained model, chosen by ``Options.model``
    params: Mapping[str, Param] = field(default_factory=dict)
    fit: Fitter | None = None  # trains the model ``pick`` gets (methods that learn)

    def settings(self, given: Mapping[str, object] | None = None) -> dict[str, float | int]:
        """The parameters a run uses: defaults, with ``given`` (already checked) in their place."""
        return {name: (given or {}).get(name, p.default) for name, p in self.params.items()}  # type: ignore[misc]


REGISTRY: dict[str, Method] = {}
DEFAULT_METHOD = "learned"  # best cross-validated ROUGE-2 on AbMuSu (BENCHMARKS.md)

REDUNDANCY = Param(selection.REDUNDANT, 0.05, 1.0, "cosine above which a sentence repeats one already taken")
OVERLAP = Param(selection.OVERLAP, 0.05, 1.0, "share of a sentence's word pairs, said already, that makes it a repeat")


def register(
    name: str,
    description: str,
    uses_budget: bool = True,
    length_factor: Callable[[Cluster], float] | None = None,
    uses_model: bool = False,
    params: Mapping[str, Param] | None = None,
    fit: Fitter | None = None,
) -> Callable[[Picker], Picker]:
    def wrap(fn: Picker) -> Picker:
        REGISTRY[name] = Method(name, description, fn, uses_budget, length_factor, uses_model, dict(params or {}), fit)
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


@register("lead", "the opening sentences of each article in turn", params={"redundancy": REDUNDANCY, "overlap": OVERLAP})
def _lead(
    cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None, *, redundancy: float, overlap: float
) -> list[Pick]:
    # Round-robin over articles: first sentences of every article, then second ones...
    order = sorted(range(len(cluster.sentences)), key=lambda i: (cluster.sentences[i].index, cluster.sentences[i].article))
    scores = np.zeros(len(order))
    for rank, i in enumerate(order):
        scores[i] = 1.0 - rank / max(len(order), 1)
    return _scored(selection.greedy(cluster, vectors, scores, budget, redundant=redundancy, overlap=overlap), scores)


@register("firstlast", "first and last sentence of each article (the AbMuSu 2022 rule baseline)", False)
def _firstlast(cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None) -> list[Pick]:
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, s in enumerate(cluster.sentences):
        first.setdefault(s.article, i)
        last[s.article] = i
    chosen = sorted(set(first.values()) | set(last.values()))
    return [Pick(i, 1.0) for i in chosen]


@register(
    "centroid",
    "closeness to the cluster centroid plus a lead-position prior (MEAD, Radev et al. 2004)",
    # MEAD's positional prior: ROUGE is flat between 0.15 and 0.5 on AbMuSu.
    params={"position_weight": Param(0.3, 0.0, 10.0, "weight of the early-in-article prior"), "redundancy": REDUNDANCY, "overlap": OVERLAP},
)
def _centroid(
    cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None, *,
    position_weight: float, redundancy: float, overlap: float,
) -> list[Pick]:
    scores = score.centroid(cluster, vectors) + position_weight * score.position(cluster, vectors)
    return _scored(selection.greedy(cluster, vectors, scores, budget, redundant=redundancy, overlap=overlap), scores)


@register(
    "lexrank",
    "graph centrality over sentence similarity (Erkan & Radev 2004)",
    params={
        "link": Param(LINK, LINK, 0.99, "cosine from which two sentences are linked in the graph"),
        "damping": Param(0.85, 0.01, 0.99, "PageRank's damping factor"),
        "redundancy": REDUNDANCY,
        "overlap": OVERLAP,
    },
)
def _lexrank(
    cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None, *,
    link: float, damping: float, redundancy: float, overlap: float,
) -> list[Pick]:
    scores = score.lexrank(cluster, vectors, damping=damping, link=link)
    return _scored(selection.greedy(cluster, vectors, scores, budget, redundant=redundancy, overlap=overlap), scores)


@register(
    "mmr",
    "relevance to titles and leads, minus similarity to what is already said (MMR)",
    params={
        "balance": Param(0.7, 0.0, 1.0, "weight of relevance against repeating what is already said"),
        "centroid_weight": Param(0.5, 0.0, 10.0, "weight of closeness to the centroid in relevance"),
        "redundancy": REDUNDANCY,
        "overlap": OVERLAP,
    },
)
def _mmr(
    cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None, *,
    balance: float, centroid_weight: float, redundancy: float, overlap: float,
) -> list[Pick]:
    relevance = score.lead_similarity(cluster, vectors) + centroid_weight * score.centroid(cluster, vectors)
    return _scored(selection.mmr(cluster, vectors, relevance, budget, balance, redundancy, overlap), relevance)


@register(
    "ilp",
    "coverage of concepts shared across articles, solved exactly (Gillick & Favre 2009)",
    params={
        "candidates": Param(selection.MAX_ILP_CANDIDATES, 1, 400, "best-scored sentences the solver chooses among"),
        "nodes": Param(selection.MAX_ILP_NODES, 1, 100_000, "branch-and-bound nodes before the solver stops"),
        "redundancy": REDUNDANCY,
        "overlap": OVERLAP,
    },
)
def _ilp(
    cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None, *,
    candidates: int, nodes: int, redundancy: float, overlap: float,
) -> list[Pick]:
    relevance = score.lead_similarity(cluster, vectors)
    chosen = selection.ilp(cluster, vectors, relevance, budget, candidates, nodes, redundancy, overlap)
    return _scored(chosen, relevance)


def _fit_ranker(clusters: Iterable[tuple[Sequence[Document], str]]) -> ranker.Model:
    return ranker.train(ranker.examples(clusters))


@register(
    "learned",
    "a LightGBM ranker trained on AbMuSu gold summaries, with redundancy-aware budgeted selection",
    length_factor=ranker.length_factor,
    uses_model=True,
    params={
        "redundancy": REDUNDANCY,
        "overlap": OVERLAP,
        # An editor's length: human summaries have 4.9 sentences. 0 gives the longer, ROUGE-optimal summary
        # (5-fold CV: ROUGE-2 0.3471 against 0.3405 at 6, with 7.7 sentences; BENCHMARKS.md).
        "max_sentences": Param(
            6, 0, 1000, "at most this many sentences when the length is fitted (0: as many as the length allows)"
        ),
        # Length from the material: a cluster with few standout facts gets a shorter summary (5-fold CV:
        # 5.62 sentences against 5.80, ROUGE-2 0.3409 against 0.3405; BENCHMARKS.md).
        "distinct": Param(
            0.5, -9.0, 9.0,
            "when the length is fitted, stop before the first sentence scored under the cluster's mean plus "
            "this many standard deviations (-9: off)",
        ),
    },
    fit=_fit_ranker,
)
def _learned(
    cluster: Cluster, vectors: Vectors, budget: Budget, model: Any = None, *,
    redundancy: float, overlap: float, max_sentences: int, distinct: float,
) -> list[Pick]:
    if budget.fitted and max_sentences:
        budget = replace(budget, sentences=max_sentences)
    scores = model.predict(cluster, vectors)
    floor = -np.inf
    if budget.fitted and distinct > -9 and len(scores) > 1:
        floor = float(scores.mean() + distinct * scores.std())
    shorter = model.compress(cluster)
    lengths = np.array([shorter[i].length if i in shorter else s.length for i, s in enumerate(cluster.sentences)])
    chosen = selection.greedy(cluster, vectors, scores, budget, lengths, redundancy, overlap, floor)
    return [Pick(i, float(scores[i]), shorter.get(i)) for i in chosen]
