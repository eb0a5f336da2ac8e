"""Bytes to text: UTF-8 (with or without BOM), UTF-16, Windows-1258, and legacy
Vietnamese font encodings (TCVN3/ABC, VNI) converted to Unicode.

Detection is narrow on purpose: Vietnamese news arrives in very few encodings,
and each candidate is checked by decoding, not guessed from byte statistics.
"""

from __future__ import annotations

import codecs

from tomtat.normalize import normalize
from tomtat.read.legacy import convert_legacy, detect_legacy
from tomtat.types import TomtatError

MAX_BYTES = 20_000_000  # a 20 MB "article" is a mistake, not news


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


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
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode(data: bytes, name: str) -> str:
    """Text of a file, NFC-normalised; a one-line TomtatError when it is not text."""
    if len(data) > MAX_BYTES:
        raise TomtatError(f"{name}: {len(data) / 1e6:.0f} MB is too large for an article (limit {MAX_BYTES // 1_000_000} MB)")
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TomtatError(f"{name}: broken UTF-16 text") from None
    else:
        text = _decode_plain(data, name)
    if not text.strip():
        raise TomtatError(f"{name}: empty file")
    return normalize(text)


def _decode_plain(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if "\x00" in text[:8192]:
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16
            raise TomtatError(f"{name}: binary file, not text")
        return text
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise TomtatError(f"{name}: binary file, not text")
    # 8-bit text: legacy Vietnamese fonts first (their bytes also decode as cp1258, wrongly).
    as_cp1252 = data.decode("cp1252", errors="replace")
    legacy = detect_legacy(as_cp1252)
    if legacy is not None:
        return convert_legacy(as_cp1252, legacy)
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise TomtatError(
            f"{name}: unknown text encoding (not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI); save it as UTF-8"
        ) from None
