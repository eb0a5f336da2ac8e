"""Every error leaves the service as ``{"error": {"status", "message", "field"}}``, never as a trace."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("tomtat.serve")


class ApiError(Exception):
    """A request the service refuses: an HTTP status, one line for people, and the field at fault."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def error_body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": " ".join(message.split()), "field": field}}


def error_response(status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, field), status_code=status, headers=headers)


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
    return ApiError(422, f"{field + ': ' if field else ''}{msg}{more}", field)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.field)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        e = validation_error(exc.errors(), drop_source=True)
        return error_response(e.status, e.message, e.field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {
            400: f"malformed form body: {exc.detail}",  # the only 400s Starlette raises here come from form parsing
            404: f"no such page: {request.url.path}",
            405: f"{request.method} is not allowed on {request.url.path}",
        }
        text = message.get(exc.status_code, str(exc.detail))
        return error_response(exc.status_code, text, "body" if exc.status_code == 400 else None, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal error; the server log has the details")
