"""The HTTP service: the web page and a JSON API over :func:`tomtat.summarize`.

Requests are read and checked here; the summarizing is the library's, run in a
worker thread under a time limit so that the event loop keeps answering.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from anyio import to_thread
from fastapi import FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from tomtat import __version__, methods
from tomtat.api import summarize, summarize_batch
from tomtat.read import ClusterInput, parse_abmusu
from tomtat.read.encoding import decode
from tomtat.read.html import HTML_SUFFIXES, extract, read_html
from tomtat.serve import errors
from tomtat.serve.errors import ApiError, validation_error
from tomtat.serve.logs import AccessLog
from tomtat.serve.schemas import (
    DocumentIn,
    ErrorOut,
    ExampleOut,
    HealthOut,
    MethodsOut,
    SummarizeRequest,
    SummaryOut,
)
from tomtat.serve.settings import Settings
from tomtat.types import Document, Summary, TomtatError

log = logging.getLogger("tomtat.serve")

STATIC = Path(__file__).parent / "static"
JSON_TYPES = ("application/json",)
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")  # curl -F, and curl -d text=...
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines", "text/plain")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
LENGTH_FIELDS = ("words", "sentences", "ratio")
# The page's script, style and requests are all its own: nothing from elsewhere, nothing inline.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        400: "malformed JSON or multipart body",
        413: "request, article count or article length over the limit",
        415: "wrong content type or file type",
        422: "invalid field, empty or non-Vietnamese input",
        500: "internal error (no details are sent)",
        504: "the summary took longer than the time limit",
    }.items()
}


@dataclass
class _Part:
    """One input of a request before it becomes Documents: a JSON article or an uploaded file."""

    field: str
    doc: DocumentIn | None = None
    filename: str = ""
    data: bytes = b""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    limiter: list[anyio.CapacityLimiter] = []  # made on first use, inside the event loop

    def capacity() -> anyio.CapacityLimiter:
        if not limiter:
            limiter.append(anyio.CapacityLimiter(settings.concurrency))
        return limiter[0]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await to_thread.run_sync(_warm_up)  # first user request should not pay for model loading
        yield

    app = FastAPI(
        title="tomtat",
        version=__version__,
        description="Summaries of several Vietnamese news articles about one story, with the source of every sentence.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the schema is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    if settings.access_log:
        app.add_middleware(AccessLog)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    async def run_limited(work: Any, timeout: float) -> Any:
        """``work()`` in a worker thread; past ``timeout`` the client gets 504 and the thread is left to finish."""
        try:
            with anyio.fail_after(timeout):
                return await to_thread.run_sync(work, abandon_on_cancel=True, limiter=capacity())
        except TimeoutError:
            raise ApiError(504, f"the summary took longer than the time limit of {timeout:g} s") from None

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    @app.get("/healthz", response_model=HealthOut, tags=["service"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/v1/methods", response_model=MethodsOut, tags=["summaries"])
    async def list_methods() -> dict[str, Any]:
        """The summarization methods; ``default`` is used when a request names none."""
        return {
            "default": methods.DEFAULT_METHOD,
            "methods": [
                {"name": m.name, "description": m.description, "default": m.name == methods.DEFAULT_METHOD}
                for m in methods.REGISTRY.values()
            ],
        }

    @app.get("/v1/example", response_model=ExampleOut, response_model_exclude_none=True, tags=["summaries"])
    async def example() -> dict[str, Any]:
        """The example cluster bundled with tomtat (three short articles), ready to POST to /v1/summarize."""
        return {"documents": _example_documents()}

    @app.post(
        "/v1/summarize",
        tags=["summaries"],
        responses={200: {"model": SummaryOut, "description": "the summary, as `tomtat summarize --json`"}, **_ERRORS},
        openapi_extra={"requestBody": _SUMMARIZE_BODY},
    )
    async def summarize_one(request: Request) -> Response:
        """Summarize one cluster: JSON, or a multipart upload of .txt, .html and .jsonl files."""
        kind = _content_type(request, JSON_TYPES + FORM_TYPES)
        body = await _read_body(request, settings.max_request_bytes)
        if kind in FORM_TYPES:
            parts, options = await _form_input(request, body)
        else:
            parts, options = _json_input(body)
        if len(parts) > settings.max_documents:
            raise ApiError(413, f"{len(parts)} articles is over the limit of {settings.max_documents}", "documents")
        method = _check_method(options.get("method"))

        def work() -> Summary:
            docs = _documents(parts, settings)
            try:
                return summarize(docs, method=method, id=options.get("id"), **{k: options.get(k) for k in LENGTH_FIELDS})
            except TomtatError as e:
                raise ApiError(422, str(e), "documents") from None

        summary = await run_limited(_guarded(work), settings.timeout)
        return _json_response(summary.to_dict(sources=True))

    @app.post(
        "/v1/summarize/batch",
        tags=["summaries"],
        responses={200: {"content": {"application/x-ndjson": {"example": _BATCH_OUT}}, "description": _BATCH_OUT_TEXT}, **_ERRORS},
        openapi_extra={"requestBody": _BATCH_BODY},
    )
    async def summarize_many(
        request: Request,
        method: str | None = Query(None, description="summarization method (default: the service's default)"),
        words: int | None = Query(None, gt=0, le=10_000, description="about this many syllables"),
        sentences: int | None = Query(None, gt=0, le=1_000, description="at most this many sentences"),
        ratio: float | None = Query(None, gt=0, le=1, description="a share of the input length"),
        sources: bool = Query(False, description="add each cluster's cleaned articles (what offsets point into)"),
    ) -> StreamingResponse:
        """Summarize AbMuSu JSON Lines, one cluster a line; answers JSON Lines in input order, streamed as they are done.

        A cluster that cannot be summarized gets a line ``{"id"?, "error"}``; the others still come out.
        """
        _content_type(request, JSONL_TYPES + JSON_TYPES)
        options = _length_options({"words": words, "sentences": sentences, "ratio": ratio})
        method = _check_method(method)
        body = await _read_body(request, settings.max_batch_bytes)
        text = _body_text(body)
        lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        if not lines:
            raise ApiError(422, "no clusters in the request body (one AbMuSu JSON object a line)", "body")
        if len(lines) > settings.max_clusters:
            raise ApiError(413, f"{len(lines)} clusters is over the limit of {settings.max_clusters} per request", "body")
        items = [_limit_cluster(_parse_line(line, f"line {n}"), settings) for n, line in lines]
        stream = _batch_lines(items, dict(method=method, **options), sources, settings.batch_timeout, capacity)
        return StreamingResponse(stream, media_type="application/x-ndjson")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            # The summarize body is read by hand (JSON or multipart); its model goes into the schema here.
            request_schema = SummarizeRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(request_schema.pop("$defs", {}))
            components["SummarizeRequest"] = request_schema
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def create_app_from_env() -> FastAPI:
    """The app as uvicorn's worker processes build it: settings from TOMTAT_* variables."""
    return create_app(Settings.from_env())


def _warm_up() -> None:
    try:
        summarize(_example_documents(), method=None)
        import trafilatura  # noqa: F401  # 0.2 s, better spent before the first saved page arrives
    except ImportError:
        pass
    except Exception:  # a failed warm-up only means a slower first request
        log.warning("warm-up summary failed", exc_info=True)


def _example_documents() -> list[dict[str, str]]:
    folder = resources.files("tomtat.data") / "example"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
    return [{"id": f.name, "text": decode(f.read_bytes(), f.name)} for f in files]


def _guarded(work: Any) -> Any:
    """``work`` with unexpected exceptions logged and turned into a bare 500."""

    def run() -> Any:
        try:
            return work()
        except ApiError:
            raise
        except Exception:
            log.exception("unexpected error while summarizing")
            raise ApiError(500, "internal error while summarizing; the server log has the details") from None

    return run


def _json_response(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"), media_type="application/json")


def _content_type(request: Request, accepted: tuple[str, ...]) -> str:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in accepted:
        shown = repr(kind) if kind else "none"
        wanted = " or ".join(a for a in accepted if a not in ("text/plain", "application/x-www-form-urlencoded"))
        raise ApiError(415, f"content type {shown} is not accepted here; send {wanted}", "Content-Type")
    return kind


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to be over ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "invalid Content-Length header", "Content-Length")
        if int(declared) > limit:
            raise ApiError(413, f"request body of {int(declared):,} bytes is over the limit of {limit:,} bytes", "body")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # chunked uploads declare no length
            raise ApiError(413, f"request body is over the limit of {limit:,} bytes", "body")
        chunks.append(chunk)
    return b"".join(chunks)


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ApiError(400, f"request body is not UTF-8 (byte {e.start})", "body") from None


def _json_input(body: bytes) -> tuple[list[_Part], dict[str, Any]]:
    if not body.strip():
        raise ApiError(400, "empty request body; send a JSON object with 'documents'", "body")
    try:
        obj = json.loads(_body_text(body))
    except json.JSONDecodeError as e:
        raise ApiError(400, f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}", "body") from None
    except RecursionError:
        raise ApiError(400, "malformed JSON: nested too deeply", "body") from None
    if not isinstance(obj, dict):
        raise ApiError(422, f"expected a JSON object with 'documents', got {type(obj).__name__}", "body")
    try:
        req = SummarizeRequest.model_validate(obj)
    except ValidationError as e:
        raise validation_error(e.errors()) from None
    options = _length_options({k: getattr(req, k) for k in LENGTH_FIELDS})
    options.update(method=req.method, id=req.id)
    return [_Part(f"documents[{k}]", doc=d) for k, d in enumerate(req.documents)], options


async def _form_input(request: Request, body: bytes) -> tuple[list[_Part], dict[str, Any]]:
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
        parts: list[_Part] = []
        raw_options: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key, value in form.multi_items():
            k = seen[key] = seen.get(key, -1) + 1
            at = f"{key}[{k}]"
            if isinstance(value, UploadFile):
                name = Path(value.filename or f"file{len(parts) + 1}").name
                if not name.lower().endswith(TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES):
                    raise ApiError(415, f"{name}: not a .txt, .html or .jsonl file", at)
                parts.append(_Part(at, filename=name, data=await value.read()))
            elif key == "text":
                parts.append(_Part(at, doc=DocumentIn(text=value)))
            elif key == "document":
                try:
                    parts.append(_Part(at, doc=DocumentIn.model_validate_json(value)))
                except ValidationError as e:
                    first = e.errors()[0]
                    field = at + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
                    status = 400 if first["type"] == "json_invalid" else 422
                    raise ApiError(status, f"{field}: {first['msg']}", field) from None
            elif key in LENGTH_FIELDS + ("method", "id"):
                raw_options[key] = value
            else:
                raise ApiError(422, f"unknown form field {key!r}; send files, text, document, method, words, sentences or ratio", key)
    finally:
        await form.close()
    if not parts:
        raise ApiError(422, "no articles: upload .txt, .html or .jsonl files, or send text fields", "files")
    try:
        req = SummarizeRequest.model_validate({"documents": [{}], **raw_options})
    except ValidationError as e:
        raise validation_error(e.errors()) from None
    options = _length_options({k: getattr(req, k) for k in LENGTH_FIELDS})
    options.update(method=req.method, id=req.id)
    return parts, options


def _length_options(values: dict[str, Any]) -> dict[str, Any]:
    given = [k for k, v in values.items() if v is not None]
    if len(given) > 1:
        raise ApiError(422, f"give one length: {' or '.join(given)}, not both", given[1])
    return values


def _check_method(name: str | None) -> str | None:
    try:
        methods.get(name)
    except TomtatError as e:
        raise ApiError(422, str(e), "method") from None
    return name


def _documents(parts: list[_Part], settings: Settings) -> list[Document]:
    """The request's articles as Documents, each checked against the limits (runs in the worker thread)."""
    docs: list[tuple[str, Document, bool]] = []  # field, document, whether its name was given
    for part in parts:
        try:
            if part.doc is not None:
                docs.append(_from_json(part, len(docs)))
            elif part.filename.lower().endswith(HTML_SUFFIXES):
                docs.append((part.field, read_html(part.data, part.filename), False))
            elif part.filename.lower().endswith(JSONL_SUFFIXES):
                docs.extend((part.field, d, True) for d in _jsonl_cluster(part))
            else:
                docs.append((part.field, Document(text=decode(part.data, part.filename), name=part.filename), False))
        except TomtatError as e:
            raise ApiError(422, str(e), part.field) from None
    if len(docs) > settings.max_documents:
        raise ApiError(413, f"{len(docs)} articles is over the limit of {settings.max_documents}", "documents")
    names: dict[str, str] = {}
    out: list[Document] = []
    for field, doc, given in docs:
        size = len(doc.text) + len(doc.lead)
        if size > settings.max_chars:
            raise ApiError(413, f"{field}: article of {size:,} characters is over the limit of {settings.max_chars:,}", field)
        if not doc.text.strip() and not doc.lead.strip():
            raise ApiError(422, f"{field}: empty article", field)
        name = doc.name
        if name in names:
            if given:
                raise ApiError(422, f"{field}: name {name!r} is also used by {names[name]}", field)
            n = 2
            while f"{name} ({n})" in names:
                n += 1
            name = f"{name} ({n})"
            doc = Document(doc.text, doc.title, doc.lead, name)
        names[name] = field
        out.append(doc)
    return out


def _from_json(part: _Part, position: int) -> tuple[str, Document, bool]:
    d = part.doc
    assert d is not None
    name = d.id or f"doc{position + 1}"
    if d.text is not None and d.html is not None:
        raise ApiError(422, f"{part.field}: give either text or html, not both", part.field)
    if d.html is not None:
        field = f"{part.field}.html"
        if not d.html.strip():
            raise ApiError(422, f"{field}: empty page", field)
        try:
            title, text = extract(d.html, name)
        except TomtatError as e:
            raise ApiError(422, str(e), field) from None
        return field, Document(text=text, title=d.title or title, lead=d.lead or "", name=name), d.id is not None
    if d.text is None:
        raise ApiError(422, f"{part.field}: an article needs text or html", part.field)
    return f"{part.field}.text", Document(text=d.text, title=d.title or "", lead=d.lead or "", name=name), d.id is not None


def _jsonl_cluster(part: _Part) -> list[Document]:
    """An uploaded .jsonl holds one AbMuSu cluster; more clusters belong to /v1/summarize/batch."""
    text = decode(part.data, part.filename)
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) != 1:
        raise TomtatError(f"{part.filename}: holds {len(lines)} clusters; send one, or use /v1/summarize/batch")
    item = _parse_line(lines[0], part.filename)
    if item.error:
        raise TomtatError(f"{part.filename}: {item.error}")
    return item.documents


def _parse_line(line: str, label: str) -> ClusterInput:
    try:
        return parse_abmusu(line, label)
    except RecursionError:  # json.loads on [[[[...: not a JSONDecodeError
        return ClusterInput(error="malformed JSON (nested too deeply)", label=label)


def _limit_cluster(item: ClusterInput, settings: Settings) -> ClusterInput:
    """A batch cluster over a limit is one error line, not a failed request."""
    if item.error:
        return item
    if len(item.documents) > settings.max_documents:
        item.error = f"{len(item.documents)} articles is over the limit of {settings.max_documents}"
    for k, d in enumerate(item.documents):
        if not item.error and len(d.text) + len(d.lead) > settings.max_chars:
            item.error = f"article {k + 1} of {len(d.text) + len(d.lead):,} characters is over the limit of {settings.max_chars:,}"
    return item


async def _batch_lines(
    items: list[ClusterInput], options: dict[str, Any], sources: bool, timeout: float, capacity: Any
) -> AsyncIterator[bytes]:
    """JSON Lines from the CLI's batch generator, one cluster at a time in a worker thread, under one deadline."""
    deadline = anyio.current_time() + timeout
    done = 0
    results: Iterator[tuple[ClusterInput, Summary | str]] = summarize_batch(items, **options)
    while done < len(items):
        row: dict[str, Any] | None = None
        with anyio.move_on_after(deadline - anyio.current_time()):
            try:
                pair = await to_thread.run_sync(next, results, None, abandon_on_cancel=True, limiter=capacity())
            except Exception:  # not a TomtatError: the generator is dead; report and go on without it
                log.exception("unexpected error in batch, line %s", items[done].label)
                pair = (items[done], "internal error; the server log has the details")
                results = summarize_batch(items[done + 1 :], **options)
            if pair is not None:
                item, result = pair
                row = result.to_dict(sources=sources) if isinstance(result, Summary) else _error_row(item, result)
        if row is None:
            break
        done += 1
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    for item in items[done:]:
        yield (json.dumps(_error_row(item, f"not summarized: the request ran past its time limit of {timeout:g} s"), ensure_ascii=False) + "\n").encode("utf-8")


def _error_row(item: ClusterInput, message: str) -> dict[str, Any]:
    return {"error": message} if item.id is None else {"id": item.id, "error": message}


_SUMMARIZE_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/SummarizeRequest"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": ".txt articles (any encoding tomtat reads), saved .html pages, or a .jsonl holding one AbMuSu cluster",
                    },
                    "text": {"type": "string", "description": "an article as plain text (repeatable)"},
                    "document": {"type": "string", "description": "an article as a JSON object like documents[] above (repeatable)"},
                    "method": {"type": "string"},
                    "words": {"type": "integer"},
                    "sentences": {"type": "integer"},
                    "ratio": {"type": "number"},
                },
            }
        },
    },
}
_BATCH_IN = (
    '{"id": "c1", "single_documents": [{"title": "...", "anchor_text": "...", "raw_text": "..."}, {"raw_text": "..."}]}\n'
    '{"id": "c2", "single_documents": [{"raw_text": "..."}]}\n'
)
_BATCH_BODY: dict[str, Any] = {
    "required": True,
    "content": {"application/x-ndjson": {"schema": {"type": "string"}, "example": _BATCH_IN}},
}
_BATCH_OUT = '{"id": "c1", "summary": "...", "sentences": [...], "method": "learned", ...}\n{"id": "c2", "error": "no text left after cleaning: ..."}\n'
_BATCH_OUT_TEXT = "one JSON object a line, in input order: a summary (as `tomtat summarize --json`, articles only with sources=true) or an error"
