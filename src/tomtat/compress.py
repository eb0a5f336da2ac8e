"""Compress stage: delete the parts of a sentence that human editors drop.

Deletion only: a compressed sentence is a list of spans of the original, so
every kept word is the source's word at an exact offset. Which kinds of
deletion to apply is learned from AbMuSu (``learn.deletions.deletion_stats``):
a kind is used only where editors dropped it more often than they kept it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tomtat.lang.lexicon import CONNECTIVES, SPEECH_VERBS, alternatives
from tomtat.lang.tokens import syllables
from tomtat.records import Sentence, Span

_SAY = f"(?:{alternatives(SPEECH_VERBS)})"

# Each kind: a pattern whose group "cut" is deleted. Patterns are anchored so the rest stays a sentence.
KINDS: dict[str, re.Pattern[str]] = {
    # "Theo ông A, ..." / "Theo Reuters, ..."
    "source_prefix": re.compile(r"^(?P<cut>Theo [^,;:“”\"]{2,60}, )\S"),
    # "Bà Kaneko thông báo, ..." / "Ông A cho biết: ..."
    "speaker_prefix": re.compile(rf"^(?P<cut>[^,;:“”\"]{{2,50}} {_SAY}(?: rằng)?[,:] )[^“\"]"),
    # "Trước đó, ..." / "Trong khi đó, ..."
    "connective_prefix": re.compile(
        rf"^(?P<cut>(?:{alternatives(CONNECTIVES, capitalized=True)}|Cũng theo [^,]{{2,40}}), )\S"
    ),
    # "..., ông A cho biết." at the end of a sentence that is not a quotation
    "speaker_suffix": re.compile(rf"[^”\"](?P<cut>, (?:theo )?[^,;:“”\"]{{2,50}} {_SAY})\.$"),
    # "(ở miền Đông Ukraine)", "(ICRC)"
    "parenthesis": re.compile(r"(?P<cut> \([^()]{1,80}\))"),
    # A short opening clause: "Hôm 19/4, ...", "Tại cuộc họp, ..."
    "opening_clause": re.compile(r"^(?P<cut>[^,;:“”\"]{2,40}, )\S"),
}


@dataclass(frozen=True)
class Compression:
    spans: tuple[Span, ...]  # kept parts, in article offsets
    text: str  # what the reader sees
    kinds: tuple[str, ...]  # deletions applied
    length: int  # syllables kept


def candidates(sentence: Sentence) -> list[tuple[str, int, int]]:
    """Deletable stretches of ``sentence``: (kind, start, end) in sentence-relative offsets."""
    out: list[tuple[str, int, int]] = []
    text = sentence.text
    for kind, pattern in KINDS.items():
        for m in pattern.finditer(text):
            out.append((kind, m.start("cut"), m.end("cut")))
    return out


def compress(sentence: Sentence, kinds: frozenset[str]) -> Compression | None:
    """The sentence with deletions of the given kinds, or None when nothing applies."""
    cuts = sorted((s, e, k) for k, s, e in candidates(sentence) if k in kinds)
    merged: list[tuple[int, int]] = []
    used: list[str] = []
    for s, e, k in cuts:
        if merged and s < merged[-1][1]:
            continue  # overlapping cuts: keep the first
        merged.append((s, e))
        used.append(k)
    if not merged:
        return None
    spans: list[Span] = []
    pos = 0
    for s, e in merged:
        if s > pos:
            spans.append(Span(sentence.start + pos, sentence.start + s))
        pos = e
    if pos < len(sentence.text):
        spans.append(Span(sentence.start + pos, sentence.end))
    text = "".join(sentence.text[sp.start - sentence.start : sp.end - sentence.start] for sp in spans).strip()
    if len(text.split()) < 4:
        return None
    if merged[0][0] == 0:  # the sentence now starts mid-way: capitalise its first letter for the reader
        text = text[0].upper() + text[1:]
    if not text.endswith((".", "!", "?", "…", "”", '"')):
        text += "."
    return Compression(tuple(spans), text, tuple(used), len(syllables(text)))


def worth_deleting(stats: dict[str, tuple[int, float]], threshold: float, min_count: int = 20) -> frozenset[str]:
    """Kinds whose stretches editors keep less often than ``threshold``: deleting them and
    spending the syllables on other content raises expected ROUGE."""
    return frozenset(k for k, (n, kept) in stats.items() if n >= min_count and kept < threshold)
