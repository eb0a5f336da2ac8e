"""Select stage: choose sentences under a length budget without saying a thing twice."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tomtat.lang.roles import is_summary_sentence
from tomtat.represent import Vectors, content_terms
from tomtat.records import Cluster

MIN_SENTENCE = 6  # syllables; shorter pieces are headings or fragments, not summary sentences
# Defaults of the selectors' parameters (a method's registry entry may expose them to users).
REDUNDANT = 0.5  # cosine above which two sentences say the same thing
OVERLAP = 0.5  # syllable-bigram containment from which two sentences tell one fact (1.0: only the cosine decides)
MAX_ILP_CANDIDATES = 40
MAX_ILP_NODES = 500
# File descriptor 1 belongs to the whole process: threads take turns silencing it.
_STDOUT_LOCK = threading.Lock()


@dataclass(frozen=True)
class Budget:
    """How much to say: a syllable budget, and optionally a cap on sentences."""

    words: int
    sentences: int | None = None
    fitted: bool = False  # the length was not asked for but fitted, so a method may rescale it

    def full(self, total: int, count: int) -> bool:
        return total >= self.words * 0.95 or (self.sentences is not None and count >= self.sentences)

    def fits(self, total: int, length: int) -> bool:
        # Allow a small overshoot: cutting a whole good sentence costs more than a few extra syllables.
        return total + length <= self.words * 1.1 or total == 0 and self.sentences is not None


def default_words(input_syllables: int) -> int:
    """Summary length fitted to AbMuSu's human summaries: ~200 syllables for 2,400 of input.

    A power law on input length (log-log fit over the 200 training clusters)
    gives short clusters short summaries without letting long ones ramble.
    """
    return max(40, round(19.0 * max(input_syllables, 1) ** 0.303))


def resolve_budget(
    cluster: Cluster,
    words: int | None,
    sentences: int | None,
    ratio: float | None,
    length_factor: Callable[[Cluster], float] | None = None,
) -> Budget:
    """The budget for validated length options (``Options`` checks them)."""
    if words is None and ratio is not None:
        words = max(1, round(ratio * cluster.input_length))
    if words is None and sentences is not None:
        return Budget(words=cluster.input_length, sentences=sentences)
    if words is None:
        scale = length_factor(cluster) if length_factor is not None else 1.0
        return Budget(words=round(default_words(cluster.input_length) * scale), fitted=True)
    return Budget(words=words, sentences=sentences)


def eligible(cluster: Cluster) -> np.ndarray:
    """Sentences a summary may use: not fragments, not subheadings, not questions or calls to action."""
    return np.array(
        [s.length >= MIN_SENTENCE and not s.heading and is_summary_sentence(s.text) for s in cluster.sentences],
        dtype=bool,
    )


class _Draft:
    """The sentences taken so far, and the rule for taking one more."""

    def __init__(
        self, budget: Budget, vectors: Vectors, redundant: float = REDUNDANT,
        cluster: Cluster | None = None, overlap: float = OVERLAP,
    ):
        self.budget = budget
        self.vectors = vectors
        self.redundant = redundant
        self.chosen: list[int] = []
        self.total = 0
        # Each sentence's highest similarity to one taken, updated per take: no n x n matrix needed.
        self.closest = np.zeros(len(vectors))
        self.cluster = cluster if overlap < 1.0 else None
        self.overlap = overlap
        self.said: list[set[tuple[str, str]]] = []  # bigrams of each sentence taken

    def offer(self, i: int, length: int) -> None:
        """Take sentence ``i`` if it fits the budget and says something not yet said."""
        if not self.budget.fits(self.total, length):
            return
        if self.chosen and self.closest[i] > self.redundant:
            return
        if self.cluster is not None:
            grams = _bigrams(self.cluster.sentences[i].tokens)
            if any(_contained(grams, other) >= self.overlap for other in self.said):
                return
            self.said.append(grams)
        self.chosen.append(i)
        self.total += length
        np.maximum(self.closest, self.vectors.to_sentence(i), out=self.closest)

    @property
    def full(self) -> bool:
        return self.budget.full(self.total, len(self.chosen))


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def _contained(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> float:
    """Share of the shorter sentence's bigrams found in the other: one fact retold keeps its wording."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


def greedy(
    cluster: Cluster,
    vectors: Vectors,
    scores: np.ndarray,
    budget: Budget,
    lengths: np.ndarray | None = None,
    redundant: float = REDUNDANT,
    overlap: float = OVERLAP,
    floor: float = -np.inf,
) -> list[int]:
    """Best-first, skipping sentences too similar to one already taken (cosine above ``redundant``, or
    syllable-bigram containment at or above ``overlap``) or too long to fit. ``lengths`` overrides
    sentence lengths (in syllables) when sentences will be shortened. Stops at the first sentence scored
    below ``floor`` once one is taken: the material has no more facts worth telling.
    """
    draft = _Draft(budget, vectors, redundant, cluster, overlap)
    ok = eligible(cluster)
    for i in np.argsort(-scores, kind="stable"):
        i = int(i)
        if scores[i] < floor and draft.chosen:
            break
        if ok[i]:
            draft.offer(i, int(lengths[i]) if lengths is not None else cluster.sentences[i].length)
            if draft.full:
                break
    return draft.chosen or _best_one(cluster, scores)


def _best_one(cluster: Cluster, scores: np.ndarray) -> list[int]:
    """When no sentence fits the budget, the best sentence still beats an empty summary."""
    ok = eligible(cluster)
    pool = np.flatnonzero(ok) if ok.any() else np.arange(len(scores))
    return [int(pool[int(np.argmax(scores[pool]))])] if len(pool) else []


def mmr(
    cluster: Cluster,
    vectors: Vectors,
    relevance: np.ndarray,
    budget: Budget,
    balance: float = 0.7,
    redundant: float = REDUNDANT,
    overlap: float = OVERLAP,
) -> list[int]:
    """Maximal Marginal Relevance (Carbonell & Goldstein 1998): ``balance`` weighs relevance against
    the closest similarity to what is already said."""
    draft = _Draft(budget, vectors, redundant, cluster, overlap)
    left = eligible(cluster)
    while left.any() and not draft.full:
        # The penalty is the closest similarity to a sentence taken (0 before the first).
        gain = np.where(left, balance * relevance - (1 - balance) * draft.closest, -np.inf)
        i = int(np.argmax(gain))
        left[i] = False
        draft.offer(i, cluster.sentences[i].length)
    return draft.chosen or _best_one(cluster, relevance)


def concept_weights(cluster: Cluster) -> dict[str, float]:
    """Concepts are content syllable bigrams; weight = number of articles that mention one."""
    seen: dict[str, set[int]] = {}
    for s in cluster.sentences:
        for term in content_terms(s.tokens):
            if " " in term:
                seen.setdefault(term, set()).add(s.article)
    articles = len({s.article for s in cluster.sentences})
    floor = 2 if articles > 1 else 1
    return {c: float(len(a)) for c, a in seen.items() if len(a) >= floor}


def ilp(
    cluster: Cluster,
    vectors: Vectors,
    bonus: np.ndarray,
    budget: Budget,
    candidates: int = MAX_ILP_CANDIDATES,
    nodes: int = MAX_ILP_NODES,
    redundant: float = REDUNDANT,
    overlap: float = OVERLAP,
    time_limit: float = 30.0,
) -> list[int]:
    """Concept coverage (Gillick & Favre 2009) solved exactly with HiGHS.

    Maximise the weight of distinct concepts covered, plus a small per-sentence
    bonus, subject to the syllable budget. Covering a concept twice earns
    nothing, so redundancy is penalised by construction.
    """
    weights = concept_weights(cluster)
    # The solver's time grows fast with candidates; the best-scored ones hold the answer.
    ok = np.flatnonzero(eligible(cluster))
    cand = sorted(ok[np.argsort(-bonus[ok], kind="stable")][:candidates].tolist())
    if not weights or not cand:
        return greedy(cluster, vectors, bonus, budget, redundant=redundant, overlap=overlap)
    # Only concepts a candidate holds can be covered: the rest would be columns fixed at 0,
    # and a large cluster has tens of thousands of them.
    terms = {i: set(content_terms(cluster.sentences[i].tokens)) for i in cand}
    concepts = sorted(set().union(*terms.values()).intersection(weights))
    index = {c: j for j, c in enumerate(concepts)}
    h = _solver()
    h.setOptionValue("output_flag", False)
    # A node limit, not the wall-clock limit, ends hard searches, so answers do not depend on load.
    h.setOptionValue("mip_max_nodes", nodes)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.01)  # within 1% of optimal is plenty; proving the rest is slow
    x = h.addBinaries(len(cand))
    c = h.addBinaries(len(concepts))
    holders: list[list[int]] = [[] for _ in concepts]
    for k, i in enumerate(cand):
        for term in terms[i]:
            j = index.get(term)
            if j is not None:
                holders[j].append(k)
    for j, ks in enumerate(holders):
        h.addConstr(c[j] <= sum(x[k] for k in ks))
    pairs = vectors.pairwise(cand)
    grams = [_bigrams(cluster.sentences[i].tokens) for i in cand]
    for k in range(len(cand)):  # two tellings of one fact: at most one of them
        for k2 in range(k):
            if pairs[k, k2] > redundant or overlap < 1.0 and _contained(grams[k], grams[k2]) >= overlap:
                h.addConstr(x[k] + x[k2] <= 1)
    lengths = [cluster.sentences[i].length for i in cand]
    h.addConstr(sum(lengths[k] * x[k] for k in range(len(cand))) <= int(budget.words * 1.05))
    if budget.sentences is not None:
        h.addConstr(sum(x) <= budget.sentences)
    h.maximize(
        sum(weights[concepts[j]] * c[j] for j in range(len(concepts)))
        + sum(float(bonus[i]) * x[k] for k, i in enumerate(cand))
    )
    values = h.vals(x)
    chosen = [i for k, i in enumerate(cand) if values[k] > 0.5]
    return chosen or greedy(cluster, vectors, bonus, budget, redundant=redundant, overlap=overlap)


def _solver() -> Any:
    """A HiGHS solver, created with stdout silenced: highspy prints its banner to file
    descriptor 1 on creation, before ``output_flag`` can be set, which would corrupt --json."""
    import highspy

    with _STDOUT_LOCK:
        try:
            sys.stdout.flush()  # what Python holds for stdout goes out before the descriptor moves
        except (OSError, ValueError):
            pass
        try:
            saved = os.dup(1)
        except OSError:  # no stdout at all: nothing to protect
            return highspy.Highs()
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            return highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)
