"""Dates in Vietnamese news sentences: "hôm 22/4", "ngày 26/4/2022", "tối 24/8", "thứ Ba (26/4)".

Conservative on purpose: a day/month needs a cue word before it (ngày, hôm, sáng, tối, từ, đến...) or a
four-digit year after it, so that scores ("2-1"), fractions ("1/2 số") and ratios are never read as dates.
Every pattern is a bounded run of digits after a fixed word: linear time, no backtracking blow-up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_CUE = r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|rạng sáng|từ|đến|tới|đầu|cuối|trước|sau|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)"
_CUED = re.compile(rf"(?<!\w){_CUE}\s{{1,3}}\(?(\d{{1,2}})[/-](\d{{1,2}})(?:[/-](\d{{4}}))?(?![\d/-])", re.IGNORECASE)
_FULL = re.compile(r"(?<![\d/-])(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?![\d/-])")


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
    found: dict[int, DateMention] = {}
    for pattern in (_CUED, _FULL):
        for m in pattern.finditer(text):
            day, month = int(m.group(1)), int(m.group(2))
            year = int(m.group(3)) if m.group(3) else None
            if _real(day, month, year):
                found.setdefault(m.start(1), DateMention(m.start(1), m.end(), day, month, year))
    return [found[k] for k in sorted(found)]


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
