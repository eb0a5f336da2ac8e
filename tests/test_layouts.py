"""Input layouts beyond plain articles: "Key: value" headers and corpus cluster folders."""

from __future__ import annotations

from pathlib import Path

from tomtat.clean import clean, split_header
from tomtat.cli import main
from tomtat.read import read_batch
from tomtat.split import split
from tomtat.records import Document

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cluster"
HEADED = (
    "Title: Bão số 5 đổ bộ Quảng Nam\nSource: Báo X\nLink: http://example.invalid/a\n"
    "Summary: Bão số 5 đã đổ bộ vào Quảng Nam sáng nay.\n"
    "Content: Sáng nay, bão số 5 đổ bộ vào Quảng Nam với sức gió cấp 10.\nNhiều nhà ở ven biển bị tốc mái."
)


def test_header_gives_title_lead_and_body():
    title, lead, body = split_header(HEADED)
    assert title == "Bão số 5 đổ bộ Quảng Nam"
    assert lead == "Bão số 5 đã đổ bộ vào Quảng Nam sáng nay."
    assert body.startswith("Sáng nay, bão số 5") and "Source" not in body
    article = clean(Document(text=HEADED), 0)
    assert article.title == title and article.lead_given
    assert article.text.startswith(lead) and "http" not in article.text


def test_text_with_a_colon_is_not_a_header():
    text = "Trong tuyên bố: ông A nói rằng dự án sẽ xong.\nCâu thứ hai của bài."
    assert split_header(text) == ("", "", text)


def test_subheadings_are_marked():
    text = "Mở đầu bài báo nói về cây cầu mới.\nNGA, UKRAINE KÝ THỎA THUẬN\nCâu thứ ba.\nCâu thứ tư.\nCâu cuối."
    sents = split(clean(Document(text=text), 0), 0)
    assert [s.heading for s in sents] == [False, True, False, False, False]


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name in ("cluster_1", "cluster_2"):
        (root / name / "original").mkdir(parents=True)
        (root / name / "summary").mkdir()
        for p in sorted(EXAMPLE.glob("*.txt")):
            (root / name / "original" / p.name).write_bytes(p.read_bytes())
        (root / name / "summary" / "ref1.txt").write_text(
            "Ngày 26/4/2025, TP Đà Nẵng khánh thành cầu đi bộ Hàn Giang bắc qua sông Hàn.", encoding="utf-8"
        )
        (root / name / "summary" / "ref2.txt").write_text("Đà Nẵng có cây cầu đi bộ mới qua sông Hàn.", encoding="utf-8")
    return root


def test_original_and_summary_subfolders(tmp_path, capsys):
    root = _corpus(tmp_path)
    items = list(read_batch(str(root), None))
    assert [i.id for i in items] == ["cluster_1", "cluster_2"]
    assert all(len(i.documents) == 3 and len(i.references) == 2 for i in items)
    assert main(["eval", str(root), "-m", "learned,firstlast"]) == 0
    out = capsys.readouterr().out
    assert "learned" in out and "firstlast" in out and "over 2 clusters" in out
