"""Split stage: paragraphs first, then sentences, with offsets into the article.

A full stop ends a sentence only when the next one visibly starts (a capital,
a digit or an opening quote after a space), the word before it is not a known
abbreviation or an initial, and no quotation or bracket is still open. Dates
(22/4), numbers (1.000, 3,5) and TP.HCM have no space after the dot, so they
never qualify.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tomtat.represent import syllables
from tomtat.types import Article, Sentence

# Abbreviations that end in a dot and are followed by a capitalised word.
ABBREVIATIONS = frozenset(
    "tp tx q p h tt ts pgs gs ths bs bsck ks ls ns nsnd nsưt nxb ubnd hđnd gđ pgđ tgđ ctcp tnhh "
    "st mr mrs ms dr prof jr sr co ltd inc corp no vs tr ng th.s pgs.ts gs.ts ths.bs "
    "t.ư tw đ/c btc ctv pv".split()
)
_BOUNDARY = re.compile(r"(?:\.{3}|…|[.!?])+[\"”’»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"“‘«(\[-]?\s*(\w)")
_TERMINAL = (".", "!", "?", "…", "”", '"', "’", "»", ")")
MAX_HEADING = 25  # syllables: a line this short without a final stop is a subheading

_OPENERS = {"“": "”", "(": ")", "«": "»", "‘": "’", "[": "]"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"“‘«([").lower()


def _open_quotes(text: str, start: int, end: int, stack: list[str]) -> list[str]:
    """Update the stack of open quotes/brackets over text[start:end]."""
    for ch in text[start:end]:
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _CLOSERS and stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
        elif ch == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append('"')
    return stack


def _cuts(paragraph: str, respect_quotes: bool) -> list[int]:
    cuts: list[int] = []
    stack: list[str] = []
    last = 0
    for m in _BOUNDARY.finditer(paragraph):
        nxt = _NEXT_START.match(paragraph, m.end())
        if not nxt or not (nxt.group(1).isupper() or nxt.group(1).isdigit()):
            continue
        stack = _open_quotes(paragraph, last, m.end(), stack)
        last = m.end()
        dot = m.group().rstrip("\"”’»)]")
        if dot == "." and m.group() == dot:
            word = _word_before(paragraph, m.start())
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        if respect_quotes and stack:
            continue
        cuts.append(m.end())
    stack = _open_quotes(paragraph, last, len(paragraph), stack)
    if respect_quotes and stack:  # a quote that never closes: scraping lost it, so ignore quotes
        return _cuts(paragraph, respect_quotes=False)
    return cuts


def sentence_spans(paragraph: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in ``paragraph``, whitespace trimmed."""
    begin = 0
    for cut in [*_cuts(paragraph, respect_quotes=True), len(paragraph)]:
        piece = paragraph[begin:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            yield begin + lead, begin + lead + len(stripped)
        begin = cut


def split_sentences(text: str) -> list[str]:
    """Sentences of a cleaned text, paragraph by paragraph (handy for callers and tests)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(paragraph[s:e] for s, e in sentence_spans(paragraph))
    return out


def split(article: Article, article_index: int, max_sentences: int | None = None) -> list[Sentence]:
    """Sentences of one article with offsets into ``article.text``."""
    sentences: list[Sentence] = []
    offset = 0
    for p, paragraph in enumerate(article.text.split("\n")):
        for s, e in sentence_spans(paragraph):
            text = paragraph[s:e]
            tokens = syllables(text)
            if tokens:
                heading = (len(tokens) <= MAX_HEADING and not text.endswith(_TERMINAL)) or (
                    text.isupper() and len(tokens) > 2
                )
                sentences.append(
                    Sentence(
                        text=text,
                        article=article_index,
                        index=len(sentences),
                        start=offset + s,
                        end=offset + e,
                        paragraph=p,
                        in_lead=offset + s < article.lead_end,
                        tokens=tokens,
                        heading=heading,
                    )
                )
                if max_sentences is not None and len(sentences) >= max_sentences:
                    return sentences
        offset += len(paragraph) + 1
    return sentences
