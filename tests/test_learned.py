"""The learned method: faithful output on the training data, reproducible model, compression spans."""

from __future__ import annotations

from pathlib import Path

import pytest

import tomtat
from tomtat.prepare import prepare
from tomtat.cli import main
from tomtat.compress import compress, worth_deleting
from tomtat.learn.deletions import deletion_stats
from tomtat.learn import ranker
from tomtat.read import read_jsonl
from tomtat.lang.tokens import syllables

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "abmusu-train.jsonl"
needs_data = pytest.mark.skipif(not TRAIN.is_file(), reason=f"training data not found at {TRAIN}")


@pytest.fixture(scope="module")
def clusters():
    return [c for c in read_jsonl(TRAIN) if not c.error]


@needs_data
def test_every_output_word_is_in_its_source_span(clusters):
    """Over all 200 training clusters, with and without lead paragraphs: deletion only."""
    checked = shortened = 0
    for item in clusters:
        for docs in (item.documents, ranker.without_leads(item.documents)):
            summary = tomtat.summarize(docs)
            texts = {a.name: a.text for a in summary.articles}
            for s in summary.sentences:
                source = texts[s.document]
                assert source[s.start : s.end]  # the sentence's own span is real
                spans = [(sp.start, sp.end) for sp in s.spans] or [(s.start, s.end)]
                kept = " ".join(source[a:b] for a, b in spans)
                assert all(s.start <= a < b <= s.end for a, b in spans)
                # Same words in the same order; only the first letter's case and a final stop may differ.
                assert syllables(s.text) == syllables(kept), (s.text, kept)
                checked += 1
                shortened += len(s.spans) > 0
    assert checked > 1000
    assert shortened > 0  # the compression path was exercised


@needs_data
def test_retraining_reproduces_the_shipped_summaries(tmp_path, clusters):
    """`tomtat train` rebuilds a model that picks the same sentences on every training cluster.

    The file itself may differ in the last digits of its floats between LightGBM/NumPy releases inside the
    pinned ranges; what matters is that the retrained ranker chooses the same summaries.
    """
    out = tmp_path / "ranker.txt"
    assert main(["train", str(TRAIN), "-o", str(out)]) == 0
    retrained = ranker.load(out)

    def picks(model: object = None) -> list[list[tuple[str, int]]]:
        return [
            [(s.document, s.index) for s in tomtat.summarize(docs, model=model).sentences]
            for item in clusters
            for docs in (item.documents, ranker.without_leads(item.documents))
        ]

    shipped = picks()
    again = picks(retrained)
    differ = [k for k, (a, b) in enumerate(zip(shipped, again)) if a != b]
    assert not differ, f"{len(differ)} of {len(shipped)} summaries differ, first at {differ[:5]}"


def test_model_file_round_trip_and_override(tmp_path, capsys):
    model = ranker.shipped()
    path = tmp_path / "m.txt"
    path.write_text(model.to_text(), encoding="utf-8")
    again = ranker.load(path)
    assert again.deletions == model.deletions
    example = sorted((ROOT / "examples" / "cluster").glob("*.txt"))
    assert main(["summarize", "--model", str(path), *map(str, example)]) == 0
    assert capsys.readouterr().out.strip()


def test_bad_model_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text("not a model\n", encoding="utf-8")
    example = str(ROOT / "examples" / "cluster")
    assert main(["summarize", "--model", str(path), example]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tomtat: error:")


def test_compression_keeps_exact_offsets():
    docs = [
        "Đà Nẵng mở cầu mới.\nTrước đó, thành phố đã thử tải cây cầu trong ba ngày liên tục với 1.200 người.",
        "Cầu mới ở Đà Nẵng mở cửa.\nNgười dân (chủ yếu là học sinh) đã đến cầu từ sáng sớm ngày 26/4.",
    ]
    cluster = prepare(docs)
    sent = next(s for s in cluster.sentences if s.text.startswith("Trước đó"))
    c = compress(sent, frozenset({"connective_prefix"}))
    assert c is not None and c.text.startswith("Thành phố đã thử tải")
    article = cluster.articles[sent.article].text
    assert "".join(article[sp.start : sp.end] for sp in c.spans).startswith("thành phố")
    paren = next(s for s in cluster.sentences if "(chủ yếu" in s.text)
    c2 = compress(paren, frozenset({"parenthesis"}))
    assert c2 is not None and "(" not in c2.text and c2.length == len(syllables(c2.text))


def test_deletion_kinds_are_learned_from_pairs():
    cluster = prepare(["Trước đó, thành phố đã thử tải cây cầu trong ba ngày liên tục.", "Cầu mới ở Đà Nẵng mở cửa đón khách."])
    dropped = deletion_stats([(cluster.sentences, "Thành phố đã thử tải cây cầu trong ba ngày liên tục.")], min_copied=0.5)
    kept = deletion_stats([(cluster.sentences, "Trước đó, thành phố đã thử tải cây cầu trong ba ngày liên tục.")])
    assert dropped["connective_prefix"][1] == 0.0 and kept["connective_prefix"][1] == 1.0
    assert "connective_prefix" in worth_deleting(dropped, 0.5, min_count=1)
    assert worth_deleting(kept, 0.5, min_count=1) == frozenset()
