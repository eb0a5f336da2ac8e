"""Dates in sentences, what a sentence does for a reader, and the editor's order they give."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomtat
from tomtat.lang.dates import find_dates, story_year
from tomtat.lang.roles import addresses_reader, asks, is_summary_sentence, leans_back

ROOT = Path(__file__).resolve().parents[1]
GUTERRES = ROOT.parent / "shared" / "examples" / "guterres-2022-04"


@pytest.mark.parametrize(
    "text, days",
    [
        ("Trong tuyên bố đưa ra hôm 22/4, bà cho biết ông sẽ tới Nga vào ngày 26/4.", [(22, 4, None), (26, 4, None)]),
        ("Ông đã đến Kiev tối 27-4.", [(27, 4, None)]),
        ("Cuộc gặp diễn ra thứ Ba (26/4) tại Moskva.", [(26, 4, None)]),
        ("Văn bản ký ngày 26/4/2022, hiệu lực từ 3/5/2022.", [(26, 4, 2022), (3, 5, 2022)]),
        ("Đội nhà thắng 2-1, hơn 1/2 số vé đã bán, tỷ lệ 3/4.", []),
        ("Ngày 31/2 không có; ngày 12/13 cũng không.", []),
    ],
)
def test_dates_need_a_cue_or_a_year(text, days):
    assert [(m.day, m.month, m.year) for m in find_dates(text)] == days


def test_story_year_from_a_full_date_else_publication():
    assert story_year(["hôm 22/4", "ngày 1/5/2022"]) == 2022
    assert story_year(["hôm 22/4"], ["2021-04-23"]) == 2021
    assert story_year(["hôm 22/4"]) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ngàyhôm tối0123456789/-()thứ ba", max_size=300))
def test_find_dates_never_raises(text):
    for m in find_dates(text):
        assert 0 <= m.start < m.end <= len(text)


def test_find_dates_is_linear():
    for unit in ("ngày 1/", "1/" * 3, "hôm ", "9"):
        small, big = unit * 2_000, unit * 16_000
        t0 = time.perf_counter(); find_dates(small); a = time.perf_counter() - t0
        t0 = time.perf_counter(); find_dates(big); b = time.perf_counter() - t0
        assert b < 20 * a + 0.05


@pytest.mark.parametrize(
    "text, ok",
    [
        ("Vậy đâu là cách phòng bệnh hiệu quả?", False),
        ("“Chúng tôi sẽ làm gì?”", False),
        ("Mời quý độc giả xem thêm video:", False),
        ("PV: Ông nhận định thế nào về lạm phát năm nay?", False),
        ("KTSG Online: Xin cảm ơn ông!", False),
        ("Hãy chú ý dinh dưỡng và chế độ sinh hoạt.", False),
        ("Theo dõi hơn 65.000 phụ nữ, các bác sĩ nhận thấy điều bất ngờ.", True),
        ("Ông Guterres đã tới Kiev ngày 27/4.", True),
    ],
)
def test_summary_sentences(text, ok):
    assert is_summary_sentence(text) is ok


def test_roles_read_only_the_ends_of_a_sentence():
    assert asks("Ai?") and not asks("Ông hỏi: ai? Rồi ông đi.")
    assert addresses_reader("- Mời bạn đọc theo dõi") and not addresses_reader("Bạn học của ông kể lại.")
    assert leans_back("Cùng ngày, Điện Kremlin thông báo.") and leans_back("Ông này cho biết thêm.")
    assert leans_back("Trong số này có 3 người.") and not leans_back("Ông Peskov cho biết.")


def test_no_method_picks_a_question_or_a_call_to_action():
    docs = [
        "Bão số 4 đổ bộ vào Quảng Ngãi sáng 28/9, gây mưa lớn trên diện rộng.\n\n"
        "Vậy người dân cần làm gì để phòng tránh bão an toàn?\n\nMời quý độc giả xem thêm video về cơn bão.",
        "Sáng 28/9, bão số 4 đã đổ bộ vào Quảng Ngãi, nhiều cây xanh bị quật đổ.\n\n"
        "Hãy theo dõi bản tin thời tiết để cập nhật diễn biến mới nhất của bão.",
    ]
    for method in tomtat.REGISTRY:
        if method == "firstlast":
            continue
        for s in tomtat.summarize(docs, method=method, words=300).sentences:
            assert is_summary_sentence(s.text), (method, s.text)


@pytest.mark.skipif(not GUTERRES.is_dir(), reason="reference cluster not found")
def test_reference_cluster_opens_with_the_newest_development_then_time_order():
    docs = [p.read_text(encoding="utf-8") for p in sorted(GUTERRES.glob("*.txt"))]
    summary = tomtat.summarize(docs)
    first = summary.sentences[0].text
    assert "Kiev" in first and "27/4" in first
    days = []
    for s in summary.sentences[1:]:
        named = find_dates(s.text)
        if named:
            days.append((named[0].month, named[0].day))
    assert days == sorted(days) and days, days
