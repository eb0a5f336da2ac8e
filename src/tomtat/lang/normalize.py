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

# In NFC, old style is a plain o (u) before a toned a or e (y) at the end of a syllable: "hoà", "thuỷ".
# The tone moves onto the o (u) when nothing but the end of the syllable follows; "qu" + y is not the
# uy glide (quý keeps its mark). Found in NFC from the toned vowel, rarer than o and u to start a match on.
_MOVABLE = "àáãảạèéẽẻẹÀÁÃẢẠÈÉẼẺẸ"
_MOVABLE_Y = "ỳýỹỷỵỲÝỸỶỴ"
_OLD_STYLE = re.compile(rf"(?<=[oOuU])[{_MOVABLE}{_MOVABLE_Y}](?![^\W\d_]|[\u0300-\u036f])")


def _moved(glide: str, vowel: str) -> str:
    base, tone = unicodedata.normalize("NFD", vowel)
    return unicodedata.normalize("NFC", glide + tone) + base


_MOVED = {g + v: _moved(g, v) for g in "oO" for v in _MOVABLE} | {g + v: _moved(g, v) for g in "uU" for v in _MOVABLE_Y}


def _move_tones(text: str) -> str:
    pieces: list[str] = []
    done = 0
    for m in _OLD_STYLE.finditer(text):
        k = m.start()
        moved = _MOVED.get(text[k - 1 : k + 1])
        if moved is None or (k >= 2 and text[k - 2] in "qQ"):
            continue
        pieces += (text[done : k - 1], moved)
        done = k + 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# Characters that look like spaces or are invisible, as pasted from web pages. Bidi embeddings,
# overrides, isolates and marks (U+202A-E, U+2066-9, U+200E/F, U+061C) can make output display
# in another order than it reads, so they go too.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\u061c]")

# Line and paragraph separators besides \n and \r (those str.splitlines knows): each starts a paragraph.
_BREAKS = re.compile(r"[\v\f\x1c-\x1e\x85\u2028\u2029]")
# Terminal escape sequences (ECMA-48): CSI "ESC [ ... final", string commands (OSC, DCS, APC, PM,
# SOS) up to BEL or ST on the same line, and two-character escapes. Removed whole, so no "[31m" is left.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*+[ -/]*+[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*+(?:\x07|\x1b\\)"
    r"|\x1b[ -/]*+[0-~]"
)
# Other C0 and C1 control characters: all but tab, newline and the separators above.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def normalize(text: str, paragraphs: bool = True) -> str:
    """NFC, newspaper tone placement, plain spaces and newlines, no control characters.

    ``paragraphs=False`` leaves the separators (U+2028, U+2029, U+0085, \\v, \\f) in place, for text
    not yet split into fields: a JSON line, where U+2028 is legal inside a string and "\\n" is not.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if paragraphs:
        text = _BREAKS.sub("\n", text)
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _move_tones(text)
