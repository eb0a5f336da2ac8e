"""Every error leaves the service as ``{"error": {"status", "message", "field", "code"}}``, never as a trace.

``message`` is one English line for people and logs and may change; ``code`` is stable, for programs
(the web page shows its own Vietnamese text for each code); ``field`` names the part of the request at
fault (``documents[2].text``, ``files[0]``, ``words``, ``body``, ``Content-Type``) or is null.

=====================  ======  =====================================================================
code                   status  meaning
=====================  ======  =====================================================================
bad_json               400     the body (or a ``document`` form field) is not valid JSON: syntax, nesting
                               too deep, a lone surrogate (``"\\ud800"``), a number of over 4,300 digits
bad_form               400     malformed multipart or urlencoded form body
bad_encoding           400     the request body is not UTF-8
bad_header             400     an invalid header (Content-Length not a number)
empty_body             400     no request body
cross_origin           403     a POST sent by a page of another site (Origin or Sec-Fetch-Site)
not_found              404     no such path
method_not_allowed     405     wrong HTTP method for the path
request_timeout        408     the request body did not arrive within the time limit
too_large              413     the request body is over the byte limit
too_many_articles      413     more articles than the limit
article_too_long       413     an article over the character limit
too_many_clusters      413     batch: more clusters than the limit
unsupported_media_type 415     a Content-Type the endpoint does not accept
unsupported_file       415     an upload that is not .txt, .html/.htm or .jsonl
unreadable_file        422     an upload tomtat cannot read: binary, unknown encoding, unparsable page
invalid_field          422     a field of the wrong type or value, or an unknown field
conflicting_lengths    422     more than one of words, sentences, ratio
unknown_method         422     a method not listed by GET /v1/methods
no_articles            422     no articles in the request
empty                  422     an empty article, file or page (no article text in an HTML page)
duplicate_name         422     two articles given the same id
use_batch              422     an uploaded .jsonl holds more than one cluster
no_text                422     nothing left after cleaning (only captions, bylines, boilerplate)
not_vietnamese         422     the articles do not look like Vietnamese
invalid_input          422     any other refusal of the input by the summarizer
internal               500     unexpected error (the details are in the server's log only)
timeout                504     the summary took longer than the time limit; its work was stopped
=====================  ======  =====================================================================

Batch output lines keep the CLI's shape ``{"id"?, "error": "..."}``; codes are for whole responses.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("tomtat.serve")

DEFAULT_CODES = {400: "bad_json", 403: "cross_origin", 404: "not_found", 405: "method_not_allowed", 408: "request_timeout", 499: "disconnected",
                 413: "too_large", 415: "unsupported_media_type", 422: "invalid_field", 500: "internal", 504: "timeout"}
# Library messages (TomtatError has no kind) -> code; a test per code keeps these in step with the messages.
MESSAGE_CODES = (
    ("no text left after cleaning", "no_text"),
    ("does not look like Vietnamese", "not_vietnamese"),
    ("no articles given", "no_articles"),
    ("empty file", "empty"),
    ("no article text found", "empty"),
)
DISCONNECTED = 499  # nginx's status for a client that closed the connection first; only in the log


class ApiError(Exception):
    """A request the service refuses: an HTTP status, one line for people, the field at fault, a stable code."""

    def __init__(self, status: int, message: str, field: str | None = None, code: str | None = None) -> None:
        super().__init__(status, message, field, code)  # all in args: it crosses process boundaries pickled
        self.status = status
        self.message = message
        self.field = field
        self.code = code or DEFAULT_CODES.get(status, "internal")

    def __str__(self) -> str:
        return self.message


def code_for(message: str, default: str) -> str:
    """The code of a library error message (TomtatError)."""
    return next((code for part, code in MESSAGE_CODES if part in message), default)


def error_body(status: int, message: str, field: str | None = None, code: str | None = None) -> dict[str, Any]:
    code = code or DEFAULT_CODES.get(status, "internal")
    return {"error": {"status": status, "message": " ".join(message.split()), "field": field, "code": code}}


def error_response(
    status: int, message: str, field: str | None = None, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, field, code), status_code=status, headers=headers)


def field_path(loc: Sequence[str | int]) -> str | None:
    """A pydantic location as a path: ('documents', 2, 'text') -> 'documents[2].text'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


def validation_error(errors: Sequence[Any], drop_source: bool = False) -> ApiError:
    """The first validation problem as an ApiError; ``drop_source`` strips FastAPI's 'query'/'body' prefix."""
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    loc = tuple(first.get("loc", ()))
    if drop_source and loc and loc[0] in ("query", "body", "path", "header"):
        loc = loc[1:]
    field = field_path(loc)
    msg = str(first.get("msg", "invalid value"))
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return ApiError(422, f"{field + ': ' if field else ''}{msg}{more}", field, "invalid_field")


class CatchAll:
    """Innermost middleware: an unexpected exception becomes a bare 500 and one JSON log line with its trace.

    Starlette's own fallback re-raises to the server, which logs a multi-line traceback as well.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("unexpected error on %s %s", scope["method"], scope["path"], exc_info=exc)
            if not started:  # else the client sees a cut response, which is all that can be said by then
                await error_response(500, "internal error; the server log has the details")(scope, receive, send)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"Connection": "close"} if exc.status == 408 else None  # a stalled body: nothing more to read
        return error_response(exc.status, exc.message, exc.field, exc.code, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        e = validation_error(exc.errors(), drop_source=True)
        return error_response(e.status, e.message, e.field, e.code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {
            400: f"malformed form body: {exc.detail}",  # the only 400s Starlette raises here come from form parsing
            404: f"no such page: {request.url.path}",
            405: f"{request.method} is not allowed on {request.url.path}",
        }
        text = message.get(exc.status_code, str(exc.detail))
        code = "bad_form" if exc.status_code == 400 else None
        field = "body" if exc.status_code == 400 else None
        return error_response(exc.status_code, text, field, code, getattr(exc, "headers", None))
