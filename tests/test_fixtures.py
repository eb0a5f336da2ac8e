"""The important properties on the bundled fixture clusters, so they hold in any clone (no ../shared needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tomtat
from tomtat.cli import main
from tomtat.learn import ranker
from tomtat.read import read_jsonl
from tomtat.lang.tokens import syllables

FIXTURES = Path(__file__).resolve().parent / "data" / "clusters.jsonl"
METHODS = sorted(tomtat.REGISTRY)


@pytest.fixture(scope="module")
def clusters():
    items = [c for c in read_jsonl(FIXTURES) if not c.error]
    assert len(items) == 6
    return items


def _check_faithful(summary: tomtat.Summary) -> int:
    texts = {a.name: a.text for a in summary.articles}
    for s in summary.sentences:
        source = texts[s.document]
        assert source[s.start : s.end]
        spans = [(sp.start, sp.end) for sp in s.spans] or [(s.start, s.end)]
        assert all(s.start <= a < b <= s.end for a, b in spans)
        kept = " ".join(source[a:b] for a, b in spans)
        assert syllables(s.text) == syllables(kept), (s.text, kept)
    return len(summary.sentences)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_is_faithful_on_fixtures(clusters, method):
    """Every printed word is the source's, at the offsets given, with and without lead paragraphs."""
    checked = 0
    for item in clusters:
        for docs in (item.documents, ranker.without_leads(item.documents)):
            checked += _check_faithful(tomtat.summarize(docs, method=method))
    assert checked >= len(clusters) * 2


def test_no_boilerplate_reaches_a_summary(clusters):
    noise = ("Tin cùng chuyên mục", "Chia sẻ", "Bình luận", "Xem thêm", "Ảnh:", "Theo Hà Linh", "Bài: Minh Anh")
    for item in clusters:
        summary = tomtat.summarize(item.documents, words=400)
        assert not any(n in summary.text for n in noise), summary.text


def test_training_on_fixtures_is_deterministic(tmp_path, clusters):
    """`tomtat train` writes a loadable model, and training twice ranks the same sentences."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    assert main(["train", str(FIXTURES), "-o", str(first)]) == 0
    assert main(["train", str(FIXTURES), "-o", str(second)]) == 0
    outputs = []
    for path in (first, second):
        outputs.append([[s.text for s in tomtat.summarize(i.documents, model=str(path)).sentences] for i in clusters])
    assert outputs[0] == outputs[1]
    assert all(outputs[0])


def test_eval_scores_fixtures(capsys):
    assert main(["eval", str(FIXTURES), "-m", "firstlast,learned", "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert set(table) == {"firstlast", "learned"}
    for row in table.values():
        assert row["clusters"] == 6
        assert 0.2 < row["rouge2"]["f1"] < 0.9
