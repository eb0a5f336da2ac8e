"""ROUGE for Vietnamese: rouge-score with a tokenizer that keeps Vietnamese letters.

rouge-score's default tokenizer keeps only [a-z0-9], which shreds Vietnamese
("Liên hợp quốc" becomes "li n h p qu c"). Here tokens are NFC, lowercased
syllables with punctuation dropped, or underthesea words when ``segment``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tomtat.lang.tokens import syllables
from tomtat.options import Options
from tomtat.records import Document, TomtatError

ClusterLike = tuple[Sequence[Document], Sequence[str]]  # articles, reference summaries

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


class VietnameseTokenizer:
    """The ``tokenize`` interface rouge-score expects."""

    def __init__(self, segment: bool = False):
        self.segment = segment

    def tokenize(self, text: str) -> list[str]:
        if not self.segment:
            return syllables(text)
        from tomtat.segment import word_tokens

        return word_tokens(text)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


class Rouge:
    def __init__(self, segment: bool = False, types: Sequence[str] = ROUGE_TYPES):
        from rouge_score import rouge_scorer

        self.types = tuple(types)
        self._scorer = rouge_scorer.RougeScorer(list(self.types), tokenizer=VietnameseTokenizer(segment))

    def score(self, candidate: str, references: Iterable[str]) -> dict[str, Score]:
        """Scores against the best-matching reference, per ROUGE type (by F1)."""
        best: dict[str, Score] = {}
        for ref in references:
            result = self._scorer.score(ref, candidate)
            for t in self.types:
                s = result[t]
                if t not in best or s.fmeasure > best[t].f1:
                    best[t] = Score(s.precision, s.recall, s.fmeasure)
        if not best:
            raise ValueError("no reference summary to score against")
        return best


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


def evaluate(
    clusters: Iterable[ClusterLike],
    options: Options,
    rouge: Rouge,
    on_error: Callable[[int, str], None] | None = None,
) -> tuple[dict[str, Score], int]:
    """Mean ROUGE of summaries made with ``options`` over (articles, references) pairs, and how many were scored.

    A cluster that cannot be summarized is skipped and reported to ``on_error``.
    """
    from tomtat.api import summarize

    rows = []
    for k, (docs, refs) in enumerate(clusters):
        try:
            summary = summarize(docs, options)
        except TomtatError as e:
            if on_error is not None:
                on_error(k, str(e))
            continue
        rows.append(rouge.score(summary.text, refs))
    return mean_scores(rows), len(rows)
