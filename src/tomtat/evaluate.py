"""ROUGE for Vietnamese: rouge-score with a tokenizer that keeps Vietnamese letters, and reports with
bootstrap confidence intervals, of summaries made by tomtat (:func:`evaluate`) or saved ones
(:func:`score_predictions`).

rouge-score's default tokenizer keeps only [a-z0-9], which shreds Vietnamese
("Liên hợp quốc" becomes "li n h p qu c"). Here tokens are NFC, lowercased
syllables with punctuation dropped, or underthesea words when ``segment``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rouge_score import rouge_scorer, scoring

from tomtat.api import summarize
from tomtat.lang.tokens import syllables
from tomtat.options import Options
from tomtat.read import ClusterInput, shown
from tomtat.records import Document, TomtatError

ClusterLike = tuple[Sequence[Document], Sequence[str]]  # articles, reference summaries

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
CONFIDENCE = 0.95
SAMPLES = 1000  # bootstrap resamples (rouge-score's default)
SEED = 0  # the bootstrap's seed: the same scores give the same interval on every run


class VietnameseTokenizer:
    """The ``tokenize`` interface rouge-score expects."""

    def __init__(self, segment: bool = False):
        self.segment = segment

    def tokenize(self, text: str) -> list[str]:
        if not self.segment:
            return syllables(text)
        from tomtat.lang.segment import word_tokens  # underthesea: an optional extra, loaded when asked for

        return word_tokens(text)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Estimate:
    """One ROUGE type over many clusters: the mean, and the bounds of its confidence interval."""

    mean: Score
    low: Score
    high: Score


@dataclass(frozen=True)
class Report:
    """ROUGE of a set of summaries: per type, the mean over the clusters scored and its interval."""

    scores: dict[str, Estimate]  # by ROUGE type, in ``Rouge.types`` order
    clusters: int  # how many clusters were scored
    confidence: float = CONFIDENCE
    samples: int = SAMPLES

    def to_dict(self) -> dict[str, Any]:
        """``{"clusters", "confidence", TYPE: {"precision", "recall", "f1", "low": {...}, "high": {...}}}``."""
        d: dict[str, Any] = {"clusters": self.clusters, "confidence": self.confidence}
        for t, e in self.scores.items():
            d[t] = {**asdict(e.mean), "low": asdict(e.low), "high": asdict(e.high)}
        return d


class Rouge:
    def __init__(self, segment: bool = False, types: Sequence[str] = ROUGE_TYPES):
        self.types = tuple(types)
        self._scorer = rouge_scorer.RougeScorer(list(self.types), tokenizer=VietnameseTokenizer(segment))

    def score(self, candidate: str, references: Iterable[str]) -> dict[str, Score]:
        """Scores against the best-matching reference, per ROUGE type (by F1; the first of equals)."""
        refs = list(references)
        if not refs:
            raise ValueError("no reference summary to score against")
        best = self._scorer.score_multi(refs, candidate)
        return {t: Score(*best[t]) for t in self.types}


def mean_scores(rows: list[dict[str, Score]]) -> dict[str, Score]:
    n = max(len(rows), 1)
    types = rows[0].keys() if rows else ROUGE_TYPES
    return {
        t: Score(
            sum(r[t].precision for r in rows) / n,
            sum(r[t].recall for r in rows) / n,
            sum(r[t].f1 for r in rows) / n,
        )
        for t in types
    }


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """rouge-score's bootstrap draws from NumPy's global generator: seeded here, and given back as it was."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def report(
    rows: Sequence[Mapping[str, Score]], confidence: float = CONFIDENCE, samples: int = SAMPLES, seed: int = SEED
) -> Report:
    """The mean of per-cluster scores and its bootstrap confidence interval (rouge-score's
    ``BootstrapAggregator``: the percentiles of the means of ``samples`` resamples of the clusters)."""
    mean = mean_scores([dict(r) for r in rows])
    if not rows:
        return Report({t: Estimate(s, s, s) for t, s in mean.items()}, 0, confidence, samples)
    aggregator = scoring.BootstrapAggregator(confidence_interval=confidence, n_samples=samples)
    for row in rows:
        aggregator.add_scores({t: scoring.Score(s.precision, s.recall, s.f1) for t, s in row.items()})
    with _seeded(seed):
        bounds = aggregator.aggregate()
    scores = {t: Estimate(mean[t], Score(*bounds[t].low), Score(*bounds[t].high)) for t in mean}
    return Report(scores, len(rows), confidence, samples)


def evaluate(
    clusters: Iterable[ClusterLike],
    options: Options,
    rouge: Rouge,
    on_error: Callable[[int, str], None] | None = None,
) -> Report:
    """ROUGE of summaries made with ``options`` over (articles, references) pairs.

    A cluster that cannot be summarized, or has no reference, is skipped and reported to ``on_error``.
    """
    rows = []
    for k, (docs, refs) in enumerate(clusters):
        try:
            if not refs:
                raise TomtatError("no reference summary to score against")
            summary = summarize(docs, options)
        except TomtatError as e:
            if on_error is not None:
                on_error(k, str(e))
            continue
        rows.append(rouge.score(summary.text, refs))
    return report(rows)


def score_predictions(
    predictions: Mapping[str | int, str],
    clusters: Sequence[ClusterInput],
    rouge: Rouge,
    on_error: Callable[[int, str], None] | None = None,
) -> Report:
    """ROUGE of saved summaries (``read_predictions``), each against its cluster's references.

    A summary is found by its cluster's id, or by the cluster's position for one without an id; a cluster
    with no summary is an error (the scores would be of another set). A cluster with no reference is
    skipped and reported to ``on_error``.
    """
    rows = []
    for k, item in enumerate(clusters):
        if not item.references:
            if on_error is not None:
                on_error(k, "no reference summary to score against")
            continue
        key: str | int = item.id if item.id is not None else k
        if key not in predictions:
            raise TomtatError(f"no summary for cluster {key}")
        rows.append(rouge.score(predictions[key], item.references))
    return report(rows)


def read_predictions(path: str) -> dict[str | int, str]:
    """Summaries by cluster id from JSON Lines (a tomtat batch output), or by line number for a line without one.

    Lines without a ``summary`` (a batch's error lines) are passed over.
    """
    found: dict[str | int, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise TomtatError(f"{shown(path)}: cannot read ({getattr(e, 'strerror', None) or e})") from None
    for k, line in enumerate(ln for ln in lines if ln.strip()):
        try:
            row = json.loads(line)
        except (ValueError, RecursionError):  # JSONDecodeError, or an integer past 4,300 digits
            raise TomtatError(f"{shown(path)}: line {k + 1} is not JSON tomtat can read") from None
        if isinstance(row, dict) and isinstance(row.get("summary"), str):
            cid = row.get("id")
            found[str(cid) if isinstance(cid, str | int) and not isinstance(cid, bool) else k] = row["summary"]
    return found


# ---- story grouping ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grouping:
    """How a grouping of items into stories compares with the gold one."""

    precision: float  # BCubed (Bagga & Baldwin 1998): per item, share of its story that is in its gold story
    recall: float  # per item, share of its gold story that is in its story
    f1: float
    adjusted_rand: float  # Hubert & Arabie 1985: 0 for chance, 1 for the gold grouping


def compare_groupings(gold: Sequence[Any], predicted: Sequence[Any]) -> Grouping:
    """BCubed precision, recall and F1 and the adjusted Rand index of ``predicted`` labels against ``gold``
    (one label per item, in the same order). Linear in the number of items."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted label different numbers of items")
    n = len(gold)
    if n == 0:
        return Grouping(1.0, 1.0, 1.0, 1.0)
    both: dict[tuple[Any, Any], int] = {}
    g_size: dict[Any, int] = {}
    p_size: dict[Any, int] = {}
    for g, p in zip(gold, predicted):
        both[(g, p)] = both.get((g, p), 0) + 1
        g_size[g] = g_size.get(g, 0) + 1
        p_size[p] = p_size.get(p, 0) + 1
    # Each item of a (gold, predicted) cell shares the cell with cell-size items.
    precision = sum(c * c / p_size[p] for (g, p), c in both.items()) / n
    recall = sum(c * c / g_size[g] for (g, p), c in both.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def pairs(k: int) -> float:
        return k * (k - 1) / 2

    index = sum(pairs(c) for c in both.values())
    a, b = sum(pairs(c) for c in g_size.values()), sum(pairs(c) for c in p_size.values())
    expected = a * b / pairs(n) if n > 1 else 0.0
    top = (a + b) / 2
    ari = 1.0 if top == expected else (index - expected) / (top - expected)
    return Grouping(precision, recall, f1, ari)
