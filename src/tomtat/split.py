"""Split stage: paragraphs first, then sentences, with offsets into the article.

A full stop ends a sentence only when the next one visibly starts (a capital,
a digit or an opening quote after a space), the word before it is not a known
abbreviation or an initial, and no quotation or bracket is still open. Dates
(22/4), numbers (1.000, 3,5) and TP.HCM have no space after the dot, so they
never qualify.

Every pattern here is possessive or guarded so that no input makes it
backtrack: cost is linear in the paragraph's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tomtat.lang.lexicon import ABBREVIATIONS
from tomtat.lang.tokens import syllables
from tomtat.records import Article, Sentence

# A run of stops (". ! ? …", "...", "?!") and closing quotes before a space. It starts only where a
# run starts and never gives characters back: a long run of dots is one linear scan, not 2^n splits.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’»)\]]*+(?=\s)")
_NEXT_START = re.compile(r"\s++[\"“‘«(\[-]?+\s*+(\w)")
_TERMINAL = (".", "!", "?", "…", "”", '"', "’", "»", ")")
MAX_HEADING = 25  # syllables: a line this short without a final stop is a subheading
# Syllables: AbMuSu's longest sentence has 227 (p99.9: 156). A longer piece with no sentence end is a
# junk line (a scraped menu, a keyword dump), not a sentence: it is skipped and not counted as input.
MAX_SENTENCE = 500
# Capitals mark subheadings, unless they are how the article is written: past this share of its
# syllables (AbMuSu: at most 6%) an article is in capitals and its capitalised lines are sentences.
CAPITALS_ARTICLE = 0.5

_OPENERS = {"“": "”", "(": ")", "«": "»", "‘": "’", "[": "]"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_QUOTE_MARKS = re.compile("[" + re.escape("".join(_OPENERS) + "".join(_CLOSERS) + '"') + "]")


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"“‘«([").lower()


def _open_quotes(text: str, start: int, end: int, stack: list[str]) -> list[str]:
    """Update the stack of open quotes/brackets over text[start:end]."""
    for m in _QUOTE_MARKS.finditer(text, start, end):  # only the marks: the text between them is skipped in C
        ch = m.group()
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


def _too_long(paragraph: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The pieces between ``cuts`` longer than a sentence can be (a syllable takes a character at least)."""
    bounds = [0, *cuts, len(paragraph)]
    return [
        (a, b)
        for a, b in zip(bounds, bounds[1:])
        if b - a > MAX_SENTENCE and len(syllables(paragraph[a:b])) > MAX_SENTENCE
    ]


def _inside(cuts: list[int], pieces: list[tuple[int, int]]) -> list[int]:
    """The cuts that fall strictly inside one of the (sorted, disjoint) pieces."""
    out: list[int] = []
    k = 0
    for c in cuts:
        while k < len(pieces) and pieces[k][1] <= c:
            k += 1
        if k < len(pieces) and pieces[k][0] < c:
            out.append(c)
    return out


def sentence_spans(paragraph: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in ``paragraph``, whitespace trimmed."""
    cuts = _cuts(paragraph, respect_quotes=True)
    long = _too_long(paragraph, cuts)
    if long:  # a quotation too long to be one sentence: cut inside it as if it had no quote marks
        cuts = sorted({*cuts, *_inside(_cuts(paragraph, respect_quotes=False), long)})
    begin = 0
    for cut in [*cuts, len(paragraph)]:
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


def in_capitals(sentences: list[Sentence]) -> bool:
    """Most of these sentences' syllables are in capital letters: capitals are the article's style."""
    upper = sum(s.length for s in sentences if s.text.isupper())
    return upper > CAPITALS_ARTICLE * sum(s.length for s in sentences)


def split(
    article: Article, article_index: int, max_sentences: int | None = None, warnings: list[str] | None = None
) -> list[Sentence]:
    """Sentences of one article with offsets into ``article.text``.

    Pieces longer than ``MAX_SENTENCE`` syllables are skipped; they and an article written in
    capitals are reported in ``warnings``.
    """
    sentences: list[Sentence] = []
    too_long = 0
    offset = 0
    for p, paragraph in enumerate(article.text.split("\n")):
        if max_sentences is not None and len(sentences) >= max_sentences:
            break
        for s, e in sentence_spans(paragraph):
            text = paragraph[s:e]
            tokens = syllables(text)
            if len(tokens) > MAX_SENTENCE:
                too_long += 1
            elif tokens:
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
                        heading=len(tokens) <= MAX_HEADING and not text.endswith(_TERMINAL),
                    )
                )
                if max_sentences is not None and len(sentences) >= max_sentences:
                    break
        offset += len(paragraph) + 1
    notes = warnings if warnings is not None else []
    if too_long:
        lines = "1 line" if too_long == 1 else f"{too_long} lines"
        notes.append(
            f"{article.name}: {lines} too long for a sentence (over {MAX_SENTENCE} syllables with no sentence end), skipped"
        )
    if in_capitals(sentences):
        notes.append(
            f"{article.name}: written in capital letters; its capitalised lines are read as sentences, not headings"
        )
    else:
        for s in sentences:
            s.heading = s.heading or (s.text.isupper() and s.length > 2)
    return sentences
