"""Represent stage: syllable tokens, stop words and TF-IDF sentence vectors.

Vietnamese writes one syllable per space-separated token, so lowercased
syllables with punctuation dropped are the unit of both scoring and length.
Syllable bigrams stand in for multi-syllable words (Liên hợp quốc) without the
cost of word segmentation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from tomtat.types import Cluster

_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """Lowercased NFC syllables of ``text``; punctuation and symbols dropped."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Vietnamese function syllables (shipped list), as lowercased syllables."""
    text = resources.files("tomtat.data").joinpath("stopwords_vi.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(syllables(line))
    return frozenset(words)


def content_terms(tokens: list[str]) -> list[str]:
    """Content syllables and syllable bigrams (a bigram counts unless both halves are stop words)."""
    stop = stopwords()
    terms = [t for t in tokens if t not in stop and not t.isdigit()]
    for a, b in zip(tokens, tokens[1:]):
        if not (a in stop and b in stop):
            terms.append(a + " " + b)
    return terms


def bigrams(tokens: list[str]) -> list[str]:
    return [a + " " + b for a, b in zip(tokens, tokens[1:])]


def tfidf(documents: list[list[str]]) -> sparse.csr_matrix:
    """Row-normalised TF-IDF of term lists, with IDF over the rows themselves."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, terms in enumerate(documents):
        for t in terms:
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
    n = len(documents)
    m = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, max(len(vocab), 1))
    )
    m.sum_duplicates()
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    m = m.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


class Vectors:
    """TF-IDF rows of a cluster's sentences (and of its titles, in the same space),
    with similarities computed on demand."""

    def __init__(self, term_lists: list[list[str]], title_lists: list[list[str]] | None = None):
        titles = title_lists or []
        both = tfidf(term_lists + titles)
        self.matrix = both[: len(term_lists)]
        self.titles = both[len(term_lists) :]
        self._similarity: np.ndarray | None = None

    def __len__(self) -> int:
        return self.matrix.shape[0]

    @property
    def similarity(self) -> np.ndarray:
        """Cosine similarity of every pair of sentences (dense; clusters are small)."""
        if self._similarity is None:
            self._similarity = (self.matrix @ self.matrix.T).toarray()
        return self._similarity

    def similarity_to(self, rows: np.ndarray | list[int]) -> np.ndarray:
        """Cosine of every sentence to the normalised sum of the given rows."""
        if len(rows) == 0:
            return np.zeros(len(self))
        v = np.asarray(self.matrix[rows].sum(axis=0)).ravel()
        norm = np.linalg.norm(v)
        if norm == 0:
            return np.zeros(len(self))
        return np.asarray(self.matrix @ (v / norm)).ravel()


def represent(sentences: list[list[str]], titles: list[list[str]] | None = None) -> Vectors:
    """Vectors for sentences (and article titles) given as syllable lists."""
    return Vectors([content_terms(t) for t in sentences], [content_terms(t) for t in titles or []])


def cluster_vectors(cluster: Cluster) -> Vectors:
    """Vectors of a cluster's sentences, with its article titles in the same space."""
    return represent([s.tokens for s in cluster.sentences], [syllables(a.title) for a in cluster.articles])
