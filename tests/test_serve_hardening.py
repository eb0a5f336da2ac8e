"""The service against slow work and hostile clients: time limits that stop the work, bad lines in a batch,
trickling and vanishing clients, other sites' pages, and the headers on every response."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
pytest.importorskip("trafilatura", reason="the 'html' extra is not installed")

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import tomtat  # noqa: E402
from tomtat.cli import main  # noqa: E402
from tomtat.prepare import prepare  # noqa: E402
from tomtat.serve import inputs  # noqa: E402
from tomtat.serve.app import create_app  # noqa: E402
from tomtat.serve.protocol import NAME, HeadTimeoutH11Protocol  # noqa: E402
from tomtat.serve.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "examples" / "cluster").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in FILES]
DOCS = [{"id": p.name, "text": t} for p, t in zip(FILES, TEXTS)]
NDJSON = {"content-type": "application/x-ndjson"}
QUIET = Settings(access_log=False)


def stuck_summarize(docs, id=None, **options):
    """A summarizer for the pool. An id "stuck:DIR" records the process in DIR and then computes for a
    minute (like a runaway regular expression: only killing the process stops it); "boom" raises; "die"
    ends the process; anything else is tomtat's summary."""
    if id and id.startswith("stuck:"):
        Path(id[6:], str(os.getpid())).touch()
        end = time.monotonic() + 60
        while time.monotonic() < end:
            pass
    if id == "boom":
        raise RuntimeError("secret detail")
    if id == "die":
        os._exit(3)
    return tomtat.summarize(docs, id=id, **options)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def wait_for(condition, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def recorded(folder: Path) -> list[int]:
    return [int(p.name) for p in folder.iterdir()]


class QuickHeads(HeadTimeoutH11Protocol):
    header_timeout = 0.5


@contextmanager
def live_server(settings: Settings, summarize=tomtat.summarize) -> Iterator[tuple[str, int, object]]:
    """The app under a real uvicorn on a free loopback port, with tomtat's HTTP protocol (0.5 s for heads)."""
    app = create_app(settings, summarize=summarize)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, http=QuickHeads, log_config=None, log_level="info",
                            lifespan="on", timeout_keep_alive=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, 60), "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", port, app
    finally:
        server.should_exit = True
        thread.join(20)


def raw_post(port: int, body: bytes, path: str = "/v1/summarize", length: int | None = None) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body) if length is None else length}\r\n\r\n")
    s.sendall(head.encode("ascii") + body)
    return s


def closed_by_server(s: socket.socket, within: float) -> tuple[bool, bytes]:
    """Whether the server closed the connection within ``within`` seconds; what it sent first."""
    s.settimeout(within)
    got = b""
    try:
        while chunk := s.recv(65536):
            got += chunk
    except TimeoutError:
        return False, got
    except ConnectionResetError:
        pass
    return True, got


# --- time limits stop the work --------------------------------------------------


def test_a_timed_out_summary_is_stopped_and_its_process_replaced(tmp_path):
    settings = Settings(timeout=0.5, concurrency=1, access_log=False)
    with TestClient(create_app(settings, summarize=stuck_summarize)) as c:
        pool = c.app.state.pool
        before = pool.pids
        started = time.perf_counter()
        r = c.post("/v1/summarize", json={"documents": DOCS, "id": f"stuck:{tmp_path}"})
        assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
        assert time.perf_counter() - started < 3
        [pid] = recorded(tmp_path)
        assert pid in before
        assert wait_for(lambda: not alive(pid), 5), "the timed-out summary is still computing"
        assert wait_for(lambda: pool.idle == 1 and not pool.pids & before, 10)
        ok = c.post("/v1/summarize", json={"documents": DOCS})  # the slot is back, with a fresh process
        assert ok.status_code == 200 and ok.json()["sentences"]


def test_timed_out_requests_never_run_more_summaries_than_the_pool(tmp_path):
    """Six requests past their time limit at once: no summary outlives its request."""
    settings = Settings(timeout=1, concurrency=2, access_log=False)
    with live_server(settings, stuck_summarize) as (url, port, app):
        pool = app.state.pool

        def post() -> int:
            return httpx.post(f"{url}/v1/summarize", json={"documents": DOCS, "id": f"stuck:{tmp_path}"}, timeout=30).status_code

        threads_out: list[int] = []
        threads = [threading.Thread(target=lambda: threads_out.append(post())) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert threads_out == [504] * 6
        started = recorded(tmp_path)
        assert 1 <= len(started) <= 6
        assert wait_for(lambda: not any(alive(p) for p in started), 5), "summaries kept computing after their 504"
        assert wait_for(lambda: pool.idle == 2, 10) and not pool.pids & set(started)
        assert httpx.post(f"{url}/v1/summarize", json={"documents": DOCS}, timeout=30).status_code == 200


def test_healthz_answers_while_summaries_run_and_a_client_that_leaves_stops_its_summary(tmp_path, caplog):
    settings = Settings(timeout=30, concurrency=2)
    with caplog.at_level(logging.INFO), live_server(settings, stuck_summarize) as (url, port, app):
        body = json.dumps({"documents": DOCS, "id": f"stuck:{tmp_path}"}).encode()
        clients = [raw_post(port, body) for _ in range(2)]
        assert wait_for(lambda: len(recorded(tmp_path)) == 2, 10), "the summaries did not start"
        for _ in range(5):  # both processes busy computing
            started = time.perf_counter()
            assert httpx.get(f"{url}/healthz", timeout=5).json()["status"] == "ok"
            assert time.perf_counter() - started < 1.0
        for s in clients:  # the clients give up: their summaries are stopped, long before the 30 s limit
            s.close()
        assert wait_for(lambda: not any(alive(p) for p in recorded(tmp_path)), 5)
        assert wait_for(lambda: sum(getattr(r, "fields", {}).get("disconnected", False) for r in caplog.records) == 2, 5)
    access = [r.fields for r in caplog.records if r.name == "tomtat.access" and r.fields.get("disconnected")]
    assert [(a["path"], a["status"]) for a in access] == [("/v1/summarize", 499)] * 2
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


# --- slow, trickling and vanishing clients -------------------------------------


def test_trickling_heads_and_bodies_are_cut_off():
    with live_server(Settings(body_timeout=0.5, access_log=False)) as (url, port, app):
        trickling = []
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\n")
            trickling.append(s)
        silent = socket.create_connection(("127.0.0.1", port), timeout=10)
        started = time.perf_counter()
        for _ in range(3):  # a header line every 0.2 s used to keep the connection open for ever
            for s in trickling:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(0.2)
        for s in [*trickling, silent]:
            assert closed_by_server(s, 2.0)[0], "a connection whose head never ended was left open"
        assert time.perf_counter() - started < 3
        # a body that stops half way: 408 with the JSON error, and the connection closed
        s = raw_post(port, b'{"documents": [', length=1_000)
        closed, answer = closed_by_server(s, 3.0)
        assert closed and answer.startswith(b"HTTP/1.1 408 ")
        err = json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]
        assert err["code"] == "request_timeout" and err["field"] == "body"
        # a normal client keeps its connection alive across requests
        with httpx.Client(base_url=url, timeout=30) as client:
            assert [client.get("/healthz").status_code for _ in range(3)] == [200] * 3


def test_a_client_that_leaves_mid_body_is_logged_as_such(caplog):
    with caplog.at_level(logging.INFO), live_server(Settings()) as (url, port, app):
        s = raw_post(port, b'{"documents": [{"text": "H', length=10_000)
        time.sleep(0.2)
        s.close()
        assert wait_for(lambda: any(getattr(r, "fields", {}).get("disconnected") for r in caplog.records), 5)
        assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
    [line] = [r.fields for r in caplog.records if r.name == "tomtat.access" and r.fields["path"] == "/v1/summarize"]
    assert line["status"] == 499 and line["disconnected"] is True and line["bytes_in"] > 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


# --- bad lines in a batch ------------------------------------------------------


def test_bad_lines_in_a_batch_cost_only_their_line(caplog):
    good = [json.dumps({"id": k, "single_documents": [{"raw_text": t} for t in TEXTS]}, ensure_ascii=False) for k in ("a", "b", "c")]
    lines = [
        good[0],
        '{"id": "surrogate", "single_documents": [{"raw_text": "H\\ud800 N\\u1ed9i"}]}',
        '{"id": "digits", "single_documents": [{"raw_text": "x"}], "n": 1' + "0" * 4_300 + "}",
        '{"id": 1' + "0" * 4_300 + ', "single_documents": [{"raw_text": "x"}]}',
        '{"id": "lead", "single_documents": [{"raw_text": "Hà Nội", "anchor_text": 5}]}',
        '{"id": "number", "single_documents": [{"raw_text": 5}]}',
        '{"id": "list", "single_documents": [{"raw_text": ["Hà Nội"]}]}',
        good[1],
        json.dumps({"id": "boom", "single_documents": [{"raw_text": t} for t in TEXTS]}, ensure_ascii=False),
        json.dumps({"id": "die", "single_documents": [{"raw_text": t} for t in TEXTS]}, ensure_ascii=False),
        "not json",
        "[" * 100_000,
        good[2],
    ]
    with TestClient(create_app(QUIET, summarize=stuck_summarize)) as c:
        r = c.post("/v1/summarize/batch", content="\n".join(lines).encode("utf-8"), headers=NDJSON)
    assert r.status_code == 200
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == len(lines)
    ids = [row.get("id") for row in rows]
    assert ids == ["a", "surrogate", "digits", None, "lead", "number", "list", "b", "boom", "die", None, None, "c"]
    for row, line in zip(rows, lines):
        if line in good:
            assert row["sentences"] and "error" not in row
        else:
            assert set(row) <= {"id", "error"} and row["error"] and "\n" not in row["error"]
    assert "secret" not in r.text
    assert rows[8]["error"] == rows[9]["error"] == "internal error; the server log has the details"


def test_a_big_batch_is_read_off_the_event_loop(monkeypatch):
    where: list[bool] = []
    real = inputs.batch_input

    def spy(body, settings):
        try:
            asyncio.get_running_loop()
            where.append(True)  # on the event loop: every other request waits while 50 MB are parsed
        except RuntimeError:
            where.append(False)
        return real(body, settings)

    monkeypatch.setattr(inputs, "batch_input", spy)
    over = json.dumps({"id": "x", "single_documents": [{"raw_text": "Hà Nội. " * 200}] * 51}, ensure_ascii=False)
    body = "\n".join([over] * 300).encode()  # 300 clusters over the article limit: 34 MB, no summary needed
    assert 30e6 < len(body) < Settings.max_batch_bytes
    with TestClient(create_app(QUIET)) as c:
        r = c.post("/v1/summarize/batch", content=body, headers=NDJSON)
    assert r.status_code == 200 and where == [False]
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == 300 and all(row == {"id": "x", "error": "51 articles is over the limit of 50"} for row in rows)


# --- names, origins and headers ------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "named"),
    [(["x/1.txt", "y/1.txt", "z/1.txt"], ["x/1.txt", "y/1.txt", "z/1.txt"]),  # a folder upload: as the CLI names them
     (["1.txt", "1.txt", "1.txt"], ["1.txt", "1.txt (2)", "1.txt (3)"]),
     (["a\\b\\1.txt", "c\\b\\1.txt", "1.txt"], ["a/b/1.txt", "c/b/1.txt", "1.txt"])],
)
def test_files_with_the_same_name_keep_distinct_names_and_provenance(uploaded, named):
    files = [("files", (name, t.encode(), "text/plain")) for name, t in zip(uploaded, TEXTS)]
    with TestClient(create_app(QUIET)) as c:
        d = c.post("/v1/summarize", files=files).json()
    assert d["documents"] == named
    articles = {a["name"]: a["text"] for a in d["articles"]}
    assert len(articles) == 3
    for s in d["sentences"]:
        assert s["document"] in articles
        if "spans" not in s:
            assert articles[s["document"]][s["start"] : s["end"]] == s["text"]
    assert [articles[n].split()[:3] for n in d["documents"]] == [
        prepare([t]).articles[0].text.split()[:3] for t in TEXTS
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"origin": "http://testserver:8080"},
        {"origin": "https://testserver"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "http://testserver"},
    ],
)
def test_posts_from_other_sites_pages_are_refused(headers):
    with TestClient(create_app(QUIET)) as c:
        form = c.post("/v1/summarize", data={"text": TEXTS[0]}, headers=headers)  # what a no-cors form post sends
        err = form.json()["error"]
        assert form.status_code == 403 and err["code"] == "cross_origin" and err["field"] == "Origin"
        assert c.post("/v1/summarize", json={"documents": DOCS}, headers=headers).status_code == 403
        batch = c.post("/v1/summarize/batch", content=json.dumps({"single_documents": TEXTS}).encode(), headers={**NDJSON, **headers})
        assert batch.status_code == 403
        assert c.get("/v1/methods", headers=headers).status_code == 200  # reading needs CORS, which is not granted


@pytest.mark.parametrize(
    "headers",
    [{}, {"origin": "http://testserver"}, {"origin": "http://TESTSERVER:80"}, {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
     {"sec-fetch-site": "none"}],
)
def test_posts_from_the_page_and_from_programs_are_served(headers):
    with TestClient(create_app(QUIET)) as c:
        assert c.post("/v1/summarize", json={"documents": DOCS}, headers=headers).status_code == 200


def test_every_response_carries_the_security_headers():
    with TestClient(create_app(QUIET)) as c:
        responses = {
            "page": c.get("/"),
            "script": c.get("/static/app.js"),
            "health": c.get("/healthz"),
            "methods": c.get("/v1/methods"),
            "schema": c.get("/openapi.json"),
            "summary": c.post("/v1/summarize", json={"documents": DOCS}),
            "refusal": c.post("/v1/summarize", json={"documents": []}),
            "batch": c.post("/v1/summarize/batch", content=json.dumps({"single_documents": TEXTS}).encode(), headers=NDJSON),
            "missing": c.get("/nothing"),
            "wrong method": c.delete("/v1/summarize"),
            "cross-origin": c.post("/v1/summarize", json={"documents": DOCS}, headers={"origin": "http://evil.example"}),
        }
    for what, r in responses.items():
        h = r.headers
        assert h["x-content-type-options"] == "nosniff", what
        assert h["referrer-policy"] == "no-referrer", what
        assert h["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in h["content-security-policy"], what
        if what in ("page", "script"):
            assert "default-src 'self'" in h["content-security-policy"] and h["cache-control"] == "no-cache", what
        else:
            assert "default-src 'none'" in h["content-security-policy"] and h["cache-control"] == "no-store", what


# --- settings and `tomtat serve` -----------------------------------------------


def test_workers_default_to_the_cores_and_serve_sets_the_timeouts(monkeypatch):
    cores = len(os.sched_getaffinity(0))
    assert Settings().workers == cores
    seen: dict = {}
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("TOMTAT_")})
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    assert main(["serve"]) == 0
    assert seen["workers"] == cores and seen["http"] == NAME and seen["timeout_keep_alive"] == 5
    assert Settings.from_env().header_timeout == 10.0 and Settings.from_env({"TOMTAT_BODY_TIMEOUT": "2"}).body_timeout == 2.0
