"""Summaries do not change by accident: every method's picks on the training clusters against the last release.

`tests/data/golden-summaries.jsonl` holds which sentences each method picked on the 200 AbMuSu training clusters,
with and without lead paragraphs, as of the last intended change (`tests/data/make_golden.py` rewrites it).
The suite checks every fourth cluster; TOMTAT_GOLDEN_ALL=1 checks all 2,800 summaries.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import tomtat
from tomtat.learn import ranker
from tomtat.read import read_jsonl

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "abmusu-train.jsonl"
GOLDEN = Path(__file__).resolve().parent / "data" / "golden-summaries.jsonl"
STEP = 1 if os.environ.get("TOMTAT_GOLDEN_ALL") else 4

pytestmark = pytest.mark.skipif(not TRAIN.is_file(), reason=f"training data not found at {TRAIN}")


@pytest.fixture(scope="module")
def clusters():
    return {item.label: item for item in read_jsonl(TRAIN) if not item.error}


@pytest.mark.parametrize("method", sorted(tomtat.REGISTRY))
def test_summaries_match_the_last_release(clusters, method):
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    labels = list(clusters)[::STEP]
    wanted = {(r["leads"], r["cluster"]): r["picks"] for r in rows if r["method"] == method}
    differ = []
    for leads in (True, False):
        for label in labels:
            docs = clusters[label].documents if leads else ranker.without_leads(clusters[label].documents)
            got = [[s.document, s.index] for s in tomtat.summarize(docs, method=method).sentences]
            if got != wanted[(leads, label)]:
                differ.append((label, leads))
    assert not differ, f"{method}: {len(differ)} summaries changed, first {differ[:5]}"
