"""Hostile and unlucky input through the readers and the CLI: nothing lost, nothing corrupted,
one-line errors, and nothing that acts on a terminal reaches it (issue 7)."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from _shared import COMMAND, EXAMPLE, FILES, ROOT, TEXTS  # noqa: E402

import tomtat
from tomtat import write
from tomtat.api import summarize_batch
from tomtat.cli import build_parser, main
from tomtat.read import ClusterInput, parse_abmusu, read_batch, read_cluster, source_names
from tomtat.read.encoding import decode, decode_text
from tomtat.read.html import looks_like_html
from tomtat.read.legacy import to_legacy
from tomtat.records import Document, TomtatError

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file names, FIFOs and devices")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run(args: list[str], input: bytes | None = None, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(COMMAND + args, input=input, capture_output=True, timeout=120, cwd=cwd, env=env, **kw)


def one_line_error(code: int, err: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err
    assert err.startswith("tomtat: error:") and err.count("\n") == 1, err


def good_line(cid: str, texts: list[str] = TEXTS) -> str:
    return json.dumps({"id": cid, "single_documents": [{"raw_text": t} for t in texts]}, ensure_ascii=False)


# --- one bad JSON line never stops a batch ---------------------------------------------------------

TEXT = json.dumps(TEXTS[0], ensure_ascii=False)[1:-1]  # a Vietnamese article, JSON-escaped
BAD_LINES = {
    # line: (the id its error line must carry, words the error must hold)
    '{"id": "sur", "single_documents": [{"raw_text": "' + TEXT + ' \\ud800 Cầu."}]}': ("sur", "surrogate"),
    '{"id": "sur-title", "single_documents": [{"title": "\\udc80", "raw_text": "' + TEXT + '"}]}': ("sur-title", "surrogate"),
    '{"id": 1' + "1" * 4300 + ', "single_documents": []}': (None, "4,301 digits"),
    '{"id": "big", "single_documents": [{"raw_text": 1' + "2" * 4300 + "}]}": ("big", "4,301 digits"),
    '{"id": "lead", "single_documents": [{"raw_text": "' + TEXT + '", "lead": 5}]}': ("lead", "'lead' must be text"),
    '{"id": "num", "single_documents": [{"raw_text": 5}]}': ("num", "'raw_text' must be text"),
    '{"id": "title", "single_documents": [{"raw_text": "' + TEXT + '", "title": 3.5}]}': ("title", "'title' must be text"),
    '{"id": "anchor", "single_documents": [{"raw_text": "' + TEXT + '", "anchor_text": [1]}]}': ("anchor", "'anchor_text' must be text"),
    '{"id": "obj", "single_documents": [{"raw_text": {"a": 1}}]}': ("obj", "not an object"),
    '{"id": "docid", "single_documents": [{"raw_text": "' + TEXT + '", "id": {"a": 1}}]}': ("docid", "'id' must be text"),
    '{"id": "sum", "single_documents": [{"raw_text": "' + TEXT + '"}], "summary": 5}': ("sum", "'summary' must be text"),
    '{"id": {"nested": true}, "single_documents": [{"raw_text": "' + TEXT + '"}]}': (None, "'id' must be text"),
    '{"id": "doc", "single_documents": [5]}': ("doc", "document 1 must be an object"),
    "null": (None, "not null"),
    "[1, 2]": (None, "not a list"),
    '"just text"': (None, "not str"),
    '{"id": "deep", "single_documents": ' + "[" * 50_000 + "]" * 50_000 + "}": (None, "nested too deeply"),
}


def test_parse_abmusu_turns_every_bad_line_into_its_error():
    for line, (cid, words) in BAD_LINES.items():
        item = parse_abmusu(line, "line 1")
        assert item.error and words in item.error, (line[:80], item.error)
        assert item.id == cid and not item.documents


def test_parse_abmusu_reads_nulls_as_absent_and_numbers_as_ids():
    item = parse_abmusu('{"id": 7, "single_documents": [{"title": null, "raw_text": "' + TEXT + '", "id": 3, "anchor_text": null}]}', "l")
    assert item.error is None and item.id == "7"
    assert item.documents == [Document(text=TEXTS[0], name="3")]


@pytest.fixture
def hostile_batch(tmp_path) -> Path:
    lines = [good_line("first")]
    for line in BAD_LINES:
        lines += [line, good_line(f"after-{len(lines)}", TEXTS[:2])]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _check_hostile_rows(rows: list[dict]) -> None:
    assert len(rows) == 1 + 2 * len(BAD_LINES)
    assert rows[0]["id"] == "first" and rows[0]["summary"]
    for k, (cid, words) in enumerate(BAD_LINES.values()):
        bad, good = rows[1 + 2 * k], rows[2 + 2 * k]
        assert words in bad["error"] and "summary" not in bad and bad.get("id") == cid
        assert good["id"] == f"after-{1 + 2 * k}" and good["summary"]


def test_cli_batch_with_hostile_lines_keeps_every_good_cluster(capsys, hostile_batch, tmp_path):
    target = tmp_path / "out.jsonl"
    code, out, err = cli(capsys, "summarize", str(hostile_batch), "-m", "lead", "-o", str(target))
    assert code == 3 and out == ""
    assert "Traceback" not in err and f"{len(BAD_LINES)} of {1 + 2 * len(BAD_LINES)} clusters failed" in err
    _check_hostile_rows([json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()])


def test_console_script_batch_with_hostile_lines(hostile_batch):
    proc = run(["summarize", str(hostile_batch), "-m", "lead"])
    assert proc.returncode == 3 and b"Traceback" not in proc.stderr
    _check_hostile_rows([json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()])


def test_an_unexpected_error_costs_one_cluster(monkeypatch):
    import tomtat.api

    real = tomtat.api.summarize

    def flaky(documents, **options):
        if options.get("id") == "bad":
            raise ZeroDivisionError("division by zero")
        return real(documents, **options)

    monkeypatch.setattr(tomtat.api, "summarize", flaky)
    items = [ClusterInput(documents=[Document(t) for t in TEXTS], id=cid) for cid in ("a", "bad", "c")]
    results = list(summarize_batch(items, method="lead"))
    assert [r.id for r in results] == ["a", "bad", "c"]
    assert not results[1].ok and "internal error (ZeroDivisionError" in results[1].error
    assert results[0].ok and results[2].ok


def test_an_unexpected_error_in_one_cluster_run_is_one_line(capsys, monkeypatch):
    import tomtat.cli

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(tomtat.cli, "summarize", broken)
    code, out, err = cli(capsys, "summarize", str(EXAMPLE))
    one_line_error(code, err)
    assert "internal error (KeyError" in err and out == ""


@pytest.mark.parametrize("field", ["text", "title", "lead", "name"])
def test_api_refuses_a_lone_surrogate_with_a_clear_error(field):
    doc = {"text": TEXTS[0], field: "Cầu \ud800 mới"}
    with pytest.raises(TomtatError, match="lone surrogate"):
        tomtat.summarize([doc, TEXTS[1]])
    with pytest.raises(TomtatError, match="lone surrogate"):
        tomtat.summarize([Document(**{"text": TEXTS[0], field: "\udcff"}), TEXTS[1]])


def test_api_refuses_numbers_where_text_belongs():
    with pytest.raises(TomtatError, match="'title' must be text"):
        tomtat.summarize([{"text": TEXTS[0], "title": 5}, TEXTS[1]])
    with pytest.raises(TomtatError, match="'lead' must be text"):
        tomtat.summarize([{"text": TEXTS[0], "lead": {"a": 1}}, TEXTS[1]])
    assert tomtat.summarize([{"text": TEXTS[0], "id": 5}, TEXTS[1]]).documents == ["5", "doc2"]


# --- distinct source names -----------------------------------------------------------------------


def test_same_named_files_get_distinct_names_everywhere(capsys, tmp_path):
    for folder, src in (("x", FILES[0]), ("y", FILES[1])):
        (tmp_path / folder).mkdir()
        shutil.copy(src, tmp_path / folder / "1.txt")
    args = [str(tmp_path / "x" / "1.txt"), str(tmp_path / "y" / "1.txt")]
    code, out, _ = cli(capsys, "summarize", *args, "--json", "-m", "lead", "-s", "4")
    assert code == 0
    d = json.loads(out)
    assert d["documents"] == ["x/1.txt", "y/1.txt"]
    assert [a["name"] for a in d["articles"]] == ["x/1.txt", "y/1.txt"]
    assert {s["document"] for s in d["sentences"]} == {"x/1.txt", "y/1.txt"}
    articles = {a["name"]: a["text"] for a in d["articles"]}
    assert all(articles[s["document"]][s["start"] : s["end"]] == s["text"] for s in d["sentences"])
    code, out, _ = cli(capsys, "summarize", *args, "--markdown", "-m", "lead", "-s", "4")
    assert code == 0 and "1. x/1.txt\n2. y/1.txt\n" in out


def test_source_names_shortest_distinguishing_suffix(tmp_path):
    paths = [tmp_path / "a" / "x" / "1.txt", tmp_path / "b" / "x" / "1.txt", tmp_path / "c" / "2.txt", tmp_path / "a" / "x" / "1.txt"]
    assert source_names(paths) == ["a/x/1.txt", "b/x/1.txt", "2.txt", "a/x/1.txt (2)"]
    assert source_names([Path("1.txt"), Path("./1.txt")]) == ["1.txt", "1.txt (2)"]


def test_repeated_document_ids_in_a_jsonl_cluster_are_numbered():
    line = json.dumps({"id": "c", "single_documents": [{"id": "a", "raw_text": t} for t in TEXTS]}, ensure_ascii=False)
    assert [d.name for d in parse_abmusu(line, "line 1").documents] == ["a", "a (2)", "a (3)"]


# --- -o edge cases -------------------------------------------------------------------------------


@POSIX
def test_output_into_an_unwritable_folder(capsys, tmp_path):
    if os.geteuid() == 0:  # root writes anywhere permissions allow nothing; /proc takes no new files
        target = "/proc/tomtat-test-out.txt"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        target = str(folder / "out.txt")
    code, out, err = cli(capsys, "summarize", str(EXAMPLE), "-o", target)
    one_line_error(code, err)
    assert "cannot write" in err and out == ""


@POSIX
def test_output_to_a_full_device_is_a_one_line_error(capsys):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    code, _, err = cli(capsys, "summarize", str(EXAMPLE), "-o", "/dev/full")
    one_line_error(code, err)
    assert "cannot write" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("how", ["same-file", "symlink-to-input", "inside-input-folder", "batch-file"])
def test_output_equal_to_an_input_is_refused_before_anything(capsys, tmp_path, how):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in FILES:
        shutil.copy(p, folder / p.name)
    first = folder / FILES[0].name
    if how == "same-file":
        args, target = [str(first), str(folder / FILES[1].name)], first
    elif how == "symlink-to-input":
        (tmp_path / "link.txt").symlink_to(first)
        args, target = [str(tmp_path / "link.txt"), str(folder / FILES[1].name)], first
    elif how == "inside-input-folder":
        args, target = [str(folder)], first
    else:
        first = tmp_path / "b.jsonl"
        first.write_text(good_line("c1") + "\n", encoding="utf-8")
        args, target = [str(first)], first
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, out, err = cli(capsys, "summarize", *args, "-o", str(target))
    one_line_error(code, err)
    assert "is also an input" in err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@POSIX
def test_output_through_a_symlink_writes_the_file_it_names(capsys, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    code, _, _ = cli(capsys, "summarize", str(EXAMPLE), "-o", str(link))
    assert code == 0
    assert link.is_symlink() and "Hàn Giang" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


@POSIX
def test_output_to_a_fifo_through_a_symlink(capsys, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "-s", "1", "-o", str(link))
    thread.join(30)
    assert code == 0 and out == ""
    assert "Hàn Giang" in got[0].decode("utf-8")
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link"]


@POSIX
def test_output_to_dev_null_leaves_the_device_alone(capsys, tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    try:
        for target in (str(link), "/dev/null"):
            code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "-o", target)
            assert code == 0 and out == ""
            assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
        assert link.is_symlink() and os.readlink(link) == "/dev/null"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]
        assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".null.")]
    finally:  # a regression would have replaced the device with a file: put it back for whoever runs next
        if os.geteuid() == 0 and not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
            os.unlink("/dev/null")
            os.mknod("/dev/null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            os.chmod("/dev/null", 0o666)


@POSIX
def test_output_to_dev_stdout_writes_standard_output(capsys, tmp_path):
    code, out, _ = cli(capsys, "summarize", str(EXAMPLE), "-s", "1", "-o", "/dev/stdout")
    assert code == 0 and "Hàn Giang" in out
    was_link = os.path.islink("/dev/stdout")
    with open(tmp_path / "out.txt", "wb") as sink:  # a regular file behind the stream
        proc = subprocess.run(COMMAND + ["summarize", str(EXAMPLE), "-s", "1", "-o", "/dev/stdout"], stdout=sink,
                              stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Hàn Giang" in (tmp_path / "out.txt").read_text(encoding="utf-8")
    proc = run(["summarize", str(EXAMPLE), "-s", "1", "--json", "-o", "/dev/stdout"])  # a pipe
    assert proc.returncode == 0 and json.loads(proc.stdout)["summary"]
    assert os.path.islink("/dev/stdout") == was_link


def _bytes_name_ok(folder: Path) -> bool:
    try:
        (folder / os.fsdecode(b"\xff-probe")).write_bytes(b"")
    except (OSError, UnicodeError):
        return False
    (folder / os.fsdecode(b"\xff-probe")).unlink()
    return True


@POSIX
def test_file_names_that_are_not_utf8(tmp_path):
    if sys.getfilesystemencoding().lower() not in ("utf-8", "utf8") or not _bytes_name_ok(tmp_path):
        pytest.skip("the file system does not take non-UTF-8 names")
    bad_in = os.fsencode(tmp_path) + b"/\xff.txt"
    with open(bad_in, "wb") as f:
        f.write(FILES[0].read_bytes())
    bad_out = os.fsencode(tmp_path) + b"/\xfe.json"
    proc = subprocess.run([os.fsencode(c) for c in COMMAND] + [b"summarize", bad_in, os.fsencode(FILES[1]), b"--json",
                          b"-o", bad_out], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    d = json.loads(open(bad_out, "rb").read().decode("utf-8"))
    assert d["documents"] == ["\ufffd.txt", FILES[1].name]
    for extra in ([], ["--markdown"]):
        proc = subprocess.run([os.fsencode(c) for c in COMMAND] + [b"summarize", bad_in, os.fsencode(FILES[1]), *map(os.fsencode, extra)],
                              capture_output=True, timeout=120)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr
        proc.stdout.decode("utf-8")
    proc = subprocess.run([os.fsencode(c) for c in COMMAND] + [b"summarize", os.fsencode(tmp_path) + b"/\xfd-missing.txt"],
                          capture_output=True, timeout=120)
    one_line_error(proc.returncode, proc.stderr.decode("utf-8"))
    assert b"missing.txt: no such file" in proc.stderr


# --- encodings -----------------------------------------------------------------------------------


def test_utf8_with_a_stray_byte_is_read_with_a_warning(capsys, tmp_path):
    data = FILES[0].read_bytes()
    cut = data.index("khánh".encode("utf-8"))
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    decoded = decode_text(path.read_bytes(), "stray.txt")
    assert decoded.text.replace("\ufffd", "", 1) == decode(data, "x")
    assert decoded.warnings == (f"stray.txt: invalid UTF-8 at byte offset {cut}; replaced with \ufffd",)
    code, out, err = cli(capsys, "summarize", str(path), str(FILES[1]), "--json", "-m", "lead")
    assert code == 0
    assert f"byte offset {cut}" in err and err.startswith("tomtat: warning:")
    assert any(f"byte offset {cut}" in w for w in json.loads(out)["warnings"])


def test_invalid_utf8_without_valid_utf8_around_it_is_another_encoding():
    # One 8-bit letter in ASCII text is no evidence of UTF-8: it stays Windows-1258, as before.
    decoded = decode_text("Café crème".encode("cp1258"), "a.txt")
    assert decoded.text == "Café crème" and decoded.warnings == ()
    # VNI (and TCVN3, cp1258: test_errors) breaks UTF-8 in nearly every word.
    assert decode(to_legacy(TEXTS[0], "VNI").encode("cp1252"), "vni.txt") == decode(FILES[0].read_bytes(), "a.txt")


def test_a_few_bad_bytes_in_a_long_utf8_file_are_all_named():
    data = FILES[0].read_bytes()
    spoilt = bytearray(data)
    offsets = [100, 400, 700, 900]
    for o in offsets:
        while spoilt[o] >= 0x80:  # a byte that starts a character
            o += 1
        spoilt[o] = 0xFE
    decoded = decode_text(bytes(spoilt), "a.txt")
    assert decoded.text.count("\ufffd") == 4
    assert "and 1 more" in decoded.warnings[0]


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_decoded_not_read_as_utf16(encoding):
    for text in TEXTS:
        assert decode(text.encode(encoding), "x.txt") == decode(text.encode("utf-8"), "x.txt")


def test_broken_utf32_is_refused():
    data = codecs.BOM_UTF32_LE + TEXTS[0].encode("utf-32-le") + b"\x00\x00\x11\x00"  # past U+10FFFF
    with pytest.raises(TomtatError, match="broken UTF-32"):
        decode(data, "x.txt")
    no_bom = TEXTS[0].encode("utf-32-le")[:-4] + b"\x00\xd8\x00\x00"  # a surrogate: not UTF-32, not UTF-16 either
    with pytest.raises(TomtatError, match="binary|encoding"):
        decode(no_bom, "x.txt")


def test_jsonl_with_one_bad_byte_costs_only_that_line(capsys, tmp_path):
    lines = [good_line("a").encode("utf-8"), good_line("b").encode("utf-8"), good_line("c").encode("utf-8")]
    cut = lines[1].index("khánh".encode("utf-8"))
    lines[1] = lines[1][:cut] + b"\xc3\x28" + lines[1][cut:]
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = cli(capsys, "summarize", str(path), "-m", "lead")
    assert code == 3
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert "summary" in rows[0] and "summary" in rows[2]
    assert rows[1]["error"] == f"not valid UTF-8 at byte offset {cut} of the line"
    assert "line 2 (id b)" in err


def test_jsonl_in_utf16_and_with_bom_still_reads(tmp_path):
    text = good_line("a") + "\n" + good_line("b") + "\n"
    for name, data in (("bom8", codecs.BOM_UTF8 + text.encode("utf-8")), ("u16", text.encode("utf-16"))):
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(data)
        items = list(read_batch(str(path), None))
        assert [(i.id, i.error) for i in items] == [("a", None), ("b", None)], name


def test_an_overlong_jsonl_line_costs_only_that_line(tmp_path, monkeypatch):
    import tomtat.read

    monkeypatch.setattr(tomtat.read, "MAX_BYTES", 20_000)
    long = json.dumps({"id": "long", "single_documents": [{"raw_text": TEXTS[0] * 30}]}, ensure_ascii=False)
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join([good_line("a"), long, good_line("c")]) + "\n", encoding="utf-8")
    items = list(read_batch(str(path), None))
    assert [i.id for i in items] == ["a", None, "c"]
    assert "over the limit" in items[1].error and items[1].label == "line 2"


# --- nothing that acts on a terminal reaches it -------------------------------------------------

HOSTILE = "\x1b[31m\x1b]0;owned\x07\u202eevil\u2066\x9b2J\r\x08"
CONTROLS = "\x1b\x07\u202e\u2066\x9b\r\x08"


def test_terminal_text_escapes_controls_and_bidi():
    assert write.terminal_line("a" + HOSTILE + "\nb") == "a\\x1b[31m\\x1b]0;owned\\x07\\u202eevil\\u2066\\x9b2J\\x0d\\x08\\x0ab"
    assert write.terminal_text("một\ndòng\tthứ hai\x1b") == "một\ndòng\tthứ hai\\x1b"
    assert write.terminal_line("\udcff.txt") == "\\xff.txt"


def test_json_escapes_what_acts_on_a_terminal_and_keeps_values():
    obj = {"name": "a" + HOSTILE + "\u2028\u2029\ud800", "text": "Đà Nẵng"}
    text = write.json_text(obj)
    assert json.loads(text) == obj
    assert "Đà Nẵng" in text
    assert not any(ch in text for ch in CONTROLS + "\u2028\u2029\ud800")
    text.encode("utf-8")  # writable


def test_hostile_file_names_never_reach_the_terminal(capsys, tmp_path):
    name = "a" + HOSTILE.replace("\x07", "").replace("/", "") + ".txt"
    try:
        (tmp_path / name).write_bytes(FILES[0].read_bytes())
    except OSError:
        pytest.skip("the file system refuses such a name")
    for fmt in ("--markdown", "--json"):
        code, out, err = cli(capsys, "summarize", str(tmp_path / name), str(FILES[1]), fmt, "-m", "lead")
        assert code == 0
        for ch in CONTROLS:
            assert ch not in out and ch not in err
    assert json.loads(out)["documents"][0] == name  # the value itself is kept in JSON
    code, _, err = cli(capsys, "summarize", str(tmp_path / ("missing" + HOSTILE.replace("/", ""))))
    one_line_error(code, err)
    assert "\\x1b[31m" in err and "\x1b" not in err


def test_hostile_ids_in_a_batch_never_reach_the_terminal(capsys, tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"id": "x" + HOSTILE + "\n", "single_documents": []}) + "\n" + good_line("ok") + "\n", encoding="utf-8")
    code, out, err = cli(capsys, "summarize", str(path), "-m", "lead")
    assert code == 3
    assert err.count("\n") == 2  # the warning about the bad cluster, and the count
    for ch in CONTROLS:
        assert ch not in out and ch not in err


# --- HTML inside a .txt ----------------------------------------------------------------------------


def _page(text: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    paras = "".join(f"<p>{ln}</p>\n" for ln in lines[1:])
    return f"<!DOCTYPE html><html><head><title>{lines[0]}</title></head><body><article><h1>{lines[0]}</h1>\n{paras}</article></body></html>"


def test_html_inside_txt_is_extracted(capsys, tmp_path):
    pytest.importorskip("trafilatura")
    (tmp_path / "page.txt").write_text(_page(TEXTS[0]), encoding="utf-8")
    (tmp_path / "tags.txt").write_text("\n".join(f"<div><p>{ln}</p></div>" for ln in TEXTS[1].split("\n") if ln.strip()), encoding="utf-8")
    code, out, err = cli(capsys, "summarize", str(tmp_path / "page.txt"), str(tmp_path / "tags.txt"), "--json", "-m", "lead")
    assert code == 0, err
    d = json.loads(out)
    for a in d["articles"]:
        assert "<" not in a["text"] and ">" not in a["text"] and "Hàn Giang" in a["text"]
    assert "page.txt: holds HTML markup" in err and "tags.txt: holds HTML markup" in err
    proc = run(["summarize", "-m", "lead"], input=_page(TEXTS[0]).encode("utf-8") + b"\n---\n" + FILES[1].read_bytes())
    assert proc.returncode == 0 and b"<p>" not in proc.stdout and b"Traceback" not in proc.stderr


def test_html_inside_txt_without_trafilatura_is_a_clear_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    (tmp_path / "page.txt").write_text(_page(TEXTS[0]), encoding="utf-8")
    code, _, err = cli(capsys, "summarize", str(tmp_path / "page.txt"), str(FILES[1]))
    one_line_error(code, err)
    assert "page.txt (HTML markup in a text file)" in err and "pip install 'tomtat[html]'" in err


def test_looks_like_html():
    assert looks_like_html("  <!doctype html><p>x")
    assert looks_like_html("<html>")
    assert looks_like_html("Đoạn một.<br>Đoạn hai.<br>Đoạn ba.<br>")
    assert not looks_like_html(TEXTS[0])
    assert not looks_like_html("Nếu a < b và b > c thì <3 điều <p không phải thẻ")
    assert not looks_like_html("<p" + "x" * 1000 + ">")
    assert looks_like_html("<P CLASS='a'>x</P><div>y</div>")


def test_looks_like_html_is_linear():
    import time

    for text in ("<p" * 200_000, "<div " + "a" * 400_000, "<" * 400_000):
        started = time.perf_counter()
        looks_like_html(text)
        assert time.perf_counter() - started < 1.0


# --- help and the README's stdin example -------------------------------------------------------------


def test_summarize_help_explains_stdin_examples_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as info:
        main(["summarize", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "Summarize several Vietnamese news articles" in out
    assert "examples:" in out and "{ cat a.txt; echo ---; cat b.txt; } | tomtat summarize" in out
    assert "standard input" in out and "Ctrl-D" in out
    for code in ("0", "1", "2", "3", "130"):
        assert f"\n  {code} " in out


@pytest.mark.parametrize("command", ["summarize", "eval", "train", "serve"])
def test_every_option_has_help(command):
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # noqa: SLF001
    for action in sub._actions:  # noqa: SLF001
        assert action.help, f"{command} {action.option_strings or action.dest}: no help"


README_STDIN = "{ cat a.txt; echo ---; cat b.txt; } | tomtat summarize"


def _stdin_example_in_readme() -> str:
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if "| tomtat summarize" in line and "stdin" in line:
            return line.split("  #")[0].strip()
    raise AssertionError("README has no stdin example")


@pytest.mark.parametrize("source", ["help", "README"])
def test_stdin_example_runs_as_written(tmp_path, source):
    if len(COMMAND) != 1 or shutil.which("sh") is None:
        pytest.skip("needs the installed console script and a POSIX shell")
    command = README_STDIN if source == "help" else _stdin_example_in_readme()
    shutil.copy(FILES[0], tmp_path / "a.txt")
    shutil.copy(FILES[1], tmp_path / "b.txt")
    env = {**os.environ, "PATH": f"{Path(COMMAND[0]).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Hàn Giang" in proc.stdout.decode("utf-8")
    assert b"single-document" not in proc.stderr  # two articles were read, not one


@pytest.mark.parametrize("fmt", [[], ["--markdown"], ["--json"]])
def test_controls_inside_articles_never_reach_the_terminal(capsys, tmp_path, fmt):
    dirty = [t.replace("Hàn Giang", "Hàn\x1b[2J\x1b]0;x\x07 Giang\u202e\x9b").replace(". ", ".\x08 ", 2) for t in TEXTS]
    for k, t in enumerate(dirty):
        (tmp_path / f"{k}.txt").write_text(t, encoding="utf-8")
    code, out, err = cli(capsys, "summarize", str(tmp_path), "-m", "lead", "-s", "4", *fmt)
    assert code == 0 and "Giang" in out
    for ch in CONTROLS:
        assert ch not in out and ch not in err
