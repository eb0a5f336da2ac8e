"""Detect and convert Vietnamese typed in legacy 8-bit font encodings.

Two encodings matter in practice:

* ``TCVN3`` (TCVN 5712:1993 "VN3", the ABC / ``.VnTime`` fonts): one byte per
  letter.  VN3 has precomposed uppercase only for Ă Â Ê Ô Ơ Ư Đ; an uppercase
  *toned* letter was typed with the lowercase code and shown in caps by the
  ``.VnTimeH`` font.  Such codes therefore convert to lowercase, except inside
  words (or whole lines) that are visibly written in capitals, where they are
  uppercased (see ``_fix_tcvn3_case``).  ``to_legacy`` writes uppercase toned
  letters with the lowercase code, so that direction is lossy.
* ``VNI`` (VNI-Windows, the ``VNI-Times`` fonts): a base letter followed by one
  mark byte (tone, breve+tone or circumflex+tone); i-vowels, ơ, ư, ỵ and đ have
  single-byte codes.

Input is text whose bytes were decoded as cp1252 (or latin-1: every code used
here lies in 0xA1-0xFF, where the two agree).  Tables are generated from
vowel x tone grids instead of being typed letter by letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from itertools import islice

__all__ = ["LEGACY_ENCODINGS", "convert_legacy", "detect_legacy", "to_legacy"]

LEGACY_ENCODINGS: tuple[str, ...] = ("TCVN3", "VNI")

# Combining tones in the column order of the grids below.
_TONES: tuple[str, ...] = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_SET = frozenset(_TONES[1:])


def _grid(vowel: str) -> list[str]:
    """[plain, grave, hook, tilde, acute, dot] forms of a vowel, NFC."""
    return [unicodedata.normalize("NFC", vowel + tone) for tone in _TONES]


# --- TCVN3 ------------------------------------------------------------------

# Byte per form, columns as in _TONES; None = plain ASCII letter.
_TCVN3_GRID: dict[str, tuple[int | None, ...]] = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_UPPER_PLAIN: dict[str, int] = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}
# Decode-only: the few uppercase toned letters VN1/VN2 put in the holes that
# VN3 leaves (same bytes as glibc's TCVN5712-1).  VN3 text never uses these
# bytes otherwise; 0xB0-0xB4 (VN1 combining tones) are skipped because they
# are ° ± ² ³ ´ in ordinary text.
_TCVN3_UPPER_EXTRA: dict[str, int] = {
    "Ằ": 0xAF, "Ẳ": 0xBA, "Ẵ": 0xBF, "Ắ": 0xC0, "Ầ": 0xC1, "Ẩ": 0xC2, "Ẫ": 0xC3,
    "Ấ": 0xC4, "Ề": 0xC5, "Ể": 0xCD, "Ễ": 0xD9, "Ế": 0xDA, "Ồ": 0xDB, "Ổ": 0xE0,
    "Ỗ": 0xF0, "Ố": 0xFF,
}


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str], dict[str, str], frozenset[str]]:
    decode_lower: dict[str, str] = {"\u00ae": "đ"}
    encode: dict[str, str] = {"đ": "\u00ae"}
    toned_codes: set[str] = set()
    for vowel, codes in _TCVN3_GRID.items():
        for column, (letter, code) in enumerate(zip(_grid(vowel), codes)):
            if code is None:
                continue
            decode_lower[chr(code)] = letter
            encode[letter] = chr(code)
            if column:
                toned_codes.add(chr(code))
                # No uppercase code exists: share the lowercase one.
                encode[letter.upper()] = chr(code)
    for letter, code in _TCVN3_UPPER_PLAIN.items():
        decode_lower[chr(code)] = letter
        encode[letter] = chr(code)
    for letter, code in _TCVN3_UPPER_EXTRA.items():
        decode_lower[chr(code)] = letter
    decode_upper = {
        code: (letter.upper() if code in toned_codes else letter)
        for code, letter in decode_lower.items()
    }
    return decode_lower, decode_upper, encode, frozenset(toned_codes)


_TCVN3_DECODE, _TCVN3_DECODE_UPPER, _TCVN3_ENCODE, _TCVN3_TONED = _build_tcvn3()
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_TABLE_UPPER = str.maketrans(_TCVN3_DECODE_UPPER)
_TCVN3_ENCODE_TABLE = str.maketrans(_TCVN3_ENCODE)

_TCVN3_TONED_CLASS = "".join(sorted(_TCVN3_TONED))
_TCVN3_HAS_TONED = re.compile(f"[{re.escape(_TCVN3_TONED_CLASS)}]")
_TCVN3_WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]+")
# Letters whose case is known despite the missing uppercase toned codes.
_TCVN3_UPPER_RE = re.compile(
    "[A-Z\u00a1-\u00a7" + "".join(map(chr, _TCVN3_UPPER_EXTRA.values())) + "]"
)
_TCVN3_LOWER_RE = re.compile(r"[a-z\u00a8-\u00ae]")


def _fix_tcvn3_case(line: str) -> str:
    """Convert one line, uppercasing toned letters inside all-caps words.

    A word counts as all-caps when its letters of known case are uppercase and
    either there are at least two of them, or the whole line has no known
    lowercase letter and at least three uppercase ones (so "Hµ NéI" in a
    headline becomes "HÀ NỘI", while "Hµ" in running text stays "Hà").
    """
    if not _TCVN3_HAS_TONED.search(line):
        return line.translate(_TCVN3_TABLE)
    line_caps = (
        _TCVN3_LOWER_RE.search(line) is None
        and len(_TCVN3_UPPER_RE.findall(line)) >= 3
    )

    def word(match: re.Match[str]) -> str:
        w = match.group()
        if _TCVN3_LOWER_RE.search(w) is None:
            n_upper = len(_TCVN3_UPPER_RE.findall(w))
            if n_upper >= 2 or (n_upper == 1 and line_caps):
                return w.translate(_TCVN3_TABLE_UPPER)
        return w.translate(_TCVN3_TABLE)

    return _TCVN3_WORD.sub(word, line)


def _tcvn3_decode(text: str) -> str:
    return "".join(_fix_tcvn3_case(line) for line in text.splitlines(keepends=True))


# --- VNI --------------------------------------------------------------------

# Marks after a base letter, columns as in _TONES.
_VNI_TONE_MARKS = ("", "ø", "û", "õ", "ù", "ï")
_VNI_BREVE_MARKS = ("ê", "è", "ú", "ü", "é", "ë")
_VNI_CIRC_MARKS = ("â", "à", "å", "ã", "á", "ä")
# Per vowel, per column: the VNI spelling (lowercase).
_VNI_GRID: dict[str, tuple[str, ...]] = {
    "a": tuple("a" + m for m in _VNI_TONE_MARKS),
    "ă": tuple("a" + m for m in _VNI_BREVE_MARKS),
    "â": tuple("a" + m for m in _VNI_CIRC_MARKS),
    "e": tuple("e" + m for m in _VNI_TONE_MARKS),
    "ê": tuple("e" + m for m in _VNI_CIRC_MARKS),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": tuple("o" + m for m in _VNI_TONE_MARKS),
    "ô": tuple("o" + m for m in _VNI_CIRC_MARKS),
    "ơ": tuple("ô" + m for m in _VNI_TONE_MARKS),
    "u": tuple("u" + m for m in _VNI_TONE_MARKS),
    "ư": tuple("ö" + m for m in _VNI_TONE_MARKS),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
_VNI_MARKS = frozenset(_VNI_TONE_MARKS[1:] + _VNI_BREVE_MARKS + _VNI_CIRC_MARKS)
_VNI_MARKS_ALL = _VNI_MARKS | {m.upper() for m in _VNI_MARKS}


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    pairs = [(_grid(v), spellings) for v, spellings in _VNI_GRID.items()]
    pairs.append((["đ"], ("ñ",)))
    for letters, spellings in pairs:
        for letter, spelling in zip(letters, spellings):
            upper = letter.upper()
            encode[letter] = spelling
            encode[upper] = spelling.upper()
            if spelling == letter:
                continue  # plain ASCII letter, or í/ì which VNI keeps as is
            decode[spelling] = letter
            decode[spelling.upper()] = upper
            if len(spelling) == 2:
                # Case follows the base letter; tolerate a mark typed in the
                # other case.
                base, mark = spelling
                decode[base + mark.upper()] = letter
                decode[base.upper() + mark] = upper
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _build_vni()
# Longest alternatives first so that "oâ" wins over "o" and "ôù" over "ô".
_VNI_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=lambda k: (-len(k), k)))
)
_VNI_ENCODE_TABLE = str.maketrans(_VNI_ENCODE)


def _vni_decode(text: str) -> str:
    return _VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], text)


# --- public conversion API --------------------------------------------------

def _canonical(encoding: str) -> str:
    name = encoding.strip().upper() if isinstance(encoding, str) else ""
    if name not in LEGACY_ENCODINGS:
        raise ValueError(
            f"unknown legacy encoding {encoding!r}; expected one of {LEGACY_ENCODINGS}"
        )
    return name


def convert_legacy(text: str, encoding: str) -> str:
    """Convert legacy-encoded text (decoded as cp1252) to Unicode NFC."""
    name = _canonical(encoding)
    out = _tcvn3_decode(text) if name == "TCVN3" else _vni_decode(text)
    return unicodedata.normalize("NFC", out)


def to_legacy(text: str, encoding: str) -> str:
    """Inverse of ``convert_legacy`` for Unicode Vietnamese input.

    TCVN3 writes uppercase toned letters with their lowercase code (see module
    docstring); characters without a legacy spelling pass through unchanged.
    """
    name = _canonical(encoding)
    table = _TCVN3_ENCODE_TABLE if name == "TCVN3" else _VNI_ENCODE_TABLE
    return unicodedata.normalize("NFC", text).translate(table)


# --- detection --------------------------------------------------------------

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_RHYME = (
    "(?:"
    # Nuclei that may stand alone or take a final consonant.
    "(?:uyê|iê|yê|uô|ươ|oa|oe|uê|uy|oo|[aeêioôơuưy])(?:ch|nh|ng|[cmnpt])?"
    # ă and â always need a final consonant.
    "|(?:oă|uâ|[ăâ])(?:ng|[cmnpt])"
    # Nuclei closed by a semivowel.
    "|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyu"
    "|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|uơ|ưa|ưi|ưu"
    ")"
)
_SYLLABLE_RE = re.compile(_ONSET + _RHYME)


def _is_syllable(word: str) -> bool:
    """Whether a lowercase NFC word is a plausible Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in _TONE_SET)
    if tones > 1:
        return False
    bare = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in _TONE_SET)
    )
    return _SYLLABLE_RE.fullmatch(bare) is not None


# Words holding at least one non-ASCII letter-ish character; pure ASCII words
# carry no evidence either way.  Beyond latin-1, Vietnamese Unicode letters and
# combining marks are included so that real Unicode text counts against both.
_WORD_CHARS = "A-Za-z\u00a1-\u00ff\u0100-\u024f\u0300-\u036f\u1e00-\u1eff"
_EVIDENCE_WORD = re.compile(
    f"(?<![A-Za-z])[A-Za-z]*+[\u00a1-\u00ff\u0100-\u024f\u0300-\u036f\u1e00-\u1eff][{_WORD_CHARS}]*"
)

_BAD, _NEUTRAL, _GOOD, _STRONG = -1, 0, 1, 2
_MIN_GOOD = 3  # word occurrences
_MIN_DISTINCT_GOOD = 3  # different words, so one repeated word is not enough
_MIN_RATIO = 0.75  # good / (good + bad)
_MAX_DISTINCT = 5000  # words judged; bounds the cost on huge vocabularies

# TCVN3 codes that are symbols in latin-1 (¨ © « ® µ ¸ ¹ × ...): never found
# inside a Western word, so a syllable spelled with one is strong evidence.
# Without this, French "né", "thé", "dé" (read as nộ, thộ, dộ) could pass.
_TCVN3_STRONG = frozenset(ch for ch in _TCVN3_DECODE if ch < "\u00c0" or ch in "×÷")
# VNI pairs other than vowel + ù/û ("où", "goût" are French); plus đ and ư.
_VNI_STRONG_RE = re.compile(
    "|".join(
        re.escape(k)
        for k in sorted(_VNI_DECODE, key=lambda k: (-len(k), k))
        if (len(k) == 2 and k[1].lower() not in "ùû") or k in "ñÑöÖ"
    )
)


def _judge_tcvn3(word: str) -> int:
    if not any(ch in _TCVN3_DECODE for ch in word):
        return _NEUTRAL
    out = word.translate(_TCVN3_TABLE).lower()
    if len(out) < 2:
        return _NEUTRAL
    if not _is_syllable(out):
        return _BAD
    return _STRONG if any(ch in _TCVN3_STRONG for ch in word) else _GOOD


def _judge_vni(word: str) -> int:
    leftover, converted = _VNI_RE.subn("", word)
    if any(ch in _VNI_MARKS_ALL for ch in leftover):
        return _BAD  # a mark with no base letter before it
    if not converted:
        return _NEUTRAL
    out = unicodedata.normalize("NFC", _vni_decode(word)).lower()
    if len(out) < 2:
        return _NEUTRAL
    if not _is_syllable(out):
        return _BAD
    return _STRONG if _VNI_STRONG_RE.search(word) else _GOOD


_JUDGES: dict[str, Callable[[str], int]] = {"TCVN3": _judge_tcvn3, "VNI": _judge_vni}


def detect_legacy(text: str) -> str | None:
    """Return "TCVN3" or "VNI" when `text` looks like Vietnamese in that legacy
    encoding (decoded as cp1252), else None.

    Each non-ASCII word is converted with both tables: a word that becomes a
    valid Vietnamese syllable is evidence for the encoding, one that does not
    (or that holds Unicode-only Vietnamese letters, impossible in cp1252
    output) is evidence against.  An encoding needs enough good words, a high
    good/bad ratio and at least one "strong" word (see _TCVN3_STRONG).  Only
    the first _MAX_DISTINCT distinct words are judged, so the cost is one
    regex scan plus bounded work.
    """
    if not text or text.isascii():
        return None
    counts = Counter(_EVIDENCE_WORD.findall(text))
    words = list(islice(counts.items(), _MAX_DISTINCT))
    best: tuple[int, float, str] | None = None
    for name, judge in _JUDGES.items():
        good = bad = distinct_good = strong = 0
        for word, count in words:
            verdict = _BAD if max(word) > "\u00ff" else judge(word)
            if verdict >= _GOOD:
                good += count
                distinct_good += 1
                strong += verdict == _STRONG
            elif verdict == _BAD:
                bad += count
        if good < _MIN_GOOD or distinct_good < _MIN_DISTINCT_GOOD or not strong:
            continue
        ratio = good / (good + bad)
        if ratio < _MIN_RATIO:
            continue
        candidate = (good, ratio, name)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return None if best is None else best[2]
