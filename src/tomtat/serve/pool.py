"""Summaries run in a few worker processes, so that work past its time limit is stopped, not abandoned.

A thread cannot be stopped: a request that timed out used to give its slot back while its thread kept
computing. Here each slot is a process; when its request times out or its client leaves, the process is
killed and a new one forked in its place. Processes come from a fork server that has imported tomtat
and loaded the model once (``tomtat.serve.preload``), so a replacement is ready in milliseconds and
shares that memory. The event loop only waits on pipes, so it keeps answering (``/healthz``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import anyio
from anyio import to_thread
from anyio.abc import TaskGroup
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from tomtat.serve.errors import ApiError

log = logging.getLogger("tomtat.serve")

PRELOAD = ["tomtat.serve.preload"]
START_SECONDS = 120
NICENESS = 5  # summarizing processes yield the CPU to the event loop (weight 335 against 1024)


class WorkerDied(Exception):
    """The summarizing process ended without answering (killed from outside, out of memory, a crash)."""


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing.Process of some start method
    conn: Connection


def _context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # no effect once this process's fork server runs
    return ctx


@dataclass
class SummaryPool:
    """``size`` processes; ``run(fn, *args)`` calls ``fn(summarize, *args)`` in one of them.

    ``summarize`` must be picklable by reference (a module-level function). Use inside ``async with
    pool.running()``; a caller that is cancelled (``anyio.fail_after``) gets its process killed.
    """

    size: int
    summarize: Callable[..., Any]
    _idle_in: MemoryObjectSendStream[_Worker] | None = field(default=None, init=False)
    _idle_out: MemoryObjectReceiveStream[_Worker] | None = field(default=None, init=False)
    _tasks: TaskGroup | None = field(default=None, init=False)
    _threads: anyio.CapacityLimiter | None = field(default=None, init=False)
    _all: set[int] = field(default_factory=set, init=False)  # pids alive, for tests and shutdown
    _workers: list[_Worker] = field(default_factory=list, init=False)
    _ctx: Any = field(default=None, init=False)
    _payload: bytes = field(default=b"", init=False)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[SummaryPool]:
        self._idle_in, self._idle_out = anyio.create_memory_object_stream[_Worker](self.size)
        self._threads = anyio.CapacityLimiter(2 * self.size + 2)  # round trips, and abandoned ones ending
        self._payload = pickle.dumps(self.summarize)  # fails here, at startup, for a lambda
        self._ctx = await to_thread.run_sync(_context)
        try:
            async with anyio.create_task_group() as tasks:
                self._tasks = tasks
                started = await to_thread.run_sync(lambda: [self._start() for _ in range(self.size)])
                for worker in started:
                    self._idle_in.send_nowait(worker)
                yield self
                tasks.cancel_scope.cancel()
        finally:
            self._tasks = None
            with anyio.CancelScope(shield=True):
                await to_thread.run_sync(self._stop_all)

    @property
    def pids(self) -> set[int]:
        """The processes started and not yet stopped."""
        return set(self._all)

    @property
    def idle(self) -> int:
        """Processes ready and waiting for work."""
        return 0 if self._idle_out is None else self._idle_out.statistics().current_buffer_used

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(summarize, *args)`` in a worker process: its value, or the ApiError it raised."""
        if self._idle_out is None or self._tasks is None:
            raise ApiError(503, "the service is starting or stopping", None, "internal")
        worker = await self._idle_out.receive()
        try:
            reply = await to_thread.run_sync(_round_trip, worker.conn, (fn, args), abandon_on_cancel=True, limiter=self._threads)
        except WorkerDied as e:
            self._tasks.start_soon(self._replace, worker)
            log.error("a summarizing process ended without answering (%s); starting another", e)
            raise ApiError(500, "internal error while summarizing; the server log has the details") from None
        except BaseException:  # cancelled: time limit, or the client left
            self._tasks.start_soon(self._replace, worker)
            raise
        assert self._idle_in is not None
        self._idle_in.send_nowait(worker)
        kind, value = reply
        if kind == "error":
            raise value
        if kind == "crash":
            log.error("unexpected error while summarizing", extra={"fields": {"exception": value}})
            raise ApiError(500, "internal error while summarizing; the server log has the details")
        return value

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, args=(theirs, self._payload, list(sys.path)), daemon=True, name="tomtat-summarizer")
        process.start()
        theirs.close()
        self._all.add(process.pid)
        # Ready when it says so (its summarizer unpickled): a request never waits on a process starting.
        try:
            if not ours.poll(START_SECONDS):
                raise RuntimeError(f"a summarizing process did not start in {START_SECONDS} s")
            ours.recv()
        except BaseException:
            self._stop(_Worker(process, ours))
            raise
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker whose request was given up on, and put a fresh one in its slot."""
        with anyio.CancelScope(shield=True):
            await to_thread.run_sync(self._stop, worker)
        while True:  # cancelled only when the service stops
            try:
                new = await to_thread.run_sync(self._start)
                break
            except Exception:
                log.exception("could not start a summarizing process; retrying in 1 s")
                await anyio.sleep(1)
        assert self._idle_in is not None
        self._idle_in.send_nowait(new)

    def _stop(self, worker: _Worker) -> None:
        # The pipe is left to the garbage collector: a thread given up on may still be reading it.
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        self._all.discard(worker.process.pid)
        if worker in self._workers:
            self._workers.remove(worker)

    def _stop_all(self) -> None:
        for worker in list(self._workers):
            self._stop(worker)


def _round_trip(conn: Connection, job: tuple[Callable[..., Any], tuple[Any, ...]]) -> tuple[str, Any]:
    try:
        conn.send(job)
        return conn.recv()  # type: ignore[no-any-return]
    except (EOFError, OSError) as e:  # the process was killed (by us, on a time limit) or died
        raise WorkerDied(str(e) or type(e).__name__) from None


def _serve(conn: Connection, payload: bytes, path: list[str]) -> None:
    """A worker process: jobs from the pipe until it closes. Never raises; every reply is picklable."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops us
    try:
        os.nice(NICENESS)  # the server's own process comes first: health checks, reading requests
    except OSError:
        pass
    sys.path[:0] = [p for p in path if p not in sys.path]  # a summarizer defined in a test module
    try:
        summarize = pickle.loads(payload)
    except Exception:
        summarize, broken = None, traceback.format_exc()
    conn.send(("ready", None))
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if summarize is None:
                reply: tuple[str, Any] = ("crash", f"cannot load the summarizer:\n{broken}")
            else:
                reply = ("ok", fn(summarize, *args))
        except ApiError as e:
            reply = ("error", e)
        except BaseException:
            reply = ("crash", traceback.format_exc())
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception:  # a value that does not pickle
            conn.send(("crash", traceback.format_exc()))
