"""The library API: one call from articles to a summary with provenance.

The CLI and any other front end are thin shells over :func:`summarize`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tomtat import methods
from tomtat.clean import clean
from tomtat.order import order
from tomtat.represent import cluster_vectors, syllables
from tomtat.select import Budget
from tomtat.split import split
from tomtat.types import Article, Cluster, Document, Sentence, Summary, SummarySentence, TomtatError

if TYPE_CHECKING:
    from tomtat.read import ClusterInput

# News puts its facts first; past this is a dump, not an article. Just above AbMuSu's longest
# article (146 sentences): all-pairs scoring grows with the square of the sentences (bench/scale.py).
MAX_SENTENCES_PER_ARTICLE = 150
DUPLICATE_CONTAINMENT = 0.8  # share of an article's 3-grams found in another: a syndicated copy
# Letters only Vietnamese uses (French and Portuguese share à é ê ô ã õ, so those do not count).
_VIETNAMESE_MARKED = re.compile(r"[ăđơưạảặẳẵằắậẩẫầấẹẻẽệểễềếịỉĩọỏộổỗồốợởỡờớụủũựửữừứỵỷỹỳ]")
MIN_VIETNAMESE_SHARE = 0.15  # AbMuSu articles: 41% to 70% of syllables carry one; French and English: ~0%

DocumentLike = Document | str | Mapping[str, str]
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON "\\ud800" decodes to one; no encoding can write it


def default_words(input_syllables: int) -> int:
    """Summary length fitted to AbMuSu's human summaries: ~200 syllables for 2,400 of input.

    A power law on input length (log-log fit over the 200 training clusters)
    gives short clusters short summaries without letting long ones ramble.
    """
    return max(40, round(19.0 * max(input_syllables, 1) ** 0.303))


def _field(value: object, what: str, position: int, numbers: bool = False) -> str:
    """A text field of an input document: text (None: empty; a number for names), never a lone surrogate."""
    if value is None:
        return ""
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TomtatError(f"document {position + 1}: '{what}' must be text, not {type(value).__name__}")
    bad = _SURROGATE.search(value)
    if bad:
        raise TomtatError(f"document {position + 1}: '{what}' holds a lone surrogate (\\u{ord(bad.group()):04x}), which is not a character")
    return value


def as_document(doc: DocumentLike, position: int) -> Document:
    if isinstance(doc, Document):
        for what in ("text", "title", "lead", "name"):
            _field(getattr(doc, what), what, position)
        return doc if doc.name else replace(doc, name=f"doc{position + 1}")
    if isinstance(doc, str):
        return Document(text=_field(doc, "text", position), name=f"doc{position + 1}")
    if isinstance(doc, Mapping):
        def first(*keys: str) -> object:
            return next((doc[k] for k in keys if doc.get(k) not in (None, "")), None)

        return Document(
            text=_field(first("text", "raw_text"), "text", position),
            title=_field(doc.get("title"), "title", position),
            lead=_field(first("lead", "anchor_text"), "lead", position),
            name=_field(first("name", "id"), "name", position, numbers=True) or f"doc{position + 1}",
        )
    raise TomtatError(f"document {position + 1}: expected text, a mapping or a Document, got {type(doc).__name__}")


def vietnamese_share(tokens: Iterable[str]) -> float:
    words = [t for t in tokens if not t.isdigit()]
    if not words:
        return 0.0
    return sum(1 for t in words if _VIETNAMESE_MARKED.search(t)) / len(words)


def _shingles(sentences: list[Sentence]) -> set[tuple[str, ...]]:
    toks = [t for s in sentences for t in s.tokens]
    return {tuple(toks[k : k + 3]) for k in range(len(toks) - 2)}


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


def prepare(documents: Sequence[DocumentLike], id: str | None = None, warnings: list[str] | None = None) -> Cluster:
    """Read, clean and split a cluster; drop copies and non-Vietnamese articles."""
    notes = warnings if warnings is not None else []
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
    tokens = [t for sents in per_article for s in sents for t in s.tokens]
    if not tokens:
        why = "; ".join(split_notes) or "the articles are empty or only boilerplate"
        raise TomtatError(f"no text left after cleaning: {why}")
    for k, sents in enumerate(per_article):
        share = vietnamese_share(t for s in sents for t in s.tokens)
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
    return Cluster(articles=articles, sentences=sentences, duplicate_of=duplicates, id=id)


def resolve_budget(
    cluster: Cluster,
    words: int | None,
    sentences: int | None,
    ratio: float | None,
    length_factor: Callable[[Cluster], float] | None = None,
) -> Budget:
    if words is not None and words <= 0:
        raise TomtatError("--words must be a positive number of syllables")
    if sentences is not None and sentences <= 0:
        raise TomtatError("--sentences must be a positive number")
    if ratio is not None and not 0 < ratio <= 1:
        raise TomtatError("--ratio must be between 0 and 1")
    if words is None and ratio is not None:
        words = max(1, round(ratio * cluster.input_length))
    if words is None and sentences is not None:
        return Budget(words=cluster.input_length, sentences=sentences)
    if words is None:
        scale = length_factor(cluster) if length_factor is not None else 1.0
        return Budget(words=round(default_words(cluster.input_length) * scale), fitted=True)
    return Budget(words=words, sentences=sentences)


def summarize(
    documents: Sequence[DocumentLike],
    method: str | None = None,
    words: int | None = None,
    sentences: int | None = None,
    ratio: float | None = None,
    id: str | None = None,
) -> Summary:
    """Summarize one cluster of articles about the same story.

    ``documents`` are texts, ``Document`` objects, or mappings with ``text``
    (or ``raw_text``) and optional ``title``, ``lead`` (or ``anchor_text``)
    and ``name``/``id``. Length is ``words`` syllables, ``sentences``
    sentences, or ``ratio`` of the input; by default it is fitted to the
    input size.
    """
    started = time.perf_counter()
    chosen_method = methods.get(method)
    notes: list[str] = []
    cluster = prepare(documents, id=id, warnings=notes)
    budget = resolve_budget(cluster, words, sentences, ratio, chosen_method.length_factor)
    vectors = cluster_vectors(cluster)
    picks = {p.sentence: p for p in chosen_method.pick(cluster, vectors, budget)}
    out: list[SummarySentence] = []
    for i in order(cluster, list(picks), vectors):
        s = cluster.sentences[i]
        pick = picks[i]
        name = cluster.articles[s.article].name
        c = pick.compression
        text, spans = (c.text, list(c.spans)) if c is not None else (s.text, [])
        out.append(SummarySentence(text, name, s.article, s.index, s.start, s.end, pick.score, spans))
    said = sum(len(syllables(s.text)) for s in out)
    if not budget.fitted and said > 1.5 * budget.words:
        notes.append(f"no sentence is as short as {budget.words} syllables; gave the best one ({said} syllables)")
    names = [a.name for a in cluster.articles]
    return Summary(
        sentences=out,
        method=chosen_method.name,
        budget=budget.words,
        documents=names,
        duplicates={names[c]: names[o] for c, o in cluster.duplicate_of.items()},
        seconds=time.perf_counter() - started,
        id=id,
        warnings=notes,
        articles=cluster.articles,
    )


def summarize_batch(
    items: Iterable[ClusterInput], summarizer: Callable[..., Summary] | None = None, **options: object
) -> Iterator[tuple[ClusterInput, Summary | str]]:
    """Summaries (or one-line errors) of many clusters, in input order; ``summarizer`` stands in for summarize."""
    summarizer = summarizer or summarize
    for item in items:
        if item.error:
            yield item, item.error
            continue
        result: Summary | str
        try:
            result = summarizer(item.documents, id=item.id, **options)
        except TomtatError as e:
            result = str(e)
        except Exception as e:  # noqa: BLE001  # a bug met by one cluster must not cost the others
            detail = str(e).split("\n")[0][:200]
            result = f"internal error ({type(e).__name__}{': ' + detail if detail else ''}); please report it"
        yield item, result
