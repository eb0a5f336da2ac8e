"""Article records: the one reader of an article given as a mapping or as text, and of plain text.

A record is ``{"id" or "name", "title", "text" or "raw_text", "lead" or "anchor_text", "html",
"published" or "date", "source", "url"}`` (every field optional) or a plain string. The library
(``tomtat.summarize``), AbMuSu JSON Lines and the HTTP service all read records here, so the same
record gives the same ``Document`` through every door. Field errors name the field the way the
input spelled it ("document 2 'raw_text' must be text, not a number").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from tomtat.read.html import extract_page, looks_like_html
from tomtat.read.meta import header_block, one_line, published_date
from tomtat.records import Document, TomtatError

_SURROGATE = re.compile("[\ud800-\udfff]")

# Each field and the names a record may give it under (AbMuSu's second); give one of them.
TEXT_KEYS = ("text", "raw_text")
LEAD_KEYS = ("lead", "anchor_text")
NAME_KEYS = ("id", "name")
DATE_KEYS = ("published", "date")
RECORD_KEYS = frozenset((*TEXT_KEYS, *LEAD_KEYS, *NAME_KEYS, *DATE_KEYS, "title", "html", "source", "url"))


class RecordError(TomtatError):
    """A record or field that cannot be read; ``key`` names the field as given (None: the whole record)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message, key)  # both in args: it pickles across processes
        self.key = key

    def __str__(self) -> str:
        return str(self.args[0])


class UnreadableField(RecordError):
    """A field of the right type whose content cannot be read (a page with no article in it)."""


@dataclass(frozen=True)
class LongNumber:
    """An integer literal past Python's conversion limit (4,300 digits): kept as a marker, not an error."""

    digits: int


def parse_int(literal: str) -> int | LongNumber:
    """``json.loads(..., parse_int=parse_int)``: a number too long to convert is a LongNumber."""
    try:
        return int(literal)
    except ValueError:
        return LongNumber(len(literal.lstrip("-")))


def kind(value: Any) -> str:
    """What a JSON value is, for messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, LongNumber):
        return f"a number of {value.digits:,} digits"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "null" if value is None else type(value).__name__


def text_field(value: Any, where: str, key: str | None = None) -> str:
    """A text field: a string (null or absent: empty); lone surrogates (JSON "\\ud800") refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{where} must be text, not {kind(value)}", key)
    bad = _SURROGATE.search(value)
    if bad:
        raise RecordError(f"{where} holds a lone surrogate (\\u{ord(bad.group()):04x}), which is not a character", key)
    return value


def ident_field(value: Any, where: str, key: str | None = None) -> str | None:
    """An id: text or a plain number."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, LongNumber):
        raise RecordError(f"{where} is a number of {value.digits:,} digits, too long to read", key)
    if not isinstance(value, str):
        raise RecordError(f"{where} must be text or a number, not {kind(value)}", key)
    return text_field(value, where, key)


def text_document(text: str, name: str, warnings: tuple[str, ...] = (), headers: bool = False) -> Document:
    """A plain-text article, or the article inside it when it is really an HTML page.

    ``headers``: a ``Key: value`` block at the very top (a .txt file's title, date, source, URL) is
    read into the Document and removed from its text; text without one is left as it is.
    """
    if looks_like_html(text):
        page = extract_page(text, f"{name} (HTML markup in a text file)")
        note = f"{name}: holds HTML markup; read as a web page"
        return Document(
            text=page.text, title=page.title, name=name, warnings=(*warnings, note),
            published=page.published, source=page.source, url=page.url,
        )
    fields, body = header_block(text) if headers else ({}, text)
    if not fields:
        return Document(text=text, name=name, warnings=warnings)
    doc = Document(text=body, title=one_line(fields.get("title")) or "", name=name, warnings=warnings)
    return _with_meta(doc, fields.get("published"), fields.get("source"), fields.get("url"))


def _with_meta(doc: Document, published: str | None, source: str | None, url: str | None) -> Document:
    """``doc`` with its metadata: the date normalized (a warning when unreadable), the rest on one line."""
    date = published_date(published, doc.name)
    warnings = (*doc.warnings, date.warning) if date.warning else doc.warnings
    return replace(doc, warnings=warnings, published=date.iso, source=one_line(source), url=one_line(url))


def _text(record: Mapping[str, Any], key: str, where: str) -> str:
    return text_field(record.get(key), f"{where} '{key}'", key)


def _one_of(record: Mapping[str, Any], keys: tuple[str, ...], where: str, ident: bool = False) -> tuple[str | None, str]:
    """The field given under one of ``keys``: (the key used, its value). Every key present is checked;
    two that give different values are refused rather than one silently chosen."""
    used: str | None = None
    value = ""
    for key in keys:
        raw = record.get(key)
        got = (ident_field(raw, f"{where} '{key}'", key) or "") if ident else _text(record, key, where)
        if not got:
            continue
        if used is not None and got != value:
            raise RecordError(f"{where}: give '{used}' or '{key}', not both", key)
        if used is None:
            used, value = key, got
    return used, value


def read_record(record: Mapping[str, Any] | str, position: int, default_name: str | None = None, where: str | None = None) -> Document:
    """The Document an article record stands for (``position`` from 0; text alone is the article's text).

    ``default_name`` names an article without ``id``/``name`` (``doc1``, ``doc2`` ... by default);
    ``where`` is how messages call the record (default ``document 1``). Text holding HTML markup and
    ``html`` are read as the web pages they are, with the page's title, date, site and address unless
    the record gives them. Raises ``RecordError``; an unreadable date is only a warning.
    """
    where = where or f"document {position + 1}"
    name = default_name or f"doc{position + 1}"
    if isinstance(record, str):
        return text_document(text_field(record, f"{where} 'text'", "text"), name)
    if not isinstance(record, Mapping):
        raise RecordError(f"{where} must be an object or text, not {kind(record)}")
    name = _one_of(record, NAME_KEYS, where, ident=True)[1] or name
    text_key, text = _one_of(record, TEXT_KEYS, where)
    html = _text(record, "html", where)
    if text_key is not None and html:
        raise RecordError(f"{where}: give either '{text_key}' or 'html', not both")
    title = _text(record, "title", where)
    lead = _one_of(record, LEAD_KEYS, where)[1]
    _, published = _one_of(record, DATE_KEYS, where)
    source = _text(record, "source", where)
    url = _text(record, "url", where)
    try:
        doc = _from_html(html, name) if html.strip() else text_document(text, name) if text else Document(text="", name=name)
    except TomtatError as e:  # a page with no article, or no trafilatura: the content, not the shape
        raise UnreadableField(str(e), "html" if html.strip() else text_key) from None
    return _with_meta(replace(doc, title=title or doc.title, lead=lead), published or doc.published, source or doc.source, url or doc.url)


def _from_html(html: str, name: str) -> Document:
    page = extract_page(html, name)
    return Document(text=page.text, title=page.title, name=name, published=page.published, source=page.source, url=page.url)


def check_document(doc: Document, position: int) -> Document:
    """A Document made by the caller, checked as a record is: text fields are text, no lone surrogates,
    the date normalized (with a warning when unreadable); named ``docN`` when it has no name."""
    where = f"document {position + 1}"
    for key in ("text", "title", "lead", "name", "published", "source", "url"):
        text_field(getattr(doc, key), f"{where} '{key}'", key)
    named = doc if doc.name else replace(doc, name=f"doc{position + 1}")
    if doc.published is None and doc.source is None and doc.url is None:
        return named
    return _with_meta(named, named.published, named.source, named.url)
