"""Write golden-summaries.jsonl: which sentences every method picks on the AbMuSu training clusters.

Run it only when a change is meant to alter summaries (then say so in the commit); the restructuring guard
`tests/test_golden.py` compares today's picks with this file.

    .venv/bin/python tests/data/make_golden.py ../shared/data/abmusu-train.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import tomtat
from tomtat.learn import ranker
from tomtat.read import read_jsonl


def picks(path: Path):
    items = [i for i in read_jsonl(path) if not i.error]
    for name in sorted(tomtat.REGISTRY):
        for leads in (True, False):
            for item in items:
                docs = item.documents if leads else ranker.without_leads(item.documents)
                summary = tomtat.summarize(docs, method=name)
                yield {"method": name, "leads": leads, "cluster": item.label,
                       "picks": [[s.document, s.index] for s in summary.sentences]}


def main() -> None:
    out = Path(__file__).with_name("golden-summaries.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for row in picks(Path(sys.argv[1])):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
