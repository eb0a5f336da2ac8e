"""Does underthesea word segmentation pay for its time in sentence representation?

The default pipeline represents sentences (and titles) by content syllables
and syllable bigrams. The variants below build the TF-IDF vectors from
underthesea's words instead (or in addition); everything else (reading,
cleaning, splitting, the syllable budget, the method's scorer and selector,
ordering) is tomtat's own. Summaries are scored with ROUGE-2 F1 on syllables,
so the variants are judged on the same scale; time is wall clock per cluster
for the whole pipeline, after underthesea's one-time model load (shown apart).

A method that learns is cross-validated as in bench/quality.py (cluster k in
fold k % 5, trained on the other folds), and trained on the variant's vectors,
so its features are never from another representation than the one it
ranks with. Training time is not counted.

    .venv/bin/python bench/segmentation.py [DATA] [--method NAME] [--limit N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from unittest import mock

import numpy as np
from common import DEFAULT_DATA, load_clusters, progress, progress_done
from quality import FITTERS, FOLDS, fit_for_fold, fold_of, split_folds

from tomtat import api, methods
from tomtat.api import summarize
from tomtat.evaluate import Rouge
from tomtat.read import ClusterInput
from tomtat.represent import Vectors, content_terms
from tomtat.lang.tokens import syllables
from tomtat.segment import word_tokens
from tomtat.records import Cluster, TomtatError

Segmenter = Callable[[str], list[str]]
Terms = Callable[[str, list[str]], list[str]]  # (text, its syllables) -> TF-IDF terms


def _syllables(seg: Segmenter) -> Terms:
    return lambda text, tokens: content_terms(tokens)


def _words(seg: Segmenter) -> Terms:
    return lambda text, tokens: content_terms(seg(text))


def _both(seg: Segmenter) -> Terms:
    return lambda text, tokens: content_terms(tokens) + [w for w in seg(text) if "_" in w]


VARIANTS: dict[str, tuple[str, Callable[[Segmenter], Terms]]] = {
    "syllables": ("syllables + syllable bigrams (tomtat's default)", _syllables),
    "words": ("underthesea words + word bigrams", _words),
    "syllables+words": ("the default terms plus underthesea's multi-syllable words", _both),
}
BASE = "syllables"
BOOTSTRAP = 10_000


def vectors(cluster: Cluster, terms: Terms) -> Vectors:
    """What api.summarize builds with represent(), from ``terms`` of sentences and titles."""
    return Vectors(
        [terms(s.text, s.tokens) for s in cluster.sentences],
        [terms(a.title, syllables(a.title)) for a in cluster.articles],
    )


def summary_text(item: ClusterInput, method: methods.Method, terms: Terms, model: object = None) -> str:
    """tomtat.summarize itself, with the sentence and title vectors built from ``terms``."""
    with mock.patch.object(api, "cluster_vectors", lambda cluster: vectors(cluster, terms)):
        return api.summarize(item.documents, method=method.name, model=model).text


def fitted(name: str, train: list[ClusterInput], terms: Terms):  # noqa: ANN201 - a trained model or None
    """fit_for_fold, with the learned ranker's training vectors built from ``terms``."""
    if name not in FITTERS:
        return fit_for_fold(name, train)
    from tomtat.learn import ranker

    if not hasattr(ranker, "cluster_vectors"):
        sys.exit("bench/segmentation.py: tomtat.learn.ranker.cluster_vectors is gone; update fitted()")
    with mock.patch.object(ranker, "cluster_vectors", lambda cluster: vectors(cluster, terms)):
        return fit_for_fold(name, train)


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
    learns = method.name in FITTERS

    # The default variant must be exactly what tomtat.summarize does.
    for item in items[:5]:
        if summary_text(item, method, _syllables(word_tokens)) != summarize(item.documents, method=method.name).text:
            sys.exit("bench/segmentation.py: the syllable variant no longer matches tomtat.summarize; update summary_text")

    started = time.perf_counter()
    word_tokens("Tổng thư ký Liên hợp quốc thăm Kiev.")
    load_seconds = time.perf_counter() - started
    cached = lru_cache(maxsize=None)(word_tokens)  # training only; timed runs segment afresh

    rouge = Rouge(types=("rouge2",))
    # Cluster numbers of each fold's test part; the training part is bench/quality.py's.
    folds = [[k for k in range(len(items)) if fold_of(k) == f] for f in range(FOLDS)] if learns else [list(range(len(items)))]
    scores: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    for name, (_, make) in VARIANTS.items():
        terms = make(word_tokens)
        r2 = np.zeros(len(items))
        total = 0.0
        for f, test in enumerate(folds):
            if not test:
                continue
            model = None
            if learns:
                progress(f"segmentation: {name}, training fold {f + 1}/{FOLDS}")
                model = fitted(method.name, split_folds(items)[f][0], make(cached))
            for k in test:
                progress(f"segmentation: {name} {k + 1}/{len(items)}")
                started = time.perf_counter()
                try:
                    text = summary_text(items[k], method, terms, model)
                except TomtatError:
                    text = ""
                total += time.perf_counter() - started
                r2[k] = rouge.score(text, items[k].references)["rouge2"].f1 if text else 0.0
        scores[name] = r2
        seconds[name] = total / len(items)
    progress_done()

    rows = {}
    for name, (what, _) in VARIANTS.items():
        mean, low, high = paired(scores[name] - scores[BASE])
        rows[name] = {
            "representation": what,
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
