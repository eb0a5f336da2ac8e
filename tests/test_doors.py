"""One way in: the same articles through every door give the same summary, sentences and metadata.

The doors: the CLI (``tomtat summarize --json``), the library (``tomtat.summarize`` on documents read by
``tomtat.read.read_documents``, or on article records), and the service (uploads and JSON records).
Each fixture is given as files and as the records that say the same thing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
pytest.importorskip("trafilatura", reason="the 'html' extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

import tomtat  # noqa: E402
from tomtat.cli import main  # noqa: E402
from tomtat.read import read_documents  # noqa: E402
from tomtat.read.encoding import decode  # noqa: E402
from tomtat.serve.app import create_app  # noqa: E402
from tomtat.serve.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cluster"
DOORS = Path(__file__).resolve().parent / "data" / "doors"
GUTERRES = ROOT.parent / "shared" / "examples" / "guterres-2022-04"
BRIDGE = EXAMPLE / "02-bao-b.txt"
MIME = {".txt": "text/plain", ".html": "text/html", ".jsonl": "application/x-ndjson"}

HEADER = {  # what tests/data/doors/header.txt says in its header block
    "title": "Đà Nẵng khánh thành cầu đi bộ Hàn Giang",
    "published": "Thứ bảy, 26/4/2025 - 09:30 (GMT+7)",
    "source": "Nhật báo Duyên Hải",
    "url": "https://duyenhai.vn/da-nang-khanh-thanh-cau-han-giang.html",
}


def text_record(path: Path) -> dict[str, Any]:
    return {"id": path.name, "text": decode(path.read_bytes(), path.name)}


def header_record(path: Path) -> dict[str, Any]:
    body = decode(path.read_bytes(), path.name).split("\n\n", 1)[1]
    return {"id": path.name, **HEADER, "text": body}


def page_record(path: Path) -> dict[str, Any]:
    return {"id": path.name, "html": path.read_text(encoding="utf-8")}


def jsonl_records(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["single_documents"]


# name -> (files, the same articles as records, the metadata each article must carry)
CASES: dict[str, tuple[list[Path], list[dict[str, Any]], list[dict[str, str]]]] = {
    "example": (sorted(EXAMPLE.glob("*.txt")), [text_record(p) for p in sorted(EXAMPLE.glob("*.txt"))], [{}, {}, {}]),
    "html-page": (
        [DOORS / "page.html", BRIDGE],
        [page_record(DOORS / "page.html"), text_record(BRIDGE)],
        [{"title": "Cầu đi bộ Hàn Giang chính thức đón khách", "published": "2025-04-26", "source": "Báo Mẫu",
          "url": "https://baomau.vn/do-thi/cau-di-bo-han-giang-don-khach-4876543.html"}, {}],
    ),
    "txt-header": (
        [DOORS / "header.txt", BRIDGE],
        [header_record(DOORS / "header.txt"), text_record(BRIDGE)],
        [{**HEADER, "published": "2025-04-26T09:30:00+07:00"}, {}],
    ),
    "jsonl-cluster": (
        [DOORS / "cluster.jsonl"],
        jsonl_records(DOORS / "cluster.jsonl"),
        [{"published": "2023-10-17T08:00:00+07:00", "source": "Báo Mẫu", "url": "https://baomau.vn/lu-mien-trung-101.html"},
         {"published": "2023-10-17T14:30:00", "source": "Quảng Bình Online"}, {}],
    ),
}
if GUTERRES.is_dir():  # the reference cluster (../shared): required under CI by conftest
    files = sorted(GUTERRES.glob("*.txt"))
    CASES["guterres"] = (files, [text_record(p) for p in files], [{} for _ in files])


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(access_log=False))) as c:
        yield c


def comparable(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k != "seconds"}


def by_cli(capsys: pytest.CaptureFixture[str], files: list[Path]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["summarize", "--format", "cluster", *map(str, files), "--json", "-q"]) == 0
    return json.loads(capsys.readouterr().out)


def by_library(files: list[Path]) -> dict[str, Any]:
    docs = [d for p in files for d in read_documents(p.read_bytes(), p.name)]
    return tomtat.summarize(docs).to_dict(sources=True)


def by_upload(client: TestClient, files: list[Path]) -> dict[str, Any]:
    r = client.post("/v1/summarize", files=[("files", (p.name, p.read_bytes(), MIME[p.suffix])) for p in files])
    assert r.status_code == 200, r.text
    return r.json()


def by_json(client: TestClient, records: list[dict[str, Any]]) -> dict[str, Any]:
    r = client.post("/v1/summarize", json={"documents": records})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_door_gives_the_same_summary(case, capsys, client):
    files, records, meta = CASES[case]
    cli = by_cli(capsys, files)
    doors = {
        "library, files": by_library(files),
        "library, records": tomtat.summarize(records).to_dict(sources=True),
        "service, uploads": by_upload(client, files),
        "service, records": by_json(client, records),
    }
    for door, got in doors.items():
        assert comparable(got) == comparable(cli), f"{case}: {door} differs from the CLI"
    assert cli["sentences"] and cli["summary"]
    for article, wanted in zip(cli["articles"], meta, strict=True):
        assert {k: article.get(k) for k in wanted} == wanted
        assert set(article) - {"name", "title", "text"} <= set(wanted)  # no metadata that was not given


def test_an_unreadable_date_is_a_warning_in_every_door(capsys, client):
    files, records, _ = CASES["jsonl-cluster"]
    for got in (by_cli(capsys, files), by_upload(client, files), by_json(client, records), by_library(files)):
        assert "thiet-hai-103: cannot read the date 'hôm qua' (write it like 2022-04-26 or 26/4/2022); left out" in got["warnings"]
        assert "published" not in got["articles"][2]


def test_a_header_block_is_read_and_removed_leaving_the_article_as_without_it():
    plain = tomtat.summarize(read_documents((EXAMPLE / "01-bao-a.txt").read_bytes(), "a.txt") + [tomtat.Document(BRIDGE.read_text(encoding="utf-8"), name="b")])
    headed = tomtat.summarize(read_documents((DOORS / "header.txt").read_bytes(), "a.txt") + [tomtat.Document(BRIDGE.read_text(encoding="utf-8"), name="b")])
    assert [s.to_dict() for s in headed.sentences] == [s.to_dict() for s in plain.sentences]
    assert headed.articles[0].text == plain.articles[0].text and headed.articles[0].title == plain.articles[0].title
    assert (headed.articles[0].published, headed.articles[0].source) == ("2025-04-26T09:30:00+07:00", "Nhật báo Duyên Hải")
    assert plain.articles[0].published is None and "Nguồn" not in headed.articles[0].text


def test_the_service_reads_records_with_abmusu_names_numbers_and_metadata(client):
    records = [{"id": 7, "raw_text": BRIDGE.read_text(encoding="utf-8"), "date": "26/4/2025", "source": "Báo B"}, text_record(EXAMPLE / "01-bao-a.txt")]
    d = by_json(client, records)
    assert d["documents"][0] == "7" and d["articles"][0]["published"] == "2025-04-26" and d["articles"][0]["source"] == "Báo B"
    assert comparable(d) == comparable(tomtat.summarize(records).to_dict(sources=True))


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        ({"text": "Hà Nội.", "raw_text": "Huế."}, "documents[0].raw_text", "documents[0]: give 'text' or 'raw_text', not both"),
        ({"id": "a", "name": "b", "text": "Hà Nội."}, "documents[0].name", "documents[0]: give 'id' or 'name', not both"),
        ({"text": "Hà Nội.", "html": "<p>Hà Nội.</p>"}, "documents[0]", "documents[0]: give either 'text' or 'html', not both"),
        ({"text": "Hà Nội.", "id": True}, "documents[0].id", "documents[0] 'id' must be text or a number, not true/false"),
    ],
)
def test_a_record_the_library_refuses_the_service_refuses_with_the_same_words(client, record, field, message):
    r = client.post("/v1/summarize", json={"documents": [record]})
    assert r.status_code == 422 and r.json()["error"]["field"] == field and r.json()["error"]["message"] == message
    with pytest.raises(tomtat.TomtatError) as e:
        tomtat.summarize([record])
    assert str(e.value) == message.replace("documents[0]", "document 1")
