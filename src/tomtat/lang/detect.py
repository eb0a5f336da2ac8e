"""Is this Vietnamese? The share of syllables that carry letters only Vietnamese uses; no model needed."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Letters only Vietnamese uses (French and Portuguese share à é ê ô ã õ, so those do not count).
_VIETNAMESE_MARKED = re.compile(r"[ăđơưạảặẳẵằắậẩẫầấẹẻẽệểễềếịỉĩọỏộổỗồốợởỡờớụủũựửữừứỵỷỹỳ]")
MIN_VIETNAMESE_SHARE = 0.15  # AbMuSu articles: 41% to 70% of syllables carry one; French and English: ~0%


def vietnamese_share(tokens: Iterable[str]) -> float:
    """Share of the (non-numeric) syllables that carry a Vietnamese-only letter."""
    words = [t for t in tokens if not t.isdigit()]
    if not words:
        return 0.0
    return sum(1 for t in words if _VIETNAMESE_MARKED.search(t)) / len(words)
