"""Story grouping on a shuffled stream: the 621 AbMuSu training articles (200 gold stories) in random order.

BCubed precision, recall and F1 and the adjusted Rand index against the gold clusters, for the online grouper
(tomtat.stories, grouping only) on the whole stream and fed in two halves through a --store file; the same
with titles and leads removed; time and peak memory; and the cost curve on synthetic streams (recombined
training sentences, fresh ids) of growing size. 95% intervals: bootstrap over gold stories.

    .venv/bin/python bench/stories.py [DATA] [--synthetic 1000,10000,100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from common import DEFAULT_DATA

from tomtat.evaluate import compare_groupings
from tomtat.stories import stories
from tomtat.stream.store import StoryStore


def load(path: Path) -> list[tuple[int, dict]]:
    out = []
    for n, line in enumerate(path.open(encoding="utf-8")):
        r = json.loads(line)
        for k, d in enumerate(r["single_documents"]):
            out.append((n, {"id": f"{n}-{k}", "title": d.get("title", ""), "lead": d.get("anchor_text", ""),
                            "text": d["raw_text"]}))
    return out


def labels(result, ids: list[str]) -> list[str]:
    story_of = {a: s.id for s in result.stories for a in s.articles}
    return [story_of[i] for i in ids]


def interval(gold: list[int], pred: list[str], seed: int = 0, rounds: int = 200) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    stories_ = sorted(set(gold))
    rows: dict[int, list[int]] = {}
    for k, g in enumerate(gold):
        rows.setdefault(g, []).append(k)
    f1 = []
    for _ in range(rounds):
        picked = rng.choice(len(stories_), len(stories_))
        g2, p2 = [], []
        for j, s in enumerate(picked):
            for k in rows[stories_[s]]:
                g2.append(j)
                p2.append((j, pred[k]))  # a story drawn twice is two stories
        f1.append(compare_groupings(g2, p2).f1)
    return float(np.percentile(f1, 2.5)), float(np.percentile(f1, 97.5))


def run(stream: list[tuple[int, dict]], halves: bool) -> tuple[list[str], float, float]:
    ids = [d["id"] for _, d in stream]
    tracemalloc.start()
    started = time.perf_counter()
    if halves:
        with tempfile.TemporaryDirectory() as tmp, StoryStore(Path(tmp) / "s.db") as store:
            mid = len(stream) // 2
            stories([d for _, d in stream[:mid]], store=store, summaries=False)
            result = stories([d for _, d in stream[mid:]], store=store, summaries=False)
            story_of = {a: s.id for s in result.stories for a in s.articles}
            for a in store.articles():  # stories the second half never touched
                story_of.setdefault(a.id, f"story-{a.story}")
            pred = [story_of[i] for i in ids]
    else:
        result = stories([d for _, d in stream], summaries=False)
        pred = labels(result, ids)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return pred, took, peak


def strip(stream, titles: bool, leads: bool):
    return [(g, {**d, "title": "" if titles else d["title"], "lead": "" if leads else d["lead"]}) for g, d in stream]


def synthetic(base: list[tuple[int, dict]], n: int, seed: int) -> list[tuple[int, dict]]:
    """n articles: each a fresh story id family, built from one gold cluster's sentences recombined."""
    rng = random.Random(seed)
    by_story: dict[int, list[str]] = {}
    for g, d in base:
        by_story.setdefault(g, []).extend(s for s in d["text"].split(". ") if s)
    keys = sorted(by_story)
    out = []
    for k in range(n):
        g = keys[rng.randrange(len(keys))]
        sents = by_story[g]
        picked = rng.sample(sents, min(len(sents), 12))
        out.append((g, {"id": f"syn-{k}", "title": "", "text": ". ".join(picked)}))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    p.add_argument("--synthetic", default="1000,10000", help="sizes of synthetic streams (comma-separated; '' for none)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    base = load(Path(args.data))
    random.Random(args.seed).shuffle(base)
    gold = [g for g, _ in base]
    print(f"Story grouping: {len(base)} articles, {len(set(gold))} gold stories, shuffled (seed {args.seed})")
    print(f"{'condition':34} {'P':>6} {'R':>6} {'F1':>6} {'F1 95% CI':>15} {'ARI':>6} {'stories':>8} {'s':>7} {'MiB':>6}")
    for name, stream, halves in [
        ("whole stream", base, False),
        ("two halves through --store", base, True),
        ("no titles, no leads", strip(base, True, True), False),
        ("no titles, no leads, two halves", strip(base, True, True), True),
    ]:
        pred, took, peak = run(stream, halves)
        m = compare_groupings(gold, pred)
        lo, hi = interval(gold, pred)
        print(f"{name:34} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}  [{lo:.3f}, {hi:.3f}] {m.adjusted_rand:6.3f} "
              f"{len(set(pred)):8d} {took:7.2f} {peak:6.1f}", flush=True)
    sizes = [int(x) for x in args.synthetic.split(",") if x.strip()]
    if sizes:
        print("\nCost curve on synthetic streams (gold clusters' sentences recombined, fresh ids; grouping only)")
        print(f"{'articles':>9} {'s':>8} {'ms/article':>11} {'MiB':>7}")
        for n in sizes:
            stream = synthetic(base, n, args.seed)
            pred, took, peak = run(stream, False)
            print(f"{n:9d} {took:8.2f} {1000 * took / n:11.3f} {peak:7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
