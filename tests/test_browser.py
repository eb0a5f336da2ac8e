"""End to end in headless Chromium: paste the reference cluster, summarize, hover a sentence, see its source.

Needs Playwright (python) and Debian's chromium (/usr/bin/chromium); Playwright's own browser download
is not used. Outside CI the test is skipped when either is missing; in CI (CI set) it must run.
Set TOMTAT_SCREENSHOTS=1 to refresh docs/screenshot.png and docs/screenshot-phone.png.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "../shared/examples/guterres-2022-04").resolve()
CHROMIUM = os.environ.get("TOMTAT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI: .ci/run installs it)")
        pytest.skip(reason)


_need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None
_need(sync_playwright is not None, "Playwright is not installed (pip install -e '.[dev]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed")
if not REFERENCE.is_dir():
    pytest.skip(f"reference cluster {REFERENCE} is missing", allow_module_level=True)

import uvicorn  # noqa: E402

from tomtat.serve.app import create_app  # noqa: E402
from tomtat.serve.settings import Settings  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(access_log=False)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _summarize_reference(page, url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    texts = [p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.txt"))]
    areas = page.locator("textarea.text")
    assert areas.count() == 2
    for k, text in enumerate(texts):
        areas.nth(k).fill(text)
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    assert not errors, errors


def _shot(page, name: str, tmp_path: Path) -> None:
    folder = ROOT / "docs" if os.environ.get("TOMTAT_SCREENSHOTS") else tmp_path
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / name))


def test_hovering_a_summary_sentence_highlights_its_source(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    _summarize_reference(page, server)
    sentences = page.locator("#summary .sent")
    assert sentences.count() >= 2
    titles = page.locator(".source h3").all_text_contents()
    assert len(titles) == 2 and any("Tổng Thư ký Liên hợp quốc tới Ukraine" in t for t in titles)  # titles kept
    page.evaluate("document.querySelector('#result').scrollIntoView()")
    for k in range(sentences.count()):
        sentence = sentences.nth(k)
        sentence.hover()
        source = page.locator(".src-sent.hl")
        assert source.count() == 1, f"sentence {k}: no highlighted source"
        assert source.text_content() == sentence.text_content()
        assert sentence.evaluate("n => n.classList.contains('hl')")
        box = source.bounding_box()
        assert box and box["height"] > 0
    sentences.nth(1).hover()
    page.wait_for_timeout(500)  # the sources pane scrolls smoothly to the sentence
    _shot(page, "screenshot.png", tmp_path)
    # the article text is rendered as text: markup in the input never becomes elements
    assert page.locator(".source script, .source img").count() == 0


def test_phone_width(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(server)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
    _summarize_reference(page, server)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("#summary .sent").first
    first.tap()  # on a phone the page scrolls down to the source sentence
    source = page.locator(".src-sent.hl")
    assert source.count() == 1 and source.text_content() == first.text_content()
    page.wait_for_timeout(800)
    assert source.evaluate("n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    _shot(page, "screenshot-phone.png", tmp_path)


def test_markup_in_pasted_articles_stays_text(server, browser):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(server)
    texts = [p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.txt"))]
    page.locator(".card .title").first.fill('<img src=x onerror="window.pwned=1">')
    areas = page.locator("textarea.text")
    areas.nth(0).fill('<b>đậm</b> <script>window.pwned=2</script>\n' + texts[0])
    areas.nth(1).fill(texts[1])
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#result img, #result b, #result script").count() == 0
    assert "<img src=x" in page.locator(".source h3").first.text_content()


def test_demo_button_loads_and_summarizes_the_bundled_example(server, browser):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(server)
    page.click("#demo")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    assert page.locator("textarea.text").count() == 3
    assert "Hàn Giang" in page.locator("#summary").text_content()
    with page.expect_download() as info:
        page.click("#dl-md")
    assert info.value.suggested_filename == "tom-tat.md"
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Tóm tắt") and "**Nguồn**" in markdown and "[1]" in markdown


def test_chosen_files_are_uploaded_and_read_on_the_server(server, browser):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(server)
    first, second = sorted(REFERENCE.glob("*.txt"))
    body = "".join(f"<p>{line}</p>" for line in second.read_text(encoding="utf-8").split("\n")[1:] if line.strip())
    html = f"<html><head><title>Trang lưu</title></head><body><nav>Trang chủ</nav><article>{body}</article></body></html>"
    page.set_input_files("#file", files=[
        {"name": first.name, "mimeType": "text/plain", "buffer": first.read_bytes()},
        {"name": "vietnamplus.html", "mimeType": "text/html", "buffer": html.encode("utf-8")},
    ])
    assert page.locator(".card").count() == 2 and page.locator(".card .file-note:visible").count() == 2
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    names = page.locator(".source .name").all_text_contents() + page.locator(".source h3").all_text_contents()
    assert any("vietnamplus.html" in n for n in names) and any(first.name in n for n in names)
