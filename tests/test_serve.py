"""The HTTP service: every endpoint, and every error path as a JSON error while the server keeps serving."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
pytest.importorskip("trafilatura", reason="the 'html' extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

import tomtat  # noqa: E402
from tomtat import write  # noqa: E402
from tomtat.cli import main  # noqa: E402
from tomtat.prepare import prepare  # noqa: E402
from tomtat.serve import app as app_module  # noqa: E402
from tomtat.serve import errors  # noqa: E402
from tomtat.serve.app import create_app  # noqa: E402
from tomtat.serve.settings import Settings  # noqa: E402
from tomtat.records import TomtatError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "../shared/examples/guterres-2022-04").resolve()
EXAMPLE = ROOT / "examples" / "cluster"
FILES = sorted(EXAMPLE.glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in FILES]
DOCS = [{"id": p.name, "text": t} for p, t in zip(FILES, TEXTS)]
LIMITS = Settings(max_request_bytes=60_000, max_batch_bytes=120_000, max_documents=4, max_chars=8_000, max_clusters=3, access_log=False)
PAGE = """<html><head><title>{title}</title></head><body><nav>Trang chủ | Thời sự</nav>
<article><h1>{title}</h1>{body}</article><footer>Bản quyền Báo Mẫu</footer></body></html>"""
NDJSON = {"content-type": "application/x-ndjson"}
# The codes of the table in tomtat.serve.errors (what the page and other programs rely on).
DOCUMENTED_CODES = set(re.findall(r"^(\w+) +\d{3} ", errors.__doc__ or "", re.MULTILINE))


def page_of(text: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return PAGE.format(title=lines[0], body="".join(f"<p>{ln}</p>" for ln in lines[1:]))


def abmusu_line(texts: list[str], id: str | None = None) -> str:
    obj: dict = {"single_documents": [{"raw_text": t} for t in texts]}
    if id is not None:
        obj["id"] = id
    return json.dumps(obj, ensure_ascii=False)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(LIMITS)) as c:  # runs the lifespan (warm-up) once
        yield c


def error_of(response, status: int, field: str | None = "unchecked", code: str | None = None) -> dict:
    """The response is the service's JSON error with this status (and field, and code), one line, no trace."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message", "field", "code"}
    err = body["error"]
    assert err["status"] == status and err["message"] and "\n" not in err["message"]
    assert err["code"] in DOCUMENTED_CODES, err
    assert "Traceback" not in response.text and 'File "' not in response.text
    if field != "unchecked":
        assert err["field"] == field, err
    if code is not None:
        assert err["code"] == code, err
    return err


def slow_summarize(docs, **options):
    """A summarizer for the pool that takes half a second."""
    time.sleep(0.5)
    return tomtat.summarize(docs, **options)


def broken_summarize(docs, **options):
    raise RuntimeError("secret internal detail")


def slowish_summarize(docs, **options):
    time.sleep(0.3)
    return tomtat.summarize(docs, **options)


def provenance_holds(d: dict) -> None:
    articles = {a["name"]: a["text"] for a in d["articles"]}
    assert d["sentences"]
    for s in d["sentences"]:
        source = articles[s["document"]][s["start"] : s["end"]]
        if "spans" in s:
            assert s["text"].split() == " ".join(articles[s["document"]][a:b] for a, b in s["spans"]).split()
        else:
            assert source == s["text"]


# --- service endpoints --------------------------------------------------------


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "version": tomtat.__version__}


def test_methods_lists_the_registry_and_the_default(client):
    d = client.get("/v1/methods").json()
    assert d["default"] == tomtat.DEFAULT_METHOD
    assert [m["name"] for m in d["methods"]] == list(tomtat.REGISTRY)
    assert [m["name"] for m in d["methods"] if m["default"]] == [tomtat.DEFAULT_METHOD]
    assert all(m["description"] for m in d["methods"])


def test_example_is_the_bundled_cluster(client):
    docs = client.get("/v1/example").json()["documents"]
    assert [d["id"] for d in docs] == [p.name for p in FILES]
    assert [d["text"] for d in docs] == [tomtat.read.encoding.decode(p.read_bytes(), p.name) for p in FILES]


def test_openapi_schema_documents_the_api_with_examples(client):
    schema = client.get("/openapi.json").json()
    assert {"/healthz", "/v1/methods", "/v1/example", "/v1/summarize", "/v1/summarize/batch"} <= set(schema["paths"])
    post = schema["paths"]["/v1/summarize"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"400", "413", "415", "422", "504"} <= set(post["responses"])
    components = schema["components"]["schemas"]
    assert components["SummarizeRequest"]["examples"] and components["SummaryOut"]["examples"]
    assert "DocumentIn" in components and "ErrorOut" in components
    assert schema["paths"]["/v1/summarize/batch"]["post"]["requestBody"]["content"]["application/x-ndjson"]["example"]


def test_page_and_its_assets_are_local(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.head("/").status_code == 200
    for asset, kind in (("/static/app.js", "javascript"), ("/static/style.css", "text/css")):
        r = client.get(asset)
        assert r.status_code == 200 and kind in r.headers["content-type"]
        assert "http://" not in r.text and "https://" not in r.text and "//cdn" not in r.text
    assert "http://" not in page.text and "https://" not in page.text
    script = client.get("/static/app.js").text
    assert ".innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


# --- POST /v1/summarize -------------------------------------------------------


def test_summarize_json_answers_what_the_cli_prints(client, tmp_path, capsys):
    r = client.post("/v1/summarize", json={"documents": DOCS})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    d = r.json()
    provenance_holds(d)
    folder = tmp_path / "cluster"
    folder.mkdir()
    for p in FILES:
        (folder / p.name).write_bytes(p.read_bytes())
    assert main(["summarize", str(folder), "--json", "-q"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert d["seconds"] >= 0 and cli.pop("seconds") >= 0
    d.pop("seconds")
    assert d == cli


def test_summarize_with_method_words_titles_and_id(client):
    docs = [{"title": "Cầu Hàn Giang", "text": t} for t in TEXTS]
    r = client.post("/v1/summarize", json={"documents": docs, "method": "lead", "words": 40, "id": "c7"})
    d = r.json()
    assert r.status_code == 200 and d["method"] == "lead" and d["budget"] == 40 and d["id"] == "c7"
    assert d["documents"] == ["doc1", "doc2", "doc3"] and all(a["title"] == "Cầu Hàn Giang" for a in d["articles"])
    expected = json.loads(write.to_json(tomtat.summarize(docs, method="lead", words=40, id="c7")))
    assert d["summary"] == expected["summary"] and d["sentences"] == expected["sentences"]


def test_summarize_sentences_and_ratio(client):
    d = client.post("/v1/summarize", json={"documents": DOCS, "sentences": 2}).json()
    assert len(d["sentences"]) <= 2
    d = client.post("/v1/summarize", json={"documents": DOCS, "ratio": 0.2}).json()
    assert d["sentences"]


def test_summarize_accepts_abmusu_field_names(client):
    r = client.post("/v1/summarize", json={"documents": [{"raw_text": TEXTS[0], "anchor_text": ""}, {"text": TEXTS[1]}]})
    assert r.status_code == 200


def test_summarize_html_documents(client):
    docs = [{"html": page_of(TEXTS[0]), "id": "a"}, {"text": TEXTS[1], "id": "b"}]
    d = client.post("/v1/summarize", json={"documents": docs}).json()
    provenance_holds(d)
    first = d["articles"][0]
    assert first["title"] == TEXTS[0].split("\n")[0] and "Trang chủ" not in first["text"] and "Bản quyền" not in first["text"]


def test_summarize_multipart_txt_html_and_jsonl(client):
    files = [
        ("files", (FILES[0].name, FILES[0].read_bytes(), "text/plain")),
        ("files", ("b.html", page_of(TEXTS[1]).encode("utf-8"), "text/html")),
    ]
    r = client.post("/v1/summarize", files=files, data={"method": "centroid", "words": "60"})
    d = r.json()
    assert r.status_code == 200, r.text
    assert d["documents"] == [FILES[0].name, "b.html"] and d["method"] == "centroid" and d["budget"] == 60
    provenance_holds(d)
    r = client.post("/v1/summarize", files=[("files", ("c.jsonl", (abmusu_line(TEXTS, "c9") + "\n").encode(), "application/x-ndjson"))])
    assert r.status_code == 200 and r.json()["documents"] == ["c9#1", "c9#2", "c9#3"]


def test_summarize_urlencoded_text_fields(client):
    r = client.post("/v1/summarize", data={"text": TEXTS[0], "words": "40"})
    assert r.status_code == 200 and r.json()["budget"] == 40


def test_summarize_multipart_pasted_articles_keep_their_order(client):
    data = [("document", json.dumps({"title": "Bài dán", "text": TEXTS[0]})), ("text", TEXTS[2])]
    r = client.post("/v1/summarize", data=dict(data), files=[("files", ("x.txt", TEXTS[1].encode(), "text/plain"))])
    d = r.json()
    assert r.status_code == 200, r.text
    assert d["documents"] == ["doc1", "doc2", "x.txt"] and d["articles"][0]["title"] == "Bài dán"


def test_same_file_names_are_told_apart(client):
    files = [("files", ("a.txt", t.encode(), "text/plain")) for t in TEXTS[:2]]
    assert client.post("/v1/summarize", files=files).json()["documents"] == ["a.txt", "a.txt (2)"]


def test_uploads_are_decoded_as_the_cli_decodes_files(client):
    files = [("files", ("a.txt", TEXTS[0].encode("utf-16"), "text/plain")), ("files", ("b.txt", b"\xef\xbb\xbf" + TEXTS[1].encode(), "text/plain"))]
    d = client.post("/v1/summarize", files=files).json()
    assert d["articles"][0]["text"] == prepare([TEXTS[0]]).articles[0].text


# --- POST /v1/summarize: errors ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "field", "code"),
    [
        (b"{bad json", 400, "body", "bad_json"),
        (b"", 400, "body", "empty_body"),
        (b"\xff\xfe{}", 400, "body", "bad_encoding"),
        (b"[1, 2]", 422, "body", "invalid_field"),
        (b'{"docs": []}', 422, "documents", "invalid_field"),
        (b'{"documents": []}', 422, "documents", "invalid_field"),
        (b'{"documents": "text"}', 422, "documents", "invalid_field"),
        (b'{"documents": [{"text": 5}]}', 422, "documents[0].text", "invalid_field"),
        (b'{"documents": [{"text": "a"}], "extra": 1}', 422, "extra", "invalid_field"),
        (b'{"documents": [{"txt": "a"}]}', 422, "documents[0].txt", "invalid_field"),
        (b'{"documents": [{"text": "  "}]}', 422, "documents[0].text", "empty"),
        (b'{"documents": [{"title": "a"}]}', 422, "documents[0]", "invalid_field"),
        (b'{"documents": [{"text": "a", "html": "<p>a</p>"}]}', 422, "documents[0]", "invalid_field"),
        (b'{"documents": [{"html": "<html><body></body></html>"}]}', 422, "documents[0].html", "empty"),
        (b'{"documents": [{"text": "a"}], "method": "nope"}', 422, "method", "unknown_method"),
        (b'{"documents": [{"text": "a"}], "words": 0}', 422, "words", "invalid_field"),
        (b'{"documents": [{"text": "a"}], "words": "many"}', 422, "words", "invalid_field"),
        (b'{"documents": [{"text": "a"}], "ratio": 1.5}', 422, "ratio", "invalid_field"),
        (b'{"documents": [{"text": "a"}], "words": 50, "sentences": 2}', 422, "sentences", "conflicting_lengths"),
        (b'{"documents": [{"text": "a", "id": "x"}, {"text": "b", "id": "x"}]}', 422, "documents[1].text", "duplicate_name"),
        # what used to reach the summarizer and come back as a 500
        (b'{"documents": [{"text": "H\\ud800 Noi."}]}', 400, "documents[0].text", "bad_json"),
        (b'{"documents": [{"text": "a", "title": "\\udfff"}]}', 400, "documents[0].title", "bad_json"),
        (b'{"documents": [{"text": "a"}], "words": 1' + b"0" * 4_300 + b"}", 400, "body", "bad_json"),
        (b'{"documents": [{"text": "a", "lead": 5}]}', 422, "documents[0].lead", "invalid_field"),
        (b'{"documents": [{"text": ["a"]}]}', 422, "documents[0].text", "invalid_field"),
        (b'{"documents": [{"text": "a", "id": true}]}', 422, "documents[0].id", "invalid_field"),  # a number is a name, as in JSON Lines
    ],
)
def test_bad_json_requests_get_json_errors(client, body, status, field, code):
    error_of(client.post("/v1/summarize", content=body, headers={"content-type": "application/json"}), status, field, code)


def test_non_vietnamese_and_boilerplate_input_are_422(client):
    english = "The Secretary-General will travel to Moscow on Tuesday. He will meet the foreign minister there."
    err = error_of(client.post("/v1/summarize", json={"documents": [{"text": english}, {"text": english + " Later."}]}), 422, "documents", "not_vietnamese")
    assert "Vietnamese" in err["message"]
    err = error_of(client.post("/v1/summarize", json={"documents": [{"text": "(Ảnh: TTXVN)\nTheo VTC News"}]}), 422, "documents", "no_text")
    assert "no text left" in err["message"]


def test_wrong_or_missing_content_type_is_415(client):
    error_of(client.post("/v1/summarize", content="Hà Nội".encode(), headers={"content-type": "text/plain"}), 415, "Content-Type", "unsupported_media_type")
    error_of(client.post("/v1/summarize", content=b"{}"), 415, "Content-Type", "unsupported_media_type")


def test_oversized_requests_are_413(client):
    big = {"documents": [{"text": "Hà Nội mùa thu. " * 5_000}]}
    err = error_of(client.post("/v1/summarize", json=big), 413, "body", "too_large")
    assert "60,000" in err["message"]

    def chunks():  # no Content-Length: the limit is enforced while reading
        yield b'{"documents": [{"text": "'
        for _ in range(100):
            yield "Hà Nội mùa thu. ".encode() * 100
        yield b'"}]}'

    error_of(client.post("/v1/summarize", content=chunks(), headers={"content-type": "application/json"}), 413, "body", "too_large")
    error_of(client.post("/v1/summarize", json={"documents": [{"text": "Hà Nội."}] * 5}), 413, "documents", "too_many_articles")
    error_of(client.post("/v1/summarize", json={"documents": [{"text": TEXTS[0]}, {"text": "Hà Nội. " * 1_200}]}), 413, "documents[1].text", "article_too_long")
    files = [("files", ("long.txt", ("Hà Nội. " * 1_200).encode(), "text/plain"))]
    error_of(client.post("/v1/summarize", files=files), 413, "files[0]", "article_too_long")


def test_bad_multipart_requests(client):
    error_of(client.post("/v1/summarize", files=[("files", ("a.pdf", b"%PDF", "application/pdf"))]), 415, "files[0]", "unsupported_file")
    files = [("files", ("a.txt", TEXTS[0].encode(), "text/plain"))]
    error_of(client.post("/v1/summarize", data={"document": "{bad"}, files=files), 400, "document[0]", "bad_json")
    error_of(client.post("/v1/summarize", data={"document": '{"text": 5}'}, files=files), 422, "document[0].text", "invalid_field")
    error_of(client.post("/v1/summarize", data={"title": "x"}, files=files), 422, "title", "invalid_field")
    error_of(client.post("/v1/summarize", data={"method": "lead"}), 422, "files", "no_articles")  # a form with no article
    error_of(client.post("/v1/summarize", data={"words": "many"}, files=files), 422, "words", "invalid_field")
    error_of(client.post("/v1/summarize", data={"method": "nope"}, files=files), 422, "method", "unknown_method")
    error_of(client.post("/v1/summarize", files=[("files", ("e.txt", b"", "text/plain"))]), 422, "files[0]", "empty")
    error_of(client.post("/v1/summarize", files=[("files", ("b.bin", b"\x00\x01", "text/plain"))]), 415, "files[0]", "unsupported_file")
    error_of(client.post("/v1/summarize", files=[("files", ("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "text/plain"))]), 422, "files[0]", "unreadable_file")
    two = (abmusu_line(TEXTS[:1]) + "\n" + abmusu_line(TEXTS[1:2]) + "\n").encode()
    err = error_of(client.post("/v1/summarize", files=[("files", ("c.jsonl", two, "application/x-ndjson"))]), 422, "files[0]", "use_batch")
    assert "/v1/summarize/batch" in err["message"]
    error_of(client.post("/v1/summarize", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"}), 422)


def test_time_limit_gives_504_and_the_server_keeps_serving():
    with TestClient(create_app(Settings(timeout=0.05, access_log=False), summarize=slow_summarize)) as c:
        started = time.perf_counter()
        err = error_of(c.post("/v1/summarize", json={"documents": DOCS}), 504, None, "timeout")
        assert time.perf_counter() - started < 0.4 and "0.05 s" in err["message"]
        assert c.get("/healthz").status_code == 200


def test_unexpected_errors_are_500_without_details(caplog):
    with TestClient(create_app(Settings(access_log=False), summarize=broken_summarize), raise_server_exceptions=False) as c:
        r = c.post("/v1/summarize", json={"documents": DOCS})
        err = error_of(r, 500, None, "internal")
        assert "secret" not in r.text
        batch = c.post("/v1/summarize/batch", content=(abmusu_line(TEXTS, "k") + "\n").encode(), headers=NDJSON)
        assert batch.json() == {"id": "k", "error": "internal error; the server log has the details"}
        assert c.get("/healthz").status_code == 200
    traces = [getattr(r, "fields", {}).get("exception", "") for r in caplog.records if r.name == "tomtat.serve"]
    assert sum("secret internal detail" in t for t in traces) == 2  # both in the log, with their trace


def test_unknown_paths_and_methods_are_json_errors(client):
    error_of(client.get("/v2/nothing"), 404, None, "not_found")
    error_of(client.get("/v1/summarize"), 405, None, "method_not_allowed")
    error_of(client.get("/static/missing.js"), 404, None, "not_found")


def test_server_keeps_serving_after_bad_requests(client):
    for body in (b"{", b"\x00" * 100, b'{"documents": [{"text": null}]}', b"[]" * 40_000, b"[" * 200_000, b'{"documents": ' + b"[" * 200_000):
        assert 400 <= client.post("/v1/summarize", content=body, headers={"content-type": "application/json"}).status_code < 500
    assert client.post("/v1/summarize", json={"documents": DOCS}).status_code == 200


# --- POST /v1/summarize/batch --------------------------------------------------


def test_batch_streams_json_lines_in_input_order(client, tmp_path, capsys):
    lines = [abmusu_line(TEXTS, "a"), "not json", abmusu_line(TEXTS[::-1])]
    deep = client.post("/v1/summarize/batch", content=b"[" * 100_000, headers=NDJSON)
    assert deep.status_code == 200 and deep.json() == {"error": "malformed JSON (nested too deeply)"}
    r = client.post("/v1/summarize/batch?method=lead&words=50", content=("\n".join(lines) + "\n").encode(), headers=NDJSON)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == 3 and rows[0]["id"] == "a" and rows[0]["method"] == "lead"
    assert set(rows[1]) == {"error"} and "malformed JSON" in rows[1]["error"]
    assert "articles" not in rows[0] and "id" not in rows[2]
    # the same lines as `tomtat summarize FILE.jsonl`
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["summarize", str(src), "-o", str(tmp_path / "out.jsonl"), "-m", "lead", "-w", "50", "-q"]) == 3
    cli = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    for row in rows + cli:
        row.pop("seconds", None)
    assert rows == cli


def test_batch_sources_and_limits_per_cluster(client):
    lines = [abmusu_line(TEXTS, "ok"), abmusu_line(TEXTS * 2, "many"), abmusu_line(["Hà Nội. " * 1_200], "long")]
    r = client.post("/v1/summarize/batch?sources=true", content="\n".join(lines).encode(), headers=NDJSON)
    rows = [json.loads(line) for line in r.text.splitlines()]
    provenance_holds(rows[0])
    assert rows[1] == {"id": "many", "error": "6 articles is over the limit of 4"}
    assert rows[2]["id"] == "long" and "over the limit of 8,000" in rows[2]["error"]


def test_batch_errors(client):
    one = (abmusu_line(TEXTS) + "\n").encode()
    error_of(client.post("/v1/summarize/batch", content=one, headers={"content-type": "text/csv"}), 415, "Content-Type", "unsupported_media_type")
    error_of(client.post("/v1/summarize/batch?method=nope", content=one, headers=NDJSON), 422, "method", "unknown_method")
    error_of(client.post("/v1/summarize/batch?words=0", content=one, headers=NDJSON), 422, "words", "invalid_field")
    error_of(client.post("/v1/summarize/batch?words=9&ratio=0.1", content=one, headers=NDJSON), 422, "ratio", "conflicting_lengths")
    error_of(client.post("/v1/summarize/batch", content=b"\n \n", headers=NDJSON), 422, "body", "no_articles")
    error_of(client.post("/v1/summarize/batch", content=b"\xff\xfe", headers=NDJSON), 400, "body", "bad_encoding")
    error_of(client.post("/v1/summarize/batch", content=one * 4, headers=NDJSON), 413, "body", "too_many_clusters")
    error_of(client.post("/v1/summarize/batch", content=b"x" * 130_000, headers=NDJSON), 413, "body", "too_large")


def test_batch_time_limit_reports_the_clusters_left():
    with TestClient(create_app(Settings(batch_timeout=0.45, access_log=False), summarize=slowish_summarize)) as c:
        assert c.post("/v1/summarize", json={"documents": DOCS}).status_code == 200  # the process is ready
        body = "\n".join(abmusu_line(TEXTS, f"c{k}") for k in range(4)).encode()
        rows = [json.loads(line) for line in c.post("/v1/summarize/batch", content=body, headers=NDJSON).text.splitlines()]
    assert [r["id"] for r in rows] == ["c0", "c1", "c2", "c3"]
    assert "summary" in rows[0] and "time limit of 0.45 s" in rows[-1]["error"]


# --- settings, access log and `tomtat serve` ----------------------------------


def test_settings_from_env_then_flags():
    env = {"TOMTAT_PORT": "9001", "TOMTAT_HOST": "0.0.0.0", "TOMTAT_MAX_CHARS": "1_000", "TOMTAT_ACCESS_LOG": "off", "TOMTAT_TIMEOUT": "2.5"}
    s = Settings.from_env(env, port=9002, max_documents=None)
    assert (s.port, s.host, s.max_chars, s.access_log, s.timeout, s.max_documents) == (9002, "0.0.0.0", 1000, False, 2.5, 50)
    assert Settings.from_env(s.to_env()) == s
    with pytest.raises(TomtatError, match="TOMTAT_PORT"):
        Settings.from_env({"TOMTAT_PORT": "eighty"})
    with pytest.raises(TomtatError, match="timeout must be positive"):
        Settings.from_env({}, timeout=0.0)


def test_access_log_is_structured(caplog):
    with TestClient(create_app(Settings())) as c, caplog.at_level(logging.INFO, logger="tomtat.access"):
        c.post("/v1/summarize", content=b"{", headers={"content-type": "application/json"})
    rows = [getattr(r, "fields", None) for r in caplog.records if r.name == "tomtat.access"]
    assert rows and rows[-1]["status"] == 400 and rows[-1]["path"] == "/v1/summarize" and rows[-1]["bytes_in"] == 1
    from tomtat.serve.logs import JsonFormatter

    line = json.loads(JsonFormatter().format(caplog.records[-1]))
    assert line["status"] == 400 and line["logger"] == "tomtat.access" and line["ms"] >= 0


def test_serve_without_the_extra_says_what_to_install(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err == "tomtat: error: the web service needs uvicorn: pip install 'tomtat[serve]'\n"


def test_serve_passes_flags_over_env_to_uvicorn(monkeypatch):
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(os, "environ", os.environ.copy())  # serve() exports the settings for its workers
    monkeypatch.setenv("TOMTAT_PORT", "9100")
    monkeypatch.setenv("TOMTAT_MAX_DOCUMENTS", "7")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    assert main(["serve", "--port", "9200", "--workers", "2", "--timeout", "3"]) == 0
    assert seen["app"] == "tomtat.serve.app:create_app_from_env" and seen["factory"] is True
    assert (seen["host"], seen["port"], seen["workers"], seen["access_log"]) == ("127.0.0.1", 9200, 2, False)
    settings = Settings.from_env()  # what each worker process builds
    assert (settings.port, settings.max_documents, settings.timeout) == (9200, 7, 3.0)
    app = app_module.create_app_from_env()
    assert app.state.settings == settings



# --- POST /v1/stories ----------------------------------------------------------

FOOTBALL = (
    "Đội tuyển Việt Nam thắng Lào 4-0 trên sân Mỹ Đình\n\n"
    "Tối 28/4, đội tuyển Việt Nam thắng Lào 4-0 trong trận giao hữu trên sân Mỹ Đình. "
    "Tiền đạo Nguyễn Tiến Linh ghi hai bàn trong hiệp một. "
    "Sau giờ nghỉ, Nguyễn Quang Hải và Phạm Tuấn Hải lần lượt ghi thêm hai bàn. "
    "Huấn luyện viên Kim Sang-sik cho biết ông hài lòng với tinh thần thi đấu của các cầu thủ trẻ. "
    "Trận đấu thu hút khoảng 15.000 khán giả tới sân cổ vũ."
)


def stream_of(*records: dict | str) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records).encode("utf-8")


def test_stories_group_a_stream_newest_first_as_the_cli_does(client, tmp_path):
    body = stream_of(
        {"id": "bao-a", "text": TEXTS[0], "published": "2025-04-26", "source": "Báo A"},
        {"id": "bong-da", "text": FOOTBALL, "published": "2025-04-28T21:00:00+07:00", "source": "Báo C"},
        {"id": "bao-b", "text": TEXTS[1], "published": "2025-04-27", "source": "Báo B"},
    )
    r = client.post("/v1/stories?sources=true", content=body, headers=NDJSON)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json", r.text
    d = r.json()
    assert set(d) == {"stories", "skipped"} and d["skipped"] == []
    football, bridge = d["stories"]  # the newest story first
    assert football["articles"] == ["bong-da"] and bridge["articles"] == ["bao-a", "bao-b"]
    assert bridge["sources"] == ["Báo A", "Báo B"] and (bridge["first_seen"], bridge["last_seen"]) == ("2025-04-26", "2025-04-27")
    assert bridge["headline"] and bridge["summary"] and {e["kind"] for e in bridge["entities"]} <= {"person", "place", "organization", "other"}
    for story in d["stories"]:
        texts = {a["name"]: a["text"] for a in story["cleaned_articles"]}
        assert set(texts) == set(story["articles"])
        for s in story["sentences"]:
            assert "spans" in s or texts[s["document"]][s["start"] : s["end"]] == s["text"]
        for event in story["timeline"]:
            assert texts[event["document"]][event["start"] : event["end"]] == event["text"]
    assert any(e["date"] == "2025-04-26" for e in bridge["timeline"])
    # without sources, each story is a line of `tomtat stories`
    plain = client.post("/v1/stories", content=body, headers=NDJSON).json()
    src = tmp_path / "in.jsonl"
    src.write_bytes(body)
    assert main(["stories", str(src), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0
    cli = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert plain["stories"] == cli


def test_stories_report_unreadable_lines_and_the_rest_come_out(client):
    body = stream_of({"id": "a", "text": TEXTS[0]}, "{not json", {"id": "b", "text": TEXTS[1]})
    d = client.post("/v1/stories", content=body, headers=NDJSON).json()
    assert [s["articles"] for s in d["stories"]] == [["a", "b"]]
    assert len(d["skipped"]) == 1 and d["skipped"][0]["article"] == "line 2" and "malformed JSON" in d["skipped"][0]["error"]
    body = stream_of({"id": "a", "text": TEXTS[0]}, {"id": "long", "text": "Hà Nội mùa thu. " * 600}, {"id": "a", "text": TEXTS[1]})
    d = client.post("/v1/stories", content=body, headers={"content-type": "application/jsonl"}).json()
    assert [s["articles"] for s in d["stories"]] == [["a"]]
    reasons = {s["article"]: s["error"] for s in d["skipped"]}
    assert "over the limit of 8,000" in reasons["long"] and reasons["a"] == "already seen (same id)"
    # an AbMuSu cluster line is read as its articles
    d = client.post("/v1/stories", content=(abmusu_line(TEXTS[:2], "c9") + "\n").encode(), headers=NDJSON).json()
    assert [s["articles"] for s in d["stories"]] == [["c9#1", "c9#2"]] and d["skipped"] == []


def test_stories_from_the_reference_cluster_are_one_story(client):
    if not REFERENCE.is_dir():
        pytest.skip(f"reference cluster {REFERENCE} is missing")
    files = sorted(REFERENCE.glob("*.txt"))
    body = stream_of(*({"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in files))
    d = client.post("/v1/stories", content=body, headers=NDJSON).json()
    assert [sorted(s["articles"]) for s in d["stories"]] == [[p.stem for p in files]]
    assert any(e["name"].endswith("Guterres") and e["kind"] == "person" for e in d["stories"][0]["entities"])


def test_stories_errors(client):
    one = stream_of({"id": "a", "text": TEXTS[0]})
    error_of(client.post("/v1/stories", content=b"", headers=NDJSON), 422, "body", "no_articles")
    error_of(client.post("/v1/stories", content=b"\n \n", headers=NDJSON), 422, "body", "no_articles")
    err = error_of(client.post("/v1/stories", content=b"{bad\n[1, 2]\n", headers=NDJSON), 422, "body", "no_articles")
    assert "line 1: malformed JSON" in err["message"]
    error_of(client.post("/v1/stories", content=one, headers={"content-type": "text/csv"}), 415, "Content-Type", "unsupported_media_type")
    error_of(client.post("/v1/stories", content=one), 415, "Content-Type", "unsupported_media_type")
    error_of(client.post("/v1/stories?method=nope", content=one, headers=NDJSON), 422, "method", "unknown_method")
    error_of(client.post("/v1/stories?words=9&ratio=0.1", content=one, headers=NDJSON), 422, "ratio", "conflicting_lengths")
    error_of(client.post("/v1/stories", content=one * 4, headers=NDJSON), 413, "body", "too_many_articles")
    many = (abmusu_line(TEXTS * 2, "six") + "\n").encode()  # one line, six articles: counted once read
    error_of(client.post("/v1/stories", content=many, headers=NDJSON), 413, "body", "too_many_articles")
    error_of(client.post("/v1/stories", content=b"x" * 130_000, headers=NDJSON), 413, "body", "too_large")
    assert client.post("/v1/stories?method=lead&words=30", content=one, headers=NDJSON).status_code == 200


def test_stories_time_limit_gives_504_and_the_server_keeps_serving():
    with TestClient(create_app(Settings(batch_timeout=0.005, access_log=False))) as c:
        body = stream_of(*({"id": p.name, "text": t} for p, t in zip(FILES, TEXTS)), {"id": "bong-da", "text": FOOTBALL})
        err = error_of(c.post("/v1/stories", content=body, headers=NDJSON), 504, None, "timeout")
        assert "0.005 s" in err["message"]
        assert c.get("/healthz").status_code == 200


def test_openapi_documents_stories_and_the_page_scripts_are_local(client):
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/v1/stories"]["post"]
    assert post["requestBody"]["content"]["application/x-ndjson"]["example"]
    assert {"400", "413", "415", "422", "504"} <= set(post["responses"])
    components = schema["components"]["schemas"]
    assert components["StoriesOut"]["examples"] and {"StoryOut", "EventOut", "EntityOut", "SkippedOut"} <= set(components)
    for asset in ("/static/stories.js", "/static/dom.js"):
        r = client.get(asset)
        assert r.status_code == 200 and "javascript" in r.headers["content-type"]
        assert "http://" not in r.text and "https://" not in r.text
