"""Every core of one machine: a pool of worker processes, each importing tomtat and loading the model once.

Workers are forked from this process where the system allows it (they share its imports: no start-up cost);
elsewhere they are spawned. A worker that dies (killed, out of memory) breaks the pool: the items that were in
flight are then run again one by one, each in a fresh process of its own, so that only an item that kills its
process again is lost, and reported; the rest of the input goes on in a new pool.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WINDOW = 4  # items in flight per worker: enough to keep it busy, few enough to bound memory
DIED = "the process summarizing it stopped (killed, or out of memory); skipped"


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def process_map(fn: Callable[[T], R], items: Iterable[T], fail: Callable[[T, str], R], jobs: int) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` processes, results in input order."""
    ctx = _context()
    # What this process holds (a stream's articles, the grouper's state) is moved out of the collector's sight
    # before the fork: the workers' collections would otherwise walk, and so copy, all of it.
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    flight: deque[tuple[T, Future[R]]] = deque()
    source = iter(items)
    try:
        while True:
            while len(flight) < WINDOW * jobs:
                item = next(source, _END)
                if item is _END:
                    break
                flight.append((item, pool.submit(fn, item)))  # type: ignore[arg-type]
            if not flight:
                return
            item, future = flight[0]
            try:
                result = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                for pending, _ in list(flight):
                    yield _alone(fn, pending, fail, ctx)
                flight.clear()
                pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
                continue
            flight.popleft()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _alone(fn: Callable[[T], R], item: T, fail: Callable[[T, str], R], ctx: Any) -> R:
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        try:
            return pool.submit(fn, item).result()
        except BrokenProcessPool:
            return fail(item, DIED)


_END: Any = object()
