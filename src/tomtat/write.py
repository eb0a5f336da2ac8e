"""Write stage: a summary as plain text, JSON or Markdown with source markers."""

from __future__ import annotations

import json

from tomtat.types import Summary

FORMATS = ("text", "json", "markdown")


def to_text(summary: Summary) -> str:
    return summary.text + "\n"


def to_json(summary: Summary, indent: int | None = 2) -> str:
    return json.dumps(summary.to_dict(sources=True), ensure_ascii=False, indent=indent) + "\n"


def to_markdown(summary: Summary) -> str:
    """Sentences with numbered markers [n] pointing at a list of sources."""
    used = list(dict.fromkeys(s.document for s in summary.sentences))
    number = {name: k + 1 for k, name in enumerate(used)}
    body = " ".join(f"{s.text} [{number[s.document]}]" for s in summary.sentences)
    sources = "\n".join(f"{number[name]}. {name}" for name in used)
    return f"{body}\n\n**Nguồn**\n\n{sources}\n"


def render(summary: Summary, fmt: str) -> str:
    return {"text": to_text, "json": to_json, "markdown": to_markdown}[fmt](summary)
