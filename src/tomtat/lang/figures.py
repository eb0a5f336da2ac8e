"""Figures in news sentences: counts, amounts and clock times with the word they count ("12 người",
"3,5 tỷ đồng", "10h30", "lúc 10 giờ 30").

Dates and years are not figures here (lang/dates.py reads them), nor numbers inside names ("Covid-19",
"Su-30", "F1"). Every pattern is fixed words around bounded digit runs: linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tomtat.lang.dates import find_dates

# A clock time: 10h30, 10h, 10:30, 10 giờ 30 (phút).
# Each pattern starts on a digit, the "not glued" check just after it, so the scan skips to digits.
_TIME = re.compile(r"(\d(?<![\w.,/:-]\d)\d?)\s?(?:h|giờ|:)\s?(\d{2})?(?:\s?phút)?(?![\w/-])", re.IGNORECASE)
# A number: 12, 1.200, 3,5, 15%; not glued to letters or to another number's separator.
_NUMBER = re.compile(r"(\d(?<![\w.,/:-]\d)\d{0,14}(?:[.,]\d{1,3}){0,5})(%?)(?![\w/-]|[.,]\d)")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")
# Words that make a figure a round or bounded one ("gần 9.400", "hơn 43.000", "khoảng 2 giờ").
_ROUGHLY = re.compile(r"(?:gần|hơn|khoảng|chừng|trên|dưới|xấp xỉ|ước tính|ước|tới|gần như|có thể|hàng|vài|cỡ)\s$", re.IGNORECASE)
_BEFORE = 14  # characters looked at before a figure for those words


@dataclass(frozen=True)
class Figure:
    """A figure as written: its span, its value as a reader compares it, and the word it counts."""

    start: int
    end: int
    value: str  # "12", "3,5", "10:30", "15%"
    unit: str  # the counted word, lowercased ("người", "tỷ", "giờ", "%")
    rough: bool = False  # written as an approximation or a bound ("gần", "hơn", "khoảng")

    def amount(self) -> float:
        """The value as a number: Vietnamese groups thousands with "." and writes decimals with ","
        (a clock time in minutes)."""
        if self.unit == "giờ" and ":" in self.value:
            hour, minute = self.value.split(":")
            return int(hour) * 60 + int(minute)
        return float(self.value.rstrip("%").replace(".", "").replace(",", "."))

    def agrees(self, other: Figure) -> bool:
        """Same figure, or close enough when either is rough (10%, or a quarter of an hour)."""
        if self.value == other.value:
            return True
        if not (self.rough or other.rough):
            return False
        a, b = self.amount(), other.amount()
        return abs(a - b) <= (15 if self.unit == "giờ" else 0.1 * max(abs(a), abs(b)))


def find_figures(text: str) -> list[Figure]:
    """The figures a sentence gives, in text order; dates, years and numbers inside names left out."""
    if not _DIGIT.search(text):
        return []
    taken = [(m.start, m.end) for m in find_dates(text)]
    out: list[Figure] = []
    for m in _TIME.finditer(text):
        hour, minute = int(m.group(1)), m.group(2)
        if hour > 24 or (minute is not None and int(minute) > 59) or (minute is None and ":" in m.group()):
            continue
        out.append(Figure(m.start(), m.end(), f"{hour}:{minute or '00'}", "giờ", _rough(text, m.start())))
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        digits = m.group(1)
        if len(digits) == 4 and digits[:2] in ("19", "20"):  # a year
            continue
        if m.group(2):
            out.append(Figure(m.start(), m.end(), digits + "%", "%", _rough(text, m.start())))
            continue
        unit = _WORD.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
        if unit is None:
            continue  # a bare number: nothing to say what it counts
        out.append(Figure(m.start(), m.end(), digits, unit.group().lower(), _rough(text, m.start())))
    out.sort(key=lambda f: f.start)
    return out


def _rough(text: str, start: int) -> bool:
    return _ROUGHLY.search(text, max(0, start - _BEFORE), start) is not None
