"""Write stage: a summary as plain text, JSON or Markdown with source markers.

Whatever may reach a terminal carries no control characters: an escape sequence
or a bidi override in an article or a file name must not recolour, move or
reorder what the user sees. Text and Markdown show them escaped (``\\x1b``);
JSON escapes them as ``\\uXXXX``, which leaves every value as it was.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tomtat.records import BatchResult, Summary

FORMATS = ("text", "json", "markdown")

# C0 and C1 controls, DEL, bidi marks and overrides, line/paragraph separators, lone surrogates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_TEXT = re.compile(f"[{_UNSAFE}]")  # tab and newline kept
_UNSAFE_LINE = re.compile(f"[\t\n{_UNSAFE}]")
# json.dumps escapes C0 itself; these it leaves raw (lone surrogates: no UTF-8 writer could write them).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name, as Python keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """Text safe to print: control and bidi characters escaped, lines kept."""
    return _UNSAFE_TEXT.sub(_escape, text)


def terminal_line(text: str) -> str:
    """One line safe to print (messages): newlines and tabs escaped too."""
    return _UNSAFE_LINE.sub(_escape, text)


def json_text(obj: Any, indent: int | None = None) -> str:
    """JSON with non-ASCII text as is, but the characters that act on a terminal escaped."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_text(summary: Summary) -> str:
    return terminal_text(summary.text) + "\n"


def to_json(summary: Summary, indent: int | None = 2) -> str:
    return json_text(summary.to_dict(sources=True), indent=indent) + "\n"


def to_markdown(summary: Summary) -> str:
    """Sentences with numbered markers [n] pointing at a list of sources."""
    used = list(dict.fromkeys(s.document for s in summary.sentences))
    number = {name: k + 1 for k, name in enumerate(used)}
    body = " ".join(f"{terminal_text(s.text)} [{number[s.document]}]" for s in summary.sentences)
    sources = "\n".join(f"{number[name]}. {terminal_line(name)}" for name in used)
    return f"{body}\n\n**Nguồn**\n\n{sources}\n"


def render(summary: Summary, fmt: str) -> str:
    return {"text": to_text, "json": to_json, "markdown": to_markdown}[fmt](summary)


def story_line(story: Any) -> str:
    """One JSON line of ``tomtat stories`` output (a :class:`tomtat.stream.stories.Story`), escaped as batch lines are."""
    return json_text(story.to_dict()) + "\n"


def batch_line(result: BatchResult, sources: bool = False) -> str:
    """One JSON line of a batch's output, as the CLI writes it and the service streams it: the summary
    (``sources``: with the articles' cleaned texts), or ``{"id"?, "error"}``. Lone surrogates and
    characters that act on a terminal are escaped, so the line is valid UTF-8 and safe to print."""
    row: dict[str, Any]
    if result.summary is not None:
        row = result.summary.to_dict(sources=sources)
    else:
        row = {"error": result.error} if result.id is None else {"id": result.id, "error": result.error}
    return json_text(row) + "\n"
