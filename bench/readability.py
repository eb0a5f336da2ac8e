"""Would an editor publish it? Four readability measures of every method beside the human summaries.

Per 100 summaries of the AbMuSu training split (5-fold cross-validation as in bench/quality.py: a method
that learns is trained on the other folds), and the same four for the human reference summaries:

- repeats: pairs of sentences in one summary that repeat each other (syllable-bigram containment >= 0.5:
  half the bigrams of the shorter sentence are in the other);
- context openers: summaries whose first sentence leans on context the reader has not been given
  ("Cùng ngày...", "Ông này...", "Không ít trong số này...", an opening quotation's tail);
- questions: sentences that ask ("Vậy đâu là cách...?");
- sentences per summary.

ROUGE-2 F1 and its ratio to the ``firstlast`` rule baseline come from the same run, with a paired
bootstrap 95% interval of the ratio (clusters resampled), over all clusters and over the largest ones
(5 articles and more, or the largest fifth) apart. ``--without-leads`` and ``--without-titles`` test on
clusters stripped as older or scraped news comes (training keeps what the data has, as `tomtat train`
does). The measures are defined here, apart from the pipeline's own rules, so that a rule the pipeline
misses still shows.

    .venv/bin/python bench/readability.py [DATA] [--methods a,b] [--limit N] [--without-leads]
        [--without-titles] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from common import DEFAULT_DATA, load_clusters, method_names, progress, progress_done
from quality import BASELINE, FOLDS, fit_for_fold, split_folds, without_leads

import tomtat
from tomtat.evaluate import Rouge
from tomtat.lang.tokens import syllables
from tomtat.prepare import prepare
from tomtat.records import TomtatError

HUMAN = "human"
CONTAINMENT = 0.5

# Openings that need an earlier sentence: a connective of time or discourse, or a pronoun or demonstrative
# pointing back ("ông này" = "this man", "trong số này" = "among these").
_CONNECTIVE = (
    r"cùng ngày|cùng lúc|cùng thời điểm|trước đó|sau đó|ngay sau đó|trong khi đó|ngoài ra|bên cạnh đó|tuy nhiên"
    r"|đồng thời|theo đó|do đó|vì vậy|vì thế|mặt khác|thêm vào đó|không chỉ vậy|hơn nữa|tiếp đó|sau khi"
    r"|cũng|còn|nhưng|và|song|tuy vậy|dù vậy|trong khi|khi đó|lúc đó"
)
_POINTING_BACK = (
    r"(?:ông|bà|anh|chị|em|cô|người|vị|nhân vật|đơn vị|cơ quan|công ty|doanh nghiệp|trường|vụ|sự việc"
    r"|điều|việc|chuyện|con số|thông tin|kết quả|quyết định|động thái|tình trạng|tình hình|hiện tượng|loại)"
    r" (?:này|đó|ấy|trên|nói trên)"
    r"|(?:không ít |phần lớn |nhiều |một số |hầu hết )?(?:trong số|trong đó)(?: này| đó)?"
    r"|(?:họ|hắn|nó|đây|đó|điều đó|điều này|như vậy|vậy)\b"
)
OPENER = re.compile(rf"^(?:[”\"’»]|(?:{_CONNECTIVE}|{_POINTING_BACK})(?![\w]))", re.IGNORECASE)


def bigrams(text: str) -> set[tuple[str, str]]:
    toks = syllables(text)
    return set(zip(toks, toks[1:]))


def repeats(sentences: Sequence[str]) -> int:
    """Pairs of sentences that repeat each other: bigram containment over the shorter one."""
    grams = [bigrams(s) for s in sentences]
    count = 0
    for j in range(len(grams)):
        for i in range(j):
            small = min(len(grams[i]), len(grams[j]))
            if small and len(grams[i] & grams[j]) / small >= CONTAINMENT:
                count += 1
    return count


def leans_on_context(sentence: str) -> bool:
    return bool(OPENER.match(sentence.strip()))


def asks(sentence: str) -> bool:
    return sentence.rstrip(" ”\"’)»").endswith("?")


def measures(sentences: Sequence[str]) -> dict[str, float]:
    return {
        "repeats": repeats(sentences),
        "opener": float(bool(sentences) and leans_on_context(sentences[0])),
        "questions": sum(asks(s) for s in sentences),
        "sentences": len(sentences),
    }


def reference_sentences(text: str) -> list[str]:
    """A human summary split as tomtat splits articles (its one paragraph, no title taken)."""
    try:
        cluster = prepare([tomtat.Document(text="\n\n" + text)])
    except TomtatError:
        return [text]
    return [s.text for s in cluster.sentences]


LARGE = 5  # articles: AbMuSu train has 14 such clusters of 200 (2: 48, 3: 97, 4: 41, 5: 14)


def ratio_interval(rows: list[dict], base: list[dict], keep: list[bool], seed: int = 0) -> tuple[float, float, float]:
    """Mean ROUGE-2 over the baseline's, with a paired bootstrap 95% interval (clusters resampled)."""
    a = np.array([r["rouge2"] for r, k in zip(rows, keep) if k])
    b = np.array([r["rouge2"] for r, k in zip(base, keep) if k])
    if not len(a) or not b.mean():
        return float("nan"), float("nan"), float("nan")
    idx = np.random.default_rng(seed).integers(0, len(a), (1000, len(a)))
    boot = a[idx].mean(axis=1) / np.maximum(b[idx].mean(axis=1), 1e-12)
    return float(a.mean() / b.mean()), float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))


def strip(item, leads: bool, titles: bool):
    if leads:
        item = without_leads(item)
    if titles:
        item = replace(item, documents=[replace(d, title="") for d in item.documents])
    return item


def run(items, names: list[str], strip_leads: bool, strip_titles: bool = False) -> dict[str, dict]:
    rouge = Rouge(types=("rouge2",))
    rows: dict[str, list[dict[str, float]]] = {n: [] for n in [HUMAN, *names]}
    for item in items:
        for ref in item.references[:1]:
            rows[HUMAN].append(measures(reference_sentences(ref)))
    for f, (train, test) in enumerate(split_folds(items)):
        for name in names:
            progress(f"readability: fold {f + 1}/{FOLDS}, {name}")
            model = fit_for_fold(name, train)
            for item in test:
                docs = strip(item, strip_leads, strip_titles).documents
                try:
                    summary = tomtat.summarize(docs, method=name, model=model)
                    row = measures([s.text for s in summary.sentences])
                    row["rouge2"] = rouge.score(summary.text, item.references)["rouge2"].f1
                except TomtatError:  # scored as an empty summary, so that rows stay paired with the baseline's
                    row = {"repeats": 0, "opener": 0.0, "questions": 0, "sentences": 0, "rouge2": 0.0}
                row["articles"] = len(item.documents)
                rows[name].append(row)
    progress_done()
    table = {}
    base_rows = rows[BASELINE]
    sizes = [r["articles"] for r in base_rows]
    large = [n >= LARGE for n in sizes]
    for name, rs in rows.items():
        n = max(len(rs), 1)
        row = {
            "summaries": len(rs),
            "repeats_per_100": 100 * sum(r["repeats"] for r in rs) / n,
            "openers_per_100": 100 * sum(r["opener"] for r in rs) / n,
            "questions_per_100": 100 * sum(r["questions"] for r in rs) / n,
            "sentences": sum(r["sentences"] for r in rs) / n,
            "rouge2": None,
            "rouge2_ratio_to_firstlast": None,
        }
        if name != HUMAN:
            row["rouge2"] = sum(r["rouge2"] for r in rs) / n
            row["rouge2_ratio_to_firstlast"] = ratio_interval(rs, base_rows, [True] * len(rs))
            row["large_clusters"] = sum(large)
            row["rouge2_ratio_large"] = ratio_interval(rs, base_rows, large)
        table[name] = row
    return table


def render(table: dict[str, dict], n: int, data: Path, strip_leads: bool, strip_titles: bool = False) -> str:
    lines = [
        f"Readability on {data.name}: {n} clusters, {FOLDS}-fold cross-validation"
        + (", test clusters WITHOUT lead paragraphs" if strip_leads else "")
        + (", test clusters WITHOUT titles" if strip_titles else ""),
        "per 100 summaries: repeats = sentence pairs with bigram containment >= 0.5, openers = first sentence "
        "leaning on missing context, questions = question sentences; sentences = mean per summary",
        "",
        f"{'summaries':<12} {'repeats':>8} {'openers':>8} {'questions':>9} {'sentences':>9} {'ROUGE-2':>8} "
        f"{'R2/' + BASELINE + ' [95% CI]':>24} {'same, ' + str(LARGE) + '+ articles':>24}",
    ]

    def ratio(r: tuple[float, float, float] | None) -> str:
        return f"{r[0]:.3f} [{r[1]:.3f}, {r[2]:.3f}]" if r is not None else "-"

    for name, row in table.items():
        star = "*" if name == tomtat.DEFAULT_METHOD else ""
        r2 = f"{row['rouge2']:.4f}" if row["rouge2"] is not None else "-"
        lines.append(
            f"{name + star:<12} {row['repeats_per_100']:>8.1f} {row['openers_per_100']:>8.1f} "
            f"{row['questions_per_100']:>9.1f} {row['sentences']:>9.2f} {r2:>8} "
            f"{ratio(row['rouge2_ratio_to_firstlast']):>24} {ratio(row.get('rouge2_ratio_large')):>24}"
        )
    large = next((r["large_clusters"] for r in table.values() if "large_clusters" in r), 0)
    lines += ["", f"* default method; {HUMAN}: the reference summaries themselves; {large} clusters have {LARGE}+ articles"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Readability of tomtat's summaries beside the human ones (AbMuSu, 5-fold CV).")
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help=f"AbMuSu .jsonl (default: {DEFAULT_DATA})")
    p.add_argument("--methods", help="comma-separated methods (default: all registered); firstlast is always added")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N clusters")
    p.add_argument("--without-leads", action="store_true", help="test clusters without their lead paragraphs")
    p.add_argument("--without-titles", action="store_true", help="test clusters without their titles")
    p.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    args = p.parse_args(argv)
    names = method_names(args.methods, p, BASELINE)
    items = [i for i in load_clusters(args.data, args.limit) if i.references]
    if not items:
        sys.exit(f"{args.data}: no clusters with a reference summary")
    table = run(items, names, args.without_leads, args.without_titles)
    print(render(table, len(items), Path(args.data), args.without_leads, args.without_titles))
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
