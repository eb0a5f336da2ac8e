"""One options value: validated once, picklable, the same summary however it is given."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import tomtat
from tomtat import Options, OptionsError
from tomtat.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "cluster").glob("*.txt"))]


@pytest.mark.parametrize("given", [dict(method="lexrank", words=80), dict(method="ilp", sentences=2), dict(ratio=0.2)])
def test_options_value_and_keywords_give_the_same_summary(given):
    by_value = tomtat.summarize(DOCS, options=Options(**given))
    by_keywords = tomtat.summarize(DOCS, **given)
    assert by_value.to_dict() | {"seconds": 0} == by_keywords.to_dict() | {"seconds": 0}


def test_overrides_apply_on_top_of_an_options_value():
    base = Options(method="lexrank", words=200)
    assert tomtat.summarize(DOCS, base, words=40).budget == 40
    assert tomtat.summarize(DOCS, base, words=40).method == "lexrank"


@pytest.mark.parametrize(
    "bad, field",
    [
        (dict(words=0), "words"),
        (dict(words=2.5), "words"),
        (dict(words=True), "words"),
        (dict(sentences=-1), "sentences"),
        (dict(ratio=1.5), "ratio"),
        (dict(ratio="0.2"), "ratio"),
        (dict(method=3), "method"),
        (dict(model="/nonexistent/ranker.txt"), "model"),
    ],
)
def test_bad_options_name_their_field_and_no_front_end(bad, field):
    with pytest.raises(OptionsError) as e:
        Options(**bad)
    assert e.value.field == field
    assert "--" not in str(e.value) and "query" not in str(e.value)


def test_unknown_method_and_unknown_option_are_clear():
    with pytest.raises(tomtat.TomtatError, match="unknown method 'nope'"):
        Options(method="nope")
    with pytest.raises(OptionsError, match="colour: is not an option"):
        tomtat.summarize(DOCS, colour="red")


def test_options_are_frozen_and_picklable():
    options = Options(method="mmr", words=90)
    assert pickle.loads(pickle.dumps(options)) == options
    with pytest.raises(AttributeError):
        options.words = 10  # type: ignore[misc]


def test_summary_records_the_model_that_ranked(tmp_path):
    shipped = tomtat.summarize(DOCS)
    assert shipped.model is not None and shipped.model.startswith("shipped@")
    assert tomtat.summarize(DOCS, method="lexrank").model is None
    from tomtat.learn import ranker

    copy = tmp_path / "mine.txt"
    copy.write_text(ranker.shipped().to_text(), encoding="utf-8")
    mine = tomtat.summarize(DOCS, model=str(copy))
    assert mine.model.startswith("mine.txt@")
    assert mine.to_dict()["model"] == mine.model
    assert [s.text for s in mine.sentences] == [s.text for s in shipped.sentences]


def test_eval_takes_a_model(tmp_path, capsys):
    from tomtat.learn import ranker

    path = tmp_path / "m.txt"
    path.write_text(ranker.shipped().to_text(), encoding="utf-8")
    fixtures = Path(__file__).resolve().parent / "data" / "clusters.jsonl"
    assert main(["eval", str(fixtures), "-m", "learned", "--model", str(path), "--json"]) == 0
    assert '"learned"' in capsys.readouterr().out
