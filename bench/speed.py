"""Speed and memory of tomtat's methods, with sumy's LexRank as the peer.

In-process: each method runs in a fresh Python process that reads the
clusters, summarizes one of them as a warm-up, then summarizes all of them
``--repeat`` times; clusters/s comes from the fastest pass. Memory is that
process's peak resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``,
read by the process itself at the end: interpreter, imports, data and work),
and the working memory of summarizing alone: the tracemalloc peak over one
more, untimed pass (Python and numpy allocations, not the imported code).
Ratios are to ``firstlast`` measured in the same run.

Process-level: the first ``--batch`` clusters go to a temporary .jsonl, then
``tomtat summarize FILE -o OUT`` (default method) and ``bench/sumy_batch.py
FILE -o OUT`` are timed by wall clock, process start included, alternately,
``--repeat`` runs each; the ratio is given best against best and as the median of the paired runs
(each tomtat run against the sumy run after it). Issue 11's bar: the median ratio <= 1/10.

    .venv/bin/python bench/speed.py [DATA] [--methods a,b] [--limit N] [--repeat 3] [--batch 100] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import DEFAULT_DATA, REPO, load_clusters, method_names, progress, progress_done

BASELINE = "firstlast"
SUMY = "sumy-lexrank"
BAR = 1 / 10  # issue 11: ten times faster than sumy LexRank, process start included (issue 4 asked for 1/3)
HERE = Path(__file__).resolve().parent


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def worker(name: str, data: str, limit: int | None, repeat: int) -> dict:
    """Runs in its own process: time one method over the clusters, report peak memory."""
    from tomtat.lang.tokens import syllables

    items = load_clusters(data, limit)
    if name == SUMY:
        import sumy_adapter

        lexrank = sumy_adapter.summarizer()
        inputs = [[(d.lead, d.text) for d in item.documents] for item in items]
        lengths = [sumy_adapter.default_length(item.documents) for item in items]  # untimed

        def run(k: int) -> str:
            return sumy_adapter.summarize(inputs[k], lexrank, lengths[k])
    else:
        from tomtat import summarize
        from tomtat.records import TomtatError

        def run(k: int) -> str:
            try:
                return summarize(items[k].documents, method=name).text
            except TomtatError:
                return ""

    run(0)  # warm-up: lazy imports, cached stop words
    passes = []
    texts: list[str] = []
    for _ in range(repeat):
        started = time.perf_counter()
        texts = [run(k) for k in range(len(items))]
        passes.append(time.perf_counter() - started)
    peak = _peak_kib()
    tracemalloc.start()
    for k in range(len(items)):
        run(k)
    work = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "clusters": len(items),
        "passes": passes,
        "seconds": min(passes),
        "peak_kib": peak,
        "traced_peak_bytes": work,
        "syllables": sum(len(syllables(t)) for t in texts) / len(texts),
        "failed": sum(1 for t in texts if not t),
    }


def measure(name: str, data: str, limit: int | None, repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", name, data, "--repeat", str(repeat)]
    if limit:
        cmd += ["--limit", str(limit)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench/speed.py: {name} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def batch(data: str, count: int, repeat: int) -> dict:
    """Wall-clock time of the tomtat CLI and of bench/sumy_batch.py on the same .jsonl."""
    lines = [ln for ln in Path(data).read_text(encoding="utf-8").splitlines() if ln.strip()][:count]
    tomtat_exe = Path(sys.executable).parent / "tomtat"
    if not tomtat_exe.exists():
        tomtat_exe = Path(shutil.which("tomtat") or "tomtat")
    # pip compiles an installed package's bytecode (sumy's too); an editable checkout may run with
    # PYTHONDONTWRITEBYTECODE set and then compile every module at each start. Compile once, as an install would.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "tomtat")], check=False)
    with tempfile.TemporaryDirectory(prefix="tomtat-bench-") as tmp:
        source = Path(tmp) / f"{len(lines)}.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        commands = {
            "tomtat": [str(tomtat_exe), "summarize", str(source), "-o", str(Path(tmp) / "tomtat.jsonl")],
            "sumy": [sys.executable, str(HERE / "sumy_batch.py"), str(source), "-o", str(Path(tmp) / "sumy.jsonl")],
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        for r in range(repeat):
            for key, cmd in commands.items():
                progress(f"speed: batch {key}, run {r + 1}/{repeat}")
                started = time.perf_counter()
                done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
                times[key].append(time.perf_counter() - started)
                if done.returncode not in (0, 3):  # 3: some clusters failed, the rest were written
                    sys.exit(f"bench/speed.py: {' '.join(cmd)} exited {done.returncode}:\n{done.stderr.strip()}")
        written = {k: len((Path(tmp) / f"{k}.jsonl").read_text(encoding="utf-8").splitlines()) for k in commands}
    progress_done()
    shown = {
        "tomtat": f"{Path(os.path.relpath(tomtat_exe, REPO))} summarize {len(lines)}.jsonl -o out.jsonl",
        "sumy": f"{Path(os.path.relpath(sys.executable, REPO))} bench/sumy_batch.py {len(lines)}.jsonl -o out.jsonl",
    }
    return {
        "clusters": len(lines),
        "commands": shown,
        "times": times,
        "best": {k: min(v) for k, v in times.items()},
        "lines_written": written,
        "ratio": min(times["tomtat"]) / min(times["sumy"]),
        # Each tomtat run against the sumy run right after it: the machine's speed drifts less within a pair.
        "paired": sorted(a / b for a, b in zip(times["tomtat"], times["sumy"])),
    }


def render(rows: dict[str, dict], bat: dict | None, repeat: int) -> str:
    from tomtat.methods import DEFAULT_METHOD

    n = next(iter(rows.values()))["clusters"]
    base = rows[BASELINE]
    base_rate = base["clusters"] / base["seconds"]
    lines = [
        f"In-process, {n} clusters, one fresh process per method, best of {repeat} passes after a warm-up cluster",
        "peak MiB = getrusage(RUSAGE_SELF).ru_maxrss of that process; work MiB = tracemalloc peak over one more pass",
        "",
        f"{'method':<14} {'clusters/s':>10} {'rate/' + BASELINE:>14} {'ms/cluster':>10} {'peak MiB':>9} {'peak/' + BASELINE:>14} {'work MiB':>8} {'syllables':>9}",
    ]
    for name, row in rows.items():
        rate = row["clusters"] / row["seconds"]
        peak = row["peak_kib"] / 1024
        work = row["traced_peak_bytes"] / 2**20
        star = "*" if name == DEFAULT_METHOD else ""
        lines.append(
            f"{name + star:<14} {rate:>10.1f} {rate / base_rate:>14.3f} {1000 / rate:>10.1f} {peak:>9.1f}"
            f" {row['peak_kib'] / base['peak_kib']:>14.2f} {work:>8.1f} {row['syllables']:>9.1f}"
        )
    lines.append("")
    lines.append(f"* default method ({DEFAULT_METHOD}); {SUMY}: sumy {_sumy_version()} LexRank via bench/sumy_adapter.py, as long as the default summary")
    for name, row in rows.items():
        if row["failed"]:
            lines.append(f"{name}: {row['failed']} clusters gave no summary")
    if bat:
        t, s = bat["best"]["tomtat"], bat["best"]["sumy"]
        lines += [
            "",
            f"Process level, {bat['clusters']} clusters, wall clock with process start, best of {len(bat['times']['tomtat'])} (runs alternate)",
            "",
            f"{'command':<68} {'best s':>7} {'runs s':>20}",
            f"{bat['commands']['tomtat']:<68} {t:>7.2f} {' '.join(f'{x:.2f}' for x in bat['times']['tomtat']):>20}",
            f"{bat['commands']['sumy']:<68} {s:>7.2f} {' '.join(f'{x:.2f}' for x in bat['times']['sumy']):>20}",
            "",
            f"tomtat / sumy = {bat['ratio']:.3f} best against best; paired runs: median {_median(bat['paired']):.3f}"
            f" (from {bat['paired'][0]:.3f} to {bat['paired'][-1]:.3f})  (bar <= {BAR:.3f} on the median: "
            f"{'met' if _median(bat['paired']) <= BAR else 'NOT met'})",
        ]
        if len(set(bat["lines_written"].values())) != 1 or bat["lines_written"]["tomtat"] != bat["clusters"]:
            lines.append(f"output lines: {bat['lines_written']}")
    return "\n".join(lines)


def _median(values: list[float]) -> float:
    k = len(values) // 2
    return values[k] if len(values) % 2 else (values[k - 1] + values[k]) / 2


def _sumy_version() -> str:
    from importlib.metadata import version

    return version("sumy")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Speed and memory of tomtat's methods and of sumy LexRank.")
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help=f"AbMuSu .jsonl (default: {DEFAULT_DATA})")
    p.add_argument("--methods", help="comma-separated methods (default: all registered); firstlast is always added")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N clusters in-process")
    p.add_argument("--repeat", type=int, default=3, metavar="R", help="passes / runs to take the best of (default 3)")
    p.add_argument("--batch", type=int, default=100, metavar="N", help="clusters for the process-level run (default 100; 0 skips it)")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    p.add_argument("--worker", metavar="METHOD", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")

    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.limit, args.repeat)))
        return 0

    names = method_names(args.methods, p, BASELINE) + [SUMY]
    rows = {}
    for name in names:
        progress(f"speed: {name}")
        rows[name] = measure(name, args.data, args.limit, args.repeat)
    progress_done()
    bat = batch(args.data, args.batch, args.repeat) if args.batch > 0 else None
    print(render(rows, bat, args.repeat))
    if args.json:
        out = {"data": str(Path(args.data).resolve()), "repeat": args.repeat, "methods": rows, "batch": bat}
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
