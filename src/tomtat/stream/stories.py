"""The stories API: a stream of articles in, stories out, each with a summary, a timeline and its names.

read → copies (MinHash LSH) → group (online, blocked) → per story: summarize (the library's own summarize, with
the caller's Options) → timeline → names. With a :class:`StoryStore`, today's stream continues the stories kept
from earlier runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from tomtat.api import summarize
from tomtat.lang.dates import published_day
from tomtat.lang.names import Entity, find_names, merge_names
from tomtat.options import Options
from tomtat.prepare import DocumentLike, as_document
from tomtat.records import Document, Summary, TomtatError
from tomtat.stream.copies import Copies, from_bytes, sketch, to_bytes
from tomtat.stream.group import Grouper, article_terms
from tomtat.stream.store import Stored, StoryStore
from tomtat.stream.timeline import Event, timeline
from tomtat.scale import ordered_map

MAX_ENTITIES = 30
CHUNK = 2_000  # articles whose terms are counted together before they are grouped: memory stays bounded


@dataclass
class Story:
    """One story of a stream: its articles (copies included), summary with provenance, timeline and names."""

    id: str
    articles: list[str]
    headline: str
    summary: Summary | None
    timeline: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    error: str | None = None  # why the story has no summary

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"story": self.id, "articles": self.articles, "headline": self.headline}
        if self.summary is not None:
            d["summary"] = self.summary.text
            d["sentences"] = [s.to_dict() for s in self.summary.sentences]
        else:
            d["summary"], d["sentences"] = "", []
            d["error"] = self.error
        d["timeline"] = [e.to_dict() for e in self.timeline]
        d["entities"] = [{"name": e.name, "kind": e.kind, "variants": list(e.variants), "articles": e.articles}
                         for e in self.entities]
        d["sources"] = self.sources
        d["first_seen"], d["last_seen"] = self.first_seen, self.last_seen
        if self.summary is not None and self.summary.warnings:
            d["warnings"] = self.summary.warnings
        return d


@dataclass
class StreamResult:
    """The stories a run touched, newest first, and the articles it had to skip, with why."""

    stories: list[Story]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (article, reason)


@dataclass
class _State:
    grouper: Grouper = field(default_factory=Grouper)
    copies: Copies = field(default_factory=Copies)
    story_of: dict[str, int] = field(default_factory=dict)
    members: dict[int, list[str]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    copy_of: dict[str, str] = field(default_factory=dict)
    arrival: dict[str, int] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)  # ids read but not yet grouped

    def keep(self, article_id: str, story: int, doc: Document, copy: str | None) -> None:
        self.story_of[article_id] = story
        self.members.setdefault(story, []).append(article_id)
        self.documents[article_id] = doc
        self.arrival[article_id] = len(self.arrival)
        if copy is not None:
            self.copy_of[article_id] = copy


def _restore(store: StoryStore) -> _State:
    """The grouper's state rebuilt from stored articles: frequencies, story profiles, copy sketches."""
    state = _State()
    state.grouper.count(a.terms for a in store.articles())  # as a run counts them: copies too
    for a in store.articles():  # read twice rather than held: a store may be larger than memory allows twice
        state.keep(a.id, a.story, a.document, a.copy_of)
        state.grouper.reopen(a.story)
        if a.copy_of is None:
            state.grouper.attach(a.story, state.grouper.profile(a.terms), published_day(a.document.published))
            if a.sketch is not None:
                state.copies.add(a.id, from_bytes(a.sketch))
    return state


def stories(
    articles: Iterable[DocumentLike],
    options: Options | None = None,
    *,
    store: StoryStore | None = None,
    summaries: bool = True,
    jobs: int = 1,
    dask: str | None = None,
    **overrides: Any,
) -> StreamResult:
    """Group a stream of articles into stories, in arrival order, and describe each story they touched.

    ``articles`` are what :func:`tomtat.summarize` takes (texts, Documents or records with ``id``, ``title``,
    ``lead``, ``text`` or ``html``, ``published``, ``source``, ``url``). ``options`` (or ``overrides``) say how
    to summarize each story. An article that cannot be read, or whose id was seen already, is skipped and named
    in ``skipped``; the others go on. ``summaries=False`` groups only. Grouping runs here, in arrival order;
    the stories' summaries may be spread over ``jobs`` processes or a Dask cluster (``dask``, as in
    :func:`tomtat.api.summarize_batch`).
    """
    options = Options.build(options, **overrides)
    state = _restore(store) if store is not None else _State()
    skipped: list[tuple[str, str]] = []
    arrived: list[str] = []
    chunk: list[tuple[str, Document]] = []
    for k, item in enumerate(articles):
        try:
            doc = as_document(item, k)
        except TomtatError as e:
            skipped.append((f"article {k + 1}", str(e)))
            continue
        article_id = doc.name or f"article-{len(state.arrival) + len(chunk) + 1}"
        if article_id in state.story_of or article_id in state.pending:
            skipped.append((article_id, "already seen (same id)"))
            continue
        if not doc.text.strip():
            skipped.append((article_id, "no article text"))
            continue
        chunk.append((article_id, doc))
        state.pending.add(article_id)
        arrived.append(article_id)
        if len(chunk) == CHUNK:
            _group(state, chunk, store)
            chunk = []
    _group(state, chunk, store)
    touched = list(dict.fromkeys(state.story_of[a] for a in arrived))
    bare = [_bare(state, s) for s in touched]
    if summaries:
        jobs = max(1, min(jobs, len(bare)))  # one story is summarized here: a process would only cost its start
        out = list(ordered_map(partial(describe, options=options), bare, _undescribed, jobs=jobs, dask=dask))
    else:
        out = [story for story, _ in bare]
    out.sort(key=lambda s: (s.last_seen or "", max(state.arrival[a] for a in s.articles)), reverse=True)
    return StreamResult(out, skipped)


def _group(state: _State, chunk: list[tuple[str, Document]], store: StoryStore | None) -> None:
    """Group one chunk of articles: count its terms, then place each article (a copy joins its original's story)."""
    terms = [article_terms(d.title, d.lead, d.text) for _, d in chunk]
    state.grouper.count(terms)
    for (article_id, doc), counted in zip(chunk, terms):
        when = published_day(doc.published)
        sk = sketch(doc.text)
        copy = state.copies.original(sk)
        if copy is not None:
            story = state.story_of[copy]
        else:
            story = state.grouper.place(state.grouper.profile(counted), when)
            state.copies.add(article_id, sk)
        state.keep(article_id, story, doc, copy)
        if store is not None:
            store.add(Stored(article_id, story, copy, doc, counted, to_bytes(sk) if sk is not None and copy is None else None))
    state.pending.clear()


def _bare(state: _State, story: int) -> tuple[Story, list[Document]]:
    """A story as grouping left it (articles, headline, sources, dates), and its articles to summarize."""
    ids = state.members[story]
    docs = [_named(state.documents[a], a) for a in ids]
    dates = sorted(d.published for d in docs if d.published)
    sources = sorted({d.source or d.name for d in docs})
    originals = [a for a in ids if a not in state.copy_of]
    headline = next((state.documents[a].title for a in originals if state.documents[a].title.strip()), "")
    result = Story(f"story-{story}", ids, headline, None, sources=sources,
                   first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None)
    return result, docs


def describe(bare: tuple[Story, list[Document]], options: Options) -> Story:
    """The story with its summary, timeline and names (what a worker process runs); a story that cannot be
    summarized keeps its articles and says why in ``error``."""
    result, docs = bare
    try:
        summary = summarize(docs, options=options, id=result.id)
    except TomtatError as e:
        result.error = str(e)
        return result
    except Exception as e:  # noqa: BLE001  # a bug met by one story must not cost the others
        result.error = f"internal error ({type(e).__name__}); please report it"
        return result
    result.summary = summary
    names = {a.name: k for k, a in enumerate(summary.articles)}
    copies = {names[c]: names[o] for c, o in summary.duplicates.items() if c in names and o in names}
    result.timeline = timeline(summary.articles, copies)
    mentions = [(m.text, m.kind, k) for k, a in enumerate(summary.articles) if k not in copies
                for m in find_names(a.title + "\n" + a.text)]
    result.entities = merge_names(mentions)[:MAX_ENTITIES]
    if not result.headline:  # the records gave none: the cleaned articles' titles, else the opening sentence
        titled = (a.title for k, a in enumerate(summary.articles) if k not in copies and a.title.strip())
        result.headline = next(titled, summary.sentences[0].text if summary.sentences else "")
    return result


def _undescribed(bare: tuple[Story, list[Document]], message: str) -> Story:
    bare[0].error = message
    return bare[0]


def _named(doc: Document, article_id: str) -> Document:
    if doc.name == article_id:
        return doc
    return Document(text=doc.text, title=doc.title, lead=doc.lead, name=article_id, warnings=doc.warnings,
                    published=doc.published, source=doc.source, url=doc.url)
