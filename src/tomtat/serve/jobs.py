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
from tomtat.read import ClusterInput, is_cluster_file, jsonl_clusters, parse_abmusu, read_bytes, stream_items
from tomtat.read.encoding import decode
from tomtat.read.records import TEXT_KEYS, RecordError, UnreadableField, read_record
from tomtat.serve.errors import ApiError, code_for
from tomtat.serve.settings import Settings
from tomtat.stream.stories import stories
from tomtat.write import batch_line, json_text
from tomtat.records import BatchResult, Document, Summary, TomtatError

log = logging.getLogger("tomtat.serve")

Summarizer = Callable[..., Summary]
INTERNAL = "internal error; the server log has the details"


@dataclass
class Part:
    """One input of a request before it becomes Documents: an article record (JSON, its shape checked
    by ``schemas.DocumentIn``) or an uploaded file."""

    field: str
    record: dict[str, Any] | None = None
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

    result = next(summarize_batch([item], options, summarizer=guarded))
    return batch_line(result, sources).encode("utf-8"), (crash[0] if crash else None)


def stories_request(summarize: Summarizer, body: bytes, options: Options, sources: bool, settings: Settings) -> bytes:
    """The JSON answer of /v1/stories: the body's articles read as ``tomtat stories`` reads a JSON Lines file,
    grouped into stories by :func:`tomtat.stories`. A line or article that cannot be used (unreadable,
    over the length limit, an id seen before) is named in ``skipped`` and the rest go on; only a body with no
    usable article at all is refused.

    ``summarize`` is not used: the stories API summarizes with the library's own function.
    """
    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for item in stream_items(body):
        doc = item.document
        if doc is None:
            skipped.append((item.label, item.error or "unreadable line"))
            continue
        size = len(doc.text) + len(doc.lead)
        if size > settings.max_chars:  # one long article costs only itself, as in a batch
            skipped.append((doc.name or item.label, f"article of {size:,} characters is over the limit of {settings.max_chars:,}"))
            continue
        docs.append(doc)
    if len(docs) > settings.max_clusters:
        message = f"{len(docs)} articles is over the limit of {settings.max_clusters} per request"
        raise ApiError(413, message, "body", "too_many_articles")
    if not docs:
        first = f" ({skipped[0][0]}: {skipped[0][1]})" if skipped else ""
        raise ApiError(422, f"no articles could be read from the request body{first}", "body", "no_articles")
    result = stories(docs, options)
    stories_out: list[dict[str, Any]] = []
    for story in result.stories:
        d = story.to_dict()
        if sources and story.summary is not None:
            d["cleaned_articles"] = [a.to_dict() for a in story.summary.articles]
        stories_out.append(d)
    skipped_out = [{"article": label, "error": why} for label, why in skipped + result.skipped]
    # Written as `tomtat stories` writes its lines (write.story_line): the same stories, character for character.
    return json_text({"stories": stories_out, "skipped": skipped_out}).encode("utf-8")


def error_line(item: ClusterInput, message: str) -> bytes:
    """The batch line of a cluster that was not summarized, as the CLI writes it."""
    return batch_line(BatchResult(error=message, id=item.id, label=item.label)).encode("utf-8")


def documents(parts: list[Part], settings: Settings) -> list[Document]:
    """The request's articles as Documents, each checked against the limits; same names told apart.
    Records and files are read by the library's readers, as the CLI and the library read them."""
    docs: list[tuple[str, Document, bool]] = []  # field, document, whether its name was given
    for part in parts:
        if part.record is not None:
            docs.append(_from_json(part, len(docs)))
            continue
        try:
            if is_cluster_file(part.filename):
                docs.extend((part.field, d, True) for d in _jsonl_cluster(part))
            else:  # as the CLI reads a file (markup in a .txt is read as the page it is)
                docs.append((part.field, read_bytes(part.data, part.filename, part.name or part.filename), False))
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
    """An article record by the library's record reader; the field at fault named as the request spells it."""
    record = part.record
    assert record is not None
    given = next((k for k in ("html", *TEXT_KEYS) if record.get(k) is not None), None)
    if given is None:  # the request's shape: an article is its text or its page
        raise ApiError(422, f"{part.field}: an article needs text or html", part.field, "invalid_field")
    try:
        doc = read_record(record, position, where=part.field)
    except UnreadableField as e:
        field = f"{part.field}.{e.key or given}"
        raise ApiError(422, str(e), field, code_for(str(e), "unreadable_file")) from None
    except RecordError as e:
        field = f"{part.field}.{e.key}" if e.key else part.field
        raise ApiError(422, str(e), field, "invalid_field") from None
    named = any(record.get(k) not in (None, "") for k in ("id", "name"))
    return f"{part.field}.{given}", doc, named


def _jsonl_cluster(part: Part) -> list[Document]:
    """An uploaded .jsonl holds one AbMuSu cluster, read as the CLI reads JSON Lines; more belong to /v1/summarize/batch."""
    items = list(jsonl_clusters(part.data, part.filename, label=part.filename))
    if len(items) != 1:
        message = f"{part.filename}: holds {len(items)} clusters; send one, or use /v1/summarize/batch"
        raise ApiError(422, message, part.field, "use_batch")
    if items[0].error:
        raise ApiError(422, f"{part.filename}: {items[0].error}", part.field, "bad_json")
    return items[0].documents


def parse_line(line: str, label: str) -> ClusterInput:
    """One AbMuSu line by the shared reader, which turns whatever is wrong with it into the line's error."""
    return parse_abmusu(line, label)


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
