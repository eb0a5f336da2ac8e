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
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

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


def content_terms(tokens: list[str]) -> list[str]:
    """Content syllables and syllable bigrams (a bigram counts unless both halves are stop words)."""
    stop = stopwords()
    terms = [t for t in tokens if t not in stop and not t.isdigit()]
    for a, b in zip(tokens, tokens[1:]):
        if not (a in stop and b in stop):
            terms.append(a + " " + b)
    return terms


def tfidf(documents: list[list[str]]) -> sparse.csr_matrix:
    """Row-normalised TF-IDF of term lists, with IDF over the rows themselves."""
    vocab: dict[str, int] = {}
    ids = vocab.setdefault
    cols = [ids(t, len(vocab)) for terms in documents for t in terms]
    rows = np.repeat(np.arange(len(documents)), [len(terms) for terms in documents])
    n = len(documents)
    m = sparse.csr_matrix(
        (np.ones(len(cols), dtype=np.float64), (rows, np.asarray(cols, dtype=np.int64))), shape=(n, max(len(vocab), 1))
    )
    m.sum_duplicates()
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    m = m.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


@dataclass(frozen=True)
class Neighbours:
    """What the scorers need from all pairs of sentences, found in one blocked pass."""

    graph: sparse.csr_matrix  # similarity >= LINK between distinct sentences, the MAX_LINKS strongest per row
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
        self._columns: sparse.csc_matrix | None = None
        self._neighbours: tuple[np.ndarray, Neighbours] | None = None

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def pairwise(self, rows: np.ndarray | list[int], cols: np.ndarray | list[int] | None = None) -> np.ndarray:
        """Cosines of the given rows to the given columns (default: to each other), as a dense block.

        Each value is summed in the row's own term order, so it is the same number wherever computed.
        """
        r = np.asarray(rows, dtype=np.intp)
        c = r if cols is None else np.asarray(cols, dtype=np.intp)
        if len(r) == 0 or len(c) == 0:
            return np.zeros((len(r), len(c)))
        return (self.matrix[r] @ self.matrix[c].T).toarray()

    def to_sentence(self, i: int) -> np.ndarray:
        """Cosine of every sentence to sentence ``i``, reading only the sentences that share a term with it."""
        m = self.matrix
        lo, hi = m.indptr[i], m.indptr[i + 1]
        if lo == hi:
            return np.zeros(len(self))
        if self._columns is None:
            self._columns = m.tocsc()
        return np.asarray(self._columns[:, m.indices[lo:hi]] @ m.data[lo:hi]).ravel()

    def similarity_to(self, rows: np.ndarray | list[int]) -> np.ndarray:
        """Cosine of every sentence to the normalised sum of the given rows."""
        if len(rows) == 0:
            return np.zeros(len(self))
        v = np.asarray(self.matrix[rows].sum(axis=0)).ravel()
        norm = np.linalg.norm(v)
        if norm == 0:
            return np.zeros(len(self))
        return np.asarray(self.matrix @ (v / norm)).ravel()

    def neighbours(self, groups: np.ndarray) -> Neighbours:
        """Links, cross-group support and best cross-group match of every sentence; ``groups``
        gives each sentence's article. Computed once per grouping and kept."""
        groups = np.asarray(groups, dtype=np.intp)
        if self._neighbours is None or not np.array_equal(self._neighbours[0], groups):
            self._neighbours = (groups, _scan(self.matrix, groups))
        return self._neighbours[1]


def _scan(m: sparse.csr_matrix, groups: np.ndarray) -> Neighbours:
    """All pairs of rows, a block of rows at a time: memory stays at one block plus what is kept."""
    n = m.shape[0]
    best = np.zeros(n)
    supporting = np.zeros(n, dtype=np.intp)
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    width = int(groups.max()) + 1 if n else 1
    mt = m.T.tocsr()
    step = max(1, BLOCK // max(n, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        block = m[start:stop] @ mt  # row i's values summed in row i's term order, as in pairwise()
        counts = np.diff(block.indptr)
        c, v = block.indices, block.data
        other = groups[c] != np.repeat(groups[start:stop], counts)
        filled = counts > 0
        if filled.any():  # cosines are >= 0, so a row's unlisted pairs (0) never beat a listed one
            best[start:stop][filled] = np.maximum.reduceat(np.where(other, v, 0.0), block.indptr[:-1][filled])
        # Links and support are the few pairs above LINK (<= SUPPORT): find their rows only.
        near = np.flatnonzero(v >= LINK)
        r = np.searchsorted(block.indptr, near, side="right") - 1 + start
        strong = other[near] & (v[near] >= SUPPORT)
        pairs = np.unique(r[strong] * width + groups[c[near[strong]]])
        supporting[start:stop] = np.bincount(pairs // width - start, minlength=stop - start)
        link = c[near] != r
        kept.append(_strongest(r[link], c[near[link]], v[near[link]], MAX_LINKS))
    if kept:
        rows, cols, vals = (np.concatenate(x) for x in zip(*kept))
    else:
        rows = cols = np.zeros(0, dtype=np.intp)
        vals = np.zeros(0)
    graph = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return Neighbours(graph, best, supporting)


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
