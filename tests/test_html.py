"""Saved web pages as articles: trafilatura extraction, and the CLI reading .html files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tomtat.cli import main
from tomtat.read import read_cluster
from tomtat.read.html import extract, read_html
from tomtat.records import TomtatError

pytest.importorskip("trafilatura", reason="the 'html' extra is not installed")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cluster"
TITLE = "Đà Nẵng khánh thành cầu đi bộ Hàn Giang"


def news_page(title: str, paragraphs: list[str]) -> str:
    """A saved news page: menus, share buttons, related links and a footer around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title} | Báo Mẫu</title>
<meta property="og:title" content="{title}"><script>var tracking = "không phải tin";</script>
<style>body {{ color: red }}</style></head><body>
<nav><a href="/">Trang chủ</a> <a href="/the-gioi">Thế giới</a> <a href="/kinh-te">Kinh tế</a></nav>
<div class="share">Chia sẻ Facebook Zalo</div>
<article><h1>{title}</h1>{body}</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Một tin khác hoàn toàn về bóng đá</a></li></ul></aside>
<footer>Bản quyền thuộc về Báo Mẫu. Giấy phép số 123.</footer></body></html>"""


def example_page() -> str:
    lines = [ln for ln in (EXAMPLE / "01-bao-a.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
    assert lines[0] == TITLE
    return news_page(TITLE, lines[1:])


def test_extract_keeps_the_article_and_drops_the_page_furniture():
    title, text = extract(example_page(), "a.html")
    assert title == TITLE
    assert text.startswith("Sáng 26/4/2025")
    assert TITLE not in text  # the <h1> repeats the title; it is kept once, as the title
    for furniture in ("Trang chủ", "tracking", "color: red", "Bản quyền", "bóng đá", "Facebook"):
        assert furniture not in text


def test_read_html_decodes_bytes_and_names_the_document():
    doc = read_html(example_page().encode("utf-8"), "a.html")
    assert doc.name == "a.html" and doc.title == TITLE and "cầu đi bộ" in doc.text


def test_a_page_without_an_article_is_a_one_line_error():
    with pytest.raises(TomtatError, match="no article text"):
        extract("<html><head><title>Trống</title></head><body><img src=a.png></body></html>", "empty.html")


def test_missing_trafilatura_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now fails
    with pytest.raises(TomtatError, match=r"pip install 'tomtat\[html\]'"):
        extract("<html></html>", "a.html")


def test_cli_reads_html_files_beside_text_files(tmp_path, capsys):
    (tmp_path / "01.html").write_text(example_page(), encoding="utf-8")
    for name in ("02-bao-b.txt", "03-bao-c.txt"):
        (tmp_path / name).write_bytes((EXAMPLE / name).read_bytes())
    docs = read_cluster([str(tmp_path)])
    assert [d.name for d in docs] == ["01.html", "02-bao-b.txt", "03-bao-c.txt"]
    assert main(["summarize", str(tmp_path), "--json", "-q"]) == 0
    out = capsys.readouterr().out
    assert '"01.html"' in out and TITLE in out


def test_cli_reports_an_html_page_without_article(tmp_path, capsys):
    page = tmp_path / "menu.html"
    page.write_text("<html><body><script>x = 1</script></body></html>", encoding="utf-8")
    assert main(["summarize", str(page)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tomtat: error: menu.html: no article text") and err.count("\n") == 1
