"""A cluster of machines: the work spread over the workers of a Dask scheduler (``distributed``).

``address`` is a running scheduler (``tcp://host:8786``) or ``"local"``: a local cluster of ``jobs`` worker
processes started for the run and stopped after it. Tasks are submitted in input order, a bounded window at a
time, and their results yielded in that order. Dask reschedules the tasks of a worker that dies on the
workers left (``allowed-failures``), so a killed worker loses nothing; a task whose worker dies again and
again is reported through ``fail`` and the rest go on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from tomtat.errors import TomtatError

T = TypeVar("T")
R = TypeVar("R")

WINDOW = 8  # tasks in flight per worker
CONNECT_SECONDS = 10  # TOMTAT_DASK_CONNECT_SECONDS overrides it


def _client(address: str, jobs: int) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TomtatError("--dask needs Dask: pip install 'tomtat[dask]'") from None
    if address == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster)
    try:
        return Client(address, timeout=float(os.environ.get("TOMTAT_DASK_CONNECT_SECONDS", CONNECT_SECONDS)))
    except (OSError, TimeoutError, ValueError) as e:
        raise TomtatError(f"cannot reach the Dask scheduler at {address} ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from None


def dask_map(fn: Callable[[T], R], items: Iterable[T], fail: Callable[[T, str], R], address: str, jobs: int) -> Iterator[R]:
    """``fn`` over ``items`` on the Dask workers at ``address``, results in input order."""
    client = _client(address, jobs)  # first: without Dask, this is where the one-line error comes from
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        flight: deque[tuple[T, Any]] = deque()
        source = iter(items)
        while True:
            while len(flight) < WINDOW * workers:
                item = next(source, _END)
                if item is _END:
                    break
                flight.append((item, client.submit(fn, item, pure=False, retries=1)))
            if not flight:
                return
            item, future = flight.popleft()
            try:
                yield future.result()
            except (KilledWorker, FutureCancelledError) as e:
                yield fail(item, f"its Dask workers kept dying ({type(e).__name__}); skipped")
            finally:
                future.release()
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


_END: Any = object()
