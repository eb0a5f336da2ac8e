"""Bad input through the CLI: one-line errors, no tracebacks, no output files; and the encodings that must work."""

from __future__ import annotations

import codecs
import json
import random
import subprocess
import unicodedata
from pathlib import Path

import pytest
from _shared import COMMAND, EXAMPLE, FILES, TEXTS  # noqa: E402

from tomtat.cli import main
from tomtat.lang.normalize import normalize
from tomtat.read.encoding import decode
from tomtat.read.legacy import to_legacy
from tomtat.records import TomtatError

FRENCH = (
    "Le président de la République a reçu mardi à l'Élysée les représentants des syndicats et du patronat "
    "pour une réunion consacrée à la réforme des retraites.\n"
    "À l'issue de cette rencontre, le ministre du Travail a déclaré que le gouvernement était prêt à étudier "
    "de nouvelles propositions, mais qu'il ne reviendrait pas sur le report de l'âge légal de départ.\n"
    "Les syndicats ont dénoncé un « dialogue de façade » et appelé à une nouvelle journée de mobilisation la "
    "semaine prochaine dans toutes les grandes villes du pays.\n"
    "Selon un sondage publié mercredi, près de deux Français sur trois restent opposés à la réforme, un "
    "chiffre stable depuis le début de l'année.\n"
)
ENGLISH = (
    "The United Nations secretary-general arrived in Kyiv on Wednesday after meeting the Russian president in "
    "Moscow.\nHe said the organisation would do everything it could to help civilians leave the besieged city.\n"
    "Talks on humanitarian corridors will continue next week, a spokesman said.\n"
)

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed base letters (â, ơ, ư, ă, đ...)
    where cp1258 has them, tone marks as combining characters after them."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m not in _TONES))
        out.append(base.encode("cp1258") + "".join(m for m in parts[1:] if m in _TONES).encode("cp1258"))
    return b"".join(out)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str) -> None:
    assert code != 0
    assert "Traceback" not in err
    assert err.startswith("tomtat: error:"), err
    assert err.endswith("\n") and err.count("\n") == 1, err


# --- bad input ------------------------------------------------------------------


def _binary() -> bytes:
    rng = random.Random(1234)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))


BAD_FILES = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\n\t \r\n   \n", "empty"),
    "binary": (_binary(), "binary"),
    "english": (ENGLISH.encode("utf-8"), "Vietnamese"),
    "english-twice": (ENGLISH.encode("utf-8"), "Vietnamese"),
    "boilerplate": ("Ảnh: TTXVN\nChia sẻ\nFacebook\n".encode("utf-8"), "boilerplate"),
    "unknown-encoding": (to_cp1258(TEXTS[0])[:300] + b" \x81\x8d\x8f\x90 " + to_cp1258(TEXTS[0])[300:], "encoding"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file(capsys, tmp_path, case):
    data, expected = BAD_FILES[case]
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(data)
    args = [str(src / "a.txt")]
    if case == "english-twice":  # a whole cluster of non-Vietnamese articles
        (src / "b.txt").write_bytes(ENGLISH.replace("Wednesday", "Thursday").encode("utf-8"))
        args = [str(src)]
    target = tmp_path / "out.txt"
    code, out, err = run_cli(capsys, "summarize", *args, "-o", str(target))
    assert_one_line_error(code, err)
    assert expected.lower() in err.lower()
    assert out == ""
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_unknown_encoding_message_is_clear():
    data = BAD_FILES["unknown-encoding"][0]
    with pytest.raises(TomtatError) as info:
        decode(data, "x.txt")
    message = str(info.value)
    assert message.startswith("x.txt: unknown text encoding")
    assert "UTF-8" in message


def test_french_latin1_is_not_vietnamese(capsys, tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    code, _, err = run_cli(capsys, "summarize", str(path), "-o", str(tmp_path / "out.txt"))
    assert_one_line_error(code, err)
    assert "Vietnamese" in err
    assert not (tmp_path / "out.txt").exists()


def test_french_latin1_decodes_without_crash():
    # Whatever the language verdict, the bytes themselves decode to the right text.
    assert decode(FRENCH.encode("latin-1"), "fr.txt") == unicodedata.normalize("NFC", FRENCH)


def test_too_large_file(capsys, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(TEXTS[0].encode("utf-8") * (21_000_000 // len(TEXTS[0].encode("utf-8")) + 1))
    assert path.stat().st_size > 20_000_000
    code, _, err = run_cli(capsys, "summarize", str(path), "-o", str(tmp_path / "out.txt"))
    assert_one_line_error(code, err)
    assert "MB" in err
    assert not (tmp_path / "out.txt").exists()


def test_missing_path(capsys, tmp_path):
    code, _, err = run_cli(capsys, "summarize", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out.txt"))
    assert_one_line_error(code, err)
    assert "nope.txt" in err
    assert list(tmp_path.iterdir()) == []


def test_missing_batch_path(capsys, tmp_path):
    code, _, err = run_cli(capsys, "summarize", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out.txt"))
    assert_one_line_error(code, err)
    assert list(tmp_path.iterdir()) == []


def test_folder_without_txt(capsys, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(TEXTS[0], encoding="utf-8")
    (folder / ".hidden.txt").write_text(TEXTS[0], encoding="utf-8")
    code, _, err = run_cli(capsys, "summarize", str(folder), "-o", str(tmp_path / "out.txt"))
    assert_one_line_error(code, err)
    assert ".txt" in err
    assert not (tmp_path / "out.txt").exists()


def test_output_into_missing_folder(capsys, tmp_path):
    target = tmp_path / "missing" / "out.txt"
    code, _, err = run_cli(capsys, "summarize", str(EXAMPLE), "-o", str(target))
    assert_one_line_error(code, err)
    assert "does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_output_is_a_folder(capsys, tmp_path):
    code, _, err = run_cli(capsys, "summarize", str(EXAMPLE), "-o", str(tmp_path))
    assert_one_line_error(code, err)
    assert list(tmp_path.iterdir()) == []


def test_empty_stdin_subprocess(tmp_path):
    proc = subprocess.run(COMMAND + ["summarize", "-", "-o", str(tmp_path / "out.txt")], input=b"",
                          capture_output=True, timeout=60)
    err = proc.stderr.decode("utf-8")
    assert_one_line_error(proc.returncode, err)
    assert not (tmp_path / "out.txt").exists()


def test_binary_stdin_subprocess():
    proc = subprocess.run(COMMAND + ["summarize"], input=_binary(), capture_output=True, timeout=60)
    assert_one_line_error(proc.returncode, proc.stderr.decode("utf-8"))
    assert proc.stdout == b""


def test_malformed_json_line_in_batch_is_partial(capsys, tmp_path):
    good = json.dumps({"id": "ok", "single_documents": [{"raw_text": t} for t in TEXTS]}, ensure_ascii=False)
    path = tmp_path / "b.jsonl"
    path.write_text(good + "\n{not json}\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, err = run_cli(capsys, "summarize", str(path), "-o", str(target))
    assert code == 3
    assert "Traceback" not in err
    assert "line 2" in err and "malformed JSON" in err
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and "summary" in rows[0] and "error" in rows[1]


def test_whole_batch_bad_file(capsys, tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_bytes(_binary())
    code, _, err = run_cli(capsys, "summarize", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert_one_line_error(code, err)
    assert not (tmp_path / "out.jsonl").exists()


# --- encodings that must work ------------------------------------------------------


ENCODINGS = {
    "utf-8-bom": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), False),
    "utf-16-le-bom": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), False),
    "utf-16-be-bom": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), False),
    "utf-16-le": (lambda t: t.encode("utf-16-le"), False),
    "utf-16-be": (lambda t: t.encode("utf-16-be"), False),
    "windows-1258": (to_cp1258, False),
    "utf-8-nfd": (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), False),
    "utf-8-crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), False),
    "tcvn3": (lambda t: to_legacy(t, "TCVN3").encode("cp1252"), True),  # lossy for uppercase toned letters
    "vni": (lambda t: to_legacy(t, "VNI").encode("cp1252"), False),
}


def test_cp1258_helper_really_uses_combining_tones():
    text = "Đà Nẵng hòa thủy"
    # cp1258 cannot encode full NFD (no combining circumflex, breve or horn)...
    with pytest.raises(UnicodeEncodeError):
        unicodedata.normalize("NFD", text).encode("cp1258")
    data = to_cp1258(text)
    # ...so tones are combining bytes (0xCC grave, 0xD2 hook, 0xDE tilde, 0xEC acute, 0xF2 dot below).
    assert {0xCC, 0xD2, 0xDE} <= set(data)
    assert data.decode("cp1258") != text
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == text


def _summary_json(capsys, folder: Path) -> dict:
    code, out, err = run_cli(capsys, "summarize", str(folder), "--json", "-m", "centroid")
    assert code == 0, err
    assert "Traceback" not in err
    return json.loads(out)


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encoding_gives_same_summary(capsys, tmp_path, name):
    encode, lossy_case = ENCODINGS[name]
    expected = _summary_json(capsys, EXAMPLE)
    folder = tmp_path / name
    folder.mkdir()
    for path, text in zip(FILES, TEXTS):
        (folder / path.name).write_bytes(encode(text))
    got = _summary_json(capsys, folder)
    assert unicodedata.is_normalized("NFC", got["summary"])
    if lossy_case:  # TCVN3 has no uppercase toned letters: compare lowercased
        assert got["summary"].lower() == expected["summary"].lower()
        assert [a["text"].lower() for a in got["articles"]] == [a["text"].lower() for a in expected["articles"]]
    else:
        assert got["summary"] == expected["summary"]
        assert got["articles"] == expected["articles"]
    assert [(s["document"], s["start"], s["end"]) for s in got["sentences"]] == [
        (s["document"], s["start"], s["end"]) for s in expected["sentences"]
    ]


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_decode_round_trip_each_example(name):
    encode, lossy_case = ENCODINGS[name]
    for text in TEXTS:
        expected = normalize(text)
        got = decode(encode(text), "x")
        if lossy_case:
            assert got.lower() == expected.lower()
        else:
            assert got == expected


def test_encoded_stdin_subprocess():
    data = b"\n---\n".join(to_legacy(t, "VNI").encode("cp1252") for t in TEXTS)
    proc = subprocess.run(COMMAND + ["summarize", "-m", "centroid"], input=data, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    plain = subprocess.run(COMMAND + ["summarize", "-m", "centroid", str(EXAMPLE)], capture_output=True, timeout=60)
    assert proc.stdout.decode("utf-8") == plain.stdout.decode("utf-8")


def test_deeply_nested_json_line_is_reported_not_a_traceback(tmp_path, capsys):
    from tomtat.cli import main as cli_main

    src = tmp_path / "nested.jsonl"
    good = '{"id": "ok", "single_documents": [{"raw_text": "Sáng 26/4, Đà Nẵng khánh thành cầu đi bộ Hàn Giang bắc qua sông Hàn. Cầu dài 520 mét, rộng 3,5 mét."}]}'
    src.write_text("[" * 100000 + "\n" + good + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli_main(["summarize", str(src), "-o", str(out), "-q"]) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "nested too deeply" in lines[0] and '"summary"' in lines[1]
    assert "Traceback" not in capsys.readouterr().err
