"""Load test of ``tomtat serve`` on loopback, against the library called in-process.

1. In-process: this process calls ``tomtat.summarize`` on the request sequence
   (AbMuSu train clusters, cycled), one at a time and ``--threads`` at a time,
   after one warm-up call; each mode once before the service's run and once
   after, so that drift in the machine's speed (other work on it) is bracketed.
   The faster mode is the bar's reference: the best the library does in-process.
2. Service: ``tomtat serve`` with its defaults (``--workers`` = the cores,
   ``--concurrency`` summarizing processes per worker) starts in a subprocess on
   127.0.0.1 and a free port; this process, as the client, sends the same
   sequence as ``POST /v1/summarize`` JSON requests, ``--concurrency`` at a time,
   and records each request's latency and status. Meanwhile another task sends a
   malformed, oversized, wrongly typed or invalid request every 0.2 s, each of
   which must get its 4xx JSON error (they are not counted in the throughput).

The ratio service/in-process is the cost of serving (HTTP, JSON, validation,
the hop to a summarizing process) against the library called directly on the
same machine. The project's bar is >= 0.8 with zero errors. The run stops
sending after ``--max-seconds``.

    .venv/bin/python bench/load.py [DATA] [--requests 1000] [--concurrency 16] [--workers N] [--processes N]
                                   [--threads N] [--max-seconds 300] [--json PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from common import DEFAULT_DATA, REPO, load_clusters, progress, progress_done

from tomtat.serve.settings import Settings

BAR = 0.8
BAD_REQUESTS = [  # body, content type, the status it must get
    (b"{not json", "application/json", 400),
    (b"x" * 5_000_001, "application/json", 413),  # over the default 5 MB limit
    ("Hà Nội".encode(), "text/plain", 415),
    (b'{"documents": [{"text": "The spokesman said the meeting is on Tuesday in Geneva."}]}', "application/json", 422),
    (b'{"documents": [{"text": ""}], "words": -1}', "application/json", 422),
]


def request_documents(item) -> list[dict[str, str]]:
    """A cluster as the API's documents: the same fields the library gets in-process."""
    return [{"id": d.name, "title": d.title, "lead": d.lead, "text": d.text} for d in item.documents]


def descendants(pid: int) -> set[int]:
    """``pid`` and every process under it (the server's workers, fork servers and summarizing processes)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        found.add(p)
        todo.extend(parents.get(p, []))
    return found


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all processes, all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds of this process (all its threads), or of another one by pid."""
    if pid is None:
        return time.process_time()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # ended meanwhile
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class OtherLoad:
    """How busy the machine was with other work while we measured: other processes' CPU over the wall time."""

    def __init__(self, pids: tuple[int, ...] = ()) -> None:
        self.pids = pids
        self.t0, self.busy0, self.own0 = time.perf_counter(), busy_seconds(), self._own()

    def _own(self) -> float:
        return cpu_seconds() + sum(cpu_seconds(p) for p in self.pids)

    def cores(self) -> float:
        """Cores' worth of CPU that other processes used on average (0 on a quiet machine)."""
        wall = time.perf_counter() - self.t0
        other = (busy_seconds() - self.busy0) - (self._own() - self.own0)
        return round(max(other, 0.0) / wall, 2)


def in_process(sequence: list[list[dict[str, str]]], method: str | None, threads: int) -> dict:
    """Summaries/s calling the library directly, ``threads`` at a time (as the server's worker threads)."""
    import tomtat

    tomtat.summarize(sequence[0], method=method)  # warm-up: imports and model loading
    other = OtherLoad()
    started = time.perf_counter()
    if threads == 1:
        for docs in sequence:
            tomtat.summarize(docs, method=method)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda docs: tomtat.summarize(docs, method=method), sequence))
    seconds = time.perf_counter() - started
    return {"requests": len(sequence), "threads": threads, "seconds": round(seconds, 3), "rps": round(len(sequence) / seconds, 2),
            "other_load_cores": other.cores()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path, workers: int, processes: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "tomtat.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
           "--concurrency", str(processes)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOMTAT_")}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited ({proc.returncode}); see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start in 60 s")


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator should take little
    CPU from the server on a small machine (httpx costs about 1 to 2 ms of CPU a request)."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port, self.path = host, port, path
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("ascii")
        self.writer.write(head + body)
        await self.writer.drain()
        assert self.reader is not None
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" not in headers:
            raise ValueError("response without Content-Length")
        data = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def load(url: str, bodies: list[bytes], concurrency: int, max_seconds: float, client_kind: str = "raw") -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    next_index = 0
    started = time.perf_counter()
    deadline = started + max_seconds
    target = httpx.URL(url)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:

        async def send(conn: RawConnection | None, body: bytes) -> tuple[int, bytes]:
            if conn is None:
                r = await client.post(url, content=body, headers={"content-type": "application/json"})
                return r.status_code, r.content
            return await asyncio.wait_for(conn.post(body), 120)

        async def worker() -> None:
            nonlocal next_index
            conn = RawConnection(target.host, target.port or 80, target.path) if client_kind == "raw" else None
            while next_index < len(bodies) and time.perf_counter() < deadline:
                body = bodies[next_index]
                next_index += 1
                t0 = time.perf_counter()
                try:
                    status, data = await send(conn, body)
                    ok = status == 200 and json.loads(data).get("sentences")
                    key = None if ok else f"HTTP {status}"
                except (httpx.HTTPError, OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as e:
                    key = type(e).__name__
                    if conn is not None:
                        await conn.close()
                latencies.append(time.perf_counter() - t0)
                if key:
                    errors[key] = errors.get(key, 0) + 1
                if len(latencies) % 50 == 0:
                    progress(f"{len(latencies)}/{len(bodies)} requests")

        bad_sent = bad_wrong = 0

        async def abuse() -> None:
            """Meanwhile, malformed and oversized requests: each must get its 4xx JSON error."""
            nonlocal bad_sent, bad_wrong
            k = 0
            while next_index < len(bodies) and time.perf_counter() < deadline:
                body, kind, status = BAD_REQUESTS[k % len(BAD_REQUESTS)]
                k += 1
                try:
                    r = await client.post(url, content=body, headers={"content-type": kind})
                    ok = r.status_code == status and r.json()["error"]["status"] == status
                except (httpx.HTTPError, ValueError, KeyError, TypeError):
                    ok = False
                bad_sent += 1
                bad_wrong += not ok
                await asyncio.sleep(0.2)

        await asyncio.gather(abuse(), *(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    progress_done()
    done = len(latencies)
    ordered = sorted(latencies)
    return {
        "requests": done,
        "capped": done < len(bodies),
        "concurrency": concurrency,
        "client": client_kind,
        "seconds": round(seconds, 3),
        "rps": round(done / seconds, 2),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p99_ms": round(1000 * ordered[min(done - 1, int(0.99 * done))], 1),
        "max_ms": round(1000 * ordered[-1], 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "bad_requests": bad_sent,
        "bad_requests_not_refused_as_expected": bad_wrong,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--max-seconds", type=float, default=300.0, help="stop sending after this long")
    p.add_argument("--method", default=None, help="summarization method (default: the library's default)")
    p.add_argument("--workers", type=int, default=Settings().workers, help="tomtat serve --workers (default: the serve default, the cores)")
    p.add_argument("--processes", type=int, default=Settings.concurrency,
                   help="tomtat serve --concurrency: summarizing processes per worker (default: the serve default)")
    p.add_argument("--threads", type=int, default=None,
                   help="in-process threads besides 1 (default: workers x processes, the service's summaries at once)")
    p.add_argument("--client", choices=("raw", "httpx"), default="raw", help="load generator: minimal asyncio HTTP/1.1, or httpx")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = p.parse_args()

    clusters = [request_documents(item) for item in load_clusters(args.data)]
    sequence = [clusters[k % len(clusters)] for k in range(args.requests)]
    payload = {"method": args.method} if args.method else {}
    bodies = [json.dumps({"documents": docs, **payload}, ensure_ascii=False).encode("utf-8") for docs in sequence]

    threads = args.threads or args.workers * args.processes
    modes = sorted({1, threads})
    before = {}
    for n in modes:
        print(f"in-process: {args.requests} summaries, {n} at a time ...", file=sys.stderr)
        before[n] = in_process(sequence, args.method, n)

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        server = start_server(port, log, args.workers, args.processes)
        try:
            url = f"http://127.0.0.1:{port}/v1/summarize"
            warm = httpx.post(url, content=bodies[0], headers={"content-type": "application/json"}, timeout=60)
            assert warm.status_code == 200, warm.text
            print(f"service: {args.requests} requests at concurrency {args.concurrency} ...", file=sys.stderr)
            other = OtherLoad(tuple(descendants(server.pid)))
            remote = asyncio.run(load(url, bodies, args.concurrency, args.max_seconds, args.client))
            remote["other_load_cores"] = other.cores()
            alive = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        access_lines = sum(1 for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if '"tomtat.access"' in line)
    after = {}
    for n in modes:
        print(f"in-process again, {n} at a time (the two runs bracket the service's) ...", file=sys.stderr)
        after[n] = in_process(sequence, args.method, n)
    by_mode = {
        n: {
            "rps": round(2 / (1 / before[n]["rps"] + 1 / after[n]["rps"]), 2),  # the rate over both runs together
            "runs_rps": [before[n]["rps"], after[n]["rps"]],
            "other_load_cores": [before[n]["other_load_cores"], after[n]["other_load_cores"]],
        }
        for n in modes
    }
    best = max(modes, key=lambda n: by_mode[n]["rps"])
    local = {"requests": args.requests, "threads": best, **by_mode[best], "modes": {str(n): by_mode[n] for n in modes}}

    ratio = remote["rps"] / local["rps"]
    result = {
        "data": str(args.data),
        "clusters": len(clusters),
        "method": args.method or "default",
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "processes_per_worker": args.processes,
        "in_process": local,
        "service": {**remote, "alive_after": alive, "access_log_lines": access_lines},
        "ratio": round(ratio, 3),
        "bar": BAR,
        "passes": ratio >= BAR and remote["errors"] == 0 and not remote["capped"] and alive
        and remote["bad_requests_not_refused_as_expected"] == 0,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for n in modes:
        m = by_mode[n]
        print(f"in-process library, {n} thread(s): {m['rps']:8.2f} summaries/s (runs before and after: {m['runs_rps']})"
              f"{'  <- reference' if n == best else ''}")
    print(
        f"service ({args.workers} workers x {args.processes} processes) : {remote['rps']:8.2f} requests/s "
        f"({remote['requests']} in {remote['seconds']} s, "
        f"concurrency {remote['concurrency']}), p50 {remote['p50_ms']} ms, p99 {remote['p99_ms']} ms, "
        f"errors {remote['errors']}{' ' + str(remote['error_kinds']) if remote['errors'] else ''}"
    )
    print(
        f"bad requests sent meanwhile: {remote['bad_requests']}, not refused with the right 4xx JSON error: "
        f"{remote['bad_requests_not_refused_as_expected']}; server alive after: {alive}"
    )
    print(f"ratio service/in-process: {ratio:.3f} (bar >= {BAR}){'' if result['passes'] else '  FAILS'}")
    loads = [x for n in modes for x in by_mode[n]["other_load_cores"]] + [remote["other_load_cores"]]
    print(f"other work on the machine (cores' worth, in-process before/after per mode, service): {loads}")
    if max(loads) > 0.1:
        print("warning: the machine was busy with other work while measuring; the ratio is unreliable", file=sys.stderr)
    sys.exit(0 if result["passes"] else 1)


if __name__ == "__main__":
    main()
