"""Represent stage: TF-IDF sentence vectors over content syllables and syllable bigrams
(:mod:`tomtat.lang.tokens`), which stand in for multi-syllable words without the cost of segmentation.
Other representations (underthesea words) are registered by name in :data:`REPRESENTATIONS`.

Sentence similarities are never held as a dense n x n matrix (20,000 sentences
would need 3.2 GB): they are computed for the rows a step asks for, or in one
pass over row blocks that keeps only what the scorers use (:class:`Neighbours`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import chain
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from tomtat.errors import TomtatError
from tomtat.lang.lexicon import stopwords
from tomtat.lang.segment import word_tokens
from tomtat.lang.tokens import syllables

if TYPE_CHECKING:
    from tomtat.records import Cluster

LINK = 0.1  # similarity from which two sentences are linked in LexRank's graph (Erkan & Radev 2004)
SUPPORT = 0.3  # similarity from which another article counts as reporting a sentence too
MAX_LINKS = 256  # strongest links kept per sentence; never binds on AbMuSu (at most 233 other sentences)
BLOCK = 500_000  # similarities computed at once in a scan: bounds its memory to about 20 MB
PRODUCTS = 200_000  # term products made at once (about 10 MB of scratch), however many pairs share terms


def content_terms(tokens: list[str]) -> list[str]:
    """Content syllables and syllable bigrams (a bigram counts unless both halves are stop words)."""
    stop = stopwords()
    terms = [t for t in tokens if t not in stop and not t.isdigit()]
    for a, b in zip(tokens, tokens[1:]):
        if not (a in stop and b in stop):
            terms.append(a + " " + b)
    return terms


class TermRows:
    """Rows of term weights, compressed by row: row i holds terms ``indices[indptr[i]:indptr[i + 1]]`` with
    weights ``data[...]``. Products are summed per pair in the left row's stored order, sequentially, so a
    similarity is the same number wherever it is computed (the order the shipped ranker was trained with)."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, width: int):
        self.indptr, self.indices, self.data, self.width = indptr, indices, data, width
        self._by_term: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.indptr) - 1, self.width)

    def entry_rows(self) -> np.ndarray:
        """The row of each stored entry."""
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def __getitem__(self, rows: slice | np.ndarray | list[int]) -> TermRows:
        if isinstance(rows, slice):
            lo, hi, _ = rows.indices(self.shape[0])
            hi = max(lo, hi)
            a, b = self.indptr[lo], self.indptr[hi]
            return TermRows(self.indptr[lo : hi + 1] - a, self.indices[a:b], self.data[a:b], self.width)
        r = np.asarray(rows, dtype=np.intp)
        starts, counts = self.indptr[r], np.diff(self.indptr)[r]
        indptr = np.zeros(len(r) + 1, dtype=np.intp)
        np.cumsum(counts, out=indptr[1:])
        take = np.repeat(starts - indptr[:-1], counts) + np.arange(indptr[-1])
        return TermRows(indptr, self.indices[take], self.data[take], self.width)

    def by_term(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The same entries compressed by term: (term pointers, rows, weights), rows ascending in a term."""
        if self._by_term is None:
            order = np.argsort(self.indices, kind="stable")
            ptr = np.zeros(self.width + 1, dtype=np.intp)
            np.cumsum(np.bincount(self.indices, minlength=self.width), out=ptr[1:])
            self._by_term = (ptr, self.entry_rows()[order], self.data[order])
        return self._by_term

    def dot(self, other: TermRows) -> np.ndarray:
        """``self @ other.T`` as a dense (rows x other's rows) block. The term products are made PRODUCTS at a
        time and added in entry order, so memory stays bounded and every sum stays sequential."""
        n, m = self.shape[0], other.shape[0]
        ptr, rows, weights = other.by_term()
        starts = ptr[self.indices]
        counts = ptr[self.indices + 1] - starts
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        if total == 0:
            return np.zeros((n, m))
        entry_rows = self.entry_rows()

        def products(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
            """(flat pair, product) of entries lo..hi with every entry of ``other`` sharing their term."""
            c = counts[lo:hi]
            local_ends = ends[lo:hi] - (ends[lo] - c[0])
            at = np.repeat(starts[lo:hi] - (local_ends - c), c) + np.arange(int(local_ends[-1]))
            return np.repeat(entry_rows[lo:hi] * m, c) + rows[at], np.repeat(self.data[lo:hi], c) * weights[at]

        if total <= PRODUCTS:
            pair, value = products(0, len(counts))
            return np.bincount(pair, weights=value, minlength=n * m).reshape(n, m)
        out = np.zeros(n * m)
        lo = 0
        while lo < len(counts):
            done = int(ends[lo - 1]) if lo else 0
            hi = max(lo + 1, int(np.searchsorted(ends, done + PRODUCTS, side="right")))
            pair, value = products(lo, hi)
            np.add.at(out, pair, value)  # unbuffered, in order: the sums go on where the last chunk left them
            lo = hi
        return out.reshape(n, m)

    def times(self, vector: np.ndarray) -> np.ndarray:
        """``self @ vector``, each row summed in its stored order."""
        return np.bincount(self.entry_rows(), weights=self.data * vector[self.indices], minlength=self.shape[0])

    def column_sums(self) -> np.ndarray:
        return np.bincount(self.indices, weights=self.data, minlength=self.width)

    def toarray(self) -> np.ndarray:
        out = np.zeros(self.shape)
        np.add.at(out, (self.entry_rows(), self.indices), self.data)
        return out


def tfidf(documents: list[list[str]]) -> TermRows:
    """Row-normalised TF-IDF of term lists, with IDF over the rows themselves. A row's terms are stored
    from the last-seen term back: the order in which the ranker's training data summed them."""
    flat = list(chain.from_iterable(documents))
    vocab = {t: k for k, t in enumerate(dict.fromkeys(flat))}  # numbered in order of first use
    cols = np.fromiter(map(vocab.__getitem__, flat), dtype=np.intp, count=len(flat))
    n = len(documents)
    width = max(len(vocab), 1)
    rows = np.repeat(np.arange(n, dtype=np.intp), [len(terms) for terms in documents])
    keys, counts = np.unique(rows * width + (width - 1 - cols), return_counts=True)  # by row, terms descending
    rows, cols = keys // width, width - 1 - keys % width
    df = np.bincount(cols, minlength=width)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    data = counts.astype(np.float64) * idf[cols]
    per_row = np.bincount(rows, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(per_row, out=indptr[1:])
    # Squares summed as when the ranker's data was made: terms ascending, numpy's pairwise sum per row.
    ascending = np.lexsort((cols, rows))
    norms = np.ones(n)
    filled = per_row > 0
    if filled.any():
        norms[filled] = np.sqrt(np.add.reduceat(data[ascending] ** 2, indptr[:-1][filled]))
    norms[norms == 0] = 1.0
    return TermRows(indptr, cols, (1.0 / norms)[rows] * data, width)


@dataclass(frozen=True)
class Neighbours:
    """What the scorers need from all pairs of sentences, found in one blocked pass."""

    links: tuple[np.ndarray, np.ndarray, np.ndarray]  # (rows, columns, similarities) >= LINK between
    # distinct sentences, the MAX_LINKS strongest per row, by row then column
    best_other: np.ndarray  # each sentence's highest similarity to a sentence of another group (0 if none)
    supporting: np.ndarray  # how many other groups hold a sentence with similarity >= SUPPORT to it


class _Pairs:
    """``vectors.similarity[rows, cols]``: cosines of just those pairs, computed on demand."""

    def __init__(self, vectors: Vectors):
        self._vectors = vectors

    def __getitem__(self, key: tuple[object, object]) -> np.ndarray | float:
        rows, cols = key
        block = self._vectors.pairwise(np.atleast_1d(rows), np.atleast_1d(cols))  # type: ignore[arg-type]
        if np.ndim(rows) == 0:
            block = block[0]
        if np.ndim(cols) == 0:
            block = block[..., 0]
        return float(block) if np.ndim(block) == 0 else block


class Vectors:
    """TF-IDF rows of a cluster's sentences (and of its titles, in the same space),
    with similarities computed on demand."""

    def __init__(self, term_lists: list[list[str]], title_lists: list[list[str]] | None = None):
        titles = title_lists or []
        both = tfidf(term_lists + titles)
        self.matrix = both[: len(term_lists)]
        self.titles = both[len(term_lists) :]
        self.similarity = _Pairs(self)
        self._neighbours: tuple[np.ndarray, Neighbours] | None = None
        self._all: np.ndarray | None = None

    def all_pairs(self) -> np.ndarray | None:
        """Every similarity as one n x n block, computed once, when it fits in a scan's block (n <= 707,
        as news clusters are); None for larger inputs, whose pairs are computed as asked."""
        n = len(self)
        if self._all is None and 0 < n * n <= BLOCK:
            self._all = self.matrix.dot(self.matrix)
        return self._all

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def pairwise(self, rows: np.ndarray | list[int], cols: np.ndarray | list[int] | None = None) -> np.ndarray:
        """Cosines of the given rows to the given columns (default: to each other), as a dense block."""
        r = np.asarray(rows, dtype=np.intp)
        c = r if cols is None else np.asarray(cols, dtype=np.intp)
        if len(r) == 0 or len(c) == 0:
            return np.zeros((len(r), len(c)))
        every = self.all_pairs()
        if every is not None:  # the same numbers: row i's are summed in row i's order either way
            return every[np.ix_(r, c)]
        return self.matrix[r].dot(self.matrix[c])

    def to_sentence(self, i: int) -> np.ndarray:
        """Cosine of every sentence to sentence ``i``, reading only the sentences that share a term with it."""
        every = self.all_pairs()
        return every[i].copy() if every is not None else self.matrix[[i]].dot(self.matrix)[0]

    def to_titles(self, rows: np.ndarray | list[int] | None = None) -> np.ndarray:
        """Each given sentence's (default: every sentence's) highest cosine to an article title; 0 without titles."""
        m = self.matrix if rows is None else self.matrix[rows]
        if self.titles.shape[0] == 0:
            return np.zeros(m.shape[0])
        return m.dot(self.titles).max(axis=1)

    def similarity_to(self, rows: np.ndarray | list[int]) -> np.ndarray:
        """Cosine of every sentence to the normalised sum of the given rows."""
        if len(rows) == 0:
            return np.zeros(len(self))
        v = self.matrix[rows].column_sums()
        norm = np.linalg.norm(v)
        if norm == 0:
            return np.zeros(len(self))
        return self.matrix.times(v / norm)

    def neighbours(self, groups: np.ndarray) -> Neighbours:
        """Links, cross-group support and best cross-group match of every sentence; ``groups``
        gives each sentence's article. Computed once per grouping and kept."""
        groups = np.asarray(groups, dtype=np.intp)
        if self._neighbours is None or not np.array_equal(self._neighbours[0], groups):
            self._neighbours = (groups, _scan(self.matrix, groups, self.all_pairs()))
        return self._neighbours[1]


def _scan(m: TermRows, groups: np.ndarray, every: np.ndarray | None = None) -> Neighbours:
    """All pairs of rows, a block of rows at a time: memory stays at one block plus what is kept
    (``every``: all pairs, already computed)."""
    n = m.shape[0]
    best = np.zeros(n)
    supporting = np.zeros(n, dtype=np.intp)
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    width = int(groups.max()) + 1 if n else 1
    step = n if every is not None else max(1, BLOCK // max(n, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        block = every if every is not None else m[start:stop].dot(m)
        other = groups[None, :] != groups[start:stop, None]
        best[start:stop] = np.where(other, block, 0.0).max(axis=1)
        # Links and support are the few pairs above LINK (<= SUPPORT): find them only.
        r, c = np.nonzero(block >= LINK)
        v = block[r, c]
        r = r + start
        strong = other[r - start, c] & (v >= SUPPORT)
        pairs = np.unique(r[strong] * width + groups[c[strong]])
        supporting[start:stop] = np.bincount(pairs // width - start, minlength=stop - start)
        link = c != r
        kept.append(_strongest(r[link], c[link], v[link], MAX_LINKS))
    if kept:
        rows, cols, vals = (np.concatenate(x) for x in zip(*kept))
    else:
        rows = cols = np.zeros(0, dtype=np.intp)
        vals = np.zeros(0)
    return Neighbours((rows, cols, vals), best, supporting)


def _strongest(r: np.ndarray, c: np.ndarray, v: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` largest values of each row (entries grouped by row), in their original order."""
    if len(r) == 0 or np.bincount(r - r[0]).max() <= k:
        return r, c, v
    order = np.lexsort((-v, r))  # by row, then strongest first; ties keep their order
    starts = np.searchsorted(r[order], r[order], side="left")
    keep = np.sort(order[np.arange(len(order)) - starts < k])
    return r[keep], c[keep], v[keep]


def represent(sentences: list[list[str]], titles: list[list[str]] | None = None) -> Vectors:
    """Vectors for sentences (and article titles) given as syllable lists."""
    return Vectors([content_terms(t) for t in sentences], [content_terms(t) for t in titles or []])


Terms = Callable[[str, list[str]], list[str]]  # (text, its syllables) -> the TF-IDF terms of that text


@dataclass(frozen=True)
class Representation:
    """A way to turn a sentence (or title) into TF-IDF terms; chosen by name (``Options.representation``)."""

    name: str
    description: str
    terms: Terms


def _syllables(text: str, tokens: list[str]) -> list[str]:
    return content_terms(tokens)


def _words(text: str, tokens: list[str]) -> list[str]:
    return content_terms(word_tokens(text))


def _words_and_syllables(text: str, tokens: list[str]) -> list[str]:
    return content_terms(tokens) + [w for w in word_tokens(text) if "_" in w]


DEFAULT_REPRESENTATION = "syllables"  # as good as words for selection at a fraction of the time (BENCHMARKS.md)
REPRESENTATIONS: Mapping[str, Representation] = MappingProxyType(
    {
        r.name: r
        for r in (
            Representation("syllables", "content syllables and syllable bigrams", _syllables),
            Representation("words", "underthesea words and word bigrams (the segment extra)", _words),
            Representation("words+syllables", "syllables and their bigrams, plus multi-syllable words", _words_and_syllables),
        )
    }
)


def representation_named(name: str) -> Representation:
    """The representation called ``name``; a one-line TomtatError naming the known ones otherwise."""
    found = REPRESENTATIONS.get(name) if isinstance(name, str) else None
    if found is None:
        raise TomtatError(f"unknown representation {name!r}; known: {', '.join(REPRESENTATIONS)}")
    return found


def cluster_vectors(cluster: Cluster, representation: str = DEFAULT_REPRESENTATION) -> Vectors:
    """Vectors of a cluster's sentences, with its article titles in the same space."""
    terms = representation_named(representation).terms
    return Vectors(
        [terms(s.text, s.tokens) for s in cluster.sentences],
        [terms(a.title, syllables(a.title)) for a in cluster.articles],
    )
