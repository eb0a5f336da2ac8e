"""Does underthesea word segmentation pay for its time in sentence representation?

The default pipeline represents sentences (and titles) by content syllables
and syllable bigrams. The other representations in tomtat's registry
(``tomtat.represent.REPRESENTATIONS``) build the TF-IDF vectors from
underthesea's words instead (or in addition); everything else (reading,
cleaning, splitting, the syllable budget, the method's scorer and selector,
ordering) is the same. Each summary is ``tomtat.summarize(...,
representation=NAME)``; it is scored with ROUGE-2 F1 on syllables, so the
representations are judged on the same scale; time is wall clock per cluster
for the whole pipeline, after underthesea's one-time model load (shown apart).

A method that learns is cross-validated as in bench/quality.py (cluster k in
fold k % 5, trained on the other folds), and trained on the same
representation's vectors, so its features are never from another
representation than the one it ranks with. Training time is not counted.

    .venv/bin/python bench/segmentation.py [DATA] [--method NAME] [--limit N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from common import DEFAULT_DATA, load_clusters, progress, progress_done
from quality import FOLDS, fold_of

from tomtat import methods
from tomtat.api import summarize
from tomtat.evaluate import Rouge
from tomtat.lang.segment import word_tokens
from tomtat.learn import ranker
from tomtat.read import ClusterInput
from tomtat.records import TomtatError
from tomtat.represent import DEFAULT_REPRESENTATION, REPRESENTATIONS

BASE = DEFAULT_REPRESENTATION
BOOTSTRAP = 10_000


def training_examples(items: list[ClusterInput], representation: str) -> list[list[ranker.Example]]:
    """The learned ranker's training examples of each cluster, on ``representation``'s vectors.

    Made once per cluster and shared by the folds that train on it: ``ranker.examples`` treats
    each cluster on its own, so a fold's examples are its clusters' examples in file order.
    """
    out = []
    for k, item in enumerate(items):
        progress(f"segmentation: {representation}, training examples {k + 1}/{len(items)}")
        out.append(ranker.examples([(item.documents, item.references[0])], representation))
    return out


def fold_model(method: methods.Method, examples: list[list[ranker.Example]], fold: int) -> object | None:
    """The model a test fold is summarized with: trained on the other folds (None for a method that does not learn)."""
    if method.fit is None:
        return None
    if method.name != "learned":
        sys.exit(f"bench/segmentation.py: no way to train {method.name!r} on another representation; add it here")
    return ranker.train([e for k, cluster in enumerate(examples) if fold_of(k) != fold for e in cluster])


def paired(diff: np.ndarray) -> tuple[float, float, float]:
    """Mean difference and its 95% paired-bootstrap interval (seed 0)."""
    rng = np.random.default_rng(0)
    means = diff[rng.integers(0, len(diff), size=(BOOTSTRAP, len(diff)))].mean(axis=1)
    return float(diff.mean()), float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="ROUGE-2 and time of syllable vs underthesea-word sentence representation.")
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help=f"AbMuSu .jsonl (default: {DEFAULT_DATA})")
    p.add_argument("--method", default=methods.DEFAULT_METHOD, help=f"method (default: {methods.DEFAULT_METHOD})")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N clusters")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = p.parse_args(argv)
    try:
        method = methods.get(args.method)
    except TomtatError as e:
        p.error(str(e))
    items = [i for i in load_clusters(args.data, args.limit) if i.references]
    learns = method.fit is not None

    started = time.perf_counter()
    try:
        word_tokens("Tổng thư ký Liên hợp quốc thăm Kiev.")
    except TomtatError as e:
        sys.exit(f"bench/segmentation.py: {e}")
    load_seconds = time.perf_counter() - started
    for item in items[:5]:  # lazy imports and loads (lightgbm, stop words) are not counted
        summarize(item.documents, method=method.name)

    rouge = Rouge(types=("rouge2",))
    folds = [[k for k in range(len(items)) if fold_of(k) == f] for f in range(FOLDS)] if learns else [list(range(len(items)))]
    scores: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    for name in REPRESENTATIONS:
        examples = training_examples(items, name) if learns else []
        r2 = np.zeros(len(items))
        total = 0.0
        for f, test in enumerate(folds):
            if not test:
                continue
            model = fold_model(method, examples, f)
            for k in test:
                progress(f"segmentation: {name} {k + 1}/{len(items)}")
                started = time.perf_counter()
                try:
                    text = summarize(items[k].documents, method=method.name, model=model, representation=name).text
                except TomtatError:
                    text = ""
                total += time.perf_counter() - started
                r2[k] = rouge.score(text, items[k].references)["rouge2"].f1 if text else 0.0
        scores[name] = r2
        seconds[name] = total / len(items)
    progress_done()

    rows = {}
    for name, rep in REPRESENTATIONS.items():
        mean, low, high = paired(scores[name] - scores[BASE])
        rows[name] = {
            "representation": rep.description,
            "rouge2": float(scores[name].mean()),
            "rouge2_ratio": float(scores[name].mean() / scores[BASE].mean()),
            "delta": mean,
            "delta_ci95": [low, high],
            "better": int((scores[name] > scores[BASE]).sum()),
            "worse": int((scores[name] < scores[BASE]).sum()),
            "seconds_per_cluster": seconds[name],
            "time_ratio": seconds[name] / seconds[BASE],
        }

    how = f", {FOLDS}-fold cross-validated (cluster k in fold k % {FOLDS})" if learns else ""
    print(f"Sentence representation for {method.name} on {len(items)} clusters{how}: ROUGE-2 F1 on syllables, time per cluster")
    print(f"Δ = mean paired difference to '{BASE}' with a 95% bootstrap interval; better/worse = clusters")
    print()
    print(f"{'variant':<16} {'ROUGE-2':>8} {'ratio':>6} {'Δ [95% CI]':>27} {'better/worse':>12} {'s/cluster':>9} {'× time':>7}")
    for name, row in rows.items():
        delta = "" if name == BASE else f"{row['delta']:+.4f} [{row['delta_ci95'][0]:+.4f}, {row['delta_ci95'][1]:+.4f}]"
        bw = "" if name == BASE else f"{row['better']}/{row['worse']}"
        print(
            f"{name:<16} {row['rouge2']:>8.4f} {row['rouge2_ratio']:>6.3f} {delta:>27} {bw:>12}"
            f" {row['seconds_per_cluster']:>9.4f} {row['time_ratio']:>7.1f}"
        )
    print()
    for name, row in rows.items():
        print(f"{name}: {row['representation']}")
    print(f"underthesea's one-time model load (not in s/cluster): {load_seconds:.2f} s")
    if args.json:
        out = {
            "data": str(Path(args.data).resolve()),
            "method": method.name,
            "clusters": len(items),
            "cross_validated": learns,
            "underthesea_load_seconds": load_seconds,
            "variants": rows,
        }
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
