"""ROUGE reports in the library: scoring saved summaries, the best of several references, bootstrap confidence
intervals that are the same on every run, and what ``tomtat eval`` prints of them."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from _shared import TEXTS

from tomtat.cli import main
from tomtat.evaluate import Report, Rouge, Score, evaluate, mean_scores, read_predictions, report, score_predictions
from tomtat.options import Options
from tomtat.read import ClusterInput
from tomtat.records import Document, TomtatError

REFS = [
    "Cầu đi bộ Hàn Giang bắc qua sông Hàn được khánh thành sáng 26/4.",
    "Đà Nẵng khánh thành cầu đi bộ dài 520 m nối quận Hải Châu với quận Sơn Trà.",
    "Hà Nội mưa lớn, nhiều tuyến phố ngập sâu, giao thông ùn tắc kéo dài.",
    "Giá xăng giảm lần thứ ba liên tiếp từ 15 giờ chiều nay.",
]
GUESSES = [
    "Sáng 26/4 Đà Nẵng khánh thành cầu đi bộ Hàn Giang.",
    "Cầu đi bộ dài 520 m nối Hải Châu với Sơn Trà.",
    "Mưa lớn khiến nhiều tuyến phố Hà Nội ngập sâu.",
    "Giá xăng giảm từ chiều nay.",
]


def clusters() -> list[ClusterInput]:
    return [ClusterInput(id=f"c{k}", references=[ref]) for k, ref in enumerate(REFS)]


def test_interval_holds_the_mean_and_is_the_same_every_run():
    rouge = Rouge()
    predictions = {f"c{k}": g for k, g in enumerate(GUESSES)}
    np.random.seed(7)
    expected_next = np.random.random()
    np.random.seed(7)
    first = score_predictions(predictions, clusters(), rouge)
    assert np.random.random() == expected_next  # the bootstrap's seeding leaves NumPy's global generator as it was
    again = score_predictions(predictions, clusters(), rouge)
    assert isinstance(first, Report) and first == again
    assert first.clusters == 4 and first.confidence == 0.95 and list(first.scores) == ["rouge1", "rouge2", "rougeL"]
    for e in first.scores.values():
        for part in ("precision", "recall", "f1"):
            assert getattr(e.low, part) <= getattr(e.mean, part) <= getattr(e.high, part)
        assert e.low.f1 < e.high.f1  # four different scores: an interval, not a point
    # the mean is the plain mean of the per-cluster scores, as before intervals were added
    rows = [rouge.score(g, [r]) for g, r in zip(GUESSES, REFS)]
    assert {t: e.mean for t, e in first.scores.items()} == mean_scores(rows)


def test_best_of_several_references_per_type():
    rouge = Rouge()
    refs = [REFS[1], REFS[0], GUESSES[0] + " Thêm một câu."]
    best = rouge.score(GUESSES[0], refs)
    for t in rouge.types:
        each = [rouge.score(GUESSES[0], [r])[t] for r in refs]
        assert best[t] == max(each, key=lambda s: s.f1)
    assert best["rouge1"].precision == 1.0  # the third reference holds every syllable of the guess
    only = score_predictions({"m": GUESSES[0]}, [ClusterInput(id="m", references=refs)], rouge)
    assert only.scores["rouge1"].mean == best["rouge1"]
    assert only.scores["rouge1"].low == only.scores["rouge1"].mean == only.scores["rouge1"].high  # one cluster
    with pytest.raises(ValueError):
        rouge.score(GUESSES[0], [])


def test_predictions_by_id_or_position_and_a_missing_one_is_an_error(tmp_path):
    path = tmp_path / "pred.jsonl"
    lines = [{"id": "c0", "summary": GUESSES[0]}, {"id": "c1", "error": "no text"}, {"summary": GUESSES[2]}, {"id": 7, "summary": "x"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    assert read_predictions(str(path)) == {"c0": GUESSES[0], 2: GUESSES[2], "7": "x"}
    rouge = Rouge()
    with pytest.raises(TomtatError, match="no summary for cluster c1"):
        score_predictions(read_predictions(str(path)), clusters()[:2], rouge)
    positional = [ClusterInput(id="c0", references=[REFS[0]]), ClusterInput(references=[]), ClusterInput(references=[REFS[2]])]
    skipped: list[int] = []
    got = score_predictions(read_predictions(str(path)), positional, rouge, on_error=lambda k, _: skipped.append(k))
    assert got.clusters == 2 and skipped == [1]
    path.write_text('{"id": "c0", "summary": [[[\n', encoding="utf-8")
    with pytest.raises(TomtatError, match="line 1 is not JSON"):
        read_predictions(str(path))


def test_evaluate_reports_the_same_way_and_skips_what_it_cannot_summarize():
    docs = [Document(t, name=f"a{k}") for k, t in enumerate(TEXTS)]
    pairs = [(docs, [REFS[0]]), ([Document("   ")], [REFS[0]]), (docs[:2], [REFS[1], REFS[0]])]
    errors: list[int] = []
    got = evaluate(pairs, Options(method="lead"), Rouge(), on_error=lambda k, _: errors.append(k))
    assert isinstance(got, Report) and got.clusters == 2 and errors == [1]
    assert all(e.low.f1 <= e.mean.f1 <= e.high.f1 for e in got.scores.values())
    assert report([]).clusters == 0 and report([]).scores["rouge2"].mean == Score(0.0, 0.0, 0.0)


def test_eval_command_prints_intervals(capsys, tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [{"id": f"c{k}", "single_documents": [{"raw_text": t} for t in TEXTS], "summary": r} for k, r in enumerate(REFS)]
    rows.append({"id": "multi", "single_documents": [{"raw_text": t} for t in TEXTS], "summaries": [REFS[1], GUESSES[3]]})
    gold.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in rows) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    guesses = [*GUESSES, GUESSES[3]]  # the last is its cluster's second reference
    pred.write_text("\n".join(json.dumps({"id": r["id"], "summary": g}, ensure_ascii=False) for r, g in zip(rows, guesses)), encoding="utf-8")

    assert main(["eval", str(gold), "--predictions", str(pred), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)["pred.jsonl"]
    assert d["clusters"] == 5 and d["confidence"] == 0.95
    for t in ("rouge1", "rouge2", "rougeL"):
        assert d[t]["low"]["f1"] <= d[t]["f1"] <= d[t]["high"]["f1"]
    lib = score_predictions({r["id"]: g for r, g in zip(rows, guesses)},
                            [ClusterInput(id=r["id"], references=[r["summary"]] if "summary" in r else r["summaries"]) for r in rows], Rouge())
    assert d["rouge2"]["f1"] == lib.scores["rouge2"].mean.f1 and d["rouge2"]["high"]["f1"] == lib.scores["rouge2"].high.f1

    assert main(["eval", str(gold), "--predictions", str(pred)]) == 0
    out = capsys.readouterr().out
    means, intervals = out.strip().split("\n\n")
    assert "over 5 clusters" in means
    assert intervals.startswith("95% confidence interval of F1")
    cells = re.findall(r"\[(\d\.\d{4}), (\d\.\d{4})\]", intervals.split("\n")[2])
    mean_cells = re.findall(r"(\d\.\d{4}) \(", means.split("\n")[2])
    assert len(cells) == len(mean_cells) == 3
    for (low, high), mean in zip(cells, mean_cells):
        assert float(low) <= float(mean) <= float(high)
    assert f"[{lib.scores['rouge2'].low.f1:.4f}, {lib.scores['rouge2'].high.f1:.4f}]" in intervals
