"""Optional Vietnamese word segmentation (underthesea, GPL-3.0, the ``segment`` extra).

Words join syllables with underscores (Liên_hợp_quốc). Used for word-level
ROUGE and the "words" representations (tomtat.represent); the default works on
syllables, which measured as good for selection at a fraction of the time (BENCHMARKS.md).
"""

from __future__ import annotations

import re
import unicodedata

from tomtat.errors import TomtatError

_WORD = re.compile(r"[^\W_]+(?:_[^\W_]+)*")


def word_tokens(text: str) -> list[str]:
    """Lowercased words, syllables of one word joined by '_'; punctuation dropped."""
    try:
        from underthesea import word_tokenize
    except ImportError:
        raise TomtatError(
            "word segmentation needs underthesea: pip install 'tomtat[segment]'"
        ) from None
    text = unicodedata.normalize("NFC", text)
    segmented = word_tokenize(text, format="text")
    return _WORD.findall(segmented.lower())
