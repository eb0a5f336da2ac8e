"""Request and response shapes of the HTTP API, for validation and the OpenAPI schema.

Responses are built by ``Summary.to_dict`` (the same JSON as ``tomtat summarize
--json``); the response models here document that shape and are not re-validated.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

_EXAMPLE_DOCS = [
    {
        "id": "vtc",
        "title": "Tổng thư ký Liên Hợp Quốc sẽ thăm Nga và Ukraine",
        "text": "Người phát ngôn Liên Hợp Quốc cho biết ông Guterres sẽ tới Nga vào ngày 26/4. "
        "Ông sẽ hội đàm với Ngoại trưởng Sergey Lavrov và được Tổng thống Vladimir Putin tiếp.",
    },
    {
        "id": "vietnamplus",
        "text": "Tổng Thư ký Liên hợp quốc Antonio Guterres sẽ thăm Ukraine vào ngày 28/4. "
        "Ông sẽ gặp Tổng thống Volodymyr Zelensky tại Kiev để thảo luận về việc mở rộng hỗ trợ nhân đạo.",
    },
]


Name = Annotated[str, Field(max_length=200)] | int


class DocumentIn(BaseModel):
    """One article record, read as the library and JSON Lines read it: plain ``text`` or a saved web page
    as ``html`` (one of them). AbMuSu's names are accepted: ``raw_text``, ``anchor_text``; give one name a field."""

    model_config = ConfigDict(extra="forbid")

    id: Name | None = Field(None, description="name shown in provenance (default doc1, doc2, ...)")
    name: Name | None = Field(None, description="the same as id")
    title: str | None = Field(None, max_length=2_000, description="headline; for text without one, a short first line is taken as the title")
    lead: str | None = Field(None, description="the lead paragraph (sapo), when given apart from the body")
    anchor_text: str | None = Field(None, description="the same as lead (AbMuSu)")
    text: str | None = Field(None, description="the article as plain text, paragraphs separated by newlines")
    raw_text: str | None = Field(None, description="the same as text (AbMuSu)")
    html: str | None = Field(None, description="the article as a saved HTML page; its article text, title, date, site and address are extracted")
    published: str | None = Field(
        None, max_length=200, description="publication date: ISO 8601 (2022-04-26, 2022-04-26T10:30:00+07:00) or day first (26/4/2022 10:30); "
        "normalized to ISO, left out with a warning when it cannot be read"
    )
    date: str | None = Field(None, max_length=200, description="the same as published")
    source: str | None = Field(None, max_length=200, description="the outlet that published it")
    url: str | None = Field(None, max_length=2_000, description="where it was published")


class SummarizeRequest(BaseModel):
    """A cluster of articles about one story. Length: one of ``words``, ``sentences``, ``ratio`` (default: fitted to human summaries)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"documents": _EXAMPLE_DOCS, "words": 40}]})

    documents: list[DocumentIn] = Field(..., min_length=1)
    method: str | None = Field(None, description="summarization method (GET /v1/methods); default: the service's default")
    words: int | None = Field(None, gt=0, le=10_000, description="about this many syllables")
    sentences: int | None = Field(None, gt=0, le=1_000, description="at most this many sentences")
    ratio: float | None = Field(None, gt=0, le=1, description="a share of the input length")
    params: dict[str, int | float] | None = Field(None, description='the method\'s parameters, e.g. {"link": 0.2} (GET /v1/methods lists them)')
    id: str | None = Field(None, max_length=200, description="echoed back as the summary's id")


class SentenceOut(BaseModel):
    text: str
    document: str = Field(description="name of the source article")
    index: int = Field(description="sentence number in its article, from 0")
    start: int = Field(description="character offset into that article's cleaned text (articles[].text)")
    end: int
    score: float
    spans: list[tuple[int, int]] | None = Field(None, description="kept [start, end) parts, when the sentence was shortened")


class ArticleOut(BaseModel):
    name: str
    title: str
    text: str = Field(description="the cleaned text that sentence offsets point into")
    published: str | None = Field(None, description="publication date, ISO 8601 (when the input gave one that could be read)")
    source: str | None = Field(None, description="the outlet (when known)")
    url: str | None = Field(None, description="where the article was published (when known)")


class SummaryOut(BaseModel):
    """The same JSON as ``tomtat summarize --json``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "summary": "Người phát ngôn Liên Hợp Quốc cho biết ông Guterres sẽ tới Nga vào ngày 26/4.",
                    "sentences": [
                        {"text": "Người phát ngôn Liên Hợp Quốc cho biết ông Guterres sẽ tới Nga vào ngày 26/4.",
                         "document": "vtc", "index": 0, "start": 0, "end": 78, "score": 0.91}
                    ],
                    "method": "learned",
                    "words": 19,
                    "budget": 40,
                    "documents": ["vtc", "vietnamplus"],
                    "seconds": 0.012,
                    "articles": [{"name": "vtc", "title": "Tổng thư ký Liên Hợp Quốc sẽ thăm Nga và Ukraine", "text": "..."}],
                }
            ]
        }
    )

    id: str | None = None
    summary: str
    sentences: list[SentenceOut]
    method: str
    words: int = Field(description="length of the summary in syllables")
    budget: int = Field(description="target length in syllables")
    documents: list[str]
    seconds: float = Field(description="time spent summarizing")
    duplicates: dict[str, str] | None = Field(None, description="near copies, counted once: copy -> original")
    warnings: list[str] | None = None
    articles: list[ArticleOut] | None = Field(None, description="cleaned articles (in /v1/summarize, and in batch with sources=true)")


class ErrorDetail(BaseModel):
    status: int
    message: str = Field(description="one line, for people")
    field: str | None = Field(None, description="the part of the request at fault, e.g. documents[2].text")


class ErrorOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"error": {"status": 422, "message": "documents[1].text: empty article", "field": "documents[1].text"}}]}
    )

    error: ErrorDetail


class ParamOut(BaseModel):
    default: float
    low: float
    high: float
    about: str


class MethodOut(BaseModel):
    name: str
    description: str
    default: bool
    params: dict[str, ParamOut] = Field(default_factory=dict, description="what 'params' may set, with defaults and ranges")


class MethodsOut(BaseModel):
    default: str
    methods: list[MethodOut]


class HealthOut(BaseModel):
    status: str
    version: str


class ExampleOut(BaseModel):
    documents: list[DocumentIn]


class EventOut(BaseModel):
    date: str = Field(description="the day the event happened, YYYY-MM-DD")
    text: str = Field(description="the sentence that names that day, from the earliest article that does")
    document: str = Field(description="name of the source article")
    start: int = Field(description="character offset into that article's cleaned text")
    end: int


class EntityOut(BaseModel):
    name: str = Field(description="the most used spelling")
    kind: str = Field(description="person, place, organization or other")
    variants: list[str] = Field(description="every spelling, most used first")
    articles: int = Field(description="how many of the story's articles name it")


class StoryOut(BaseModel):
    """One story, as a line of `tomtat stories` output."""

    story: str = Field(description="the story's id in this answer")
    articles: list[str] = Field(description="names of its articles, near copies included, in arrival order")
    headline: str
    summary: str = Field(description="empty when the story could not be summarized (see error)")
    sentences: list[SentenceOut]
    timeline: list[EventOut] = Field(description="dated events, one a day, in date order")
    entities: list[EntityOut] = Field(description="the names it mentions, most mentioned first")
    sources: list[str] = Field(description="the outlets (or article names when the outlet is not known)")
    first_seen: str | None = Field(None, description="publication date of its first article (when known)")
    last_seen: str | None = Field(None, description="publication date of its latest article (when known)")
    error: str | None = Field(None, description="why the story has no summary")
    warnings: list[str] | None = None
    cleaned_articles: list[ArticleOut] | None = Field(None, description="with sources=true: the cleaned articles that offsets point into")


class SkippedOut(BaseModel):
    article: str = Field(description="the article's name, or its line ('line 3') when it could not be read")
    error: str = Field(description="why it was left out")


class StoriesOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "stories": [
                        {
                            "story": "story-1", "articles": ["vtc", "vietnamplus"],
                            "headline": "Tổng thư ký Liên Hợp Quốc sẽ thăm Nga và Ukraine",
                            "summary": "Người phát ngôn Liên Hợp Quốc cho biết ông Guterres sẽ tới Nga vào ngày 26/4.",
                            "sentences": [{"text": "Người phát ngôn Liên Hợp Quốc cho biết ông Guterres sẽ tới Nga vào ngày 26/4.",
                                           "document": "vtc", "index": 0, "start": 0, "end": 78, "score": 0.91}],
                            "timeline": [{"date": "2022-04-26", "text": "...", "document": "vtc", "start": 0, "end": 78}],
                            "entities": [{"name": "Guterres", "kind": "person", "variants": ["Guterres", "Antonio Guterres"], "articles": 2}],
                            "sources": ["vietnamplus", "vtc"], "first_seen": "2022-04-22", "last_seen": "2022-04-26",
                        }
                    ],
                    "skipped": [{"article": "line 3", "error": "malformed JSON (Expecting value at column 1)"}],
                }
            ]
        }
    )

    stories: list[StoryOut] = Field(description="newest first")
    skipped: list[SkippedOut] = Field(description="lines and articles left out, with why; the others still came out")
