"""Prepare stage: from documents as given to a cluster of clean, split sentences.

Reads each document record, cleans and splits it, drops articles that are not Vietnamese and counts
syndicated copies once. What it had to skip or repair is kept on the cluster, in ``Cluster.warnings``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

from tomtat.clean import clean
from tomtat.lang.detect import MIN_VIETNAMESE_SHARE, vietnamese_share
from tomtat.read.records import check_document, read_record
from tomtat.split import split
from tomtat.records import Article, Cluster, Document, Sentence, TomtatError

# News puts its facts first; past this is a dump, not an article. Just above AbMuSu's longest
# article (146 sentences): all-pairs scoring grows with the square of the sentences (bench/scale.py).
MAX_SENTENCES_PER_ARTICLE = 150
DUPLICATE_CONTAINMENT = 0.8  # share of an article's 3-grams found in another: a syndicated copy
ALL_PAIRS = 32  # up to this many articles, copies are found by comparing every pair (at most 496 pairs)

DocumentLike = Document | str | Mapping[str, object]


def as_document(doc: DocumentLike, position: int) -> Document:
    """A document as given to the library: a Document (checked), or a record read by the one record reader."""
    return check_document(doc, position) if isinstance(doc, Document) else read_record(doc, position)


def _shingles(sentences: list[Sentence]) -> set[tuple[str, ...]]:
    toks = [t for s in sentences for t in s.tokens]
    return set(zip(toks, toks[1:], toks[2:]))


def find_duplicates(per_article: list[list[Sentence]]) -> dict[int, int]:
    """Articles that mostly repeat an earlier one (syndicated copies): copy -> original, the earliest original
    holding ``DUPLICATE_CONTAINMENT`` of the smaller article's 3-grams.

    Not all pairs: a prefix filter (Chaudhuri et al. 2006) finds the candidates. If the smaller of two
    articles has that share of its 3-grams in the other, one of its rarest few (the prefix: the share it may
    miss, plus one) is in the other. So each article looks up its prefix among the earlier articles' 3-grams,
    and all its 3-grams among their prefixes; the candidates are then checked exactly.
    """
    grams = [_shingles(s) for s in per_article]
    if len(grams) <= ALL_PAIRS:
        return _duplicates_all_pairs(grams)
    frequency = Counter(g for gs in grams for g in gs)
    everything: dict[tuple[str, ...], list[int]] = {}  # 3-gram -> earlier originals holding it
    prefixes: dict[tuple[str, ...], list[int]] = {}  # 3-gram -> earlier originals whose prefix holds it
    dup: dict[int, int] = {}
    for j, mine in enumerate(grams):
        if not mine:
            continue
        rarest = sorted(mine, key=lambda g: (frequency[g], g))[: _prefix_length(len(mine))]
        candidates = {i for g in rarest for i in everything.get(g, ())}
        candidates.update(i for g in mine for i in prefixes.get(g, ()))
        for i in sorted(candidates):
            if len(grams[i] & mine) / min(len(grams[i]), len(mine)) >= DUPLICATE_CONTAINMENT:
                dup[j] = i
                break
        else:
            for g in mine:
                everything.setdefault(g, []).append(j)
            for g in rarest:
                prefixes.setdefault(g, []).append(j)
    return dup


def _duplicates_all_pairs(grams: list[set[tuple[str, ...]]]) -> dict[int, int]:
    """The same answer by comparing every pair: cheaper for the few articles of a usual cluster."""
    dup: dict[int, int] = {}
    for j in range(len(grams)):
        for i in range(j):
            if i in dup or not grams[i] or not grams[j]:
                continue
            if len(grams[i] & grams[j]) / min(len(grams[i]), len(grams[j])) >= DUPLICATE_CONTAINMENT:
                dup[j] = i
                break
    return dup


def _prefix_length(size: int) -> int:
    """How many of a set's 3-grams may be missing from the other article, plus one (and one more for rounding)."""
    return size - math.ceil(DUPLICATE_CONTAINMENT * size) + 2


def prepare(documents: Sequence[DocumentLike], id: str | None = None) -> Cluster:
    """Read, clean and split a cluster; drop copies and non-Vietnamese articles."""
    notes: list[str] = []
    docs = [as_document(d, k) for k, d in enumerate(documents)]
    if not docs:
        raise TomtatError("no articles given")
    notes.extend(w for d in docs for w in d.warnings)  # what the reader repaired
    articles: list[Article] = []
    per_article: list[list[Sentence]] = []
    split_notes: list[str] = []  # junk lines skipped, articles in capitals
    for k, doc in enumerate(docs):
        article = clean(doc, k)
        sents = split(article, k, MAX_SENTENCES_PER_ARTICLE + 1, warnings=split_notes)
        if len(sents) > MAX_SENTENCES_PER_ARTICLE:
            sents = sents[:MAX_SENTENCES_PER_ARTICLE]
            notes.append(f"{article.name}: very long article, only its first {MAX_SENTENCES_PER_ARTICLE} sentences are used")
        articles.append(article)
        per_article.append(sents)
    notes.extend(split_notes)
    if not any(s.tokens for sents in per_article for s in sents):
        why = "; ".join(split_notes) or "the articles are empty or only boilerplate"
        raise TomtatError(f"no text left after cleaning: {why}")
    for k, sents in enumerate(per_article):
        share = vietnamese_share(chain.from_iterable(s.tokens for s in sents))
        if sents and share < MIN_VIETNAMESE_SHARE:
            notes.append(f"{articles[k].name}: does not look like Vietnamese ({share:.0%} of syllables carry Vietnamese marks), skipped")
            per_article[k] = []
    if not any(per_article):
        raise TomtatError("the input does not look like Vietnamese text (too few syllables carry Vietnamese diacritics)")
    duplicates = find_duplicates(per_article)
    for copy, original in duplicates.items():
        notes.append(f"{articles[copy].name}: near copy of {articles[original].name}, counted once")
        per_article[copy] = []
    if sum(1 for s in per_article if s) == 1 and len(docs) > 1 or len(docs) == 1:
        notes.append("only one distinct article: this is a single-document summary")
    sentences = [s for sents in per_article for s in sents]
    return Cluster(articles=articles, sentences=sentences, duplicate_of=duplicates, id=id, warnings=notes)
