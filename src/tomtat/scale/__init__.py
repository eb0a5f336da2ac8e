"""Scale: the same work on every core of this machine, or on a Dask cluster, results in input order.

One primitive, :func:`ordered_map`: ``fn`` applied to each item, at most a window of items in flight, results
yielded in input order as soon as their turn comes. ``jobs=1`` runs here; ``jobs=N`` in N worker processes of
this machine (:mod:`tomtat.scale.local`); ``dask=ADDRESS`` on the workers of a Dask scheduler, or ``"local"`` for
a local Dask cluster (:mod:`tomtat.scale.cluster`, the ``dask`` extra). ``fn`` must be picklable (a module-level
function or a ``functools.partial`` of one) and must turn its own errors into results (as
:func:`tomtat.api.batch_result` does); ``fail(item, message)`` makes the result of an item whose worker died.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    fail: Callable[[T, str], R],
    *,
    jobs: int = 1,
    dask: str | None = None,
) -> Iterator[R]:
    """``fn(item)`` for each item, in input order; see the module's description."""
    if dask:
        from tomtat.scale.cluster import dask_map

        return dask_map(fn, items, fail, dask, jobs)
    if jobs > 1:
        from tomtat.scale.local import process_map

        return process_map(fn, items, fail, jobs)
    return (fn(item) for item in items)
