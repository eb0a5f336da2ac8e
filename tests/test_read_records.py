"""The record reader, the byte reader, header blocks and publication dates (tomtat.read.records, .meta)."""

from __future__ import annotations

import io
import json
import pickle
import sys
import time
from pathlib import Path

import pytest

import tomtat
from tomtat.read import ClusterInput, parse_abmusu, read_bytes, read_cluster, read_documents
from tomtat.read.meta import MAX_HEADER_CHARS, header_block, iso_date, published_date
from tomtat.read.records import RECORD_KEYS, RecordError, check_document, read_record, text_document
from tomtat.records import Document, TomtatError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cluster"
TEXT = "Sáng 26/4, Đà Nẵng khánh thành cầu đi bộ Hàn Giang bắc qua sông Hàn."


# --- read_record: one reader of article records ------------------------------------------------------


def test_a_record_and_its_abmusu_spelling_are_the_same_document():
    mine = read_record({"id": "a", "title": "T", "text": TEXT, "lead": "L", "published": "2022-04-26", "source": "S", "url": "https://x.vn/a"}, 0)
    abmusu = read_record({"name": "a", "title": "T", "raw_text": TEXT, "anchor_text": "L", "date": "26/4/2022", "source": "S", "url": "https://x.vn/a"}, 0)
    assert mine == abmusu == Document(TEXT, "T", "L", "a", published="2022-04-26", source="S", url="https://x.vn/a")


def test_text_alone_and_defaults():
    assert read_record(TEXT, 2) == Document(TEXT, name="doc3")
    assert read_record({"text": TEXT}, 0, default_name="c1#1").name == "c1#1"
    assert read_record({"text": TEXT, "id": 5}, 0).name == "5"
    assert read_record({"text": TEXT, "id": None, "title": None, "lead": None}, 0) == Document(TEXT, name="doc1")
    assert read_record({"text": TEXT, "raw_text": TEXT}, 0).text == TEXT  # the same value twice is no conflict
    assert read_record({"text": "", "raw_text": TEXT}, 0).text == TEXT  # an empty one is not given
    assert read_record({"text": TEXT, "unknown": 1}, 0).text == TEXT  # other keys (a JSON Lines category) are left alone


@pytest.mark.parametrize(
    ("record", "key", "message"),
    [
        ({"raw_text": 5}, "raw_text", "document 1 'raw_text' must be text, not a number"),
        ({"text": TEXT, "title": [1]}, "title", "document 1 'title' must be text, not a list"),
        ({"text": TEXT, "date": 2022}, "date", "document 1 'date' must be text, not a number"),
        ({"text": TEXT, "url": {"a": 1}}, "url", "document 1 'url' must be text, not an object"),
        ({"text": TEXT, "source": "\ud800"}, "source", "document 1 'source' holds a lone surrogate (\\ud800), which is not a character"),
        ({"text": TEXT, "id": True}, "id", "document 1 'id' must be text or a number, not true/false"),
        ({"text": "a", "raw_text": "b"}, "raw_text", "document 1: give 'text' or 'raw_text', not both"),
        ({"text": TEXT, "lead": "a", "anchor_text": "b"}, "anchor_text", "document 1: give 'lead' or 'anchor_text', not both"),
        ({"text": TEXT, "published": "2022-04-26", "date": "2022-04-27"}, "date", "document 1: give 'published' or 'date', not both"),
        ({"text": TEXT, "html": "<p>x</p>"}, None, "document 1: give either 'text' or 'html', not both"),
        (5, None, "document 1 must be an object or text, not a number"),
        ([TEXT], None, "document 1 must be an object or text, not a list"),
    ],
)
def test_bad_records_name_the_field_as_given(record, key, message):
    with pytest.raises(RecordError) as e:
        read_record(record, 0)
    assert (str(e.value), e.value.key) == (message, key)
    with pytest.raises(TomtatError, match="^" + message.replace("(", r"\(").replace(")", r"\)").replace("\\u", r"\\u") + "$"):
        tomtat.summarize([record])  # the library says it in the same words


def test_where_names_the_record_as_the_caller_does():
    with pytest.raises(RecordError, match=r"^documents\[3\] 'text' must be text, not a number$"):
        read_record({"text": 1}, 3, where="documents[3]")


def test_record_errors_cross_processes_intact():
    e = pickle.loads(pickle.dumps(RecordError("document 1 'text' must be text", "text")))
    assert (str(e), e.key, isinstance(e, TomtatError)) == ("document 1 'text' must be text", "text", True)


def test_an_unreadable_date_is_a_warning_and_left_out():
    doc = read_record({"id": "a", "text": TEXT, "published": "\x1b[31mhôm qua"}, 0)
    assert doc.published is None
    assert doc.warnings == ("a: cannot read the date '\\x1b[31mhôm qua' (write it like 2022-04-26 or 26/4/2022); left out",)


def test_metadata_is_one_clean_line():
    doc = read_record({"text": TEXT, "source": "  Báo\n\x07Mẫu ", "url": " https://x.vn/a \n"}, 0)
    assert (doc.source, doc.url) == ("Báo Mẫu", "https://x.vn/a")
    assert read_record({"text": TEXT, "source": "  "}, 0).source is None


def test_html_records_carry_the_pages_metadata_unless_the_record_gives_it():
    pytest.importorskip("trafilatura", reason="the 'html' extra is not installed")
    page = (Path(__file__).resolve().parent / "data" / "doors" / "page.html").read_text(encoding="utf-8")
    doc = read_record({"id": "p", "html": page}, 0)
    assert (doc.title, doc.published, doc.source) == ("Cầu đi bộ Hàn Giang chính thức đón khách", "2025-04-26", "Báo Mẫu")
    assert doc.url == "https://baomau.vn/do-thi/cau-di-bo-han-giang-don-khach-4876543.html" and "Trang chủ" not in doc.text
    given = read_record({"id": "p", "html": page, "title": "Tựa", "date": "27/4/2025", "source": "Khác", "url": "https://y.vn"}, 0)
    assert (given.title, given.published, given.source, given.url) == ("Tựa", "2025-04-27", "Khác", "https://y.vn")
    assert read_record({"html": "  "}, 0).text == ""  # an empty page is an empty article, as empty text is


def test_a_page_without_an_article_is_an_unreadable_field():
    pytest.importorskip("trafilatura", reason="the 'html' extra is not installed")
    with pytest.raises(RecordError, match="no article text found") as e:
        read_record({"id": "p", "html": "<html><body><img src=a.png></body></html>"}, 0)
    assert e.value.key == "html"


def test_documents_made_by_hand_are_checked_as_records_are():
    assert check_document(Document(TEXT), 1).name == "doc2"
    doc = check_document(Document(TEXT, name="a", published="26/4/2022 10:30", source=" S "), 0)
    assert (doc.published, doc.source) == ("2022-04-26T10:30:00", "S")
    assert check_document(Document(TEXT, name="a", published="soon"), 0).warnings[0].startswith("a: cannot read the date 'soon'")
    with pytest.raises(RecordError, match="document 1 'url' must be text"):
        check_document(Document(TEXT, url=5), 0)  # type: ignore[arg-type]


def test_jsonl_records_use_the_same_reader():
    line = json.dumps({"id": "c", "single_documents": [{"raw_text": TEXT, "date": "26/4/2022", "id": 3}, {"text": TEXT, "source": "S"}]}, ensure_ascii=False)
    item = parse_abmusu(line, "line 1")
    assert [d.name for d in item.documents] == ["3", "c#2"]
    assert (item.documents[0].published, item.documents[1].source) == ("2022-04-26", "S")
    bad = parse_abmusu('{"id": "c", "single_documents": [{"text": "a", "raw_text": "b"}]}', "line 1")
    assert bad == ClusterInput(id="c", error="document 1: give 'text' or 'raw_text', not both", label="line 1")


def test_the_service_schema_takes_every_key_the_reader_reads():
    pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
    from tomtat.serve.schemas import DocumentIn

    assert set(DocumentIn.model_fields) == RECORD_KEYS


# --- read_bytes / read_documents: one reader of files -----------------------------------------------------


def test_read_bytes_reads_text_in_any_known_encoding_with_its_header_block():
    data = ("Title: Cầu mới\nDate: 2025-04-26\n\n" + TEXT).encode("utf-16")
    doc = read_bytes(data, "a.txt")
    assert (doc.name, doc.title, doc.published, doc.text) == ("a.txt", "Cầu mới", "2025-04-26", TEXT)
    assert read_bytes(TEXT.encode(), "folder/a.txt", name="a").name == "a"
    assert read_bytes(TEXT.encode(), "notes.md").text == TEXT  # any other name is text


def test_read_bytes_refuses_what_is_not_one_article():
    with pytest.raises(TomtatError, match="^c.jsonl: holds clusters"):
        read_bytes(b"{}", "c.jsonl")
    with pytest.raises(TomtatError, match="^b.txt: "):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "b.txt")


def test_read_documents_reads_one_cluster_of_a_jsonl_file():
    line = json.dumps({"single_documents": [{"raw_text": TEXT}, {"raw_text": TEXT + " Hai."}]}, ensure_ascii=False)
    assert [d.name for d in read_documents(line.encode() + b"\n", "c.jsonl")] == ["c.jsonl#1", "c.jsonl#2"]
    with pytest.raises(TomtatError, match="^c.jsonl: holds 2 clusters"):
        read_documents(f"{line}\n{line}\n".encode(), "c.jsonl")
    with pytest.raises(TomtatError, match="^c.jsonl: malformed JSON"):
        read_documents(b"{broken\n", "c.jsonl")
    assert read_documents(TEXT.encode(), "a.txt") == [Document(TEXT, name="a.txt")]


def test_the_cli_reads_a_jsonl_cluster_among_article_files(tmp_path):
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c", "single_documents": [{"raw_text": TEXT}]}, ensure_ascii=False), encoding="utf-8")
    docs = read_cluster([str(EXAMPLE / "01-bao-a.txt"), str(tmp_path / "c.jsonl")])
    assert [d.name for d in docs] == ["01-bao-a.txt", "c#1"] and docs[1].text == TEXT


# --- header blocks --------------------------------------------------------------------------------------


def test_header_keys_in_english_and_vietnamese():
    text = "TIÊU ĐỀ: Cầu mới\nngày đăng :  26/4/2025\nNguồn: Báo Mẫu\nLink: https://x.vn/a\n\nThân bài.\n\nĐoạn hai."
    assert header_block(text) == ({"title": "Cầu mới", "published": "26/4/2025", "source": "Báo Mẫu", "url": "https://x.vn/a"}, "Thân bài.\n\nĐoạn hai.")
    assert header_block("Title: A\nDate: 2025-04-26\nBody line.\nMore.") == ({"title": "A", "published": "2025-04-26"}, "Body line.\nMore.")
    assert header_block("Source: S") == ({"source": "S"}, "")
    assert header_block("\n  \nTitle: A\n\nThân.") == ({"title": "A"}, "Thân.")  # blank lines before it are the top


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "Hà Nội: thành phố mở thêm tuyến buýt.\nThân bài.",  # a colon, but not a known key
        "Thân bài.\nTitle: not at the very top",
        "Ông A: tôi sẽ đi.\nTitle: x",
        "Tiêu đề chính của bài: quá dài để là một khóa\nThân bài.",
        "",
    ],
)
def test_text_without_a_header_block_is_unchanged(text):
    fields, body = header_block(text)
    assert fields == {} and body is text
    assert text_document(text, "a", headers=True) == Document(text, name="a")


def test_a_repeated_key_or_a_long_line_ends_the_block():
    assert header_block("Title: a\nTitle: b\nThân.") == ({"title": "a"}, "Title: b\nThân.")
    long = "Title: " + "x" * MAX_HEADER_CHARS
    assert header_block(long + "\nThân.") == ({}, long + "\nThân.")
    assert header_block("Nguồn: S\n" + long) == ({"source": "S"}, long)


def test_headers_only_for_files_not_for_records():
    text = "Title: A\n\n" + TEXT
    assert read_record({"text": text}, 0).text == text
    assert read_bytes(text.encode(), "a.txt").text == TEXT


def test_each_article_on_stdin_may_open_with_a_header_block(monkeypatch):
    data = f"Nguồn: Báo A\n\n{TEXT}\n---\nSource: Báo B\nDate: 2025-04-26\n{TEXT}\n---\n{TEXT}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    docs = read_cluster([])
    assert [(d.source, d.published, d.text.strip()) for d in docs] == [("Báo A", None, TEXT), ("Báo B", "2025-04-26", TEXT), (None, None, TEXT)]


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "Title: " + "x" * n,  # one endless header-like line, no newline
        lambda n: "Title: x\n" * (n // 9),  # a header line repeated: no blank line ever
        lambda n: "Nguồn: S\n" + "Thân bài dài.\n" * (n // 14),  # 100k lines after a short block
        lambda n: ("Tiêu đề: " + "x" * 3_000 + "\n") * (n // 3_000 + 1),
        lambda n: "\n" * n + "Title: x\n\nThân.",  # blank lines before a block: only the first few are looked at
    ],
    ids=["long-line", "repeated", "many-lines", "long-lines", "blank-lines"],
)
def test_header_parsing_is_linear_on_hostile_text(make):
    small, big = make(200_000), make(1_600_000)  # 1.6 MB: 100k+ lines
    for text in (small, big):
        started = time.perf_counter()
        read_bytes(text.encode(), "a.txt")
        header_block(text)
        spent = time.perf_counter() - started
        assert spent < 1.0, f"{len(text):,} characters: {spent:.2f} s"
    started = time.perf_counter()
    for _ in range(100):
        header_block(big)
    assert (time.perf_counter() - started) / 100 < 0.01  # looks at the block only, never the whole text


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "iso"),
    [
        ("2022-04-26", "2022-04-26"),
        ("2022-04-26T10:30:00+07:00", "2022-04-26T10:30:00+07:00"),
        ("2022-04-26T10:30:00.123Z", "2022-04-26T10:30:00+00:00"),
        ("2022-04-26 10:30", "2022-04-26T10:30:00"),
        ("26/4/2022", "2022-04-26"),
        ("26/04/2022 10:30", "2022-04-26T10:30:00"),
        ("Thứ ba, 26/04/2022 - 10:30 (GMT+7)", "2022-04-26T10:30:00+07:00"),
        ("Chủ nhật, 1/5/2022, 07:00 (GMT+07:00)", "2022-05-01T07:00:00+07:00"),
        ("26/4/2022 | 10:30", "2022-04-26T10:30:00"),
        ("26/4/2022 lúc 10:30", "2022-04-26T10:30:00"),
        ("ngày 26 tháng 4 năm 2022", "2022-04-26"),
        ("Ngày 26/4/2022", "2022-04-26"),
        ("April 26, 2022", "2022-04-26"),
        ("Tue, 26 Apr 2022 08:30:00 GMT", "2022-04-26T08:30:00+00:00"),
        ("  26.4.2022  ", "2022-04-26"),
    ],
)
def test_dates_are_normalized_to_iso(given, iso):
    assert iso_date(given) == iso


@pytest.mark.parametrize(
    "given",
    ["", "hôm qua", "26/4", "2022", "10:30", "31/2/2022", "99/99/2022", "0001-01-01", "1" * 60, "2" * 10_000, "26/4/2022 " + "x" * 100],
)
def test_what_is_not_a_full_date_is_none(given):
    assert iso_date(given) is None


def test_published_date_warns_with_the_value_shortened():
    assert published_date(None, "a") == published_date("  ", "a") == published_date(None, "a").__class__(None)
    got = published_date("x" * 100, "a")
    assert got.iso is None and got.warning == f"a: cannot read the date '{'x' * 40}…' (write it like 2022-04-26 or 26/4/2022); left out"
