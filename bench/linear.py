"""Time per character of the text pipeline on hostile and normal text, 1 KB to 1 MB.

Each kind of text is built at each size: normal news paragraphs (the bundled example cluster,
repeated), or one line holding a long run of a character or piece that once made a pattern
backtrack (dots at the end of a paragraph, "!", spaces, a syllable with no punctuation, ...).
Two things are timed on it: clean + split (``clean_lines`` with its normalization, then
``split_sentences``), and the whole ``tomtat.summarize`` of a cluster of that text and the
example's other two articles (per character of the whole cluster, so the fixed cost of those
two weighs most at small sizes; past 400 sentences an article is cut, so normal text gets cheaper
per character). Each figure is the best of ``--repeat`` passes, a pass repeating
the call until 0.2 s have gone by.

Printed: nanoseconds per character, then per kind the ratio of that at the largest size to the
smallest (flat: about 1; quadratic: about 1,000 from 1 KB to 1 MB), and the ratio to normal text
of the same size measured in the same run.

    .venv/bin/python bench/linear.py [--sizes 1000,10000,100000,1000000] [--kinds a,b] [--repeat 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import REPO, progress, progress_done

import tomtat
from tomtat.clean import clean_lines
from tomtat.split import split_sentences

EXAMPLE = REPO / "examples" / "cluster"
S = "Ông Nguyễn Văn An cho biết thành phố sẽ tiếp tục đầu tư vào hạ tầng giao thông"


def _fill(unit: str, size: int, before: str = S, after: str = "") -> str:
    """``before`` + a run of ``unit`` + ``after``, ``size`` characters in all."""
    room = max(len(unit), size - len(before) - len(after))
    return before + (unit * (room // len(unit) + 1))[:room] + after


def _normal(size: int) -> str:
    body = "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt")))
    return (body * (size // len(body) + 1))[:size]


KINDS: dict[str, Callable[[int], str]] = {
    "normal": _normal,
    "dots at paragraph end": lambda n: _fill(".", n),
    "! run": lambda n: _fill("!", n, after="x"),
    "space run": lambda n: _fill(" ", n, after=S + "."),
    "NBSP run": lambda n: _fill("\u00a0", n, after=S + "."),
    "U+2028 run": lambda n: _fill("\u2028", n, after=S + "."),
    "syllable, no punctuation": lambda n: _fill("ba ", n),
    "tiny sentences (Ba. )": lambda n: _fill("Ba. ", n),
    "open quotes (“ba )": lambda n: _fill("“ba ", n),
    "parentheses ((ảnh )": lambda n: _fill("(ảnh ", n),
    "sign-offs ( /.)": lambda n: _fill(" /.", n),
    "terminal escapes": lambda n: _fill("\x1b[31mba ", n),
}


def best_seconds(work: Callable[[], object], repeat: int) -> float:
    """Best over ``repeat`` passes of the mean time of one call (calls repeated for 0.2 s a pass)."""
    best = float("inf")
    for _ in range(repeat):
        calls, started = 0, time.perf_counter()
        while True:
            work()
            calls += 1
            spent = time.perf_counter() - started
            if spent >= 0.2:
                break
        best = min(best, spent / calls)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="text sizes in characters")
    parser.add_argument("--kinds", help=f"comma-separated kinds (default: all): {', '.join(KINDS)}")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = ["normal"] + [k for k in (args.kinds.split(",") if args.kinds else KINDS) if k != "normal"]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    others = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))][1:]
    tomtat.summarize(others)  # warm-up: imports, the model

    stages: dict[str, Callable[[str], object]] = {
        "clean+split": lambda text: split_sentences("\n".join(clean_lines(text))),
        "summarize": lambda text: tomtat.summarize([text, *others]),
    }
    ns: dict[str, dict[str, dict[int, float]]] = {s: {k: {} for k in kinds} for s in stages}
    extra = {"clean+split": 0, "summarize": sum(map(len, others))}  # characters each call reads besides the text
    for kind in kinds:
        for size in sizes:
            text = KINDS[kind](size)
            for stage, run in stages.items():
                progress(f"{kind}, {size:,} characters, {stage}")
                seconds = best_seconds(lambda: run(text), args.repeat)
                ns[stage][kind][size] = seconds / (len(text) + extra[stage]) * 1e9
    progress_done()

    where = f"Python {platform.python_version()}, {platform.machine()}"
    print(f"# bench/linear.py, {where}; ns per character, best of {args.repeat}")
    small, large = sizes[0], sizes[-1]
    for stage in stages:
        print(f"\n## {stage}\n")
        head = " | ".join(f"{s:,} ch" for s in sizes)
        print(f"| text | {head} | {large:,} / {small:,} | / normal at {large:,} |")
        print("|" + "---|" * (len(sizes) + 3))
        for kind in kinds:
            row = ns[stage][kind]
            cells = " | ".join(f"{row[s]:,.0f}" for s in sizes)
            flat = row[large] / row[small]
            to_normal = row[large] / ns[stage]["normal"][large]
            print(f"| {kind} | {cells} | {flat:.2f} | {to_normal:.2f} |")
    if args.json:
        figures = {"sizes": sizes, "ns_per_char": ns}
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
