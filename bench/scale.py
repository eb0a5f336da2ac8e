"""How time and memory grow with cluster size: 2 to 621 real articles, and a hostile cluster.

A cluster of k articles is the first k articles of AbMuSu train (all its clusters in
order, so many stories at once, as a careless folder would hold). The hostile
cluster is 50 articles of 75,000 characters each, every one a different random
draw of training articles glued together. Each (size, method) runs in a fresh
Python process that imports tomtat, warms up on a two-article cluster (lazy
imports, the model), then times one ``tomtat.summarize`` call; its peak RSS
(``ru_maxrss`` of that process: interpreter, libraries, data and work) is what a
``tomtat summarize`` run of that input needs. ``x firstlast`` is the time over
that of ``firstlast`` on the same input in the same run: reading, cleaning,
splitting and TF-IDF, which every method pays, with a trivial pick.

    .venv/bin/python bench/scale.py [DATA] [--sizes 2,5,...,500] [--methods a,b] [--hostile-methods a,b] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

from common import DEFAULT_DATA, load_clusters, progress, progress_done

BASELINE = "firstlast"
SIZES = "2,5,10,20,50,100,200,500"  # add 621 for all of AbMuSu train in one cluster
METHODS = "lexrank,ilp,learned"  # the slowest methods besides the default, learned
HOSTILE = "hostile"  # 50 articles x 75,000 characters
HOSTILE_ARTICLES, HOSTILE_CHARS = 50, 75_000


def articles(data: str, size: str) -> list:
    from tomtat.records import Document

    docs = [d for item in load_clusters(data) for d in item.documents]
    if size != HOSTILE:
        return docs[: int(size)]
    out = []
    for a in range(HOSTILE_ARTICLES):
        rng = random.Random(a)
        parts: list[str] = []
        for k in rng.sample(range(len(docs)), len(docs)):
            parts.append(docs[k].text)
            if sum(map(len, parts)) >= HOSTILE_CHARS:
                break
        out.append(Document(text="\n\n".join(parts)[:HOSTILE_CHARS], name=f"hostile{a + 1}"))
    return out


def worker(data: str, size: str, method: str) -> dict:
    """Runs in its own process: one summary of one input, its time and the process's peak memory."""
    import tomtat
    from tomtat.prepare import prepare

    docs = articles(data, size)
    warm = articles(data, "2")
    tomtat.summarize(warm, method=method)  # lazy imports and the model, not the input, are paid here
    started = time.perf_counter()
    summary = tomtat.summarize(docs, method=method)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, read before the count below
    sentences = len(prepare(docs).sentences)
    return {
        "articles": len(docs),
        "chars": sum(len(d.text) for d in docs),
        "sentences": sentences,
        "seconds": seconds,
        "peak_mib": peak / 1024,
        "summary_sentences": len(summary.sentences),
    }


def measure(data: str, size: str, method: str) -> dict:
    cmd = [sys.executable, __file__, data, "--worker", size, method]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench/scale.py: {size} articles, {method} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="AbMuSu .jsonl (default: %(default)s)")
    parser.add_argument("--sizes", default=SIZES, help=f"article counts, comma-separated (default: {SIZES})")
    parser.add_argument("--methods", default=METHODS, help=f"methods besides {BASELINE} (default: {METHODS})")
    parser.add_argument(
        "--hostile-methods", default="all", help="methods on the hostile cluster (default: all; 'none' skips it)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON to PATH")
    parser.add_argument("--worker", nargs=2, metavar=("SIZE", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.data, *args.worker)))
        return

    from tomtat import methods

    def names(arg: str) -> list[str]:
        chosen = list(methods.REGISTRY) if arg == "all" else [] if arg == "none" else arg.split(",")
        for name in chosen:
            if name not in methods.REGISTRY:
                parser.error(f"unknown method {name!r}")
        return [BASELINE] + [n for n in dict.fromkeys(chosen) if n != BASELINE]

    plan = [(s.strip(), names(args.methods)) for s in args.sizes.split(",") if s.strip()]
    if args.hostile_methods != "none":
        plan.append((HOSTILE, names(args.hostile_methods)))
    rows = []
    started = time.perf_counter()
    for size, chosen in plan:
        base: dict = {}
        for method in chosen:
            progress(f"scale: {size} articles, {method}")
            row = measure(args.data, size, method)
            base = base or row
            rows.append({"size": size, "method": method, **row, "ratio": row["seconds"] / base["seconds"]})
    progress_done()
    print(f"| input | articles | characters | sentences | method | seconds | x {BASELINE} | peak RSS MiB |")
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for r in rows:
        label = "50 x 75,000 chars" if r["size"] == HOSTILE else "AbMuSu train"
        print(
            f"| {label} | {r['articles']} | {r['chars']:,} | {r['sentences']:,} | {r['method']} "
            f"| {r['seconds']:.2f} | {r['ratio']:.1f} | {r['peak_mib']:.0f} |"
        )
    print(f"\n{len(rows)} runs, {time.perf_counter() - started:.0f} s in all")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
