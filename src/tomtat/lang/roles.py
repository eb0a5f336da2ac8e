"""What a sentence does for a reader, from its shape and its first words: asks, addresses the reader, leans back.

Questions, calls to action and interview questions are not summary sentences; sentences that lean on an
earlier one never open a summary. Each test reads a bounded prefix or suffix: constant time per sentence.
"""

from __future__ import annotations

import re

from tomtat.lang.lexicon import (
    CONTEXT_OPENERS,
    INTERVIEWER_LABELS,
    POINTING_BACK_OPENERS,
    READER_ADDRESS_OPENERS,
    alternatives,
)

_CLOSERS = " \t\"'”’»)]…"
_LEANS = re.compile(
    rf"(?:[“\"‘«]|(?:{alternatives(CONTEXT_OPENERS + POINTING_BACK_OPENERS)})(?![\w]))", re.IGNORECASE
)
_READER = re.compile(rf"(?:{alternatives(READER_ADDRESS_OPENERS)})(?![\w])", re.IGNORECASE)
_INTERVIEWER = re.compile(rf"(?:{alternatives(INTERVIEWER_LABELS)})\s{{0,3}}:", re.IGNORECASE)
_PREFIX = 80  # characters: every opener is shorter


def asks(text: str) -> bool:
    """A question: it ends with '?' (closing quotes and brackets aside)."""
    return text[-40:].rstrip(_CLOSERS).endswith("?")


def addresses_reader(text: str) -> bool:
    """A call to action or words to the reader ("Mời quý độc giả...", "Hãy..."), or an interviewer's line."""
    head = text[:_PREFIX].lstrip(" -–—•*")
    return bool(_READER.match(head) or _INTERVIEWER.match(head))


def leans_back(text: str) -> bool:
    """Opens on a connective, a pronoun pointing back, or the tail of a quotation: needs an earlier sentence."""
    return bool(_LEANS.match(text[:_PREFIX].lstrip()))


def is_summary_sentence(text: str) -> bool:
    """News a summary may state: not a question, not a call to action or an interviewer's question."""
    return not asks(text) and not addresses_reader(text)
