"""Typed records passed between the pipeline stages.

read -> Document (raw text) -> clean -> Article (clean text) -> split -> Sentence
-> represent -> Cluster (vectors) -> score/select/order -> Summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tomtat.errors import TomtatError  # noqa: F401  (defined below lang/, which raises it too; re-exported)
from tomtat.lang.tokens import syllables


@dataclass(frozen=True)
class Document:
    """One news article as it was read, before cleaning."""

    text: str
    title: str = ""
    lead: str = ""  # the sapo / lead paragraph, when the source gives it apart from the body
    name: str = ""  # file name or id, shown in provenance
    warnings: tuple[str, ...] = ()  # what the reader had to repair (e.g. invalid bytes replaced)
    published: str | None = None  # ISO 8601 date or date and time, as the reader normalized it
    source: str | None = None  # the outlet ("VnExpress")
    url: str | None = None  # where the article was published


@dataclass(frozen=True)
class Article:
    """A cleaned article: ``text`` is what provenance offsets point into."""

    name: str
    title: str
    text: str
    lead_end: int  # offset where the lead paragraph ends in ``text`` (0 when unknown)
    position: int  # article order in the cluster
    lead_given: bool = False  # the source gave the lead apart from the body (AbMuSu anchor_text)
    published: str | None = None  # the Document's metadata, carried to the output
    source: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The article in JSON output: name, title, cleaned text, and the metadata that is known."""
        d: dict[str, Any] = {"name": self.name, "title": self.title, "text": self.text}
        d.update({k: v for k, v in (("published", self.published), ("source", self.source), ("url", self.url)) if v})
        return d


@dataclass
class Sentence:
    """A sentence of an article, addressed by character offsets in ``Article.text``."""

    text: str
    article: int  # index into ``Cluster.articles``
    index: int  # sentence number within its article, from 0
    start: int
    end: int
    paragraph: int  # paragraph number within its article, from 0
    in_lead: bool = False
    tokens: list[str] = field(default_factory=list)  # lowercased syllables, punctuation dropped
    heading: bool = False  # a subheading inside the body ("NGA, UKRAINE KÝ THỎA THUẬN"), not a sentence

    @property
    def length(self) -> int:
        """Length in syllables, the unit of every length budget."""
        return len(self.tokens)


@dataclass
class Cluster:
    """Articles about one story, split into sentences, ready to be scored."""

    articles: list[Article]
    sentences: list[Sentence]
    duplicate_of: dict[int, int] = field(default_factory=dict)  # article -> the article it copies
    id: str | None = None
    warnings: list[str] = field(default_factory=list)  # what reading and preparing had to skip or repair

    @property
    def input_length(self) -> int:
        return sum(s.length for s in self.sentences)


@dataclass(frozen=True)
class Span:
    """A kept stretch of an article's clean text."""

    start: int
    end: int


@dataclass
class SummarySentence:
    text: str
    document: str
    article: int
    index: int
    start: int
    end: int
    score: float
    spans: list[Span] = field(default_factory=list)  # kept parts when the sentence was shortened

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "document": self.document,
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 6),
        }
        if self.spans and (len(self.spans) > 1 or self.spans[0] != Span(self.start, self.end)):
            d["spans"] = [[sp.start, sp.end] for sp in self.spans]
        return d


@dataclass
class Summary:
    sentences: list[SummarySentence]
    method: str
    budget: int  # target length in syllables
    documents: list[str]  # article names, in input order
    duplicates: dict[str, str] = field(default_factory=dict)  # copy -> original
    seconds: float = 0.0
    id: str | None = None
    warnings: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)  # the cleaned texts offsets point into
    model: str | None = None  # the ranker that chose the sentences (methods that use one): source@digest
    params: dict[str, float | int] = field(default_factory=dict)  # the method's parameters as it ran

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def length(self) -> int:
        return len(syllables(self.text))

    def to_dict(self, sources: bool = False) -> dict[str, Any]:
        """JSON-ready form; ``sources`` adds each article's cleaned text (what offsets point into)."""
        d: dict[str, Any] = {}
        if self.id is not None:
            d["id"] = self.id
        d.update(
            {
                "summary": self.text,
                "sentences": [s.to_dict() for s in self.sentences],
                "method": self.method,
                **({"model": self.model} if self.model else {}),
                **({"params": self.params} if self.params else {}),
                "words": self.length,
                "budget": self.budget,
                "documents": self.documents,
                "seconds": round(self.seconds, 4),
            }
        )
        if self.duplicates:
            d["duplicates"] = self.duplicates
        if self.warnings:
            d["warnings"] = self.warnings
        if sources:
            d["articles"] = [a.to_dict() for a in self.articles]
        return d


@dataclass(frozen=True)
class BatchResult:
    """One cluster of a batch: its summary, or the one-line reason it has none (never both).

    Plain data (no articles beyond the summary's), so that a batch run elsewhere can send it back.
    """

    summary: Summary | None = None
    error: str | None = None
    id: str | None = None  # the cluster's id as the input gave it
    label: str = ""  # where the cluster came from, for messages ("line 3", "Cluster_002")

    def __post_init__(self) -> None:
        if (self.summary is None) == (self.error is None):
            raise ValueError("a batch result holds a summary or an error")

    @property
    def ok(self) -> bool:
        return self.summary is not None
