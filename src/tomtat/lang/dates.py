"""Dates in Vietnamese news sentences: "hôm 22/4", "ngày 26/4/2022", "tối 24/8", "thứ Ba (26/4)".

Conservative on purpose: a day/month needs a cue word before it (ngày, hôm, sáng, tối, từ, đến...) or a
four-digit year after it, so that scores ("2-1"), fractions ("1/2 số") and ratios are never read as dates.
Every pattern is a bounded run of digits after a fixed word: linear time, no backtracking blow-up.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

_CUE = r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|rạng sáng|từ|đến|tới|đầu|cuối|trước|sau|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)"
_CUED = re.compile(rf"(?<!\w){_CUE}\s{{1,3}}\(?(\d{{1,2}})[/-](\d{{1,2}})(?:[/-](\d{{4}}))?(?![\d/-])", re.IGNORECASE)
_FULL = re.compile(r"(\d(?<![\d/-]\d)\d?)[/-](\d{1,2})[/-](\d{4})(?![\d/-])")  # starts on a digit: a fast scan
# What both patterns need: a day and a month joined by / or -. Most sentences have none.
_DAY_MONTH = re.compile(r"\d[/-]\d")


@dataclass(frozen=True)
class DateMention:
    """A date as written: its span in the text, and the day it names (year None when the text gives none)."""

    start: int
    end: int
    day: int
    month: int
    year: int | None

    def resolved(self, year: int) -> date | None:
        try:
            return date(self.year or year, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[DateMention]:
    """The dates a sentence names, in text order."""
    return list(_dates(text))


@lru_cache(maxsize=4096)  # ordering and conflict checks ask again about the same sentences
def _dates(text: str) -> tuple[DateMention, ...]:
    if not _DAY_MONTH.search(text):
        return ()
    found: dict[int, DateMention] = {}
    for pattern in (_CUED, _FULL):
        for m in pattern.finditer(text):
            day, month = int(m.group(1)), int(m.group(2))
            year = int(m.group(3)) if m.group(3) else None
            if _real(day, month, year):
                found.setdefault(m.start(1), DateMention(m.start(1), m.end(), day, month, year))
    return tuple(found[k] for k in sorted(found))


def _real(day: int, month: int, year: int | None) -> bool:
    if year is not None and not 1900 <= year <= 2100:
        return False
    try:
        date(year or 2000, month, day)  # 2000: a leap year, so 29/2 without a year stands
    except ValueError:
        return False
    return True


def story_year(texts: Iterable[str], published: Iterable[str | None] = ()) -> int | None:
    """The year a story's undated day/months belong to: the most common year written out, else published."""
    return year_of((m for t in texts for m in find_dates(t)), published)


def year_of(mentions: Iterable[DateMention], published: Iterable[str | None] = ()) -> int | None:
    """``story_year`` over dates already found."""
    years = Counter(m.year for m in mentions if m.year)
    if years:
        return years.most_common(1)[0][0]
    for p in published:
        if p and p[:4].isdigit():
            return int(p[:4])
    return None


def sort_key(mention: DateMention, year: int | None) -> tuple[int, int, int]:
    """Order of a mention within a story: by year (the story's when the text gives none), month, day."""
    return (mention.year or year or 0, mention.month, mention.day)


# ---- dates resolved against the article's publication day ---------------------------------------------

_PARTS = r"(?:hôm|sáng|trưa|chiều|tối|đêm)"  # not "ngày": "ngày nay", "những ngày qua" are vague
_RELATIVE = re.compile(
    rf"(?<!\w)(?:{_PARTS} nay|(?:{_PARTS}|ngày hôm) qua|hôm kia|(?:ngày|sáng|trưa|chiều|tối) mai|ngày kia"
    r"|(?:tuần|tháng|năm) (?:tới|sau|trước)|tuần qua|tháng qua|năm ngoái)(?!\w)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"(?<!\w)(?:(?:hôm|sáng|trưa|chiều|tối|đêm|ngày) )?(thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)"
    r"(?: (tuần trước|tuần tới|tuần sau|tới|này|sau))?(?!\w)",
    re.IGNORECASE,
)
_WEEKDAYS = {"thứ hai": 0, "thứ ba": 1, "thứ tư": 2, "thứ năm": 3, "thứ sáu": 4, "thứ bảy": 5, "chủ nhật": 6}
_SHIFT = {"nay": 0, "qua": -1, "kia": -2, "mai": 1}
LATE = 60  # days: a day/month this far after publication belongs to the year before


@dataclass(frozen=True)
class Dated:
    """A date expression resolved to a day: its span, the day (for a week, month or year: its first day),
    how precise it is, and whether it was relative ("hôm qua") to the publication day."""

    start: int
    end: int
    day: date
    precision: str  # "day", "week", "month" or "year"
    relative: bool


def published_day(published: str | None) -> date | None:
    """The day of an ISO publication date or datetime ("2022-04-26T10:30:00"), or None."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def resolve_dates(text: str, published: date | None, year: int | None = None) -> list[Dated]:
    """The dates ``text`` names, resolved: written dates against the publication year (or ``year``), and
    relative ones ("hôm qua", "tuần tới", "thứ Ba") against the publication day. In text order, no overlaps;
    a written date wins over a relative expression it overlaps ("thứ Ba (26/4)")."""
    found: list[Dated] = []
    for m in find_dates(text):
        day = _written(m, published, year)
        if day is not None:
            found.append(Dated(m.start, m.end, day, "day", False))
    if published is not None:
        found.extend(_relative(text, published))
        found.extend(_weekdays(text, published, found))
    found.sort(key=lambda d: (d.start, d.relative))
    out: list[Dated] = []
    for d in found:
        if out and d.start < out[-1].end:
            if out[-1].relative and not d.relative:
                out[-1] = d
            continue
        out.append(d)
    return out


def _written(m: DateMention, published: date | None, year: int | None) -> date | None:
    if m.year is not None:
        return m.resolved(m.year)
    if published is None:
        return m.resolved(year) if year is not None else None
    day = m.resolved(published.year)
    if day is not None and (day - published).days > LATE:
        day = m.resolved(published.year - 1)
    return day


def _relative(text: str, published: date) -> list[Dated]:
    out = []
    for m in _RELATIVE.finditer(text):
        words = m.group().lower().split()
        unit, when = words[0], words[-1]
        if unit in ("tuần", "tháng", "năm"):
            step = -1 if when in ("trước", "qua", "ngoái") else 1
            if unit == "tuần":
                monday = published - timedelta(days=published.weekday())
                day, precision = monday + timedelta(weeks=step), "week"
            elif unit == "tháng":
                month = published.month - 1 + step
                day, precision = date(published.year + month // 12, month % 12 + 1, 1), "month"
            else:
                day, precision = date(published.year + step, 1, 1), "year"
        else:
            shift = 2 if words == ["ngày", "kia"] else _SHIFT[when]  # "hôm kia" is two days back, "ngày kia" ahead
            day, precision = published + timedelta(days=shift), "day"
        out.append(Dated(m.start(), m.end(), day, precision, True))
    return out


def _weekdays(text: str, published: date, found: list[Dated]) -> list[Dated]:
    written = [d.start for d in found if not d.relative]
    monday = published - timedelta(days=published.weekday())
    out = []
    for m in _WEEKDAY.finditer(text):
        if any(0 <= start - m.end() <= 6 for start in written):
            continue  # "thứ Ba (26/4)", "thứ Ba, ngày 26/4": the written date says it
        weekday = _WEEKDAYS[" ".join(m.group(1).lower().split())]
        when = " ".join((m.group(2) or "").lower().split())
        if when in ("tới", "sau"):
            day = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
        elif when in ("tuần tới", "tuần sau"):
            day = monday + timedelta(weeks=1, days=weekday)
        elif when == "tuần trước":
            day = monday - timedelta(weeks=1) + timedelta(days=weekday)
        elif when == "này":
            day = monday + timedelta(days=weekday)
        else:  # news tells what happened: the latest such day up to publication
            day = published - timedelta(days=(published.weekday() - weekday) % 7)
        out.append(Dated(m.start(), m.end(), day, "day", True))
    return out
