"""Article metadata as the readers find it: publication dates, and ``Key: value`` header blocks.

Dates are normalized to ISO 8601 (``2022-04-26`` or ``2022-04-26T10:30:00+07:00``); one that cannot be
read is left out with a warning, never an error. A header block is the few lines at the very top of a
plain-text article that name a known field (``Tiêu đề: ...``, ``Ngày: 26/4/2022``, ``Nguồn: ...``,
``URL: ...``). Dates are read only when short; a header block is looked for only in a bounded prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from tomtat.lang.normalize import normalize

MAX_DATE_CHARS = 64  # "Thứ ba, 26/04/2022 - 10:30 (GMT+7)" is 34
MAX_KEY_CHARS = 16  # "ngày xuất bản" is 13
MAX_HEADER_CHARS = 2_000  # a longer line is text, not a header
# One key per field, English and Vietnamese; matched whole, case-insensitively, before the first colon.
HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "tiêu đề": "title",
    "tựa đề": "title",
    "date": "published",
    "published": "published",
    "ngày": "published",
    "ngày đăng": "published",
    "ngày xuất bản": "published",
    "source": "source",
    "nguồn": "source",
    "url": "url",
    "link": "url",
    "đường dẫn": "url",
}
FIELDS = frozenset(HEADER_KEYS.values())

_WEEKDAY = re.compile(r"^(?:thứ\s{1,3}(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s{1,3}nhật|cn)\b[\s,]*", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"(?:ngày\s{1,3})?(\d{1,2})\s{1,3}tháng\s{1,3}(\d{1,2})\s{1,3}năm\s{1,3}(\d{4})", re.IGNORECASE)
_LEADING_DAY = re.compile(r"^ngày\s", re.IGNORECASE)
_SEPARATOR = re.compile(r"\||\blúc\b", re.IGNORECASE)  # "26/4/2022 | 10:30", "26/4/2022 lúc 10:30"
YEARS = range(1900, 2101)  # news; a wider year is a misreading (11111111 is not 1111-11-11)
# "GMT+7": dateutil reads POSIX style (GMT+7 is seven hours *behind*); news means ahead.
_OFFSET = re.compile(r"\(?\s?(?:GMT|UTC)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?\s?\)?", re.IGNORECASE)
_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")
# Two defaults that differ in every part: a part the text does not give comes out different.
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0), datetime(2001, 2, 2, 1, 1, 1))


@dataclass(frozen=True)
class Published:
    """A date as given and as read: ``iso`` is None when it could not be read."""

    iso: str | None
    warning: str | None = None


def iso_date(value: str) -> str | None:
    """``value`` as an ISO 8601 date, or date and time; None unless it gives a day, a month and a year.

    ISO forms first; then day-first forms as Vietnamese news writes them (``26/4/2022 10:30``,
    ``Thứ ba, 26/04/2022 - 10:30 (GMT+7)``, ``ngày 26 tháng 4 năm 2022``) and English ones
    (``April 26, 2022``), through dateutil.
    """
    text = " ".join(value[: 4 * MAX_DATE_CHARS + 1].split())
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    for iso in (date.fromisoformat, datetime.fromisoformat):
        try:
            found = iso(text)
        except ValueError:
            continue
        if found.year not in YEARS:
            return None
        return found.isoformat() if type(found) is date else found.isoformat(timespec="seconds")
    from dateutil import parser as dateparser  # 60 ms to import: only for dates not written in ISO

    text = _SEPARATOR.sub(" ", text)
    text = _DAY_MONTH_YEAR.sub(lambda m: f"{m.group(1)}/{m.group(2)}/{m.group(3)}", _WEEKDAY.sub("", text))
    text = _OFFSET.sub(lambda m: f" {m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}", _LEADING_DAY.sub("", text))
    try:
        a, b = (dateparser.parse(text, dayfirst=True, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.date() != b.date() or a.year not in YEARS:  # no year, month or day in the text
        return None
    if (a.hour, a.minute) != (b.hour, b.minute):
        return a.date().isoformat()
    return a.replace(second=a.second if a.second == b.second else 0).isoformat(timespec="seconds")


def published_date(value: str | None, name: str) -> Published:
    """A publication date as given by a record, a header or a page, normalized; a warning if unreadable."""
    if value is None or not value.strip():
        return Published(None)
    iso = iso_date(value)
    if iso is not None:
        return Published(iso)
    shown = value.strip()
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return Published(None, f"{name}: cannot read the date {shown!r} (write it like 2022-04-26 or 26/4/2022); left out")


def one_line(value: str | None) -> str | None:
    """A metadata value as one clean line (NFC, no control characters); None when empty."""
    if value is None:
        return None
    return " ".join(normalize(value).split()) or None


def _header(line: str) -> tuple[str, str] | None:
    colon = line.find(":", 0, MAX_KEY_CHARS + 1)
    if colon <= 0:
        return None
    field = HEADER_KEYS.get(" ".join(line[:colon].split()).casefold())
    return (field, line[colon + 1 :].strip()) if field else None


def header_block(text: str) -> tuple[dict[str, str], str]:
    """The header fields at the very top of ``text`` and the text after them.

    The block is the run of lines from the first non-blank one that each name a known field once (``Tiêu đề: ...``);
    it ends at a blank line (dropped) or at the first other line (kept). Without a block: ``({}, text)``.
    Looks at no more than one line per field and the line after them, each at most MAX_HEADER_CHARS.
    """
    fields: dict[str, str] = {}
    pos = _BLANK_LINES.match(text, 0, MAX_HEADER_CHARS).end()  # stdin's articles start after a --- line
    while pos < len(text):
        stop = text.find("\n", pos, pos + MAX_HEADER_CHARS + 1)  # never past a header's length
        if stop < 0:
            if len(text) - pos > MAX_HEADER_CHARS:  # a longer line is not a header
                break
            stop = len(text)
        line = text[pos:stop]
        if not line.strip():
            if fields:
                pos = stop + 1
            break
        found = _header(line) if len(fields) < len(FIELDS) else None
        if found is None or found[0] in fields:
            break
        fields[found[0]] = found[1]
        pos = stop + 1
    return (fields, text[pos:]) if fields else ({}, text)
