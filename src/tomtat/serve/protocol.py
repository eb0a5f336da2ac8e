"""uvicorn's HTTP/1.1 protocol (h11) with a deadline for the request line and headers.

uvicorn closes idle keep-alive connections, but a client that sends its headers a byte at a time
resets that timer with every byte and holds the connection for as long as it likes. Here the whole
head must arrive within ``header_timeout`` seconds of the connection opening or the previous
response ending; bodies have their own limit (``tomtat.serve.inputs.read_body``).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from tomtat.serve.settings import ENV_PREFIX, Settings

NAME = "tomtat.serve.protocol:HeadTimeoutH11Protocol"  # for uvicorn.run(http=...), pickled to its workers as text


class HeadTimeoutH11Protocol(H11Protocol):
    header_timeout: float | None = None  # None: TOMTAT_HEADER_TIMEOUT, which `tomtat serve` exports

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None
        if self.header_timeout is None:
            raw = os.environ.get(ENV_PREFIX + "HEADER_TIMEOUT", "").strip()
            self.header_timeout = float(raw) if raw else Settings.header_timeout

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a whole request head has been read
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request's head, on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        assert self.header_timeout is not None
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()
