"""The web page end to end in headless Chromium: summarize, hover or tap a sentence, see its source.

Needs Playwright (python) and Debian's chromium (/usr/bin/chromium); Playwright's own browser download
is not used. Outside CI the browser tests are skipped when either is missing (the rest of the suite
runs); in CI (CI set) they must run. Set TOMTAT_SCREENSHOTS=1 to refresh docs/screenshot.png and
docs/screenshot-phone.png.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "tomtat" / "serve" / "static"
REFERENCE = (ROOT / "../shared/examples/guterres-2022-04").resolve()
EXAMPLE = ROOT / "src" / "tomtat" / "data" / "example"  # ships with tomtat: these tests need nothing else
CHROMIUM = os.environ.get("TOMTAT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAX_CHARS = 20_000  # the test server's article limit, to provoke a per-article error cheaply
DESKTOP = {"width": 1280, "height": 860}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI: .ci/run installs it)")
        pytest.skip(reason)


# ---- without a browser ---------------------------------------------------------------------------


def test_page_scripts_never_parse_html() -> None:
    """Input reaches the page only through textContent/value: no script builds markup from strings."""
    scripts = sorted(STATIC.glob("*.js"))
    assert len(scripts) >= 3
    parsing = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|new Function")
    for script in scripts:
        hits = [line.strip() for line in script.read_text(encoding="utf-8").splitlines() if parsing.search(line)]
        assert not hits, f"{script.name}: {hits}"


# ---- fixtures ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed")
    from tomtat.serve.app import create_app
    from tomtat.serve.settings import Settings

    port = _free_port()
    app = create_app(Settings(access_log=False, max_chars=MAX_CHARS))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
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
def browser() -> Iterator[Any]:
    _need(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "Playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def reference() -> list[str]:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference cluster {REFERENCE} is missing")
    return [p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.txt"))]


@pytest.fixture(scope="module")
def example() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]


def _open(browser: Any, url: str, **options: Any) -> Any:
    page = browser.new_page(**({"viewport": DESKTOP} | options))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.js_errors = errors
    page.goto(url)
    page.locator("textarea.text").nth(1).wait_for()
    return page


def _fill(page: Any, texts: list[str]) -> None:
    while page.locator("textarea.text").count() < len(texts):
        page.click("#add")
    for k, text in enumerate(texts):
        page.locator("textarea.text").nth(k).fill(text)


def _summarize(page: Any, texts: list[str]) -> None:
    _fill(page, texts)
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    assert not page.js_errors, page.js_errors


def _status(page: Any) -> str:
    """The status line once the request is answered (the page's CSP rules out wait_for_function)."""
    page.wait_for_selector("#go:not([disabled])")
    return page.locator("#status").text_content()


def _untitled(text: str) -> str:
    """An article without its headline: the first paragraph of the body opens it."""
    return text.split("\n", 1)[1].strip()


def _shot(page: Any, name: str, tmp_path: Path) -> None:
    folder = ROOT / "docs" if os.environ.get("TOMTAT_SCREENSHOTS") else tmp_path
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / name))


ENGLISH = re.compile(r"\b(the|is|of|an?|not|article|error|limit|characters|skipped|copy|empty)\b", re.IGNORECASE)


def _vietnamese(line: str) -> bool:
    return bool(re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", line)) and not ENGLISH.search(line)


# ---- summaries and their sources ------------------------------------------------------------------


def test_hovering_a_summary_sentence_highlights_its_source(server, browser, reference, tmp_path):
    page = _open(browser, server)
    _summarize(page, reference)
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


def test_tapping_sentence_k_on_a_phone_highlights_sentence_k(server, browser, reference, tmp_path):
    page = _open(browser, server, **PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
    _summarize(page, reference)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sentences = page.locator("#summary .sent")
    assert sentences.count() >= 4
    for k in range(sentences.count()):
        sentence = sentences.nth(k)
        sentence.scroll_into_view_if_needed()
        # tap inside the sentence's own text (the centre of its box can lie on a neighbour when it wraps)
        x, y = sentence.evaluate("n => { const r = [...n.getClientRects()].sort((a, b) => b.width - a.width)[0];"
                                 " return [r.x + r.width / 2, r.y + r.height / 2]; }")
        page.touchscreen.tap(x, y)
        page.wait_for_timeout(700)  # the page scrolls down to the source sentence; nothing else may light up
        lit = page.evaluate("[...document.querySelectorAll('.hl')].map(n => n.className.split(' ')[0] + ' ' + n.dataset.i)")
        assert sorted(lit) == [f"sent {k}", f"src-sent {k}"], f"tapped sentence {k + 1}, lit {lit}"
        source = page.locator(".src-sent.hl")
        assert source.text_content() == sentence.text_content()
        assert source.evaluate("n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
        if k == 0:
            _shot(page, "screenshot-phone.png", tmp_path)


def test_untitled_articles_are_named_bai_n_and_warnings_are_vietnamese(server, browser, example):
    page = _open(browser, server)
    untitled = [_untitled(t) for t in example[:2]]
    _summarize(page, [untitled[0], untitled[1], untitled[0]])  # the third box repeats the first
    headings = page.locator(".source h3").all_text_contents()
    assert [h[1:] for h in headings] == ["Bài 1", "Bài 2", "Bài 3"]
    seen = page.locator("body").inner_text()
    assert not re.search(r"\bdoc\d|stdin-", seen)
    notice = page.locator("#notice")
    assert notice.is_visible()
    warnings = page.locator("#warnings li").all_text_contents()
    assert "Bài 3 gần như trùng với Bài 1 nên chỉ tính một lần." in warnings
    assert all(_vietnamese(w) for w in warnings), warnings
    # near the summary: between the summary's heading and its sentences (measured at once: the page may be scrolling)
    tops = page.evaluate("['#summary-h', '#notice', '#summary'].map(s => document.querySelector(s).getBoundingClientRect().top)")
    assert tops == sorted(tops), tops
    with page.expect_download() as info:
        page.click("#dl-md")
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert "1. Bài 1\n2. Bài 2\n3. Bài 3" in markdown and "doc1" not in markdown


def test_library_warnings_and_service_errors_have_vietnamese_text(server, browser, example):
    from tomtat import summarize
    from tomtat.prepare import MAX_SENTENCES_PER_ARTICLE
    from tomtat.serve import errors
    from test_conflicts import OTHER, PLANE

    english = "The committee met on Monday to discuss the budget. It agreed to meet again next week. " * 3
    long_article = " ".join(f"Câu thứ {k} nói về cầu đi bộ Hàn Giang ở Đà Nẵng." for k in range(MAX_SENTENCES_PER_ARTICLE + 5))
    run_on = example[0] + "\n" + " ".join(["cầu đi bộ"] * 200)  # 600 syllables and no sentence end
    clusters = [
        ([example[0], example[0]], None),  # near copy
        ([example[0], english], None),  # not Vietnamese
        ([example[0]], 3),  # one article; no sentence as short as 3 syllables
        ([long_article], None),  # over the sentence cap
        ([run_on, example[1].upper()], None),  # a line too long for a sentence; an article in capitals
        ([{"text": example[0], "published": "hôm qua"}, example[1]], None),  # a date that cannot be read
        ([{"text": PLANE.format(time="10h30"), "name": "doc1"}, {"text": OTHER.format(time="10h45"), "name": "doc2"}], None),
    ]
    warnings = sorted({w for docs, words in clusters for w in summarize(docs, words=words).warnings})
    assert len(warnings) >= 8 and any("different figures" in w for w in warnings), warnings
    codes = {m.group(1): int(m.group(2)) for m in re.finditer(r"^([a-z_]+) +(\d{3}) ", errors.__doc__ or "", re.MULTILINE)}
    assert len(codes) >= 20, "the table of error codes in tomtat.serve.errors is gone"

    page = _open(browser, server)
    said = page.evaluate(
        """async ([warnings, codes]) => {
             const m = await import('/static/messages.js');
             return {
               warnings: warnings.map((w) => m.warningText(w, (name) => name === 'doc1' ? 'Bài 1' : 'Bài 2')),
               errors: Object.entries(codes).map(([code, status]) => m.errorText(status, {code, message: 'x'}, null)),
               articles: Object.entries(codes).map(([code, status]) => m.errorText(status, {code, message: 'x'}, 'Bài 2')),
               fallback: m.warningText('something new', (name) => name),
             };
           }""",
        [warnings, codes],
    )
    assert said["fallback"] not in said["warnings"], f"a library warning has no Vietnamese text: {warnings}"
    for line in said["warnings"] + said["errors"] + said["articles"]:
        assert "HTTP" not in line and "doc" not in line and _vietnamese(line), line
    assert _vietnamese(said["fallback"])


# ---- errors and hints ---------------------------------------------------------------------------


def test_bad_input_gets_a_vietnamese_error_and_the_box_is_outlined(server, browser, example):
    page = _open(browser, server)
    english = "The committee met on Monday to discuss the budget. It agreed to meet again next week."
    _fill(page, [english, english.replace("Monday", "Friday")])
    page.click("#go")
    status = _status(page)
    assert "không giống tiếng Việt" in status and _vietnamese(status), status
    assert page.locator(".card.invalid").count() == 2
    assert page.locator("#status.error").count() == 1

    # one article over the server's limit: that box alone is outlined and says why
    _fill(page, [example[0], example[1] + "\n" + "Đà Nẵng khánh thành cầu. " * (MAX_CHARS // 20)])
    page.click("#go")
    status = _status(page)
    assert status.startswith("Bài 2 quá dài") and _vietnamese(status), status
    cards = page.locator(".card")
    assert cards.nth(1).evaluate("n => n.classList.contains('invalid')")
    assert page.locator(".card.invalid").count() == 1
    assert cards.nth(1).locator(".card-msg").text_content() == status
    outline = cards.nth(1).evaluate("n => getComputedStyle(n).boxShadow")
    assert outline != "none"
    # fixing the box clears the mark
    cards.nth(1).locator("textarea").fill(example[1])
    assert page.locator(".card.invalid").count() == 0


def test_a_pasted_url_gets_a_hint_and_is_not_sent(server, browser, example):
    page = _open(browser, server)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    _fill(page, [example[0], "  https://vnexpress.net/cau-di-bo-han-giang-4876543.html \n"])
    hint = page.locator(".card").nth(1).locator(".card-msg")
    assert hint.is_visible() and "địa chỉ web" in hint.text_content() and "dán" in hint.text_content()
    page.click("#go")
    status = _status(page)
    assert status.startswith("Bài 2 chỉ có địa chỉ web") and _vietnamese(status)
    page.wait_for_timeout(300)
    assert posts == [] and page.locator(".card.invalid").count() == 1
    page.locator("textarea.text").nth(1).fill(example[1])
    assert not hint.is_visible()


def test_markup_in_pasted_articles_stays_text_and_markdown_escapes_it(server, browser, example):
    page = _open(browser, server, viewport={"width": 1024, "height": 768})
    page.locator(".card .title").first.fill('<img src=x onerror="window.pwned=1"> *Hàn* [Giang](http://x)')
    first = example[0].replace("Cầu dài 520 m", '<b>Cầu</b> dài <script>window.pwned=2</script> 520 m')
    page.select_option("#length", "320")  # long enough that the marked-up sentence is in the summary
    _summarize(page, [first, example[1]])
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#result img, #result b, #result script").count() == 0
    assert "<img src=x" in page.locator(".source h3").first.text_content()
    with page.expect_download() as info:
        page.click("#dl-md")
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<img" not in markdown and "&lt;img src=x" in markdown
    assert "\\*Hàn\\* \\[Giang\\](http://x)" in markdown
    assert "&lt;b&gt;Cầu&lt;/b&gt; dài &lt;script&gt;" in markdown  # the marked-up sentence is in the summary
    assert "<b>" not in markdown and "<script>" not in markdown
    out = page.evaluate(
        """async (lines) => { const t = await import('/static/text.js'); return lines.map(t.markdownText); }""",
        ["# Tiêu đề", "1. Mục", "- gạch", "> trích", "a <b>&</b> c", "dòng một\ndòng hai", "x_y*z`w\\"],
    )
    assert out == ["\\# Tiêu đề", "1\\. Mục", "\\- gạch", "&gt; trích", "a &lt;b&gt;&amp;&lt;/b&gt; c", "dòng một dòng hai", "x\\_y\\*z\\`w\\\\"]


# ---- input: splitting, keyboard, draft ------------------------------------------------------------


def test_articles_pasted_into_one_box_with_dash_lines_are_split(server, browser, example):
    page = _open(browser, server, permissions=["clipboard-read", "clipboard-write"])
    pasted = f"{example[0]}\n---\n{example[1]}\n  -----  \n\n{example[2]}\n---\n"
    page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
    page.locator("textarea.text").first.focus()
    page.keyboard.press("Control+V")
    areas = page.locator("textarea.text")
    page.locator("textarea.text").nth(3).wait_for()
    values = areas.evaluate_all("ns => ns.map(n => n.value)")
    assert values == [example[0].strip(), example[1].strip(), example[2].strip(), ""]  # the empty box stays last

    # typed (not pasted) separators are split when summarizing, as the CLI splits stdin
    page.locator("textarea.text").first.fill(f"{example[0]}\n---\n{example[1]}")
    for k in (3, 2, 1):
        page.locator(".card .remove").nth(k).click()
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    assert page.locator("textarea.text").count() == 2
    assert page.locator(".source h3").count() == 2
    split = [line.strip() for line in "a\n---\nb\n -- \nc\n----\t\n\nd".split("\n")]
    parts = page.evaluate("async (t) => (await import('/static/text.js')).splitArticles(t)", "\n".join(split))
    assert parts == ["a", "b\n--\nc", "d"]


def test_ctrl_enter_summarizes_and_the_draft_survives_a_reload(server, browser, example):
    page = _open(browser, server)
    _fill(page, [example[0], example[1]])
    page.locator(".card .title").first.fill("Tiêu đề riêng")
    page.select_option("#length", "60")
    page.locator("textarea.text").nth(1).press("Control+Enter")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    page.wait_for_timeout(400)  # the draft is saved shortly after the last keystroke
    page.reload()
    page.locator("#method option").nth(1).wait_for(state="attached")
    assert page.locator("textarea.text").evaluate_all("ns => ns.map(n => n.value)") == [example[0], example[1]]
    assert page.locator(".card .title").first.input_value() == "Tiêu đề riêng"
    assert page.locator("#length").input_value() == "60"
    assert page.locator("#result").is_hidden()
    page.locator("textarea.text").first.press("Meta+Enter")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    # clearing forgets the draft
    page.once("dialog", lambda d: d.accept())
    page.click("#clear")
    page.reload()
    page.locator("textarea.text").nth(1).wait_for()
    assert page.locator("textarea.text").evaluate_all("ns => ns.map(n => n.value)") == ["", ""]
    assert page.evaluate("localStorage.getItem('tomtat.draft.v1')") is None


def test_every_control_is_reachable_by_tab_with_a_visible_focus_ring(server, browser, example):
    page = _open(browser, server)
    page.on("filechooser", lambda chooser: None)  # intercept file choosers from now on (enabling it later races)
    _summarize(page, [example[0], example[1]])
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.click(5, 5)  # Tab starts from the top of the page
    reached: list[dict[str, Any]] = []
    for _ in range(60):  # once round the page
        page.keyboard.press("Tab")
        now = page.evaluate(
            """() => { const n = document.activeElement, s = getComputedStyle(n);
                       return {id: n.id, cls: n.className, tag: n.tagName, at: [...document.querySelectorAll('*')].indexOf(n),
                               ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }""")
        if now["tag"] == "BODY" or now in reached:
            break
        reached.append(now)
    ids = [r["id"] for r in reached]
    assert "pick" in ids, "the file picker cannot be reached by Tab"
    for wanted in ("demo", "add", "clear", "length", "method", "go", "copy", "dl-md", "sources-pane"):
        assert wanted in ids, f"#{wanted} not reached by Tab: {ids}"
    assert any("sent" in r["cls"].split() for r in reached)
    assert all(r["ring"] for r in reached), [r for r in reached if not r["ring"]]
    # the file picker opens from the keyboard
    page.focus("#pick")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    assert chooser.value.is_multiple()
    # the sources pane scrolls from the keyboard
    page.set_viewport_size({"width": 1280, "height": 500})
    pane = page.locator("#sources-pane")
    assert pane.get_attribute("aria-labelledby") and pane.evaluate("n => n.scrollHeight > n.clientHeight")
    pane.focus()
    page.keyboard.press("PageDown")
    page.wait_for_timeout(400)
    assert pane.evaluate("n => n.scrollTop") > 0


# ---- files and the demo ---------------------------------------------------------------------------


def test_demo_button_loads_and_summarizes_the_bundled_example(server, browser):
    page = _open(browser, server, viewport={"width": 1024, "height": 768})
    page.click("#demo")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    assert page.locator("textarea.text").count() == 3
    assert "Hàn Giang" in page.locator("#summary").text_content()
    with page.expect_download() as info:
        page.click("#dl-md")
    assert info.value.suggested_filename == "tom-tat.md"
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Tóm tắt") and "**Nguồn**" in markdown and "[1]" in markdown
    with page.expect_download() as info:
        page.click("#dl-json")
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["documents"] == ["Bài 1", "Bài 2", "Bài 3"]


def test_chosen_files_are_uploaded_and_read_on_the_server(server, browser, example):
    page = _open(browser, server, viewport={"width": 1024, "height": 768})
    body = "".join(f"<p>{line}</p>" for line in example[1].split("\n")[1:] if line.strip())
    html = f"<html><head><title>Trang lưu</title></head><body><nav>Trang chủ</nav><article>{body}</article></body></html>"
    page.set_input_files("#file", files=[
        {"name": "bao-a.txt", "mimeType": "text/plain", "buffer": example[0].encode("utf-8")},
        {"name": "vietnamplus.html", "mimeType": "text/html", "buffer": html.encode("utf-8")},
    ])
    assert page.locator(".card").count() == 2 and page.locator(".card .file-note:visible").count() == 2
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    names = page.locator(".source .name").all_text_contents() + page.locator(".source h3").all_text_contents()
    assert any("vietnamplus.html" in n for n in names) and any("bao-a.txt" in n for n in names)

    # a file the server cannot read: its box is outlined with a Vietnamese reason
    page.reload()
    page.set_input_files("#file", files=[
        {"name": "bao-a.txt", "mimeType": "text/plain", "buffer": example[0].encode("utf-8")},
        {"name": "anh.txt", "mimeType": "text/plain", "buffer": bytes(range(256)) * 4},
    ])
    page.click("#go")
    status = _status(page)
    assert status.startswith("anh.txt") and _vietnamese(status), status
    assert page.locator(".card").nth(1).evaluate("n => n.classList.contains('invalid')")


def test_what_the_reader_repaired_is_said_in_vietnamese(server, browser, example):
    """A stray byte, a .txt that is really a web page: the service reads them as the CLI does, and says so."""
    page = _open(browser, server, viewport={"width": 1024, "height": 768})
    body = "".join(f"<p>{line}</p>" for line in example[1].split("\n")[1:] if line.strip())
    html = f"<html><head><title>Trang lưu</title></head><body><nav>Trang chủ</nav><article>{body}</article></body></html>"
    broken = example[0].encode("utf-8").replace("Cầu dài".encode("utf-8"), b"C\xff\xfeu d\xe0i", 1)
    page.set_input_files("#file", files=[
        {"name": "hong.txt", "mimeType": "text/plain", "buffer": broken},
        {"name": "trang.txt", "mimeType": "text/plain", "buffer": html.encode("utf-8")},
    ])
    page.click("#go")
    page.wait_for_selector("#summary .sent", timeout=10_000)
    warnings = page.locator("#warnings li").all_text_contents()
    assert any(w.startswith("hong.txt có byte lỗi") for w in warnings), warnings
    assert any(w.startswith("trang.txt chứa mã HTML") for w in warnings), warnings
    assert all(_vietnamese(w) for w in warnings), warnings


# ---- a stream of articles into stories ------------------------------------------------------------

FOOTBALL = {
    "id": "bong-da",
    "title": '<img src=x onerror="window.pwned=1"> Việt Nam thắng Lào 4-0',
    "published": "2025-04-28T21:00:00+07:00",
    "source": "Báo Thể thao",
    "text": "Tối 28/4, đội tuyển Việt Nam thắng Lào 4-0 trong trận giao hữu trên sân Mỹ Đình. "
    "Tiền đạo Nguyễn Tiến Linh ghi hai bàn trong hiệp một. "
    "Sau giờ nghỉ, Nguyễn Quang Hải và Phạm Tuấn Hải lần lượt ghi thêm hai bàn. "
    "Huấn luyện viên Kim Sang-sik cho biết ông hài lòng với tinh thần thi đấu của các cầu thủ trẻ.",
}
KINDS_VI = {"người", "địa danh", "tổ chức", "khác"}


def _stream(example: list[str]) -> str:
    """The bundled example as three outlets' articles, a line that is not JSON, and an unrelated article."""
    records: list[dict[str, str] | str] = [
        {"id": f"bao-{k + 1}", "text": text, "published": f"2025-04-2{6 + k}", "source": f"Báo {'ABC'[k]}"}
        for k, text in enumerate(example)
    ]
    records[2:2] = ["{đây không phải JSON"]
    records.append(FOOTBALL)
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def _stories(page: Any, text: str) -> None:
    page.click("#tab-stories")
    page.locator("#stream").fill(text)
    page.click("#stories-go")
    page.wait_for_selector("#stories .story", timeout=15_000)
    assert not page.js_errors, page.js_errors


def test_a_pasted_stream_becomes_stories_with_timeline_names_and_sources(server, browser, example, tmp_path):
    page = _open(browser, server)
    # the views are tabs: arrows move between them, and only the chosen view shows
    page.focus("#tab-summary")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-stories"
    assert page.locator("#view-stories").is_visible() and page.locator("#view-summary").is_hidden()
    page.keyboard.press("ArrowLeft")
    assert page.locator("#view-summary").is_visible() and page.locator("#view-stories").is_hidden()

    _stories(page, _stream(example))
    stories = page.locator("#stories .story")
    assert stories.count() == 2
    # newest first: the match of 28/4, then the bridge reported on 26-28/4 by three outlets
    assert "Việt Nam thắng Lào" in stories.nth(0).locator(".story-title").text_content()
    assert page.evaluate("window.pwned") is None and page.locator("#stories-result img").count() == 0
    bridge = stories.nth(1)
    assert bridge.locator(".story-sources").text_content() == "3 nguồn"
    assert bridge.locator(".story-dates").text_content() == "lần đầu 26/4/2025, mới nhất 28/4/2025"
    assert "Hàn Giang" in bridge.locator(".story-summary").text_content()
    assert bridge.locator(".timeline h4").text_content() == "Diễn biến"
    assert bridge.locator(".timeline li time").count() >= 1
    assert bridge.locator(".names h4").text_content() == "Tên riêng"
    kinds = set(bridge.locator(".names .kind").all_text_contents())
    assert kinds and kinds <= KINDS_VI, kinds
    assert any("còn viết:" in v for v in bridge.locator(".names .variants").all_text_contents())
    # what was skipped, in Vietnamese
    skipped = page.locator("#skipped li").all_text_contents()
    assert skipped == ["Dòng 3: không phải JSON hợp lệ (mỗi dòng phải là một đối tượng JSON trọn vẹn)."]
    status = page.locator("#stories-status").text_content()
    assert "2 câu chuyện từ 4 bài" in status and _vietnamese(status), status
    seen = page.locator("#view-stories").inner_text()
    assert not re.search(r"\b(person|place|organization|line \d|skipped|only one)\b", seen), seen

    # expanding a story shows each summary sentence with its article and where it is, marked in that article
    provenance = bridge.locator("details.provenance")
    assert not provenance.locator(".prov-list").is_visible()
    provenance.locator("summary").focus()
    page.keyboard.press("Enter")
    items = provenance.locator(".prov-list li")
    assert items.count() >= 1 and items.first.is_visible()
    assert all(re.match(r"Bài \d: .+ · ký tự [\d.]+–[\d.]+$", m) for m in provenance.locator(".prov-meta").all_text_contents())
    marks = provenance.locator("mark.story-src")
    assert marks.count() == items.count()
    sentences = provenance.locator(".prov-text").all_text_contents()
    for k in range(marks.count()):
        mark = marks.nth(k)
        assert mark.text_content() == sentences[int(mark.get_attribute("data-i"))]
    assert provenance.locator(".source h5").count() == 3
    _shot(page, "screenshot-stories.png", tmp_path)


def test_stories_errors_are_vietnamese_and_the_view_fits_a_phone(server, browser, example):
    page = _open(browser, server, **PHONE)
    page.click("#tab-stories")
    page.click("#stories-go")  # nothing pasted: not sent
    assert page.locator("#stories-status.error").is_visible()
    page.locator("#stream").fill("{hỏng\n[1, 2]\n")
    page.click("#stories-go")
    page.wait_for_selector("#stories-go:not([disabled])")
    page.wait_for_selector("#stories-status.error")
    status = page.locator("#stories-status").text_content()
    assert status.startswith("Không đọc được bài nào") and "Dòng 1" in status and _vietnamese(status), status

    _stories(page, _stream(example))
    page.locator("#stories .story details summary").first.click()
    page.locator("#stories .story details summary").nth(1).click()
    assert page.locator(".prov-list li:visible").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the stories view scrolls sideways on a phone"
    go = page.locator("#stories-go").bounding_box()
    assert go and go["width"] > 300  # the button spans the phone's width


def test_every_reason_to_skip_an_article_has_vietnamese_text(server, browser):
    from tomtat.options import Options
    from tomtat.read import stream_items
    from tomtat.serve.jobs import stories_request
    from tomtat.serve.settings import Settings

    bad = (b'{bad\n[1]\n"just text"\n{"text": 5}\n{"text": "a", "html": "b"}\n{"text": "a", "raw_text": "b"}\n'
           b'{"id": true, "text": "a"}\n{"id": "q", "single_documents": 5}\n{"html": "<html><body></body></html>"}\n'
           b'{"text": "\\ud800"}\n\xff\n{"id": 1' + b"0" * 5_000 + b', "text": "a"}\n')
    reasons = [(i.label, i.error) for i in stream_items(bad)]
    assert all(reasons) and len(reasons) == 12
    stream = b'{"id": "bai-1", "text": "x"}\n{"id": "bai-1", "text": "y"}\n{"id": "bai-2", "text": ""}\n{"id": "dai", "text": "' + b"x" * 50 + b'"}\n'
    answer = json.loads(stories_request(None, stream, Options.build(), False, Settings(max_chars=20)))
    reasons += [(s["article"], s["error"]) for s in answer["skipped"]]
    assert {why for _, why in reasons} >= {"already seen (same id)", "no article text"} and len(reasons) == 15

    page = _open(browser, server)
    said = page.evaluate(
        """async (reasons) => {
             const m = await import('/static/messages.js');
             return {
               lines: reasons.map(([who, why]) => m.skippedText(who, why)),
               fallback: m.skippedText('line 1', 'something new'),
               story: m.storyErrorText('the input does not look like Vietnamese text (too few syllables carry Vietnamese diacritics)'),
               request: m.streamErrorText(422, {code: 'no_articles', message: 'no articles could be read from the request body (line 2: malformed JSON (x))'}),
             };
           }""",
        reasons,
    )
    for line, (who, why) in zip(said["lines"], reasons):
        assert not line.endswith(said["fallback"].split(": ", 1)[1]), f"no Vietnamese text for {why!r}"
        assert _vietnamese(line) and "line" not in line, line
    assert said["lines"][0].startswith("Dòng 1: ")
    assert "Bài “dai”: quá dài: 50 ký tự, máy chủ nhận tối đa 20 ký tự một bài." in said["lines"]
    assert _vietnamese(said["fallback"]) and _vietnamese(said["story"]) and "không giống tiếng Việt" in said["story"]
    assert said["request"].startswith("Không đọc được bài nào") and "Dòng 2: không phải JSON hợp lệ" in said["request"]
