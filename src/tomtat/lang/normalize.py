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

# What _OLD_STYLE could match, seen in NFC text (a superset: o/u before a toned a, e or y), to skip the NFD pass.
_OLD_STYLE_NFC = re.compile("[oOuU][àáãảạèéẽẻẹÀÁÃẢẠÈÉẼẺẸỳýỹỷỵỲÝỸỶỴ]")

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


def _move_tone(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(3) + m.group(2)
    return m.group(4) + m.group(6) + m.group(5)


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
    if unicodedata.is_normalized("NFC", text) and not _OLD_STYLE_NFC.search(text):
        return text  # most text, and all text normalized once already: nothing to move
    text = unicodedata.normalize("NFD", text)
    text = _OLD_STYLE.sub(_move_tone, text)
    return unicodedata.normalize("NFC", text)
