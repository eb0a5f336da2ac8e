"""Saved web pages: the article text and title of an HTML page, offline.

trafilatura finds the article body among the page furniture (menus, ads,
related links); the clean stage then handles what is left, as for plain text.
It is imported on first use so that the CLI starts fast without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from tomtat.lang.normalize import normalize
from tomtat.read.encoding import Decoded, decode_text
from tomtat.read.meta import iso_date, one_line
from tomtat.records import Document, TomtatError

HTML_SUFFIXES = (".html", ".htm")
INSTALL_HINT = "pip install 'tomtat[html]'"

# A page saved under another name: it opens like one, or carries block-level tags.
_PAGE_START = ("<!doctype html", "<html", "<head", "<body", "<?xml")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|table|tr|td|th|article|section|span|img|script|style|meta|link|header|footer"
    r"|nav|figure|figcaption|blockquote|strong|em)\b[^<>]{0,300}>",
    re.IGNORECASE,
)
MIN_BLOCK_TAGS = 3


def looks_like_html(text: str) -> bool:
    """Whether plain text is really markup (a saved page renamed .txt, text with <p> tags). Linear."""
    head = text[:2048].lstrip().lower()
    if head.startswith(_PAGE_START) or head.startswith("<!--") and "<html" in head:
        return True
    return sum(1 for _ in islice(_BLOCK_TAG.finditer(text), MIN_BLOCK_TAGS)) >= MIN_BLOCK_TAGS


@dataclass(frozen=True)
class Page:
    """What a page holds for us: the article's title and text, and the page's metadata when it gives it."""

    title: str
    text: str
    published: str | None = None  # ISO 8601, from the page's markup (never guessed from its text)
    source: str | None = None  # the site's name
    url: str | None = None  # the page's canonical address


def extract_page(html: str, name: str) -> Page:
    """The article in an HTML page, with its metadata; a TomtatError when it has none."""
    try:
        import trafilatura
        from trafilatura.settings import set_date_params
    except ImportError:
        raise TomtatError(f"{name}: reading HTML pages needs trafilatura; {INSTALL_HINT}") from None
    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, include_images=False, with_metadata=True,
            date_extraction_params=set_date_params(extensive=False),  # a date from the markup, not one found in the text
        )
    except Exception as e:  # noqa: BLE001  # a parser failure on a broken page is the input's fault, not ours
        raise TomtatError(f"{name}: cannot read this HTML page ({type(e).__name__})") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise TomtatError(f"{name}: no article text found in this HTML page")
    title = normalize(getattr(doc, "title", None) or "").strip()
    lines = text.split("\n")
    if title and lines[0].strip() == title:  # the page's <h1> repeats the title; keep it once
        text = "\n".join(lines[1:]).strip() or text
    date = getattr(doc, "date", None)
    return Page(
        title, normalize(text), published=iso_date(date) if isinstance(date, str) else None,
        source=one_line(getattr(doc, "sitename", None)), url=one_line(getattr(doc, "url", None)),
    )


def extract(html: str, name: str) -> tuple[str, str]:
    """(title, text) of the article in an HTML page; a TomtatError when it has none."""
    page = extract_page(html, name)
    return page.title, page.text


def read_html(data: bytes | str, name: str) -> Document:
    """A Document from a saved web page (bytes in any encoding ``decode`` knows, or text), with its metadata."""
    decoded = Decoded(data) if isinstance(data, str) else decode_text(data, name)
    page = extract_page(decoded.text, name)
    return Document(
        text=page.text, title=page.title, name=name, warnings=decoded.warnings,
        published=page.published, source=page.source, url=page.url,
    )
