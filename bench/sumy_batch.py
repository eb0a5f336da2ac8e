"""Summarize every cluster of an AbMuSu .jsonl with sumy's LexRank: the peer of `tomtat summarize FILE`.

One JSON line out per cluster, {"id"?, "summary"} (or {"error"}), in input
order, so `tomtat eval DATA --predictions OUT` can score it. The tokenizer is
bench/sumy_adapter.py's; the length is tomtat's fitted human length of the
input (``default_words``), as this script does not run tomtat's summarizer.

    .venv/bin/python bench/sumy_batch.py FILE.jsonl [-o OUT.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys

import sumy_adapter


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("input", help="AbMuSu .jsonl: {'single_documents': [{'anchor_text', 'raw_text'}, ...]} per line")
    p.add_argument("-o", "--output", help="output .jsonl (default: standard output)")
    args = p.parse_args(argv)

    lexrank = sumy_adapter.summarizer()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    failed = 0
    with open(args.input, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            row: dict[str, object] = {} if obj.get("id") is None else {"id": obj["id"]}
            docs = obj.get("single_documents") or []
            summary = sumy_adapter.summarize([(d.get("anchor_text", ""), d.get("raw_text", "")) for d in docs], lexrank)
            if summary:
                row["summary"] = summary
            else:
                row["error"] = "no sentences"
                failed += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
