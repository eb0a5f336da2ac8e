"""Clean stage: normalize text and strip the furniture of scraped news pages.

Each rule works on one line (a paragraph) and is deliberately narrow: a rule
that removed a real sentence would hurt more than a caption that slipped by.
Patterns that can meet long runs of one character are possessive, atomic or
start only where a run starts, so that cleaning is linear in the line's length.
"""

from __future__ import annotations

import re

from tomtat.lang.normalize import normalize
from tomtat.lang.tokens import syllable_count
from tomtat.records import Article, Document

# Everything from one of these headings on is a list of other stories.
_TRAILER = re.compile(
    r"^(tin|bài|video)\s+(cùng\s+(chuyên\s+mục|chủ\s+đề|danh\s+mục)|liên\s+quan|mới(\s+nhất)?|khác"
    r"|nổi\s+bật|đọc\s+nhiều|xem\s+nhiều|hot)\b[\s\d:.>»-]*$"
    r"|^(có\s+thể\s+bạn\s+(quan\s+tâm|chưa\s+đọc)|đọc\s+tiếp|xem\s+tiếp|bình\s+luận(\s*\(\d+\))?)[\s\d:.>»-]*$",
    re.IGNORECASE,
)
_CAPTION_MARK = re.compile(
    r"\((?:\s*+(?:ảnh|nguồn\s+ảnh|ảnh\s+minh\s+họa|photo|video|clip|đồ\s+họa)\b[^()]*+)\)"
    r"|\bảnh\s*\d+(?=\s*\S)",
    re.IGNORECASE,
)
_CAPTION_LINE = re.compile(
    r"^(ảnh|nguồn\s+ảnh|photo|video|clip|đồ\s+họa|infographic)\s*+(minh\s+họa)?+\s*+[:：]", re.IGNORECASE
)
_RELATED = re.compile(r"^\s*(\[[^\[\]]+\]|>>.*|»\s.*|(xem|đọc)\s+(thêm|ngay|chi\s+tiết)\s*[:>].*)\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^(theo|nguồn|tác\s+giả|bài\s+và\s+ảnh|bài)(?>\s*:?\s+)[^,;!?]+$", re.IGNORECASE)
_SOURCE_TAG_LINE = re.compile(r"^[(\[][^()\[\]]{1,60}[)\]]\.?$")
# Tried at every position of a line, so a match starts only where a run of spaces does.
_SOURCE_TAG_END = re.compile(
    r"(?<!\s)\s*+\((?:theo\s+[^()]{1,50}"
    r"|[^()]*(?:TTXVN|Vietnam\+|VNA|Reuters|AFP|AP|Xinhua|TTO|VOV|VTV)[^()]{0,20})\)\.?$"
)
_SHARE = re.compile(
    r"^(chia\s+sẻ|share|tweet|bình\s+luận|theo\s+dõi|follow|like|thích|gửi\s+bài|in\s+bài|lưu\s+bài"
    r"|facebook|zalo|twitter|email|copy\s+link|sao\s+chép\s+liên\s+kết|tải\s+ứng\s+dụng)\b",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"(?<!\s)\s*+/\.\s*+$")  # the wire-service sign-off "/."
_END_PUNCT = tuple(".!?…:;”\"’»)")

# Corpus files and some exporters start with "Key: value" lines (Title:, Source:, Summary:, Content:).
_HEADER = re.compile(r"^\s*+([A-Za-zÀ-ỹ][\wÀ-ỹ ]{1,20}?)\s*+:\s*+(.*)$")
_HEADER_TITLE = {"title", "tiêu đề", "headline"}
_HEADER_LEAD = {"summary", "sapo", "lead", "description", "tóm tắt", "mô tả"}
_HEADER_BODY = {"content", "body", "text", "nội dung"}
_HEADER_DROP = {"source", "link", "url", "published", "date", "author", "tags", "tag", "category", "nguồn",
                "ngày", "ngày đăng", "tác giả", "chuyên mục", "từ khóa", "id"}  # fmt: skip


def split_header(text: str) -> tuple[str, str, str]:
    """(title, lead, body) from a "Key: value" header, when the text starts with one."""
    lines = text.split("\n")
    title = lead = ""
    for k, line in enumerate(lines[:12]):
        m = _HEADER.match(line)
        key = m.group(1).strip().lower() if m else ""
        if key in _HEADER_TITLE:
            title = m.group(2).strip()  # type: ignore[union-attr]
        elif key in _HEADER_LEAD:
            lead = m.group(2).strip()  # type: ignore[union-attr]
        elif key in _HEADER_BODY:
            return title, lead, "\n".join([m.group(2), *lines[k + 1 :]])  # type: ignore[union-attr]
        elif key not in _HEADER_DROP and line.strip():
            break
    else:
        k = min(len(lines), 12)
    if not (title or lead):
        return "", "", text
    return title, lead, "\n".join(lines[k:])


_ANY_SYLLABLE = re.compile(r"[^\W_]")
_RUN_OF_SPACES = re.compile(r"[ \t]{2,}")


def _is_boilerplate(line: str, near_end: bool) -> bool:
    """True when the whole line is page furniture rather than news text."""
    # Anchored patterns first; the syllables are counted only for lines that might be short furniture.
    if not _ANY_SYLLABLE.search(line):
        return True
    if _RELATED.match(line) or _CAPTION_LINE.match(line):
        return True
    if _SOURCE_TAG_LINE.match(line) and syllable_count(line) <= 8:
        return True
    if _BYLINE.match(line) and not line.endswith((".", "!", "?")) and syllable_count(line) <= 12:
        return True
    if _SHARE.match(line) and syllable_count(line) <= 8:
        return True
    if _maybe_caption(line) and _CAPTION_MARK.search(line):
        rest = _CAPTION_MARK.sub("", line)
        if syllable_count(rest) <= 45:  # a caption line, not a paragraph that happens to cite a photo
            return True
    # A last short line without final punctuation is a signature ("MINH ANH", "Hà Linh - Nam Phong").
    return near_end and not line.endswith(_END_PUNCT) and syllable_count(line) <= 5


def _stop_if_needed(m: re.Match[str]) -> str:
    """Replacement for a trailing tag: a full stop, unless the sentence before it already ends."""
    text, k = m.string, m.start()
    while k > 0 and text[k - 1].isspace():  # look back past spaces only, not over the whole line
        k -= 1
    return "" if k > 0 and text[k - 1] in ".!?…" else "."


def _maybe_caption(line: str) -> bool:  # cheap tests first: the patterns would try every position of the line
    return "(" in line or "ảnh" in line.lower()


def _tidy(line: str) -> str:
    if _maybe_caption(line):
        line = _CAPTION_MARK.sub("", line)  # a photo credit left inside a long paragraph
    if "/." in line:
        line = _SIGN_OFF.sub(_stop_if_needed, line)
    if line.rstrip("\n").endswith((")", ").")):
        line = _SOURCE_TAG_END.sub(_stop_if_needed, line)
    if "  " in line or "\t" in line:
        line = _RUN_OF_SPACES.sub(" ", line)
    line = line.strip()
    if line.endswith(("./", ". /")):
        line = line.rstrip("/ ")
    return line


def looks_like_title(line: str) -> bool:
    """A headline: short, no final full stop, and not a caption or byline."""
    n = syllable_count(line)
    return 0 < n <= 35 and not line.rstrip().endswith((".", ",", ";", ":")) and not _is_boilerplate(line, False)


def clean_lines(text: str) -> list[str]:
    """The paragraphs of ``text`` that are news text, tidied, in order."""
    lines = [ln.strip() for ln in normalize(text).split("\n")]
    lines = [ln for ln in lines if ln]
    for i, line in enumerate(lines):
        if i > 0 and _TRAILER.match(line):
            lines = lines[:i]
            break
    kept: list[str] = []
    for i, line in enumerate(lines):
        near_end = i >= len(lines) - 2
        if _is_boilerplate(line, near_end):
            continue
        line = _tidy(line)
        if line and not _is_boilerplate(line, near_end):
            kept.append(line)
    return kept


def clean(doc: Document, position: int) -> Article:
    """Turn a read document into an article whose text is lead + body, one paragraph a line."""
    title, lead_text, body = doc.title, doc.lead, doc.text
    if not title and not lead_text:
        title, lead_text, body = split_header(doc.text)
    title = normalize(title).strip()
    lead_lines = clean_lines(lead_text) if lead_text.strip() else []
    body_lines = clean_lines(body)
    if not title and not lead_text and len(body_lines) > 1 and looks_like_title(body_lines[0]):
        title, body_lines = body_lines[0], body_lines[1:]
    if not lead_lines and body_lines:
        lead_lines, body_lines = body_lines[:1], body_lines[1:]
    lead = "\n".join(lead_lines)
    text = "\n".join(lead_lines + body_lines)
    return Article(
        doc.name, title, text, lead_end=len(lead), position=position, lead_given=bool(lead_lines) and bool(lead_text),
        published=doc.published, source=doc.source, url=doc.url,
    )
