"""Batches: typed results from ``tomtat.api.summarize_batch`` and one writer of batch lines for the CLI and the service."""

from __future__ import annotations

import json

import pytest
from _shared import TEXTS

import tomtat.api
from tomtat import write
from tomtat.api import summarize_batch
from tomtat.cli import main
from tomtat.options import Options, OptionsError
from tomtat.read import ClusterInput, read_batch
from tomtat.records import BatchResult, Document, Summary, TomtatError

_real_summarize = tomtat.api.summarize
HOSTILE = "\u202e\x9b\u2028"  # bidi override, a C1 control, a line separator: escaped in every line


def docs(texts: list[str] = TEXTS) -> list[Document]:
    return [Document(t, name=f"a{k}") for k, t in enumerate(texts)]


def still_summarize(documents, options=None, **kwargs) -> Summary:
    """The library's summary with ``seconds`` fixed, so that two runs write the same bytes (module level: the
    service runs it in its worker processes)."""
    summary = _real_summarize(documents, options, **kwargs)
    summary.seconds = 0.0
    return summary


# --- typed results ---------------------------------------------------------------


def test_results_in_input_order_with_errors_as_data():
    def picky(documents, options=None, id=None):
        if id == "refused":
            raise TomtatError("no text left after cleaning")
        if id == "bug":
            raise ValueError("boom\nsecond line")
        return _real_summarize(documents, options, id=id)

    items = [
        ClusterInput(documents=docs(), id="a", label="line 1"),
        ClusterInput(error="malformed JSON", label="line 2"),
        ClusterInput(documents=docs(), id="refused", label="line 3"),
        ClusterInput(documents=docs(), id="bug", label="line 4"),
        ClusterInput(documents=docs(TEXTS[:2]), id="e", label="line 5"),
    ]
    results = list(summarize_batch(items, Options(method="lead"), summarizer=picky))
    assert all(isinstance(r, BatchResult) for r in results)
    assert [(r.id, r.label, r.ok) for r in results] == [
        ("a", "line 1", True), (None, "line 2", False), ("refused", "line 3", False), ("bug", "line 4", False), ("e", "line 5", True),
    ]
    assert results[0].summary is not None and results[0].summary.method == "lead" and results[0].error is None
    assert results[1].summary is None and results[1].error == "malformed JSON"
    assert results[2].error == "no text left after cleaning"
    assert results[3].error == "internal error (ValueError: boom); please report it"  # one line
    assert results[4].summary is not None and results[4].summary.id == "e"


def test_the_summarizer_gets_one_options_value_and_the_id():
    seen = []

    def spy(documents, options=None, **kwargs):
        seen.append((options, kwargs))
        return _real_summarize(documents, options, **kwargs)

    items = [ClusterInput(documents=docs(), id="x"), ClusterInput(documents=docs())]
    assert all(r.ok for r in summarize_batch(items, method="lead", words=40, summarizer=spy))
    assert seen == [(Options(method="lead", words=40), {"id": "x"}), (Options(method="lead", words=40), {"id": None})]
    assert [r.summary.method for r in summarize_batch(items[:1], Options(method="lead"), method="centroid")] == ["centroid"]


def test_a_wrong_option_is_refused_before_any_cluster():
    def never(*args, **kwargs):
        raise AssertionError("summarized with a wrong option")

    with pytest.raises(OptionsError) as e:
        summarize_batch([ClusterInput(documents=docs())], words=0, summarizer=never)  # not even iterated
    assert e.value.field == "words"


def test_a_result_holds_a_summary_or_an_error():
    with pytest.raises(ValueError):
        BatchResult()
    summary = _real_summarize(docs(), method="lead")
    with pytest.raises(ValueError):
        BatchResult(summary=summary, error="both")
    assert BatchResult(summary=summary).ok and not BatchResult(error="x").ok


# --- one writer of batch lines -------------------------------------------------------


def test_batch_line_rows():
    summary = still_summarize(docs(), method="lead", id="k")
    assert write.batch_line(BatchResult(summary=summary, id="k")) == write.json_text(summary.to_dict()) + "\n"
    with_sources = json.loads(write.batch_line(BatchResult(summary=summary, id="k"), sources=True))
    assert with_sources == json.loads(json.dumps(summary.to_dict(sources=True)))
    assert write.batch_line(BatchResult(error="bad", id="k")) == '{"id": "k", "error": "bad"}\n'
    assert write.batch_line(BatchResult(error="bad")) == '{"error": "bad"}\n'


def test_batch_line_escapes_lone_surrogates_and_terminal_controls():
    ident = "c1" + HOSTILE + "\ud800"
    line = write.batch_line(BatchResult(error="Hà Nội\x1b", id=ident))
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line) == {"id": ident, "error": "Hà Nội\x1b"}  # values kept
    assert "Hà Nội" in line and not any(ch in line for ch in "\u202e\x9b\u2028\ud800\x1b")
    line.encode("utf-8")  # writable as UTF-8


def test_cli_and_service_write_the_same_bytes(tmp_path, monkeypatch):
    pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
    from fastapi.testclient import TestClient

    from tomtat.serve import jobs
    from tomtat.serve.app import create_app
    from tomtat.serve.settings import Settings

    def line(texts: list[str], ident: str | None) -> str:
        obj: dict = {"single_documents": [{"raw_text": t} for t in texts]}
        return json.dumps(obj if ident is None else {"id": ident, **obj}, ensure_ascii=False)

    # ids with a line separator: json.dumps leaves it raw, the one writer escapes it (the reader drops the rest of HOSTILE)
    lines = [line(TEXTS, "c1\u2028"), "not json", line(TEXTS[:2], None), line(["   "], "blank\u2028"), line(TEXTS[1:], "c3")]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(tomtat.api, "summarize", still_summarize)
    out = tmp_path / "out.jsonl"
    assert main(["summarize", str(src), "-m", "lead", "-w", "50", "-q", "-o", str(out)]) == 3
    cli = out.read_bytes()
    rows = [json.loads(x) for x in cli.decode("utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["c1\u2028", None, None, "blank\u2028", "c3"]
    assert "\u2028".encode() not in cli
    assert [("error" in r) for r in rows] == [False, True, False, True, False]

    # the service's functions, as its batch stream calls them
    options = Options(method="lead", words=50)
    streamed = b"".join(
        jobs.error_line(item, item.error) if item.error else jobs.summarize_cluster(still_summarize, item, options, False)[0]
        for item in read_batch(str(src), None)
    )
    assert streamed == cli
    # and over HTTP, through the worker processes
    with TestClient(create_app(Settings(access_log=False), summarize=still_summarize)) as client:
        r = client.post("/v1/summarize/batch?method=lead&words=50", content=src.read_bytes(), headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200 and r.content == cli
