"""Structured logs: one JSON object a line on stderr, for the access log and the service's errors."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tomtat.serve.errors import DISCONNECTED

access_log = logging.getLogger("tomtat.access")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        row: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        row.update(getattr(record, "fields", {}))
        if record.exc_info:
            row["exception"] = self.formatException(record.exc_info)  # the server's log only, never a response
        return json.dumps(row, ensure_ascii=False)


def logging_config(level: str) -> dict[str, Any]:
    """uvicorn's own logging, plus the tomtat loggers as JSON lines (applied in every worker process)."""
    from uvicorn.config import LOGGING_CONFIG

    config = json.loads(json.dumps(LOGGING_CONFIG))
    config["formatters"]["json"] = {"()": "tomtat.serve.logs.JsonFormatter"}
    config["handlers"]["json"] = {"formatter": "json", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    config["loggers"]["tomtat"] = {"handlers": ["json"], "level": level.upper(), "propagate": False}
    return config


class AccessLog:
    """ASGI middleware: one structured line per request, written when the response is complete.

    A client that leaves before its answer is complete is logged as such (``"disconnected": true``,
    status 499 as nginx writes it), at info level and without a trace: it is not a server error.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering
        received = sent = 0
        complete = disconnected = False

        async def counting_receive() -> Message:
            nonlocal received, disconnected
            message = await receive()
            received += len(message.get("body", b""))
            disconnected = disconnected or (message["type"] == "http.disconnect" and not complete)
            return message

        async def counting_send(message: Message) -> None:
            nonlocal status, sent, complete
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            client = scope.get("client")
            if disconnected:
                status = DISCONNECTED
            fields = {
                "client": f"{client[0]}:{client[1]}" if client else None,
                "method": scope["method"],
                "path": scope["path"],
                "query": scope.get("query_string", b"").decode("latin-1") or None,
                "status": status,
                "bytes_in": received,
                "bytes_out": sent,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            if disconnected:
                fields["disconnected"] = True
            access_log.info("%s %s %d%s", scope["method"], scope["path"], status, " (client disconnected)" if disconnected else "",
                            extra={"fields": fields})
