"""Parquet in and out: partitions read row by row as JSON lines would be, results written atomically in row groups."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import tomtat.cli
from tomtat.cli import main
from tomtat.read.parquet import parquet_files, parquet_rows
from tomtat.records import BatchResult
from tomtat.write_parquet import parquet_rows as parquet_writer

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "abmusu-train.jsonl"
FIXTURE = ROOT / "tests" / "data" / "clusters.jsonl"  # in the repository: the tests run without ../shared too
FAST = ["-j", "1", "-q"]


def _clusters(n: int) -> list[dict]:
    source = TRAIN if TRAIN.is_file() else FIXTURE
    out = []
    with source.open(encoding="utf-8") as f:
        for k, line in zip(range(n), f):
            row = json.loads(line)
            out.append({"id": f"c{k + 1}", "single_documents": row["single_documents"], "summary": row.get("summary")})
    return out


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _parts(folder: Path, rows: list[dict], split: int) -> Path:
    """A Dask-like partitioned dataset: part.0.parquet, part.1.parquet, and metadata files to be ignored."""
    folder.mkdir()
    table = pa.Table.from_pylist(rows)
    pq.write_table(table.slice(0, split), folder / "part.0.parquet")
    pq.write_table(table.slice(split), folder / "part.1.parquet")
    (folder / "_metadata").write_bytes(b"not read")
    (folder / "_common_metadata").write_bytes(b"not read")
    return folder


def _lines(path: Path) -> list[dict]:
    return [_untimed(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]


def _untimed(row: dict) -> dict:
    row.pop("seconds", None)
    return row


def _json_column(path: Path) -> list[dict]:
    return [_untimed(json.loads(x)) for x in pq.read_table(path).column("json").to_pylist()]


def _same_files(folder: Path, before: list[str]) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)  # no temporary file left behind


# --- summarize ---------------------------------------------------------------------------------


def test_partitions_in_parquet_out_equal_the_jsonl_path(capsys, tmp_path):
    rows = _clusters(4)
    parts = _parts(tmp_path / "parts", rows, split=2)
    jsonl = _jsonl(tmp_path / "clusters.jsonl", rows)
    out_parquet, out_jsonl = tmp_path / "out.parquet", tmp_path / "out.jsonl"
    assert main(["summarize", str(parts), "-o", str(out_parquet), *FAST]) == 0
    assert main(["summarize", str(jsonl), "-o", str(out_jsonl), *FAST]) == 0
    assert capsys.readouterr().err == ""

    table = pq.read_table(out_parquet)
    assert table.schema.names == ["id", "ok", "error", "summary", "json"]
    assert table.schema.metadata[b"tomtat.kind"] == b"batch"
    got = _json_column(out_parquet)
    assert got == _lines(out_jsonl)
    assert [r["id"] for r in got] == ["c1", "c2", "c3", "c4"]
    flat = table.to_pylist()
    assert [r["id"] for r in flat] == ["c1", "c2", "c3", "c4"]
    assert all(r["ok"] and r["error"] is None for r in flat)
    assert [r["summary"] for r in flat] == [r["summary"] for r in got]


def test_a_single_parquet_file_and_abmusu_format(capsys, tmp_path):
    rows = _clusters(2)
    path = tmp_path / "clusters.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    out = tmp_path / "out.jsonl"
    assert main(["summarize", str(path), "-o", str(out), *FAST]) == 0
    assert [r["id"] for r in _lines(out)] == ["c1", "c2"]
    assert main(["summarize", "--format", "abmusu", str(path), *FAST]) == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["c1", "c2"]


def test_a_bad_row_costs_only_itself_as_a_bad_line_does(capsys, tmp_path):
    good = _clusters(2)
    rows = [good[0], {"id": "c2", "single_documents": [], "summary": None}, {**good[1], "id": "c3"}]
    parts = _parts(tmp_path / "parts", rows, split=1)
    jsonl = _jsonl(tmp_path / "clusters.jsonl", rows)

    out_jsonl = tmp_path / "out.jsonl"
    assert main(["summarize", str(jsonl), "-o", str(out_jsonl), *FAST[:2]]) == 3
    err_jsonl = capsys.readouterr().err
    out_parquet = tmp_path / "out.parquet"
    assert main(["summarize", str(parts), "-o", str(out_parquet), *FAST[:2]]) == 3
    err = capsys.readouterr().err

    assert "part.1.parquet row 1 (id c2): no 'single_documents' list; skipped" in err
    assert "line 2 (id c2): no 'single_documents' list; skipped" in err_jsonl
    assert "1 of 3 clusters failed" in err and "Traceback" not in err
    flat = pq.read_table(out_parquet).to_pylist()
    assert [(r["id"], r["ok"], r["error"]) for r in flat] == [
        ("c1", True, None), ("c2", False, "no 'single_documents' list"), ("c3", True, None)]
    assert flat[1]["summary"] is None and json.loads(flat[1]["json"]) == {"id": "c2", "error": "no 'single_documents' list"}
    assert _json_column(out_parquet) == _lines(out_jsonl)


def test_a_value_python_cannot_hold_costs_only_its_row(capsys, tmp_path):
    docs = _clusters(1)[0]["single_documents"]
    nanos = pa.array([{"t": 0}, {"t": 1}, {"t": 2_000}], pa.struct([("t", pa.timestamp("ns"))]))
    table = pa.table({
        "id": ["a", "b", "c"],
        "single_documents": [docs, docs, docs],
        "extra": nanos,  # 1 ns: no datetime holds it (2,000 ns is 2 us, which one does)
    })
    path = tmp_path / "c.parquet"
    pq.write_table(table, path)
    code = main(["summarize", str(path), *FAST[:2]])
    out, err = capsys.readouterr()
    assert code == 3
    rows = [json.loads(x) for x in out.splitlines()]
    assert [("summary" in r, r.get("id")) for r in rows] == [(True, "a"), (False, None), (True, "c")]
    assert "row 2: unreadable row (ValueError" in err


def test_binary_values_are_a_row_error(capsys, tmp_path):
    docs = _clusters(1)[0]["single_documents"]
    table = pa.table({"id": ["a", "b"], "single_documents": [docs, docs], "blob": pa.array([None, b"\x00\x01"], pa.binary())})
    path = tmp_path / "c.parquet"
    pq.write_table(table, path)
    assert main(["summarize", str(path), *FAST[:2]]) == 3
    out, err = capsys.readouterr()
    rows = [json.loads(x) for x in out.splitlines()]
    assert "summary" in rows[0] and rows[1] == {"id": "b", "error": rows[1]["error"]}
    assert "binary" in rows[1]["error"] and "row 2 (id b)" in err


@pytest.mark.parametrize("content", [b"this is not Parquet at all", b"PAR1" + b"\x00" * 40 + b"PAR1", "truncated"])
def test_a_damaged_parquet_file_is_one_line_and_no_output(capsys, tmp_path, content):
    path = tmp_path / "bad.parquet"
    if content == "truncated":
        pq.write_table(pa.Table.from_pylist(_clusters(2)), path)
        content = path.read_bytes()[:-20]
    path.write_bytes(content)
    target = tmp_path / "out.parquet"
    target.write_bytes(b"previous content")
    before = sorted(p.name for p in tmp_path.iterdir())
    code = main(["summarize", str(path), "-o", str(target), *FAST])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("tomtat: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert "bad.parquet" in err and "Parquet" in err
    assert target.read_bytes() == b"previous content"
    _same_files(tmp_path, before)


def test_no_output_file_when_the_run_fails_or_is_interrupted(capsys, tmp_path, monkeypatch):
    rows = _clusters(2)
    path = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.Table.from_pylist(rows).slice(0, 0), empty)
    before = sorted(p.name for p in tmp_path.iterdir())

    # No clusters at all: an error, and no output.
    assert main(["summarize", str(empty), "-o", str(tmp_path / "out.parquet"), *FAST]) == 1
    assert "no clusters found" in capsys.readouterr().err
    _same_files(tmp_path, before)

    # Ctrl-C after the first result: nothing half-written remains.
    real = tomtat.cli.summarize_batch

    def interrupted(*args, **kwargs):
        results = real(*args, **kwargs)
        yield next(results)
        raise KeyboardInterrupt

    monkeypatch.setattr(tomtat.cli, "summarize_batch", interrupted)
    assert main(["summarize", str(path), "-o", str(tmp_path / "out.parquet"), *FAST]) == 130
    _same_files(tmp_path, before)

    # A folder that cannot be written in: one line, nothing written.
    assert main(["summarize", str(path), "-o", str(tmp_path / "missing" / "out.parquet"), *FAST]) == 1
    assert "does not exist" in capsys.readouterr().err
    _same_files(tmp_path, before)


def test_the_output_is_not_written_over_an_input_partition(capsys, tmp_path):
    parts = _parts(tmp_path / "parts", _clusters(2), split=1)
    before = (parts / "part.1.parquet").read_bytes()
    assert main(["summarize", str(parts), "-o", str(parts / "part.1.parquet"), *FAST]) == 1
    assert "is also an input" in capsys.readouterr().err
    assert (parts / "part.1.parquet").read_bytes() == before


def test_one_cluster_is_not_written_as_parquet(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(_clusters(1)[0]["single_documents"][0]["raw_text"], encoding="utf-8")
    assert main(["summarize", str(article), "-o", str(tmp_path / "out.parquet")]) == 1
    assert "batch" in capsys.readouterr().err
    assert not (tmp_path / "out.parquet").exists()


def test_row_groups_and_natural_order(tmp_path):
    with (tmp_path / "o.parquet").open("wb") as f, parquet_writer(f, "batch", rows_per_group=2) as rows:
        for k in range(5):
            rows.add({"id": str(k), "ok": False, "error": "x", "summary": None, "json": "{}"})
    meta = pq.ParquetFile(tmp_path / "o.parquet").metadata
    assert (meta.num_rows, meta.num_row_groups) == (5, 3)

    folder = tmp_path / "ds"
    folder.mkdir()
    for k in (10, 2, 1, 0):
        pq.write_table(pa.table({"id": [f"p{k}"], "single_documents": [[{"raw_text": "x"}]]}), folder / f"part.{k}.parquet")
    (folder / ".part.3.parquet.crc").write_bytes(b"")
    assert [p.name for p in parquet_files(folder)] == ["part.0.parquet", "part.1.parquet", "part.2.parquet", "part.10.parquet"]
    assert [r.label for r in parquet_rows(folder)] == [f"part.{k}.parquet row 1" for k in (0, 1, 2, 10)]


def test_eval_reads_parquet(capsys, tmp_path):
    rows = _clusters(3)
    parts = _parts(tmp_path / "parts", rows, split=2)
    jsonl = _jsonl(tmp_path / "c.jsonl", rows)
    assert main(["eval", str(parts), "-m", "lead", "--json"]) == 0
    from_parquet = json.loads(capsys.readouterr().out)
    assert main(["eval", str(jsonl), "-m", "lead", "--json"]) == 0
    assert from_parquet == json.loads(capsys.readouterr().out)


# --- stories -----------------------------------------------------------------------------------


def _articles() -> list[dict]:
    out = []
    for n, line in zip(range(2), FIXTURE.read_text(encoding="utf-8").splitlines()):
        for k, d in enumerate(json.loads(line)["single_documents"]):
            out.append({"id": f"{n}-{k}", "title": d.get("title", ""), "text": d["raw_text"], "source": f"bao-{k}",
                        "published": dt.datetime(2022, 10, 14 + n, 8, k)})
    return out


def test_stories_from_a_parquet_stream_with_timestamps(capsys, tmp_path):
    articles = _articles()
    path = tmp_path / "stream.parquet"
    table = pa.Table.from_pylist(articles)
    table = table.set_column(table.schema.get_field_index("published"), "published",
                             table.column("published").cast(pa.timestamp("ns")))  # as pandas and Dask write them
    pq.write_table(table, path)
    jsonl = _jsonl(tmp_path / "stream.jsonl", [{**a, "published": a["published"].isoformat()} for a in articles])

    out_parquet, out_jsonl = tmp_path / "stories.parquet", tmp_path / "stories.jsonl"
    assert main(["stories", str(path), "-o", str(out_parquet), *FAST]) == 0
    assert main(["stories", str(jsonl), "-o", str(out_jsonl), *FAST]) == 0
    table = pq.read_table(out_parquet)
    assert table.schema.names == ["story", "headline", "summary", "error", "articles", "first_seen", "last_seen", "json"]
    stories = _json_column(out_parquet)
    assert stories == _lines(out_jsonl)
    flat = table.to_pylist()
    assert sorted(a for r in flat for a in r["articles"]) == sorted(a["id"] for a in articles)
    for r, s in zip(flat, stories):
        assert (r["story"], r["headline"], r["summary"], r["articles"]) == (s["story"], s["headline"], s["summary"], s["articles"])
        assert r["first_seen"] == s["first_seen"] and r["first_seen"].startswith("2022-10-1")


def test_stories_bad_row_is_skipped(capsys, tmp_path):
    articles = _articles()[:3]
    rows = [{"id": a["id"], "text": a["text"]} for a in articles]
    rows.insert(1, {"id": "empty", "text": None})
    path = tmp_path / "s.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    code = main(["stories", str(path), "-o", "-", "-j", "1"])
    out, err = capsys.readouterr()
    assert code == 3, err
    assert "1 of 4 articles skipped" in err and "Traceback" not in err
    assert sorted(a for line in out.splitlines() for a in json.loads(line)["articles"]) == sorted(a["id"] for a in articles)


# --- without pyarrow ---------------------------------------------------------------------------


def test_without_pyarrow_one_clear_line(capsys, tmp_path, monkeypatch):
    rows = _clusters(1)
    path = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    jsonl = _jsonl(tmp_path / "c.jsonl", rows)
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)

    assert main(["summarize", str(path), *FAST]) == 1
    assert capsys.readouterr().err == "tomtat: error: reading Parquet needs pyarrow: pip install 'tomtat[parquet]'\n"
    assert main(["stories", str(path), "-o", str(tmp_path / "s.jsonl"), *FAST]) == 1
    assert capsys.readouterr().err == "tomtat: error: reading Parquet needs pyarrow: pip install 'tomtat[parquet]'\n"
    assert main(["summarize", str(jsonl), "-o", str(tmp_path / "out.parquet"), *FAST]) == 1
    assert capsys.readouterr().err == "tomtat: error: writing Parquet needs pyarrow: pip install 'tomtat[parquet]'\n"
    _same_files(tmp_path, before)


def test_a_failed_result_row(tmp_path):
    with (tmp_path / "o.parquet").open("wb") as f, parquet_writer(f, "batch") as rows:
        from tomtat.write_parquet import batch_row

        rows.add(batch_row(BatchResult(error="bad \udc80 name", label="line 1")))
    (row,) = pq.read_table(tmp_path / "o.parquet").to_pylist()
    assert row == {"id": None, "ok": False, "error": "bad \ufffd name", "summary": None, "json": row["json"]}
    assert json.loads(row["json"]) == {"error": "bad \udc80 name"}
