"""Copies stage: syndicated and near-identical articles in a stream, found in linear time.

Each article's set of syllable 3-grams is sketched with MinHash (Broder 1997); locality-sensitive hashing over
the sketches (datasketch's MinHashLSH) finds the earlier articles whose estimated Jaccard similarity is at or
above ``SAME``, without comparing all pairs. A copy is counted once and listed as a source of its original's story.
"""

from __future__ import annotations

import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from tomtat.lang.tokens import syllables

PERMUTATIONS = 64
SAME = 0.7  # estimated Jaccard similarity of 3-gram sets from which an article is a copy
SCHEME = "affine32"  # datasketch's hashing scheme, named so that stored sketches read back the same
SEED = 1  # fixed, so that sketches stored by one run compare with the next run's
# CRC-32 of each shingle (C speed; datasketch's default SHA-1 took half of grouping's time). Stable across runs,
# unlike hash(); the permutations MinHash applies on top supply the independence.
HASH = zlib.crc32
MIN_SHINGLES = 8  # an article shorter than this is never called a copy: too little to tell


def sketch(text: str) -> MinHash | None:
    """The MinHash of a text's syllable 3-grams; None for a text too short to compare."""
    tokens = syllables(text)
    shingles = {" ".join(tokens[k : k + 3]).encode("utf-8") for k in range(len(tokens) - 2)}
    if len(shingles) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME, hashfunc=HASH)
    m.update_batch(list(shingles))
    return m


def to_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME, hashfunc=HASH, hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


class Copies:
    """An index of article sketches: ``original`` answers which earlier article a new one copies."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=SAME, num_perm=PERMUTATIONS)
        self._sketches: dict[str, np.ndarray] = {}  # hash values only: a MinHash object also holds its permutations
        self._order: dict[str, int] = {}  # arrival order: of equally close originals, the first wins

    def __contains__(self, key: str) -> bool:
        return key in self._sketches

    def original(self, m: MinHash | None) -> str | None:
        """The indexed article most like ``m`` at or above ``SAME`` (ties: the first indexed), or None."""
        if m is None:
            return None
        best, score = None, SAME
        for key in sorted(self._lsh.query(m), key=self._order.get):
            s = float(np.count_nonzero(self._sketches[key] == m.hashvalues)) / PERMUTATIONS  # MinHash.jaccard
            if s >= score and (best is None or s > score):
                best, score = key, s
        return best

    def add(self, key: str, m: MinHash | None) -> None:
        if m is None or key in self._sketches:
            return
        self._order[key] = len(self._order)
        self._sketches[key] = m.hashvalues
        self._lsh.insert(key, m)
