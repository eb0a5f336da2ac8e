"""Reading requests: content types, bodies under size and time limits, JSON, forms and JSON Lines.

Only the request's shape is checked here (in the server process); article content is read where
it can be stopped (``tomtat.serve.jobs``, in a summarizing process).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
from fastapi import Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect

from tomtat.options import Options, OptionsError
from tomtat.read import FILE_SUFFIXES, ClusterInput, source_names
from tomtat.serve.errors import DISCONNECTED, ApiError, validation_error
from tomtat.serve.jobs import Part, parse_line
from tomtat.serve.schemas import DocumentIn, SummarizeRequest
from tomtat.serve.settings import Settings
from tomtat.records import TomtatError

JSON_TYPES = ("application/json",)
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")  # curl -F, and curl -d text=...
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines", "text/plain")
OPTION_FIELDS = ("method", "words", "sentences", "ratio", "params")


def content_type(request: Request, accepted: tuple[str, ...]) -> str:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in accepted:
        shown = repr(kind) if kind else "none"
        wanted = " or ".join(a for a in accepted if a not in ("text/plain", "application/x-www-form-urlencoded"))
        raise ApiError(415, f"content type {shown} is not accepted here; send {wanted}", "Content-Type", "unsupported_media_type")
    return kind


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The body, refused with 413 as soon as it is known to be over ``limit`` bytes, and with 408
    when it has not all arrived ``timeout`` seconds after the request began (a trickling client)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "invalid Content-Length header", "Content-Length", "bad_header")
        if int(declared) > limit:
            raise ApiError(413, f"request body of {int(declared):,} bytes is over the limit of {limit:,} bytes", "body", "too_large")
    chunks: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:  # chunked uploads declare no length
                    raise ApiError(413, f"request body is over the limit of {limit:,} bytes", "body", "too_large")
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(408, f"the request body did not arrive within {timeout:g} s", "body", "request_timeout") from None
    except ClientDisconnect:
        raise ApiError(DISCONNECTED, "the client closed the connection while sending", "body", "disconnected") from None
    return b"".join(chunks)


def body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ApiError(400, f"request body is not UTF-8 (byte {e.start})", "body", "bad_encoding") from None


def json_input(body: bytes) -> tuple[list[Part], Options, str | None]:
    """A /v1/summarize JSON body (runs in a worker thread: a 5 MB body is not parsed on the event loop)."""
    if not body.strip():
        raise ApiError(400, "empty request body; send a JSON object with 'documents'", "body", "empty_body")
    try:
        obj = json.loads(body_text(body))
    except json.JSONDecodeError as e:
        raise ApiError(400, f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}", "body", "bad_json") from None
    except RecursionError:
        raise ApiError(400, "malformed JSON: nested too deeply", "body", "bad_json") from None
    except ValueError:  # Python's cap on integer conversion (4,300 digits)
        raise ApiError(400, "malformed JSON: a number with too many digits", "body", "bad_json") from None
    where = lone_surrogate(obj)
    if where is not None:
        raise ApiError(400, f"{where or 'body'}: a lone surrogate escape (like \\ud800) is not a character", where or "body", "bad_json")
    if not isinstance(obj, dict):
        raise ApiError(422, f"expected a JSON object with 'documents', got {type(obj).__name__}", "body", "invalid_field")
    try:
        req = SummarizeRequest.model_validate(obj)
    except ValidationError as e:
        raise validation_error(e.errors()) from None
    # The records as sent (their shape checked above): read in the summarizing process by the library's reader.
    return [Part(f"documents[{k}]", record=d) for k, d in enumerate(obj["documents"])], build_options(req), req.id


def lone_surrogate(obj: Any) -> str | None:
    """Path of the first string (or key) holding a lone surrogate, which no encoding can write; '' for the top."""
    stack: list[tuple[Any, str]] = [(obj, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if not _encodable(value):
                return path
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if not _encodable(key):
                    return path
                stack.append((item, f"{path}.{key}" if path else key))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{k}]") for k, item in reversed(list(enumerate(value))))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def form_input(request: Request, body: bytes) -> tuple[list[Part], Options, str | None]:
    """Files (.txt, .html, .jsonl) and form fields: ``text``, ``document`` (a JSON article), options."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=100_000, max_fields=100_000, max_part_size=len(body) + 1)
    try:
        parts: list[Part] = []
        raw_options: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key, value in form.multi_items():
            k = seen[key] = seen.get(key, -1) + 1
            at = f"{key}[{k}]"
            if isinstance(value, UploadFile):
                path = (value.filename or f"file{len(parts) + 1}").replace("\\", "/")  # a folder upload sends x/1.txt
                name = Path(path).name
                if not name.lower().endswith(FILE_SUFFIXES):
                    raise ApiError(415, f"{name}: not a .txt, .html or .jsonl file", at, "unsupported_file")
                parts.append(Part(at, filename=name, data=await value.read(), name=path))
            elif key == "text":
                parts.append(Part(at, record={"text": value}))
            elif key == "document":
                try:
                    DocumentIn.model_validate_json(value)
                except ValidationError as e:
                    first = e.errors()[0]
                    field = at + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
                    if first["type"] == "json_invalid":
                        raise ApiError(400, f"{field}: {first['msg']}", field, "bad_json") from None
                    raise ApiError(422, f"{field}: {first['msg']}", field, "invalid_field") from None
                try:  # the record as sent, its shape checked: read by the library's reader
                    parts.append(Part(at, record=json.loads(value)))
                except ValueError:  # an id of over 4,300 digits
                    raise ApiError(400, f"{at}: malformed JSON: a number with too many digits", at, "bad_json") from None
            elif key in OPTION_FIELDS + ("id",):
                raw_options[key] = value if key != "params" else json_params(value, at)
            else:
                message = f"unknown form field {key!r}; send files, text, document, method, params, words, sentences or ratio"
                raise ApiError(422, message, key, "invalid_field")
    finally:
        await form.close()
    if not parts:
        raise ApiError(422, "no articles: upload .txt, .html or .jsonl files, or send text fields", "files", "no_articles")
    uploads = [p for p in parts if p.record is None]
    for part, name in zip(uploads, source_names([Path("/", p.name) for p in uploads])):  # rooted: no server folder shows
        part.name = name  # as the CLI names files: 1.txt, or x/1.txt and y/1.txt when two share a name
    try:
        req = SummarizeRequest.model_validate({"documents": [{}], **raw_options})
    except ValidationError as e:
        raise validation_error(e.errors()) from None
    return parts, build_options(req), req.id


def build_options(values: Any) -> Options:
    """The summary's ``Options`` from a request's option fields; the library's rules, its messages."""
    try:
        return Options.build(**{k: getattr(values, k, None) for k in OPTION_FIELDS})
    except OptionsError as e:
        field = e.field.split(".")[0]
        code = "conflicting_lengths" if "give one length" in str(e) else "unknown_method" if field == "method" else "invalid_field"
        raise ApiError(422, str(e), e.field, code) from None


def json_params(text: str | None, where: str = "params") -> dict[str, Any] | None:
    """Method parameters sent as a JSON object in a form field or a query parameter."""
    if text is None or not text.strip():
        return None
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError):
        raise ApiError(400, f"{where}: expected a JSON object like {{\"link\": 0.2}}", where, "bad_json") from None
    if not isinstance(value, dict):
        raise ApiError(422, f"{where}: expected a JSON object like {{\"link\": 0.2}}", where, "invalid_field")
    return value


def batch_input(body: bytes, settings: Settings) -> list[ClusterInput]:
    """The clusters of a batch body, one a line; a line that cannot be read is that line's error.
    Runs in a worker thread: a 50 MB body is not parsed on the event loop."""
    text = body_text(body)
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not lines:
        raise ApiError(422, "no clusters in the request body (one AbMuSu JSON object a line)", "body", "no_articles")
    if len(lines) > settings.max_clusters:
        message = f"{len(lines)} clusters is over the limit of {settings.max_clusters} per request"
        raise ApiError(413, message, "body", "too_many_clusters")
    return [limit_cluster(parse_line(line, f"line {n}"), settings) for n, line in lines]


def stream_input(body: bytes, settings: Settings) -> bytes:
    """A /v1/stories body, one article a line, checked for its shape only: lines are read where a time limit
    can stop the work (``jobs.stories_request``). Runs in a worker thread, as ``batch_input`` does."""
    lines = sum(1 for line in body.split(b"\n") if line.strip())
    if not lines:
        raise ApiError(422, "no articles in the request body (one JSON article a line)", "body", "no_articles")
    if lines > settings.max_clusters:  # a cluster line holds several articles: counted again once read
        message = f"{lines} articles is over the limit of {settings.max_clusters} per request"
        raise ApiError(413, message, "body", "too_many_articles")
    return body


def limit_cluster(item: ClusterInput, settings: Settings) -> ClusterInput:
    """A batch cluster over a limit is one error line, not a failed request."""
    if item.error:
        return item
    if len(item.documents) > settings.max_documents:
        item.error = f"{len(item.documents)} articles is over the limit of {settings.max_documents}"
    for k, d in enumerate(item.documents):
        size = len(d.text) + len(d.lead) if isinstance(d.text, str) and isinstance(d.lead, str) else 0
        if not item.error and size > settings.max_chars:
            item.error = f"article {k + 1} of {size:,} characters is over the limit of {settings.max_chars:,}"
    return item
