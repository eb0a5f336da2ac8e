"""ROUGE of tomtat's methods on the AbMuSu training split, in 5-fold cross-validation.

The k-th cluster of the data file (from 0) is in fold k % 5. Every method
is scored on each fold's test clusters; a method that learns (``learned``) is
first trained on the other four folds (``fit_for_fold``). The table gives the
mean and sample standard deviation over the five folds of ROUGE F1 with
tomtat's Vietnamese syllable tokenizer, each method's mean ROUGE-2 as a
ratio to the ``firstlast`` rule baseline of the same run, and the 95% bootstrap
confidence interval of ROUGE-2 F1 over all test clusters (``tomtat.evaluate.report``).

    .venv/bin/python bench/quality.py [DATA] [--methods a,b] [--limit N] [--sumy] [--json PATH]

Runs sequentially: ``ilp`` stops HiGHS at a wall-clock time limit, so its
picks depend on machine load and a process pool would make them less repeatable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from common import DEFAULT_DATA, load_clusters, mean_sd, method_names, progress, progress_done

from tomtat import methods
from tomtat.api import summarize
from tomtat.evaluate import ROUGE_TYPES, Rouge, Score, report
from tomtat.read import ClusterInput
from tomtat.lang.tokens import syllables
from tomtat.records import TomtatError

FOLDS = 5
BASELINE = "firstlast"
SUMY = "sumy-lexrank"  # the peer, as long as tomtat's default summary of each cluster (bench/sumy_adapter.py)


def fold_of(k: int) -> int:
    return k % FOLDS


def split_folds(items: Sequence[ClusterInput]) -> list[tuple[list[ClusterInput], list[ClusterInput]]]:
    """(training clusters, test clusters) of each fold, both in file order."""
    return [
        ([item for k, item in enumerate(items) if fold_of(k) != f], [item for k, item in enumerate(items) if fold_of(k) == f])
        for f in range(FOLDS)
    ]


def _fitter(method: methods.Method) -> Callable[[Sequence[ClusterInput]], object]:
    """The method's own ``fit`` (as `tomtat train` uses it), on these clusters' first references only."""
    assert method.fit is not None
    fit = method.fit
    return lambda train_clusters: fit([(item.documents, item.references[0]) for item in train_clusters])


# Methods that learn, from the registry: each fold's model is trained on the other folds.
FITTERS: dict[str, Callable[[Sequence[ClusterInput]], object]] = {
    name: _fitter(m) for name, m in methods.REGISTRY.items() if m.fit is not None
}


def fit_for_fold(name: str, train_clusters: Sequence[ClusterInput]) -> object | None:
    """Fit method ``name`` on one fold's training clusters; None when the method learns nothing.

    This is where learned methods plug in. For a method in ``FITTERS``, this
    fits a model on ``train_clusters`` (the four folds not being tested, with
    their reference summaries) and returns the model, which the test fold is
    summarized with (``tomtat.summarize(..., method=name, model=it)``) instead
    of the one shipped in the package (which saw every training cluster), so no
    cluster is scored by a model that saw its reference. Unsupervised methods get None. A method that
    uses a model but has no ``fit`` is refused rather than scored with its shipped model.
    """
    fitter = FITTERS.get(name)
    if fitter is not None:
        return fitter(train_clusters)
    if methods.get(name).uses_model:
        raise SystemExit(f"bench/quality.py: method {name!r} learns, but its registry entry has no fit to train it per fold")
    return None


def summarizer(name: str, model: object = None) -> Callable[[ClusterInput], str]:
    if name == SUMY:
        import sumy_adapter

        lexrank = sumy_adapter.summarizer()
        return lambda item: sumy_adapter.summarize(
            [(d.lead, d.text) for d in item.documents], lexrank, sumy_adapter.default_length(item.documents)
        )
    return lambda item: summarize(item.documents, method=name, model=model).text


def score_fold(
    name: str, test: list[ClusterInput], rouge: Rouge, model: object = None
) -> tuple[list[dict[str, Score]], list[int], list[str]]:
    """Per-cluster ROUGE scores and summary lengths of one method (with a fold's ``model``) on its test clusters."""
    run = summarizer(name, model)
    rows, lengths, errors = [], [], []
    for item in test:
        try:
            text = run(item)
        except TomtatError as e:
            errors.append(f"{item.label}: {e}")
            continue
        rows.append(rouge.score(text, item.references))
        lengths.append(len(syllables(text)))
    return rows, lengths, errors


def without_leads(item: ClusterInput) -> ClusterInput:
    """The cluster as plain articles with no separate lead paragraph (older news, most scraped text)."""
    from tomtat.learn.ranker import without_leads as strip

    return replace(item, documents=strip(item.documents))


def cross_validate(items: list[ClusterInput], names: list[str], strip_leads: bool = False) -> dict[str, dict]:
    """Score every method on every fold; with ``strip_leads`` the test clusters lose their leads
    (training data keeps them, as ``tomtat train`` does)."""
    rouge = Rouge()
    per: dict[str, dict] = {n: {"folds": {t: [] for t in ROUGE_TYPES}, "rows": [], "lengths": [], "errors": []} for n in names}
    for f, (train, test) in enumerate(split_folds(items)):
        if not test:
            continue
        for name in names:
            progress(f"quality: fold {f + 1}/{FOLDS}, {name}")
            fitted = None if name == SUMY else fit_for_fold(name, train)
            rows, lengths, errors = score_fold(name, [without_leads(i) for i in test] if strip_leads else test, rouge, fitted)
            for t in ROUGE_TYPES:
                per[name]["folds"][t].append(sum(r[t].f1 for r in rows) / len(rows) if rows else 0.0)
            per[name]["rows"] += rows
            per[name]["lengths"] += lengths
            per[name]["errors"] += errors
    progress_done()
    base = mean_sd(per[BASELINE]["folds"]["rouge2"])[0]
    table: dict[str, dict] = {}
    for name in names:
        row: dict = {}
        for t in ROUGE_TYPES:
            mean, sd = mean_sd(per[name]["folds"][t])
            row[t] = {"mean": mean, "sd": sd, "folds": per[name]["folds"][t]}
        row["rouge2_ratio_to_firstlast"] = row["rouge2"]["mean"] / base if base else float("nan")
        r2 = report(per[name]["rows"]).scores["rouge2"]  # over all test clusters, seeded: the same every run
        row["rouge2_ci95"] = [r2.low.f1, r2.high.f1]
        lengths = per[name]["lengths"]
        row["syllables"] = sum(lengths) / len(lengths) if lengths else 0.0
        row["clusters"] = len(lengths)
        row["errors"] = per[name]["errors"]
        table[name] = row
    return table


def render(table: dict[str, dict], n: int, data: Path) -> str:
    folds = min(FOLDS, n)
    lines = [
        f"ROUGE F1 on {data.name}: {n} clusters, {folds}-fold layout (cluster k in fold k % {FOLDS}), syllable tokens",
        f"mean over folds ± sample sd; R2/{BASELINE} = ratio of mean ROUGE-2 F1; syllables = mean summary length",
        "R2 95% CI = bootstrap confidence interval of ROUGE-2 F1 over all test clusters",
        "",
        f"{'method':<14} {'ROUGE-1':>15} {'ROUGE-2':>15} {'ROUGE-L':>15} {'R2/' + BASELINE:>12} {'syllables':>9}"
        f" {'R2 95% CI':>16}",
    ]
    for name, row in table.items():
        star = "*" if name == methods.DEFAULT_METHOD else ""
        cells = [f"{row[t]['mean']:.4f} ± {row[t]['sd']:.4f}" for t in ROUGE_TYPES]
        lines.append(
            f"{name + star:<14} " + " ".join(f"{c:>15}" for c in cells)
            + f" {row['rouge2_ratio_to_firstlast']:>12.3f} {row['syllables']:>9.1f}"
            + f" {'[{:.4f}, {:.4f}]'.format(*row['rouge2_ci95']):>16}"
        )
    lines.append("")
    lines.append(f"* default method ({methods.DEFAULT_METHOD})")
    for name, row in table.items():
        if row["errors"]:
            lines.append(f"{name}: {len(row['errors'])} clusters failed and are left out: {'; '.join(row['errors'][:3])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="ROUGE of tomtat's methods on AbMuSu train, 5-fold cross-validation.")
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help=f"AbMuSu .jsonl (default: {DEFAULT_DATA})")
    p.add_argument("--methods", help="comma-separated methods (default: all registered); firstlast is always added")
    p.add_argument("--sumy", action="store_true", help=f"add sumy's LexRank as a peer row ({SUMY})")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N clusters")
    p.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    p.add_argument(
        "--without-leads",
        action="store_true",
        help="score on the test clusters without their lead paragraphs (anchor_text): an out-of-domain check",
    )
    args = p.parse_args(argv)

    names = method_names(args.methods, p, BASELINE)
    if args.sumy:
        names.append(SUMY)
    items = load_clusters(args.data, args.limit)
    items = [i for i in items if i.references]
    if not items:
        sys.exit(f"{args.data}: no clusters with a reference summary")
    table = cross_validate(items, names, args.without_leads)
    if args.without_leads:
        print("test clusters WITHOUT lead paragraphs (anchor_text dropped); models trained as shipped")
    print(render(table, len(items), Path(args.data)))
    if args.json:
        out = {
            "data": str(Path(args.data).resolve()),
            "clusters": len(items),
            "folds": FOLDS,
            "fold_rule": "k-th cluster in file order (from 0) in fold k % 5",
            "tokens": "syllables",
            "test_leads": not args.without_leads,
            "default_method": methods.DEFAULT_METHOD,
            "methods": table,
        }
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
