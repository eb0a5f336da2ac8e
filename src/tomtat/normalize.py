"""Unicode normalization for Vietnamese: NFC and one tone-mark convention.

Vietnamese has two conventions for where the tone mark sits in the open
syllables oa, oe, uy: "hòa, khỏe, thủy" (the one most newspapers use) and
"hoà, khoẻ, thuỷ". The same word must compare equal, so everything is mapped
to the first. Syllables with a final consonant (hoàng, tuyết) are the same in
both conventions and are left alone.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below

# In NFD, "hoà" is h o a + grave; move the tone onto the o when nothing but the
# end of the syllable follows. "qu" + y is not the uy glide (quý keeps its mark).
_OLD_STYLE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])"
    rf"|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])"
)

# Characters that look like spaces or are invisible, as pasted from web pages.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def _move_tone(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(3) + m.group(2)
    return m.group(4) + m.group(6) + m.group(5)


def normalize(text: str) -> str:
    """NFC, newspaper tone placement, plain spaces and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFD", text)
    text = _OLD_STYLE.sub(_move_tone, text)
    return unicodedata.normalize("NFC", text)
