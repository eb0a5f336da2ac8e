"""Tests for the ``tomtat`` command, in-process (tomtat.cli.main) and as a real console script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _shared import COMMAND, EXAMPLE, FILES, TEXTS  # noqa: E402

import tomtat
from tomtat.cli import main


def run(args: list[str], input: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(COMMAND + args, input=input, capture_output=True, timeout=120, cwd=cwd, env=env)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check_json_provenance(d: dict) -> None:
    articles = {a["name"]: a["text"] for a in d["articles"]}
    assert d["sentences"]
    for s in d["sentences"]:
        assert set(s) >= {"text", "document", "index", "start", "end", "score"}
        assert isinstance(s["index"], int) and isinstance(s["score"], float)
        assert articles[s["document"]][s["start"] : s["end"]] == s["text"]
    assert d["summary"] == " ".join(s["text"] for s in d["sentences"])


# --- one cluster --------------------------------------------------------------


def test_console_script_summarizes_a_folder():
    proc = run(["summarize", str(EXAMPLE)])
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8")
    assert out.endswith("\n") and out.count("\n") == 1
    assert "Hàn Giang" in out
    assert b"Traceback" not in proc.stderr


def test_console_script_stdin_with_separators():
    data = ("\n---\n".join(TEXTS)).encode("utf-8")
    proc = run(["summarize", "--json", "-"], input=data)
    assert proc.returncode == 0, proc.stderr.decode()
    d = json.loads(proc.stdout.decode("utf-8"))
    assert d["documents"] == ["stdin-1", "stdin-2", "stdin-3"]
    check_json_provenance(d)
    # No input argument at all also reads standard input.
    proc = run(["summarize", "-s", "1"], input=data)
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8").strip()


def test_summarize_folder_in_process(capsys):
    code, out, err = cli(capsys, "summarize", str(EXAMPLE))
    assert code == 0
    assert out.strip() and out.count("\n") == 1
    assert err == ""
    assert out.strip() == tomtat.summarize(
        [tomtat.Document(t, name=p.name) for t, p in zip(TEXTS, FILES)]
    ).text


def test_summarize_several_files(capsys):
    code, out, _ = cli(capsys, "summarize", "--json", str(FILES[0]), str(FILES[2]))
    assert code == 0
    d = json.loads(out)
    assert d["documents"] == [FILES[0].name, FILES[2].name]
    check_json_provenance(d)


def test_json_output(capsys):
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "--json")
    assert code == 0
    d = json.loads(out)
    assert d["method"] == tomtat.DEFAULT_METHOD
    assert d["documents"] == [p.name for p in FILES]
    assert set(d) >= {"summary", "sentences", "method", "words", "budget", "documents", "seconds", "articles"}
    assert [a["name"] for a in d["articles"]] == d["documents"]
    assert d["articles"][0]["title"] == "Đà Nẵng khánh thành cầu đi bộ Hàn Giang"
    check_json_provenance(d)


def test_markdown_output(capsys):
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "--markdown", "-m", "lead", "-s", "3")
    assert code == 0
    body, _, sources = out.partition("\n\n")
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", body)]
    assert len(markers) == 3
    assert markers[0] == 1 and sorted(set(markers)) == list(range(1, max(markers) + 1))
    listed = re.findall(r"^(\d+)\. (\S+)$", sources, flags=re.MULTILINE)
    assert [int(n) for n, _ in listed] == list(range(1, max(markers) + 1))
    assert {name for _, name in listed} <= {p.name for p in FILES}
    assert "Nguồn" in sources


@pytest.mark.parametrize(
    ("option", "check"),
    [
        (["--words", "60"], lambda d: d["budget"] == 60 and d["words"] <= 66),
        (["-w", "60"], lambda d: d["budget"] == 60 and d["words"] <= 66),
        (["--sentences", "2"], lambda d: 1 <= len(d["sentences"]) <= 2),
        (["-s", "1"], lambda d: len(d["sentences"]) == 1),
        (["--ratio", "0.2"], lambda d: d["words"] <= d["budget"] * 1.1 and 100 <= d["budget"] <= 140),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_length_options(capsys, option, check):
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "--json", "-m", "centroid", *option)
    assert code == 0
    assert check(json.loads(out))


@pytest.mark.parametrize("bad", [["--words", "0"], ["--sentences", "-2"], ["--ratio", "2"], ["--words", "x"],
                                 ["--words", "10", "--sentences", "2"]])
def test_bad_length_options_rejected(capsys, bad):
    with pytest.raises(SystemExit) as info:
        main(["summarize", str(EXAMPLE), *bad])
    assert info.value.code != 0
    assert "Traceback" not in capsys.readouterr().err


def test_method_option(capsys):
    for method in ("lead", "mmr"):
        code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "--json", "--method", method)
        assert code == 0 and json.loads(out)["method"] == method


def test_methods_command(capsys):
    code, out, _ = cli(capsys, "methods")
    assert code == 0
    rows = [row for row in out.rstrip("\n").split("\n") if not row.lstrip().startswith("-p ")]
    assert len(rows) == len(tomtat.REGISTRY)
    assert "-p position_weight=0.3" in out  # each method's parameters with their defaults
    names = [row[2:].split()[0] for row in rows]
    assert names == list(tomtat.REGISTRY)
    starred = [row[2:].split()[0] for row in rows if row.startswith("*")]
    assert starred == [tomtat.DEFAULT_METHOD]


def test_no_command_prints_help(capsys):
    code, out, _ = cli(capsys)
    assert code == 2
    assert "summarize" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert tomtat.__version__ in capsys.readouterr().out


def test_output_file_written(tmp_path, capsys):
    target = tmp_path / "summary.md"
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "--markdown", "-o", str(target))
    assert code == 0 and out == ""
    assert "Nguồn" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_quiet_hides_warnings(capsys):
    code, _, err = cli(capsys, "summarize", str(FILES[0]))
    assert code == 0 and "single-document" in err and err.startswith("tomtat: warning:")
    code, _, err = cli(capsys, "summarize", "-q", str(FILES[0]))
    assert code == 0 and err == ""


# --- eval -------------------------------------------------------------------------

GOLD = (
    "Sáng 26/4/2025, UBND TP Đà Nẵng tổ chức lễ khánh thành cầu đi bộ Hàn Giang bắc qua sông Hàn, nối quận "
    "Hải Châu với quận Sơn Trà. Cầu dài 520 m, mặt cầu rộng từ 3,5 m đến 8 m, có thể đón khoảng 1.200 người "
    "cùng lúc."
)


def abmusu_line(cid: str, texts: list[str], summary: str | None = None) -> str:
    obj: dict = {"id": cid, "single_documents": [{"title": "", "anchor_text": "", "raw_text": t} for t in texts]}
    if summary is not None:
        obj["summary"] = summary
    return json.dumps(obj, ensure_ascii=False)


@pytest.fixture
def eval_file(tmp_path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(abmusu_line("c1", TEXTS, GOLD) + "\n" + abmusu_line("c2", TEXTS[:2], GOLD) + "\n", encoding="utf-8")
    return path


def test_eval_two_methods(capsys, eval_file):
    code, out, _ = cli(capsys, "eval", str(eval_file), "-m", "lead,centroid")
    assert code == 0
    means, intervals = out.strip().split("\n\n")  # the means, then their confidence intervals
    assert "95% confidence interval" in intervals and len(re.findall(r"\[\d\.\d{4}, \d\.\d{4}\]", intervals)) == 6
    lines = means.split("\n")
    assert "2 clusters" in lines[0]
    assert re.search(r"ROUGE-1\s+ROUGE-2\s+ROUGE-L", lines[1])
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {"lead", "centroid"}
    for row in rows.values():
        cells = re.findall(r"(\d\.\d{4}) \((\d\.\d{3})/(\d\.\d{3})\)", row)
        assert len(cells) == 3
        assert all(0 < float(f) <= 1 for f, _, _ in cells)
    # The gold summary is the first two sentences of article 1: "lead" finds most of it.
    assert float(re.findall(r"\d\.\d{4}", rows["lead"])[0]) > 0.5


def test_eval_json(capsys, eval_file):
    code, out, _ = cli(capsys, "eval", str(eval_file), "-m", "lead", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["lead"]["clusters"] == 2
    assert set(d["lead"]) >= {"rouge1", "rouge2", "rougeL"}
    assert set(d["lead"]["rouge2"]) == {"precision", "recall", "f1", "low", "high"}
    assert set(d["lead"]["rouge2"]["low"]) == {"precision", "recall", "f1"}


def test_eval_predictions(capsys, tmp_path, eval_file):
    perfect = tmp_path / "pred.jsonl"
    perfect.write_text(
        json.dumps({"id": "c1", "summary": GOLD}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "c2", "summary": GOLD}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    code, out, _ = cli(capsys, "eval", str(eval_file), "--predictions", str(perfect), "--json")
    assert code == 0
    d = json.loads(out)["pred.jsonl"]
    assert d["clusters"] == 2
    for t in ("rouge1", "rouge2", "rougeL"):
        assert d[t]["f1"] == pytest.approx(1.0)
    # A batch output of tomtat itself can be scored.
    batch = tmp_path / "out.jsonl"
    assert main(["summarize", str(eval_file), "-m", "lead", "-o", str(batch)]) == 0
    capsys.readouterr()
    code, out, _ = cli(capsys, "eval", str(eval_file), "--predictions", str(batch))
    assert code == 0 and "out.jsonl" in out
    # A prediction file missing a cluster is an error.
    partial = tmp_path / "partial.jsonl"
    partial.write_text(json.dumps({"id": "c1", "summary": GOLD}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = cli(capsys, "eval", str(eval_file), "--predictions", str(partial))
    assert code != 0 and err.startswith("tomtat: error:") and "c2" in err


def test_eval_folder_of_cluster_folders(capsys, tmp_path):
    root = tmp_path / "clusters"
    for name, files in (("a", FILES[:2]), ("b", FILES[1:])):
        (root / name / "summaries").mkdir(parents=True)
        for f in files:
            shutil.copy(f, root / name / f.name)
    (root / "a" / "summaries" / "1.txt").write_text(GOLD, encoding="utf-8")
    (root / "b" / "summaries" / "1.txt").write_text(GOLD, encoding="utf-8")
    code, out, _ = cli(capsys, "eval", str(root), "-m", "lead", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["lead"]["clusters"] == 2
    assert 0 < d["lead"]["rouge1"]["f1"] <= 1


def test_eval_without_references_is_an_error(capsys, tmp_path):
    path = tmp_path / "nogold.jsonl"
    path.write_text(abmusu_line("c1", TEXTS) + "\n", encoding="utf-8")
    code, _, err = cli(capsys, "eval", str(path), "-m", "lead")
    assert code != 0 and err.startswith("tomtat: error:")


def test_eval_unknown_method(capsys, eval_file):
    code, _, err = cli(capsys, "eval", str(eval_file), "-m", "lead,bogus")
    assert code != 0 and "bogus" in err and err.count("\n") == 1


# --- batch ------------------------------------------------------------------------


@pytest.fixture
def batch_file(tmp_path) -> Path:
    path = tmp_path / "batch.jsonl"
    lines = [abmusu_line("c1", TEXTS), '{"id": "c2", "single_documents": [ broken', abmusu_line("c3", TEXTS[:2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_with_malformed_line(capsys, tmp_path, batch_file):
    target = tmp_path / "out.jsonl"
    code, out, err = cli(capsys, "summarize", str(batch_file), "-o", str(target))
    assert code == 3
    assert out == ""
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    assert rows[0]["id"] == "c1" and rows[0]["summary"]
    assert rows[2]["id"] == "c3" and rows[2]["summary"]
    assert "summary" not in rows[1] and rows[1]["error"]
    assert rows[1].get("id") in (None, "c2")
    assert "line 2" in err and "Traceback" not in err
    assert "1 of 3" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.jsonl", "out.jsonl"]


def test_batch_console_script_to_stdout(batch_file):
    proc = run(["summarize", str(batch_file), "-m", "lead"])
    assert proc.returncode == 3
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [("summary" in r, "error" in r) for r in rows] == [(True, False), (False, True), (True, False)]
    assert b"line 2" in proc.stderr and b"Traceback" not in proc.stderr


def test_batch_bad_cluster_inside_good_json(capsys, tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(
        abmusu_line("c1", TEXTS) + "\n"
        + json.dumps({"id": "c2", "single_documents": [{"raw_text": "Ảnh: TTXVN"}]}) + "\n"
        + json.dumps({"id": "c3"}) + "\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "summarize", str(path))
    assert code == 3
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c2", "c3"]
    assert "summary" in rows[0] and "error" in rows[1] and "error" in rows[2]
    assert "2 of 3" in err


def test_batch_all_good_exit_zero(capsys, tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_text(abmusu_line("a", TEXTS) + "\n\n" + abmusu_line("b", TEXTS[1:]) + "\n", encoding="utf-8")
    code, out, _ = cli(capsys, "summarize", str(path), "--sentences", "2")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert all(1 <= len(r["sentences"]) <= 2 for r in rows)


def test_batch_markdown_refused(capsys, batch_file):
    code, _, err = cli(capsys, "summarize", str(batch_file), "--markdown")
    assert code != 0 and err.startswith("tomtat: error:")


def test_folder_of_cluster_folders(capsys, tmp_path):
    root = tmp_path / "clusters"
    for name, files in (("b-second", FILES[1:]), ("a-first", FILES[:2])):
        (root / name).mkdir(parents=True)
        for f in files:
            shutil.copy(f, root / name / f.name)
    (root / "empty").mkdir()
    code, out, err = cli(capsys, "summarize", str(root))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a-first", "b-second"]
    assert rows[0]["documents"] == [f.name for f in FILES[:2]]
    assert all(r["summary"] for r in rows)


# --- output atomicity ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", str(EXAMPLE), "-m", "nope"],
        ["summarize", "EMPTY"],
        ["summarize", "BATCH", "-m", "nope"],
        ["summarize", "BATCH", "--markdown"],
    ],
    ids=["unknown-method", "empty-input", "batch-unknown-method", "batch-markdown"],
)
def test_failed_run_leaves_output_untouched(capsys, tmp_path, batch_file, args):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    args = [str(empty) if a == "EMPTY" else str(batch_file) if a == "BATCH" else a for a in args]
    target = tmp_path / "result.txt"
    target.write_text("previous content\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = cli(capsys, *args, "-o", str(target))
    assert code != 0 and err.startswith("tomtat: error:")
    assert target.read_text(encoding="utf-8") == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_batch_with_no_clusters_leaves_output_untouched(capsys, tmp_path):
    (tmp_path / "nothing").mkdir()
    target = tmp_path / "result.jsonl"
    target.write_text("previous content\n", encoding="utf-8")
    code, _, err = cli(capsys, "summarize", "--format", "folders", str(tmp_path / "nothing"), "-o", str(target))
    assert code != 0 and err.startswith("tomtat: error:")
    assert target.read_text(encoding="utf-8") == "previous content\n"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_output_file_mode_follows_umask(capsys, tmp_path):
    umask = os.umask(0o022)
    try:
        target = tmp_path / "summary.txt"
        assert main(["summarize", str(EXAMPLE), "-o", str(target)]) == 0
        assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)


def test_dash_output_is_standard_output(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "--json", "-o", "-")
    assert code == 0
    assert json.loads(out)["sentences"]
    assert not (tmp_path / "-").exists()
