"""The HTTP service: the web page and a JSON API over :func:`tomtat.summarize` and :func:`tomtat.stories`.

Requests are read and checked here (``inputs``); the summarizing runs in a small pool of worker
processes (``pool``), under a time limit that stops the work, so the event loop keeps answering.
Every response carries security headers and every POST must come from this server's own page or
from a program (``security``). Error codes: ``tomtat.serve.errors``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import anyio
from anyio import to_thread
from fastapi import FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from tomtat import __version__, methods
from tomtat.api import summarize as library_summarize
from tomtat.options import Options
from tomtat.read import ClusterInput
from tomtat.serve import errors, inputs, jobs
from tomtat.serve.errors import DISCONNECTED, ApiError
from tomtat.serve.logs import AccessLog
from tomtat.serve.pool import SummaryPool
from tomtat.serve.schemas import ErrorOut, ExampleOut, HealthOut, MethodsOut, StoriesOut, SummarizeRequest, SummaryOut
from tomtat.serve.security import Guard
from tomtat.serve.settings import Settings
from tomtat.records import Summary

log = logging.getLogger("tomtat.serve")

STATIC = Path(__file__).parent / "static"

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        400: "malformed JSON or multipart body",
        403: "a POST from another site's page",
        408: "the request body did not arrive in time",
        413: "request, article count or article length over the limit",
        415: "wrong content type or file type",
        422: "invalid field, empty or non-Vietnamese input",
        500: "internal error (no details are sent)",
        504: "the summary took longer than the time limit (its work is stopped)",
    }.items()
}


def create_app(settings: Settings | None = None, summarize: Callable[..., Summary] = library_summarize) -> FastAPI:
    """The ASGI app. ``summarize`` stands in for :func:`tomtat.summarize` (tests: a slow one); it runs in
    the worker processes, so it must be a module-level function."""
    settings = settings or Settings()
    pool = SummaryPool(settings.concurrency, summarize)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with pool.running():  # forks the summarizing processes, with the model loaded
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
    app.state.pool = pool
    errors.install(app)
    app.add_middleware(errors.CatchAll)  # innermost of ours; then the origin check and headers, then the log
    app.add_middleware(Guard)
    if settings.access_log:
        app.add_middleware(AccessLog)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/healthz", response_model=HealthOut, tags=["service"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/v1/methods", response_model=MethodsOut, tags=["summaries"])
    async def list_methods() -> dict[str, Any]:
        """The summarization methods; ``default`` is used when a request names none."""
        return {
            "default": methods.DEFAULT_METHOD,
            "methods": [
                {
                    "name": m.name,
                    "description": m.description,
                    "default": m.name == methods.DEFAULT_METHOD,
                    "params": {n: dataclasses.asdict(p) for n, p in m.params.items()},
                }
                for m in methods.REGISTRY.values()
            ],
        }

    @app.get("/v1/example", response_model=ExampleOut, response_model_exclude_none=True, tags=["summaries"])
    async def example() -> dict[str, Any]:
        """The example cluster bundled with tomtat (three short articles), ready to POST to /v1/summarize."""
        return {"documents": jobs.example_documents()}

    @app.post(
        "/v1/summarize",
        tags=["summaries"],
        responses={200: {"model": SummaryOut, "description": "the summary, as `tomtat summarize --json`"}, **_ERRORS},
        openapi_extra={"requestBody": _SUMMARIZE_BODY},
    )
    async def summarize_one(request: Request) -> Response:
        """Summarize one cluster: JSON, or a multipart upload of .txt, .html and .jsonl files."""
        kind = inputs.content_type(request, inputs.JSON_TYPES + inputs.FORM_TYPES)
        body = await inputs.read_body(request, settings.max_request_bytes, settings.body_timeout)
        if kind in inputs.FORM_TYPES:
            parts, options, summary_id = await inputs.form_input(request, body)
        else:
            parts, options, summary_id = await to_thread.run_sync(inputs.json_input, body)
        if len(parts) > settings.max_documents:
            message = f"{len(parts)} articles is over the limit of {settings.max_documents}"
            raise ApiError(413, message, "documents", "too_many_articles")

        async def work() -> bytes:
            try:
                with anyio.fail_after(settings.timeout):  # waiting for a free process included
                    return await pool.run(jobs.summarize_request, parts, options, summary_id, settings)  # type: ignore[no-any-return]
            except TimeoutError:
                raise ApiError(504, f"the summary took longer than the time limit of {settings.timeout:g} s; it was stopped") from None

        return Response(await _unless_client_leaves(request, work), media_type="application/json")

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
        params: str | None = Query(None, description='the method\'s parameters as a JSON object, e.g. {"link": 0.2} (GET /v1/methods)'),
        sources: bool = Query(False, description="add each cluster's cleaned articles (what offsets point into)"),
    ) -> StreamingResponse:
        """Summarize AbMuSu JSON Lines, one cluster a line; answers JSON Lines in input order, streamed as they are done.

        A cluster that cannot be summarized, or a line that cannot be read, gets a line ``{"id"?, "error"}``;
        the others still come out.
        """
        inputs.content_type(request, inputs.JSONL_TYPES + inputs.JSON_TYPES)
        options = inputs.build_options(
            SimpleNamespace(method=method, words=words, sentences=sentences, ratio=ratio, params=inputs.json_params(params))
        )
        body = await inputs.read_body(request, settings.max_batch_bytes, settings.body_timeout)
        items = await to_thread.run_sync(inputs.batch_input, body, settings)
        stream = _batch_lines(pool, items, options, sources, settings.batch_timeout)
        return StreamingResponse(stream, media_type="application/x-ndjson")

    @app.post(
        "/v1/stories",
        tags=["stories"],
        responses={200: {"model": StoriesOut, "description": "the stories the articles tell, newest first, and what was skipped"}, **_ERRORS},
        openapi_extra={"requestBody": _STORIES_BODY},
    )
    async def group_stories(
        request: Request,
        method: str | None = Query(None, description="summarization method for each story (default: the service's default)"),
        words: int | None = Query(None, gt=0, le=10_000, description="about this many syllables a summary"),
        sentences: int | None = Query(None, gt=0, le=1_000, description="at most this many sentences a summary"),
        ratio: float | None = Query(None, gt=0, le=1, description="a share of the story's length"),
        params: str | None = Query(None, description='the method\'s parameters as a JSON object, e.g. {"link": 0.2} (GET /v1/methods)'),
        sources: bool = Query(False, description="add each story's cleaned articles (what sentence and timeline offsets point into)"),
    ) -> Response:
        """Group a stream of articles into stories, as `tomtat stories` does: JSON Lines, one article record a
        line (AbMuSu cluster lines are read as their articles). Each story comes with a summary (the source of
        every sentence), a timeline and its names.

        A line or article that cannot be used is listed in ``skipped`` and the others still come out; only a
        body with no usable article is refused (422).
        """
        inputs.content_type(request, inputs.JSONL_TYPES + inputs.JSON_TYPES)
        options = inputs.build_options(
            SimpleNamespace(method=method, words=words, sentences=sentences, ratio=ratio, params=inputs.json_params(params))
        )
        body = await inputs.read_body(request, settings.max_batch_bytes, settings.body_timeout)
        body = await to_thread.run_sync(inputs.stream_input, body, settings)
        # A whole stream is a batch's worth of work (621 articles: 11 s), so it has the batch's time limit.
        timeout = settings.batch_timeout

        async def work() -> bytes:
            try:
                with anyio.fail_after(timeout):  # waiting for a free process included
                    return await pool.run(jobs.stories_request, body, options, sources, settings)  # type: ignore[no-any-return]
            except TimeoutError:
                raise ApiError(504, f"the stories took longer than the time limit of {timeout:g} s; the work was stopped") from None

        return Response(await _unless_client_leaves(request, work), media_type="application/json")

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


async def _unless_client_leaves(request: Request, work: Callable[[], Awaitable[bytes]]) -> bytes:
    """``work()``, cancelled (and its process stopped) if the client closes the connection first."""
    outcome: list[Any] = []

    async def run() -> None:
        try:
            outcome.append(await work())
        except Exception as e:
            outcome.append(e)
        tasks.cancel_scope.cancel()

    async def watch() -> None:
        while (await request.receive())["type"] != "http.disconnect":  # the body is read: only this can come
            pass
        tasks.cancel_scope.cancel()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run)
        tasks.start_soon(watch)
    if not outcome:
        raise ApiError(DISCONNECTED, "the client closed the connection before the summary was done", None, "disconnected")
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]  # type: ignore[no-any-return]


async def _batch_lines(
    pool: SummaryPool, items: list[ClusterInput], options: Options, sources: bool, timeout: float
) -> AsyncIterator[bytes]:
    """JSON Lines, one cluster at a time in a worker process, under one deadline for the request.

    Whatever happens to one cluster (an error, a crash, its process dying) is that cluster's line;
    past the deadline the cluster running is stopped and the rest get a line saying so.
    """
    deadline = anyio.current_time() + timeout
    for done, item in enumerate(items):
        if item.error:
            yield jobs.error_line(item, item.error)
            continue
        try:
            with anyio.fail_after(max(deadline - anyio.current_time(), 0)):
                line, crash = await pool.run(jobs.summarize_cluster, item, options, sources)
        except TimeoutError:
            message = f"not summarized: the request ran past its time limit of {timeout:g} s"
            for rest in items[done:]:
                yield jobs.error_line(rest, rest.error or message)
            return
        except ApiError as e:  # the pool's own failures (a process that died)
            line, crash = jobs.error_line(item, jobs.INTERNAL if e.status >= 500 else e.message), None
        except Exception:
            log.exception("unexpected error in batch, %s", item.label)
            line, crash = jobs.error_line(item, jobs.INTERNAL), None
        if crash:
            log.error("unexpected error in batch, %s", item.label, extra={"fields": {"exception": crash}})
        yield line


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
_STORIES_IN = (
    '{"id": "vtc-1", "title": "...", "text": "...", "published": "2022-04-22", "source": "VTC News"}\n'
    '{"id": "vnp-7", "html": "<html>...</html>", "published": "2022-04-26T10:30:00+07:00"}\n'
    '{"id": "c2", "single_documents": [{"raw_text": "..."}, {"raw_text": "..."}]}\n'
)
_STORIES_BODY: dict[str, Any] = {
    "required": True,
    "content": {"application/x-ndjson": {"schema": {"type": "string"}, "example": _STORIES_IN}},
}
_BATCH_OUT = '{"id": "c1", "summary": "...", "sentences": [...], "method": "learned", ...}\n{"id": "c2", "error": "no text left after cleaning: ..."}\n'
_BATCH_OUT_TEXT = "one JSON object a line, in input order: a summary (as `tomtat summarize --json`, articles only with sources=true) or an error"
