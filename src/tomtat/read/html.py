"""Saved web pages: the article text and title of an HTML page, offline.

trafilatura finds the article body among the page furniture (menus, ads,
related links); the clean stage then handles what is left, as for plain text.
It is imported on first use so that the CLI starts fast without it.
"""

from __future__ import annotations

from tomtat.normalize import normalize
from tomtat.read.encoding import decode
from tomtat.types import Document, TomtatError

HTML_SUFFIXES = (".html", ".htm")
INSTALL_HINT = "pip install 'tomtat[html]'"


def extract(html: str, name: str) -> tuple[str, str]:
    """(title, text) of the article in an HTML page; a TomtatError when it has none."""
    try:
        import trafilatura
    except ImportError:
        raise TomtatError(f"{name}: reading HTML pages needs trafilatura; {INSTALL_HINT}") from None
    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, include_images=False, with_metadata=True
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
    return title, normalize(text)


def read_html(data: bytes | str, name: str) -> Document:
    """A Document from a saved web page (bytes in any encoding ``decode`` knows, or text)."""
    html = data if isinstance(data, str) else decode(data, name)
    title, text = extract(html, name)
    return Document(text=text, title=title, name=name)
