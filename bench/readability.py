"""Would an editor publish it? Four readability measures of every method beside the human summaries.

Per 100 summaries of the AbMuSu training split (5-fold cross-validation as in bench/quality.py: a method
that learns is trained on the other folds), and the same four for the human reference summaries:

- repeats: pairs of sentences in one summary that repeat each other (syllable-bigram containment >= 0.5:
  half the bigrams of the shorter sentence are in the other);
- context openers: summaries whose first sentence leans on context the reader has not been given
  ("Cùng ngày...", "Ông này...", "Không ít trong số này...", an opening quotation's tail);
- questions: sentences that ask ("Vậy đâu là cách...?");
- sentences per summary.

ROUGE-2 F1 and its ratio to the ``firstlast`` rule baseline come from the same run. The measures are
defined here, apart from the pipeline's own rules, so that a rule the pipeline misses still shows.

    .venv/bin/python bench/readability.py [DATA] [--methods a,b] [--limit N] [--without-leads] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

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


def run(items, names: list[str], strip_leads: bool) -> dict[str, dict]:
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
                docs = without_leads(item).documents if strip_leads else item.documents
                try:
                    summary = tomtat.summarize(docs, method=name, model=model)
                except TomtatError:
                    continue
                row = measures([s.text for s in summary.sentences])
                row["rouge2"] = rouge.score(summary.text, item.references)["rouge2"].f1
                rows[name].append(row)
    progress_done()
    table = {}
    for name, rs in rows.items():
        n = max(len(rs), 1)
        table[name] = {
            "summaries": len(rs),
            "repeats_per_100": 100 * sum(r["repeats"] for r in rs) / n,
            "openers_per_100": 100 * sum(r["opener"] for r in rs) / n,
            "questions_per_100": 100 * sum(r["questions"] for r in rs) / n,
            "sentences": sum(r["sentences"] for r in rs) / n,
            "rouge2": sum(r.get("rouge2", 0.0) for r in rs) / n if name != HUMAN else None,
        }
    base = table[BASELINE]["rouge2"]
    for name, row in table.items():
        row["rouge2_ratio_to_firstlast"] = row["rouge2"] / base if row["rouge2"] is not None and base else None
    return table


def render(table: dict[str, dict], n: int, data: Path, strip_leads: bool) -> str:
    lines = [
        f"Readability on {data.name}: {n} clusters, {FOLDS}-fold cross-validation"
        + (", test clusters WITHOUT lead paragraphs" if strip_leads else ""),
        "per 100 summaries: repeats = sentence pairs with bigram containment >= 0.5, openers = first sentence "
        "leaning on missing context, questions = question sentences; sentences = mean per summary",
        "",
        f"{'summaries':<12} {'repeats':>8} {'openers':>8} {'questions':>9} {'sentences':>9} {'ROUGE-2':>8} {'R2/' + BASELINE:>12}",
    ]
    for name, row in table.items():
        star = "*" if name == tomtat.DEFAULT_METHOD else ""
        r2 = f"{row['rouge2']:.4f}" if row["rouge2"] is not None else "-"
        ratio = f"{row['rouge2_ratio_to_firstlast']:.3f}" if row["rouge2_ratio_to_firstlast"] is not None else "-"
        lines.append(
            f"{name + star:<12} {row['repeats_per_100']:>8.1f} {row['openers_per_100']:>8.1f} "
            f"{row['questions_per_100']:>9.1f} {row['sentences']:>9.2f} {r2:>8} {ratio:>12}"
        )
    lines += ["", f"* default method; {HUMAN}: the reference summaries themselves"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Readability of tomtat's summaries beside the human ones (AbMuSu, 5-fold CV).")
    p.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help=f"AbMuSu .jsonl (default: {DEFAULT_DATA})")
    p.add_argument("--methods", help="comma-separated methods (default: all registered); firstlast is always added")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N clusters")
    p.add_argument("--without-leads", action="store_true", help="test clusters without their lead paragraphs")
    p.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    args = p.parse_args(argv)
    names = method_names(args.methods, p, BASELINE)
    items = [i for i in load_clusters(args.data, args.limit) if i.references]
    if not items:
        sys.exit(f"{args.data}: no clusters with a reference summary")
    table = run(items, names, args.without_leads)
    print(render(table, len(items), Path(args.data), args.without_leads))
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
