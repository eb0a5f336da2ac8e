"""Check stage: figures the outlets disagree on.

A summary sentence and a sentence of another article that tell the same fact (most of their words
shared, figures aside) but give it a different figure of the same kind ("12 người" against "15 người",
"10h30" against "10h45") are a conflict: the reader is told both sources instead of one of them as if true.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tomtat.lang.figures import Figure, find_figures
from tomtat.lang.tokens import bigrams, syllables
from tomtat.records import Cluster

# Share of the shorter sentence's word pairs (figures left out) that the other must repeat to tell the same fact.
SAME_FACT = 0.5
# Sentences this alike tell one fact even when their other figures differ too.
ALIKE = 0.7
# A sentence pair needs this many word pairs in common at least: short lines share too little to judge.
MIN_SHARED = 4


@dataclass(frozen=True)
class Conflict:
    """One fact, two figures: the summary's sentence and the other article's, with the figures as written."""

    sentence: int  # index into Cluster.sentences: the summary's
    other: int  # the other article's sentence
    said: str  # the figure in the summary's sentence, as written
    other_said: str

    def warning(self, cluster: Cluster) -> str:
        a = cluster.articles[cluster.sentences[self.sentence].article].name
        b = cluster.articles[cluster.sentences[self.other].article].name
        return f"{a} and {b} give different figures for one fact: {self.said} / {self.other_said}"


def _words(text: str, figures: list[Figure]) -> set[str]:
    kept, last = [], 0
    for f in figures:
        kept.append(text[last : f.start])
        last = f.end
    kept.append(text[last:])
    return set(bigrams([t for t in syllables(" ".join(kept)) if not t.isdigit()]))


def _rest_agrees(ours: list[Figure], theirs: list[Figure], unit: str) -> bool:
    """Every other figure of ours that the other sentence has a figure of the same kind for is among them:
    otherwise the two sentences are about different things ("bản 16 GB giá 18 triệu", "bản 8 GB giá 6 triệu")."""
    values = {f.unit for f in theirs}
    return all(
        any(f.agrees(g) for g in theirs if g.unit == f.unit) for f in ours if f.unit != unit and f.unit in values
    )


def _names(text: str) -> set[str]:
    """Capitalised syllables after the first: the names a sentence mentions (Di Linh, Kon Tum, THPT)."""
    words = text.split()[1:]
    return {w.strip(".,;:!?()[]\"'“”‘’").casefold() for w in words if w[:1].isupper()} - {""}


def conflicts(cluster: Cluster, chosen: Iterable[int]) -> list[Conflict]:
    """Conflicts between the chosen sentences and the other articles, one per pair of figures, in summary order.

    Near copies of an article (``duplicate_of``) are one source and never conflict with it. Cost: each
    chosen sentence against the sentences giving a figure of the same kind.
    """
    chosen = list(chosen)
    figures = [find_figures(s.text) for s in cluster.sentences]
    by_unit: dict[str, list[int]] = {}
    for i, found in enumerate(figures):
        for unit in {f.unit for f in found}:
            by_unit.setdefault(unit, []).append(i)
    source = {k: cluster.duplicate_of.get(k, k) for k in range(len(cluster.articles))}
    words: dict[int, set[str]] = {}

    def words_of(i: int) -> set[str]:
        if i not in words:
            words[i] = _words(cluster.sentences[i].text, figures[i])
        return words[i]

    out: list[Conflict] = []
    seen: set[tuple[int, str, str]] = set()
    for i in chosen:
        mine = source[cluster.sentences[i].article]
        for unit in dict.fromkeys(f.unit for f in figures[i]):
            ours = [f for f in figures[i] if f.unit == unit]
            if len(ours) != 1:
                continue  # two counts of one kind in a sentence: which one matches is a guess
            for j in by_unit.get(unit, []):
                if source[cluster.sentences[j].article] == mine:
                    continue
                theirs = [f for f in figures[j] if f.unit == unit]
                if len(theirs) != 1 or ours[0].agrees(theirs[0]):
                    continue
                if any(f.value == ours[0].value for f in figures[j]):
                    continue  # the other sentence gives our figure too, for something else
                names = _names(cluster.sentences[i].text), _names(cluster.sentences[j].text)
                if names[0] and names[1] and not names[0] & names[1]:
                    continue  # other places or people: another fact
                a, b = words_of(i), words_of(j)
                shared = len(a & b)
                if shared < MIN_SHARED or 2 * shared < SAME_FACT * (len(a) + len(b)):
                    continue
                alike = 2 * shared >= ALIKE * (len(a) + len(b)) and names[0] == names[1]
                if not alike and not _rest_agrees(figures[i], figures[j], unit):
                    continue
                said = cluster.sentences[i].text[ours[0].start : ours[0].end]
                other = cluster.sentences[j].text[theirs[0].start : theirs[0].end]
                key = (i, unit, theirs[0].value)
                if key not in seen:
                    seen.add(key)
                    out.append(Conflict(i, j, f"{said} {unit}" if unit not in ("giờ", "%") else said,
                                        f"{other} {unit}" if unit not in ("giờ", "%") else other))
    return out
