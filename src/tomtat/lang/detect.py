"""Is this Vietnamese? The share of syllables that carry letters only Vietnamese uses; no model needed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import filterfalse

# Letters only Vietnamese uses (French and Portuguese share à é ê ô ã õ, so those do not count).
_MARKED = "ăđơưạảặẳẵằắậẩẫầấẹẻẽệểễềếịỉĩọỏộổỗồốợởỡờớụủũựửữừứỵỷỹỳ"
# In space-joined syllables, a match runs from a syllable's first such letter to its end: one per syllable.
_MARKED_SYLLABLE = re.compile(rf"[{_MARKED}][^ ]*+")
MIN_VIETNAMESE_SHARE = 0.15  # AbMuSu articles: 41% to 70% of syllables carry one; French and English: ~0%


def vietnamese_share(tokens: Iterable[str]) -> float:
    """Share of the (non-numeric) syllables that carry a Vietnamese-only letter."""
    words = list(filterfalse(str.isdigit, tokens))
    if not words:
        return 0.0
    return len(_MARKED_SYLLABLE.findall(" ".join(words))) / len(words)
