"""Figures in sentences, and outlets that disagree on one: flagged in warnings with both sources."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomtat
from tomtat.conflicts import conflicts
from tomtat.lang.figures import find_figures
from tomtat.prepare import prepare

sys.path.insert(0, str(Path(__file__).parent))
from _shared import COMMAND  # noqa: E402


@pytest.mark.parametrize(
    "text, figures",
    [
        ("Máy bay cất cánh lúc 10h30 sáng 12/5, chở 180 hành khách.", [("10:30", "giờ"), ("180", "hành")]),
        ("Vụ cháy làm 12 người chết, thiệt hại 3,5 tỷ đồng, tăng 15% so với năm 2021.",
         [("12", "người"), ("3,5", "tỷ"), ("15%", "%")]),
        ("Đến khoảng 13 giờ 30 phút cùng ngày, hai người xảy ra mâu thuẫn.", [("13:30", "giờ")]),
        ("Covid-19, tiêm kích Su-30 và giải F1 năm 2022.", []),  # names and a year are not figures
        ("Đội nhà thắng 3:1 trong ngày 26/4.", []),  # a score and a date
        ("Có 1.200 người dự, số còn lại là 7.", [("1.200", "người")]),  # a bare number counts nothing
    ],
)
def test_figures_with_the_word_they_count(text, figures):
    assert [(f.value, f.unit) for f in find_figures(text)] == figures


def test_rough_figures_agree_with_close_exact_ones():
    gan, exact = find_figures("gần 9.400 viên chức")[0], find_figures("9.397 viên chức")[0]
    assert gan.rough and not exact.rough and gan.agrees(exact)
    assert not find_figures("9.000 viên chức")[0].agrees(exact)
    assert find_figures("khoảng 2 giờ sáng")[0].agrees(find_figures("2 giờ 10 phút sáng")[0])
    assert not find_figures("lúc 13h")[0].agrees(find_figures("13 giờ 30 phút")[0])


@given(st.text(alphabet=st.sampled_from(list("0123456789 .,:/-h%giờngườiphút\n")), max_size=200))
@settings(max_examples=300, deadline=None)
def test_figures_never_fail_and_stay_inside_the_text(text):
    found = find_figures(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.amount() >= 0


def test_figures_take_linear_time():
    def took(n: int) -> float:
        text = "1.2.3,4,5 " * n + "1" * n + ":" * n
        started = time.perf_counter()
        find_figures(text)
        return time.perf_counter() - started

    took(100)
    assert took(16_000) < 20 * max(took(2_000), 1e-3)


PLANE = (
    "Chuyến bay VN123 của Vietnam Airlines cất cánh từ sân bay Nội Bài lúc {time} sáng 12/5 thì phát hiện khói ở khoang hàng. "
    "Tổ bay đã cho máy bay quay lại hạ cánh an toàn, toàn bộ 180 hành khách được đưa xuống.\n\n"
    "Cơ quan chức năng đang điều tra nguyên nhân sự cố."
)

OTHER = (
    "Chuyến bay VN123 của Vietnam Airlines cất cánh từ sân bay Nội Bài lúc {time} sáng 12/5 thì phát hiện khói ở khoang hàng. "
    "Theo đại diện hãng, máy bay được lệnh quay về và đáp xuống an toàn sau 20 phút.\n\n"
    "Hành khách được bố trí sang một tàu bay khác để tiếp tục hành trình vào buổi chiều. "
    "Nhà chức trách hàng không đã yêu cầu kiểm tra toàn bộ đội tàu bay cùng loại."
)


def _cluster(first: str, second: str):
    return [
        {"title": "Máy bay phải quay đầu vì khói", "text": first, "name": "vnexpress"},
        {"title": "Máy bay VN123 quay lại Nội Bài", "text": second, "name": "tuoitre"},
    ]


def test_two_times_for_one_departure_are_flagged_with_both_sources():
    docs = _cluster(PLANE.format(time="10h30"), OTHER.format(time="10h45"))
    cluster = prepare(docs)
    found = conflicts(cluster, range(len(cluster.sentences)))
    assert found, "the two departure times were not noticed"
    summary = tomtat.summarize(docs)
    said = [w for w in summary.warnings if "different figures" in w]
    assert said and ("vnexpress and tuoitre" in said[0] or "tuoitre and vnexpress" in said[0])
    assert "10h30" in said[0] and "10h45" in said[0]


@pytest.mark.parametrize(
    "second",
    [
        OTHER.format(time="10h30"),  # the same figure
        OTHER.format(time="khoảng 10h40"),  # a rough time close to it
        OTHER.format(time="10h45").replace("Nội Bài", "Tân Sơn Nhất").replace("VN123 của Vietnam Airlines", "VJ456 của Vietjet"),
    ],
)
def test_agreeing_or_different_facts_are_not_conflicts(second):
    cluster = prepare(_cluster(PLANE.format(time="10h30"), second))
    assert conflicts(cluster, range(len(cluster.sentences))) == []


def test_a_near_copy_is_one_source_and_never_conflicts_with_itself():
    first = PLANE.format(time="10h30")
    copy = first + "\n\nThêm 10 phút sau, tổ bay thông báo."
    cluster = prepare(_cluster(first, copy.replace("10h30", "10h31", 1)))
    assert cluster.duplicate_of, "expected the second to count as a copy"
    assert conflicts(cluster, range(len(cluster.sentences))) == []


def test_the_cli_prints_the_conflict_on_stderr(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PLANE.format(time="10h30"), encoding="utf-8")
    b.write_text(OTHER.format(time="10h45"), encoding="utf-8")
    result = subprocess.run(COMMAND + ["summarize", str(a), str(b)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "different figures for one fact" in result.stderr and "10h45" in result.stderr


# The figure and date patterns start on a digit (a fast scan); they find what the plain forms, which start with
# the "not glued" lookbehind, find.
_PLAIN = {
    "time": re.compile(r"(?<![\w.,/:-])(\d{1,2})\s?(?:h|giờ|:)\s?(\d{2})?(?:\s?phút)?(?![\w/-])", re.IGNORECASE),
    "number": re.compile(r"(?<![\w.,/:-])(\d{1,15}(?:[.,]\d{1,3}){0,5})(%?)(?![\w/-]|[.,]\d)"),
    "full date": re.compile(r"(?<![\d/-])(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?![\d/-])"),
}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789/-.,:h %aHđ") + ["giờ", " phút", "Giờ"]), max_size=20).map("".join))
def test_digit_first_patterns_find_what_the_plain_ones_find(text):
    from tomtat.lang import dates, figures

    fast = {"time": figures._TIME, "number": figures._NUMBER, "full date": dates._FULL}
    for name, plain in _PLAIN.items():
        assert [(m.span(), m.groups()) for m in fast[name].finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)
        ], name
