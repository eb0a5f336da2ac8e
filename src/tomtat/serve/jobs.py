"""The work of a request, as it runs in a summarizing process (``tomtat.serve.pool``).

Everything that reads article content runs here, where a time limit can stop it: decoding uploads,
extracting pages, summarizing, and writing the answer's JSON. Arguments and results cross a pipe,
so they are plain data; refusals are ``ApiError``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tomtat.api import summarize_batch
from tomtat.options import Options
from tomtat.read import ClusterInput, parse_abmusu, text_document
from tomtat.read.encoding import decode, decode_text
from tomtat.read.html import HTML_SUFFIXES, extract, read_html
from tomtat.serve.errors import ApiError, code_for
from tomtat.serve.schemas import DocumentIn
from tomtat.serve.settings import Settings
from tomtat.records import Document, Summary, TomtatError

log = logging.getLogger("tomtat.serve")

JSONL_SUFFIXES = (".jsonl", ".ndjson")
Summarizer = Callable[..., Summary]
INTERNAL = "internal error; the server log has the details"


@dataclass
class Part:
    """One input of a request before it becomes Documents: a JSON article or an uploaded file."""

    field: str
    doc: DocumentIn | None = None
    filename: str = ""  # as uploaded, without folders: its suffix says how to read it
    data: bytes = b""
    name: str = ""  # the upload's name in the summary (same file names told apart)


def summarize_request(
    summarize: Summarizer, parts: list[Part], options: Options, summary_id: str | None, settings: Settings
) -> bytes:
    """The JSON answer of /v1/summarize."""
    docs = documents(parts, settings)
    try:
        summary = summarize(docs, options=options, id=summary_id)
    except TomtatError as e:
        raise ApiError(422, str(e), "documents", code_for(str(e), "invalid_input")) from None
    try:
        return json.dumps(summary.to_dict(sources=True), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # the readers and the JSON check let no lone surrogate through; if one does
        raise ApiError(400, "the text is not valid Unicode (a lone surrogate)", "documents", "bad_json") from None


def summarize_cluster(
    summarize: Summarizer, item: ClusterInput, options: Options, sources: bool
) -> tuple[bytes, str | None]:
    """One line of /v1/summarize/batch (a summary, or ``{"id"?, "error"}``) and the trace of an unexpected error."""
    crash: list[str] = []

    def guarded(docs: list[Document], **kwargs: Any) -> Summary:
        try:
            return summarize(docs, **kwargs)
        except TomtatError:
            raise
        except Exception:  # the trace goes to the server's log, not to the client
            crash.append(traceback.format_exc())
            raise TomtatError(INTERNAL) from None

    _, result = next(summarize_batch([item], summarizer=guarded, options=options))
    row = result.to_dict(sources=sources) if isinstance(result, Summary) else error_row(item, result)
    return json_line(row), (crash[0] if crash else None)


def error_row(item: ClusterInput, message: str) -> dict[str, Any]:
    return {"error": message} if item.id is None else {"id": item.id, "error": message}


def json_line(row: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in an id: \\ud800 escapes are still one valid JSON line
        return (json.dumps(row) + "\n").encode("ascii")


def documents(parts: list[Part], settings: Settings) -> list[Document]:
    """The request's articles as Documents, each checked against the limits; same names told apart."""
    docs: list[tuple[str, Document, bool]] = []  # field, document, whether its name was given
    for part in parts:
        try:
            if part.doc is not None:
                docs.append(_from_json(part, len(docs)))
            elif part.filename.lower().endswith(HTML_SUFFIXES):
                docs.append((part.field, read_html(part.data, part.name or part.filename), False))
            elif part.filename.lower().endswith(JSONL_SUFFIXES):
                docs.extend((part.field, d, True) for d in _jsonl_cluster(part))
            else:  # as the CLI reads a .txt file (markup in it is read as the page it is)
                decoded = decode_text(part.data, part.name or part.filename)
                docs.append((part.field, text_document(decoded.text, part.name or part.filename, decoded.warnings), False))
        except TomtatError as e:
            raise ApiError(422, str(e), part.field, code_for(str(e), "unreadable_file")) from None
    if len(docs) > settings.max_documents:
        raise ApiError(413, f"{len(docs)} articles is over the limit of {settings.max_documents}", "documents", "too_many_articles")
    names: dict[str, str] = {}
    out: list[Document] = []
    for field, doc, given in docs:
        size = len(doc.text) + len(doc.lead)
        if size > settings.max_chars:
            message = f"{field}: article of {size:,} characters is over the limit of {settings.max_chars:,}"
            raise ApiError(413, message, field, "article_too_long")
        if not doc.text.strip() and not doc.lead.strip():
            raise ApiError(422, f"{field}: empty article", field, "empty")
        name = doc.name
        if name in names:
            if given:
                raise ApiError(422, f"{field}: name {name!r} is also used by {names[name]}", field, "duplicate_name")
            n = 2
            while f"{name} ({n})" in names:
                n += 1
            name = f"{name} ({n})"
            doc = dataclasses.replace(doc, name=name)
        names[name] = field
        out.append(doc)
    return out


def _from_json(part: Part, position: int) -> tuple[str, Document, bool]:
    d = part.doc
    assert d is not None
    name = d.id or f"doc{position + 1}"
    if d.text is not None and d.html is not None:
        raise ApiError(422, f"{part.field}: give either text or html, not both", part.field, "invalid_field")
    if d.html is not None:
        field = f"{part.field}.html"
        if not d.html.strip():
            raise ApiError(422, f"{field}: empty page", field, "empty")
        try:
            title, text = extract(d.html, name)
        except TomtatError as e:
            raise ApiError(422, str(e), field, code_for(str(e), "unreadable_file")) from None
        return field, Document(text=text, title=d.title or title, lead=d.lead or "", name=name), d.id is not None
    if d.text is None:
        raise ApiError(422, f"{part.field}: an article needs text or html", part.field, "invalid_field")
    field = f"{part.field}.text"
    try:
        doc = text_document(d.text, name)  # pasted page source is read as a page, as from a file
    except TomtatError as e:
        raise ApiError(422, str(e), field, code_for(str(e), "unreadable_file")) from None
    return field, dataclasses.replace(doc, title=d.title or doc.title, lead=d.lead or ""), d.id is not None


def _jsonl_cluster(part: Part) -> list[Document]:
    """An uploaded .jsonl holds one AbMuSu cluster; more clusters belong to /v1/summarize/batch."""
    text = decode_text(part.data, part.filename).text
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) != 1:
        message = f"{part.filename}: holds {len(lines)} clusters; send one, or use /v1/summarize/batch"
        raise ApiError(422, message, part.field, "use_batch")
    item = parse_line(lines[0], part.filename)
    if item.error:
        raise ApiError(422, f"{part.filename}: {item.error}", part.field, "bad_json")
    return item.documents


def parse_line(line: str, label: str) -> ClusterInput:
    """One AbMuSu line by the shared reader; whatever it raises costs this line only."""
    try:
        return parse_abmusu(line, label)
    except RecursionError:  # json.loads on [[[[...: not a JSONDecodeError
        return ClusterInput(error="malformed JSON (nested too deeply)", label=label)
    except Exception as e:  # e.g. ValueError for an integer of over 4,300 digits
        log.warning("%s: unexpected error reading a JSON line: %r", label, e)
        what = "a number with too many digits" if "digits" in str(e) else type(e).__name__
        return ClusterInput(error=f"malformed JSON ({what})", label=label)


def warm_up() -> None:
    """Imports, the model and caches loaded before the first request (in the fork server)."""
    from tomtat.api import summarize

    try:
        summarize(example_documents(), method=None)
        import trafilatura  # noqa: F401  # 0.2 s, better spent before the first saved page arrives
    except ImportError:
        pass
    except Exception:  # a failed warm-up only means a slower first request
        log.warning("warm-up summary failed", exc_info=True)


def example_documents() -> list[dict[str, str]]:
    folder = resources.files("tomtat.data") / "example"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
    return [{"id": f.name, "text": decode(f.read_bytes(), f.name)} for f in files]
