"""Bytes to text: UTF-8 (with or without BOM), UTF-16, UTF-32, Windows-1258, and legacy
Vietnamese font encodings (TCVN3/ABC, VNI) converted to Unicode.

Detection is narrow on purpose: Vietnamese news arrives in very few encodings,
and each candidate is checked by decoding, not guessed from byte statistics.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from tomtat.lang.normalize import normalize
from tomtat.read.legacy import convert_legacy, detect_legacy
from tomtat.records import TomtatError

_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogates) become U+FFFD."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", name)


MAX_BYTES = 20_000_000  # a 20 MB "article" is a mistake, not news
# UTF-8 with a few invalid bytes is damaged UTF-8, not another encoding: at most this many bad
# sequences (plus one per 100 KB), each outnumbered 10 to 1 by valid non-ASCII characters.
# Vietnamese in an 8-bit encoding breaks UTF-8 in nearly every word, far past both bars.
MAX_BAD_UTF8 = 8
MIN_VALID_PER_BAD = 10
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Decoded:
    text: str  # NFC-normalised
    warnings: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


def _utf32_without_bom(data: bytes) -> str | None:
    """UTF-32 has a zero top byte in every 4 (and, for Vietnamese, the next one too)."""
    sample = data[: 4096 - 4096 % 4]
    if len(data) % 4 or len(sample) < 8:
        return None
    for top, high, enc in ((3, 2, "utf-32-le"), (0, 1, "utf-32-be")):
        if sample[top::4].count(0) == len(sample) // 4 and all(b <= 0x10 for b in sample[high::4]):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    for share, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if share > 0.3:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return None if "\x00" in text else text  # UTF-32 or binary, not UTF-16
    return None


def utf8_with_errors(data: bytes, limit: int | None = None) -> tuple[str, list[int]] | None:
    """UTF-8 with each invalid byte sequence replaced by U+FFFD, and the byte offsets replaced;
    None past ``limit`` bad sequences. Linear: each stretch between errors is decoded once."""
    view = memoryview(data)
    parts: list[str] = []
    bad: list[int] = []
    pos = 0
    while True:
        try:
            parts.append(codecs.utf_8_decode(view[pos:], "strict", True)[0])
            return "".join(parts), bad
        except UnicodeDecodeError as e:
            parts.append(codecs.utf_8_decode(view[pos : pos + e.start], "strict", True)[0])
            parts.append(REPLACEMENT)
            bad.append(pos + e.start)
            if limit is not None and len(bad) > limit:
                return None
            pos += e.end


def _bad_bytes_note(name: str, offsets: list[int], skip: int = 0) -> str:
    where = ", ".join(str(o + skip) for o in offsets[:3])
    more = f" and {len(offsets) - 3} more" if len(offsets) > 3 else ""
    plural = "s" if len(offsets) > 1 else ""
    return f"{name}: invalid UTF-8 at byte offset{plural} {where}{more}; replaced with {REPLACEMENT}"


def _damaged_utf8(data: bytes) -> tuple[str, list[int]] | None:
    """Mostly valid UTF-8 with a few stray bytes, or None when it is some other encoding."""
    found = utf8_with_errors(data, MAX_BAD_UTF8 + len(data) // 100_000)
    if found is None:
        return None
    text, bad = found
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - len(bad)
    return found if non_ascii >= MIN_VALID_PER_BAD * len(bad) else None


def decode_text(data: bytes, name: str) -> Decoded:
    """Text of a file, NFC-normalised, with warnings about repairs; a one-line TomtatError when it is not text."""
    if len(data) > MAX_BYTES:
        raise TomtatError(f"{name}: {len(data) / 1e6:.0f} MB is too large for an article (limit {MAX_BYTES // 1_000_000} MB)")
    warnings: tuple[str, ...] = ()
    if data.startswith(codecs.BOM_UTF8):
        skip = len(codecs.BOM_UTF8)
        text, bad = utf8_with_errors(data[skip:])  # type: ignore[misc]  # no limit: never None
        if bad:
            warnings = (_bad_bytes_note(name, bad, skip),)
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts both
        try:
            text = data.decode("utf-32")
        except UnicodeDecodeError:
            raise TomtatError(f"{name}: broken UTF-32 text") from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TomtatError(f"{name}: broken UTF-16 text") from None
    else:
        text, warnings = _decode_plain(data, name)
    if not text.strip():
        raise TomtatError(f"{name}: empty file")
    return Decoded(normalize(text), warnings)


def decode(data: bytes, name: str) -> str:
    """Text of a file, NFC-normalised; a one-line TomtatError when it is not text."""
    return decode_text(data, name).text


def _decode_plain(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    if b"\x00" in data[:8192]:
        wide = _utf32_without_bom(data) or _utf16_without_bom(data)
        if wide is not None:
            return wide, ()
        raise TomtatError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    if looks_binary(data):
        raise TomtatError(f"{name}: binary file, not text")
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, bad = damaged
        return text, (_bad_bytes_note(name, bad),)
    # 8-bit text: legacy Vietnamese fonts first (their bytes also decode as cp1258, wrongly).
    as_cp1252 = data.decode("cp1252", errors="replace")
    legacy = detect_legacy(as_cp1252)
    if legacy is not None:
        return convert_legacy(as_cp1252, legacy), ()
    try:
        return data.decode("cp1258"), ()
    except UnicodeDecodeError:
        raise TomtatError(
            f"{name}: unknown text encoding (not UTF-8, UTF-16, UTF-32, Windows-1258, TCVN3 or VNI); save it as UTF-8"
        ) from None
