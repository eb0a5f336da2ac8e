"""Dates resolved against the publication day: written ones, relative ones, weekdays."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.lang.dates import resolve_dates

THURSDAY = date(2022, 4, 28)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Trong tuyên bố hôm 22/4, bà cho biết ông sẽ tới Nga ngày 26/4.", [("22/4", "2022-04-22"), ("26/4", "2022-04-26")]),
        ("Hôm qua, ông Guterres đến Kiev.", [("Hôm qua", "2022-04-27")]),
        ("Tối nay và sáng mai, rồi ngày kia, hôm kia.", [("Tối nay", "2022-04-28"), ("sáng mai", "2022-04-29"),
                                                         ("ngày kia", "2022-04-30"), ("hôm kia", "2022-04-26")]),
        ("Ông đã tới Moskva hôm thứ Ba (26/4).", [("26/4", "2022-04-26")]),  # the written date, once
        ("Cuộc gặp diễn ra hôm thứ Ba tại Moskva.", [("hôm thứ Ba", "2022-04-26")]),  # the latest Tuesday
        ("Ông sẽ đến Ấn Độ vào thứ Hai tới.", [("thứ Hai tới", "2022-05-02")]),
        ("Thứ Ba tuần trước, thứ Sáu tuần tới.", [("Thứ Ba tuần trước", "2022-04-19"), ("thứ Sáu tuần tới", "2022-05-06")]),
        ("Tuần tới đoàn sẽ sang Pháp, tháng trước đã ở Đức, năm ngoái ở Ý.",
         [("Tuần tới", "2022-05-02"), ("tháng trước", "2022-03-01"), ("năm ngoái", "2021-01-01")]),
        ("Trong năm qua và những ngày qua, gần đây, tình hình ổn định.", []),  # vague: not dates
        ("Văn bản ký ngày 26/4/2019.", [("26/4/2019", "2019-04-26")]),
    ],
)
def test_dates_resolved_against_publication(text, expected):
    got = [(text[d.start : d.end], d.day.isoformat()) for d in resolve_dates(text, THURSDAY)]
    assert got == expected


def test_a_late_day_month_belongs_to_the_year_before():
    (d,) = resolve_dates("Vụ việc xảy ra ngày 25/12.", date(2023, 1, 10))
    assert d.day == date(2022, 12, 25) and not d.relative
    (d,) = resolve_dates("Dự kiến khánh thành ngày 20/2.", date(2023, 1, 10))
    assert d.day == date(2023, 2, 20)


def test_without_publication_only_written_dates_with_a_year():
    assert resolve_dates("Hôm qua, tuần tới, thứ Ba, ngày 26/4.", None) == []
    (d,) = resolve_dates("Hôm qua, ngày 26/4.", None, year=2022)
    assert d.day == date(2022, 4, 26)
    assert [x.day for x in resolve_dates("ngày 26/4/2022", None)] == [date(2022, 4, 26)]


@given(st.text(alphabet=st.sampled_from(list("0123456789/-() ,.hômquathứbaHaiTuầntớinaysángmaingày\n")), max_size=200))
@settings(max_examples=300, deadline=None)
def test_resolved_dates_never_fail_and_never_overlap(text):
    found = resolve_dates(text, THURSDAY)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for d in found:
        assert 0 <= d.start < d.end <= len(text) and text[d.start : d.end].strip()


@pytest.mark.parametrize("unit", ["hôm qua ", "thứ Ba ", "ngày 2/", "tuần tới "])
def test_resolving_takes_linear_time(unit):
    def took(n: int) -> float:
        text = unit * n
        runs = []
        for _ in range(3):  # the least of three: a busy machine only ever adds time
            started = time.perf_counter()
            resolve_dates(text, THURSDAY)
            runs.append(time.perf_counter() - started)
        return min(runs)

    took(100)
    assert took(8_000) < 20 * max(took(1_000), 1e-3)


def test_the_editors_order_reads_relative_dates_against_each_articles_publication():
    from tomtat.order import event_dates
    from tomtat.prepare import prepare

    docs = [
        {"name": "a", "published": "2022-04-28", "text": "Hôm qua, ông Guterres đã đến thủ đô Kiev của Ukraine để gặp Tổng thống Zelensky."},
        {"name": "b", "published": "2022-04-23", "text": "Hôm qua, Liên hợp quốc thông báo Tổng thư ký sẽ thăm Nga và Ukraine."},
    ]
    cluster = prepare(docs)
    when = event_dates(cluster)
    by_article = {cluster.sentences[i].article: day for i, day in when.items()}
    assert by_article == {0: (2022, 4, 27), 1: (2022, 4, 22)}
