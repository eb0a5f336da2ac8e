"""Story grouping on a shuffled stream: the 621 AbMuSu training articles (200 gold stories) in random order.

BCubed precision, recall and F1 and the adjusted Rand index against the gold clusters, for the online grouper
(tomtat.stories, grouping only) on the whole stream and fed in two halves through a --store file; the same
with titles and leads removed; time and the peak memory of the process that ran it; the grouper beside the
usual alternatives on the same profiles (agglomerative clustering and HDBSCAN over the all-pairs matrix, with
their best threshold chosen on the gold stories, so an upper bound for them); and the cost curve on synthetic
streams (recombined training sentences, fresh ids, dated families) of growing size. 95% intervals: bootstrap
over groups of gold stories that the grouping mixes.

    .venv/bin/python bench/stories.py [DATA] [--synthetic 1000,10000,100000] [--seeds 0,1,2] [--no-compare]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from common import DEFAULT_DATA

from tomtat.evaluate import compare_groupings
from tomtat.stream.stories import stories
from tomtat.stream.store import StoryStore


def load(path: Path) -> list[tuple[int, dict]]:
    out = []
    for n, line in enumerate(path.open(encoding="utf-8")):
        r = json.loads(line)
        for k, d in enumerate(r["single_documents"]):
            out.append((n, {"id": f"{n}-{k}", "title": d.get("title", ""), "lead": d.get("anchor_text", ""),
                            "text": d["raw_text"]}))
    return out


def interval(gold: list[int], pred: list[str], seed: int = 0, rounds: int = 200) -> tuple[float, float]:
    """Bootstrap over independent units: gold stories joined when the grouping mixes them (a component of the
    graph of gold and found stories). Drawing whole components keeps every confusion inside a draw; a component
    drawn twice comes twice, told apart in both groupings."""
    parent = list(range(len(gold)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first: dict[object, int] = {}
    for k, (g, p) in enumerate(zip(gold, pred)):
        for key in (("gold", g), ("found", p)):
            if key in first:
                parent[root(k)] = root(first[key])
            else:
                first[key] = k
    units: dict[int, list[int]] = {}
    for k in range(len(gold)):
        units.setdefault(root(k), []).append(k)
    members = list(units.values())
    rng = np.random.default_rng(seed)
    f1 = []
    for _ in range(rounds):
        g2, p2 = [], []
        for copy, u in enumerate(rng.choice(len(members), len(members))):
            for k in members[u]:
                g2.append((gold[k], copy))
                p2.append((pred[k], copy))
        f1.append(compare_groupings(g2, p2).f1)
    return float(np.percentile(f1, 2.5)), float(np.percentile(f1, 97.5))


def _group(stream: list[dict], halves: bool) -> tuple[list[str], float, float]:
    """(stories in stream order, seconds, peak resident MiB of this process); run in a fresh process."""
    ids = [d["id"] for d in stream]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        story_of: dict[str, str] = {}
        if halves:
            with StoryStore(Path(tmp) / "s.db") as store:
                mid = len(stream) // 2
                stories(stream[:mid], store=store, summaries=False)
                stories(stream[mid:], store=store, summaries=False)
                story_of = {a.id: f"story-{a.story}" for a in store.articles()}
        else:
            result = stories(stream, summaries=False)
            story_of = {a: s.id for s in result.stories for a in s.articles}
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [story_of[i] for i in ids], took, peak


def _synthetic_group(data: str, n: int, seed: int) -> tuple[int, float, float]:
    base = load(Path(data))
    stream = synthetic(base, n, seed)
    _, took, peak = _group(stream, False)
    return len(stream), took, peak


def isolated(fn, *args):  # noqa: ANN001, ANN201
    """fn(*args) in a fresh process, so that its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def strip(stream, titles: bool, leads: bool):
    return [(g, {**d, "title": "" if titles else d["title"], "lead": "" if leads else d["lead"]}) for g, d in stream]


def synthetic(base: list[tuple[int, dict]], n: int, seed: int, per_story: int = 3, per_day: int = 2_000) -> list[dict]:
    """n articles in stories of about ``per_story``: each story one gold cluster's sentences recombined, dated
    (``per_day`` articles a day), its articles spread over two days, fresh ids; in date order."""
    rng = random.Random(seed)
    by_story: dict[int, list[str]] = {}
    for g, d in base:
        by_story.setdefault(g, []).extend(s for s in d["text"].split(". ") if s)
    keys = sorted(by_story)
    start = date(2020, 1, 1)
    out = []
    for k in range(n):
        family = k // per_story
        g = keys[(family * 7919 + seed) % len(keys)]
        day = start + timedelta(days=k // per_day + rng.randrange(2))
        sents = by_story[g]
        picked = rng.sample(sents, min(len(sents), 12))
        out.append({"id": f"syn-{k}", "title": "", "text": ". ".join(picked), "published": day.isoformat()})
    return out


def compare(stream: list[tuple[int, dict]], gold: list[int]) -> None:
    """The online grouper's profiles, clustered by the usual all-pairs alternatives (their best threshold)."""
    try:
        from sklearn.cluster import HDBSCAN, AgglomerativeClustering
    except ImportError:
        print("\n(alternatives skipped: pip install 'tomtat[bench]' for scikit-learn)")
        return
    from scipy import sparse

    from tomtat.stream.group import Grouper, article_terms

    terms = [article_terms(d["title"], d["lead"], d["text"]) for _, d in stream]
    g = Grouper()
    g.count(terms)
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, t in enumerate(terms):
        for term, w in g.profile(t).items():
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(w)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(terms), len(vocab)))
    distance = np.clip(1 - (x @ x.T).toarray(), 0, 2)
    np.fill_diagonal(distance, 0)
    print("\nAlternatives on the same profiles (all-pairs matrix; each at its best setting on the gold stories)")
    print(f"{'method':42} {'P':>6} {'R':>6} {'F1':>6} {'ARI':>6} {'setting':>10}")
    for linkage in ("single", "average", "complete"):
        best = None
        for th in np.arange(0.50, 0.99, 0.02):
            pred = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage=linkage,
                                           distance_threshold=th).fit_predict(distance)
            m = compare_groupings(gold, list(pred))
            if best is None or m.f1 > best[0].f1:
                best = (m, f"{th:.2f}")
        m, setting = best
        print(f"{'agglomerative, ' + linkage + ' linkage':42} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} "
              f"{m.adjusted_rand:6.3f} {setting:>10}")
    best = None
    for size in (2, 3):
        for samples in (1, 2):
            pred = HDBSCAN(min_cluster_size=size, min_samples=samples, metric="precomputed",
                           cluster_selection_method="leaf", copy=True).fit_predict(distance)
            pred = [p if p >= 0 else -1 - k for k, p in enumerate(pred)]  # noise: each its own story
            m = compare_groupings(gold, pred)
            if best is None or m.f1 > best[0].f1:
                best = (m, f"{size},{samples}")
    m, setting = best
    print(f"{'HDBSCAN (leaf; min cluster, min samples)':42} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} "
          f"{m.adjusted_rand:6.3f} {setting:>10}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    p.add_argument("--synthetic", default="1000,10000", help="sizes of synthetic streams (comma-separated; '' for none)")
    p.add_argument("--seeds", default="0", help="stream orders to measure (comma-separated shuffle seeds)")
    p.add_argument("--no-compare", action="store_true", help="skip the agglomerative/HDBSCAN comparison")
    args = p.parse_args(argv)
    loaded = load(Path(args.data))
    seeds = [int(x) for x in args.seeds.split(",")]
    print(f"Story grouping: {len(loaded)} articles, {len(set(g for g, _ in loaded))} gold stories, shuffled")
    print(f"{'condition':40} {'P':>6} {'R':>6} {'F1':>6} {'F1 95% CI':>15} {'ARI':>6} {'stories':>8} {'s':>6} {'MiB':>6}")
    for seed in seeds:
        base = list(loaded)
        random.Random(seed).shuffle(base)
        gold = [g for g, _ in base]
        for name, stream, halves in [
            ("whole stream", base, False),
            ("two halves through --store", base, True),
            ("no titles, no leads", strip(base, True, True), False),
            ("no titles, no leads, two halves", strip(base, True, True), True),
        ]:
            pred, took, peak = isolated(_group, [d for _, d in stream], halves)
            m = compare_groupings(gold, pred)
            lo, hi = interval(gold, pred)
            label = f"{name} (seed {seed})"
            print(f"{label:40} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}  [{lo:.3f}, {hi:.3f}] "
                  f"{m.adjusted_rand:6.3f} {len(set(pred)):8d} {took:6.2f} {peak:6.0f}", flush=True)
    if not args.no_compare:
        base = list(loaded)
        random.Random(seeds[0]).shuffle(base)
        compare(base, [g for g, _ in base])
    sizes = [int(x) for x in args.synthetic.split(",") if x.strip()]
    if sizes:
        print("\nCost curve on synthetic streams (training sentences recombined into stories of 3, 2,000 articles a day,")
        print("fresh ids; grouping only, copies included; peak resident memory of the process)")
        print(f"{'articles':>9} {'s':>8} {'ms/article':>11} {'MiB':>7}")
        for n in sizes:
            count, took, peak = isolated(_synthetic_group, args.data, n, seeds[0])
            print(f"{count:9d} {took:8.2f} {1000 * took / count:11.3f} {peak:7.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
