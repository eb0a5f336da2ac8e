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


def test_a_length_override_replaces_the_length_and_two_lengths_are_refused():
    base = Options(method="lexrank", words=200)
    assert Options.build(base, sentences=2) == Options(method="lexrank", sentences=2)
    with pytest.raises(OptionsError) as e:
        Options(words=80, ratio=0.2)
    assert e.value.field == "ratio" and "give one length" in str(e.value)


def test_method_parameters_are_validated_recorded_and_change_the_summary():
    default = tomtat.summarize(DOCS, method="centroid", words=80)
    assert default.params == {"position_weight": 0.3, "redundancy": 0.5, "overlap": 0.5}
    same = tomtat.summarize(DOCS, method="centroid", words=80, params={"position_weight": 0.3})
    assert [s.text for s in same.sentences] == [s.text for s in default.sentences]
    moved = tomtat.summarize(DOCS, method="centroid", words=80, params={"position_weight": 0})
    assert moved.params["position_weight"] == 0 and moved.to_dict()["params"]["position_weight"] == 0
    assert [(s.document, s.index) for s in moved.sentences] != [(s.document, s.index) for s in default.sentences]
    assert Options(method="lexrank", params={"link": 0.2}) == Options(method="lexrank", params=(("link", 0.2),))
    assert pickle.loads(pickle.dumps(Options(method="ilp", params={"nodes": 9}))).settings["nodes"] == 9


@pytest.mark.parametrize(
    "params, field, says",
    [
        ({"nope": 1}, "params", "lexrank has no parameter 'nope'; its parameters: damping, link, overlap, redundancy"),
        ({"link": 2}, "params.link", "between"),
        ({"link": True}, "params.link", "number"),
        ({"link": "0.2"}, "params.link", "number"),
        ({"link": float("nan")}, "params.link", "between"),
        ([1, 2], "params", "must map"),
    ],
)
def test_bad_method_parameters_name_their_field(params, field, says):
    with pytest.raises(OptionsError) as e:
        Options(method="lexrank", params=params)
    assert e.value.field == field and says in str(e.value)
    with pytest.raises(OptionsError, match="whole number"):
        Options(method="ilp", params={"candidates": 2.5})


def test_every_method_runs_with_every_parameter_at_its_bounds():
    for name, method in tomtat.REGISTRY.items():
        for pname, spec in method.params.items():
            for value in (spec.low, spec.high):
                if isinstance(spec.default, int):
                    value = int(min(value, 50))  # the solver's node and candidate caps: keep the test fast
                summary = tomtat.summarize(DOCS, method=name, words=60, params={pname: value})
                assert summary.sentences and summary.params[pname] == value


def test_cli_and_service_take_method_parameters(capsys):
    import json

    from fastapi.testclient import TestClient

    from tomtat.serve.app import create_app
    from tomtat.serve.settings import Settings

    assert main(["summarize", *map(str, sorted((ROOT / "examples" / "cluster").glob("*.txt"))), "-m", "lexrank",
                 "-p", "link=0.2", "-w", "60", "--json"]) == 0
    by_cli = json.loads(capsys.readouterr().out)
    by_api = tomtat.summarize(DOCS, method="lexrank", words=60, params={"link": 0.2})
    assert by_cli["params"] == by_api.params == {"link": 0.2, "damping": 0.85, "redundancy": 0.5, "overlap": 0.5}
    assert main(["summarize", str(ROOT / "examples" / "cluster"), "-p", "link=0.2"]) == 1  # learned has no 'link'
    assert "learned has no parameter 'link'" in capsys.readouterr().err
    with TestClient(create_app(Settings(access_log=False))) as client:
        docs = [{"text": d} for d in DOCS]
        ok = client.post("/v1/summarize", json={"documents": docs, "method": "lexrank", "words": 60, "params": {"link": 0.2}})
        assert ok.status_code == 200 and ok.json()["params"] == by_api.params
        assert [s["text"] for s in ok.json()["sentences"]] == [s.text for s in by_api.sentences]
        bad = client.post("/v1/summarize", json={"documents": docs, "method": "lexrank", "params": {"link": 5}})
        assert bad.status_code == 422 and bad.json()["error"]["field"] == "params.link"
        two = client.post("/v1/summarize", json={"documents": docs, "words": 50, "ratio": 0.2})
        assert two.status_code == 422 and two.json()["error"]["code"] == "conflicting_lengths"
        listed = client.get("/v1/methods").json()["methods"]
        assert {m["name"]: m["params"] for m in listed}["centroid"]["position_weight"]["default"] == 0.3
