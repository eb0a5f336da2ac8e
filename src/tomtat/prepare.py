"""Prepare stage: from documents as given to a cluster of clean, split sentences.

Reads each document record, cleans and splits it, drops articles that are not Vietnamese and counts
syndicated copies once. What it had to skip or repair is kept on the cluster, in ``Cluster.warnings``.
"""

from __future__ import annotations

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

DocumentLike = Document | str | Mapping[str, object]


def as_document(doc: DocumentLike, position: int) -> Document:
    """A document as given to the library: a Document (checked), or a record read by the one record reader."""
    return check_document(doc, position) if isinstance(doc, Document) else read_record(doc, position)


def _shingles(sentences: list[Sentence]) -> set[tuple[str, ...]]:
    toks = [t for s in sentences for t in s.tokens]
    return set(zip(toks, toks[1:], toks[2:]))


def find_duplicates(per_article: list[list[Sentence]]) -> dict[int, int]:
    """Articles that mostly repeat an earlier one (syndicated copies): copy -> original."""
    grams = [_shingles(s) for s in per_article]
    dup: dict[int, int] = {}
    for j in range(len(grams)):
        for i in range(j):
            if i in dup or not grams[i] or not grams[j]:
                continue
            overlap = len(grams[i] & grams[j]) / min(len(grams[i]), len(grams[j]))
            if overlap >= DUPLICATE_CONTAINMENT:
                dup[j] = i
                break
    return dup


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
