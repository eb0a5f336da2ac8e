"""Tests for tomtat.read.legacy (TCVN3 / VNI legacy Vietnamese text)."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.read.legacy import (
    LEGACY_ENCODINGS,
    convert_legacy,
    detect_legacy,
    to_legacy,
)

# Letter inventory derived independently of the module: vowel x tone grid.
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in _BASES for t in _TONES] + ["đ"]
UPPER_LETTERS = [ch.upper() for ch in LOWER_LETTERS]
# Letters that need a legacy spelling (everything but plain a e i o u y).
SPECIAL_LOWER = [ch for ch in LOWER_LETTERS if not ch.isascii()]
SPECIAL = SPECIAL_LOWER + [ch.upper() for ch in SPECIAL_LOWER]
TONED_UPPER = [
    ch for ch in UPPER_LETTERS if set(unicodedata.normalize("NFD", ch)) & set(_TONES[1:])
]

SENTENCES = [
    "Tổng thư ký Liên hợp quốc đến thủ đô Kiev ngày 27/4. Ông kêu gọi hòa bình, "
    "thủy lợi, khuyến khích, nghiêng, người, được, ưu tiên, Đà Nẵng.",
    "Sáng nay, Ủy ban nhân dân thành phố Hồ Chí Minh họp bàn về việc chống ngập "
    "và giảm ùn tắc giao thông trước mùa mưa bão.",
    "Giá xăng dầu trong nước tiếp tục tăng nhẹ; nhiều doanh nghiệp vận tải cho "
    "biết sẽ điều chỉnh cước phí từ đầu tháng tới.",
    "Đội tuyển bóng đá Việt Nam giành chiến thắng thuyết phục, khiến hàng nghìn "
    "cổ động viên ở Mỹ Đình vỡ òa trong niềm vui.",
]
PARAGRAPH = " ".join(SENTENCES)

ALL_LOWER_TEXT = " ".join(LOWER_LETTERS)
ALL_TEXT = " ".join(LOWER_LETTERS + UPPER_LETTERS)


def test_inventory_is_complete() -> None:
    assert len(SPECIAL) == 134
    assert len(set(LOWER_LETTERS)) == 73
    assert all(len(ch) == 1 for ch in LOWER_LETTERS + UPPER_LETTERS)


def test_encodings_constant() -> None:
    assert LEGACY_ENCODINGS == ("TCVN3", "VNI")


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_every_special_letter_has_a_legacy_spelling(encoding: str) -> None:
    # Codes that happen to coincide with the latin-1 reading of the letter.
    identity = {"í", "ì", "Í", "Ì"} if encoding == "VNI" else {"ý"}
    for letter in SPECIAL:
        legacy = to_legacy(letter, encoding)
        assert legacy != letter or letter in identity, letter
        legacy.encode("cp1252")  # every spelling is representable in cp1252


def test_legacy_spellings_are_unique() -> None:
    vni = [to_legacy(ch, "VNI") for ch in LOWER_LETTERS + UPPER_LETTERS]
    assert len(set(vni)) == len(vni)
    tcvn3 = [to_legacy(ch, "TCVN3") for ch in LOWER_LETTERS]
    assert len(set(tcvn3)) == len(tcvn3)
    assert all(len(s) == 1 for s in tcvn3)


def test_vni_letters_round_trip_exactly() -> None:
    for letter in LOWER_LETTERS + UPPER_LETTERS:
        assert convert_legacy(to_legacy(letter, "VNI"), "VNI") == letter
    assert convert_legacy(to_legacy(ALL_TEXT, "VNI"), "VNI") == ALL_TEXT


def test_tcvn3_letters_round_trip() -> None:
    for letter in LOWER_LETTERS:
        assert convert_legacy(to_legacy(letter, "TCVN3"), "TCVN3") == letter
    for letter in UPPER_LETTERS:
        back = convert_legacy(to_legacy(letter, "TCVN3"), "TCVN3")
        if letter in TONED_UPPER:
            # VN3 has no uppercase toned codes: an isolated one comes back lowercase.
            assert back == letter.lower()
        else:
            assert back == letter
    back = convert_legacy(to_legacy(ALL_TEXT, "TCVN3"), "TCVN3")
    assert back.lower() == ALL_TEXT.lower()


@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("Tæng thèng", "TCVN3", "Tổng thống"),
        ("Toång thoáng", "VNI", "Tổng thống"),
        ("ng\u00adêi ®\u00adîc ViÖt Nam, Hµ Néi, §¶ng, n¨m, d©n, kh«ng, h¬n", "TCVN3",
         "người được Việt Nam, Hà Nội, Đảng, năm, dân, không, hơn"),
        ("ngöôøi ñöôïc Vieät Nam, Haø Noäi, Ñaûng, naêm, daân, khoâng, hôn", "VNI",
         "người được Việt Nam, Hà Nội, Đảng, năm, dân, không, hơn"),
        ("tænh, nghóa, bò, Myõ, ñaïi, kyø, thuôû, NGÖÔØI", "VNI",
         "tỉnh, nghĩa, bị, Mỹ, đại, kỳ, thuở, NGƯỜI"),
    ],
)
def test_known_legacy_strings(legacy: str, encoding: str, expected: str) -> None:
    assert convert_legacy(legacy, encoding) == expected


def test_vni_longest_match_first() -> None:
    # "ôù" is one letter (ớ), not ơ followed by a stray mark; "oâ" is ô.
    assert convert_legacy("lôùn", "VNI") == "lớn"
    assert convert_legacy("oâ", "VNI") == "ô"
    assert convert_legacy("ô", "VNI") == "ơ"
    assert convert_legacy("uyeân", "VNI") == "uyên"


def test_vni_case_follows_base_letter() -> None:
    assert convert_legacy("AÙ", "VNI") == "Á"
    assert convert_legacy("Aù", "VNI") == "Á"
    assert convert_legacy("aÙ", "VNI") == "á"


def test_tcvn3_all_caps_words_are_uppercased() -> None:
    head = "TỔNG BÍ THƯ THĂM HÀ NỘI"
    assert convert_legacy(to_legacy(head, "TCVN3"), "TCVN3") == head
    # Running text keeps the lowercase reading of shared codes.
    assert convert_legacy("§µ N½ng", "TCVN3") == "Đà Nẵng"
    assert convert_legacy("UBND §µ N½ng", "TCVN3") == "UBND Đà Nẵng"


def test_unmapped_characters_pass_through() -> None:
    for encoding in LEGACY_ENCODINGS:
        assert convert_legacy("Nhiệt độ 30°C ± 2, 100%", encoding).startswith("Nhi")
    assert convert_legacy("30°C ± 2", "TCVN3") == "30°C ± 2"
    assert to_legacy("Kiev 27/4!", "VNI") == "Kiev 27/4!"


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentence_round_trip(encoding: str, sentence: str) -> None:
    legacy = to_legacy(sentence, encoding)
    assert legacy != sentence
    back = convert_legacy(legacy, encoding)
    if encoding == "VNI":
        assert back == sentence
    else:
        assert back.lower() == sentence.lower()


def test_tcvn3_sentence_round_trip_keeps_case_of_title_case_words() -> None:
    # Only uppercase *toned* letters are ambiguous; this sentence's capitals
    # (T, L, K, Ô, Đ) all have their own codes.
    legacy = to_legacy(SENTENCES[0], "TCVN3")
    assert convert_legacy(legacy, "TCVN3") == SENTENCES[0]


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_bytes_round_trip_cp1252(encoding: str) -> None:
    for text in SENTENCES + [ALL_TEXT]:
        raw = to_legacy(text, encoding).encode("cp1252")
        decoded = raw.decode("cp1252")
        assert decoded == raw.decode("latin-1")  # codes avoid 0x80-0x9F
        back = convert_legacy(decoded, encoding)
        assert back == text if encoding == "VNI" else back.lower() == text.lower()


def test_unknown_encoding_raises() -> None:
    with pytest.raises(ValueError):
        convert_legacy("abc", "VISCII")
    with pytest.raises(ValueError):
        to_legacy("abc", "utf-8")
    assert convert_legacy("Tæng", "tcvn3") == "Tổng"


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_detect_positive(encoding: str) -> None:
    assert detect_legacy(to_legacy(PARAGRAPH, encoding)) == encoding
    for sentence in SENTENCES:
        assert detect_legacy(to_legacy(sentence, encoding)) == encoding
    assert detect_legacy(to_legacy(PARAGRAPH.upper(), encoding)) == encoding


def test_detect_short_real_samples() -> None:
    assert detect_legacy("Chñ tÞch n\u00adíc ViÖt Nam") == "TCVN3"
    assert detect_legacy("Chuû tòch nöôùc Vieät Nam") == "VNI"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1234567890 27/4 3,14",
        PARAGRAPH,
        SENTENCES[0],
        unicodedata.normalize("NFD", PARAGRAPH),
        "The Secretary-General arrived in Kiev on Tuesday and called for peace.",
        "café déjà élève",
        "Größe",
        "Il est né à Paris, le thé et le dé. « Très tôt », où est l'hôtel ? Goût, naïve.",
        "Die Größe der Brücke über den Fluß ist schön; Müller fährt nach Köln.",
        "El niño y la niña comieron mañana en España, señor.",
        "Microsoft® Windows™ © 2024, 5 µs, 30°C ± 2, ½ cup",
        "Hello\u2019s \u201cquoted\u201d \u2013 dash \u20ac5",
    ],
)
def test_detect_negative(text: str) -> None:
    assert detect_legacy(text) is None
    assert detect_legacy(text * 20) is None


def test_detect_is_fast_on_one_megabyte() -> None:
    big = to_legacy(PARAGRAPH + "\n", "VNI") * (1_000_000 // len(PARAGRAPH))
    start = time.perf_counter()
    assert detect_legacy(big) == "VNI"
    assert detect_legacy(PARAGRAPH * (1_000_000 // len(PARAGRAPH))) is None
    assert time.perf_counter() - start < 1.0


_ALL_ALPHABET = "".join(LOWER_LETTERS + UPPER_LETTERS) + "bcdghklmnpqrstvxBCDGHKLMNPQRSTVX "
_LOWER_ALPHABET = "".join(LOWER_LETTERS) + "bcdghklmnpqrstvx "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALL_ALPHABET, max_size=60))
def test_vni_round_trip_property(s: str) -> None:
    assert convert_legacy(to_legacy(s, "VNI"), "VNI") == s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LOWER_ALPHABET, max_size=60))
def test_tcvn3_round_trip_property(s: str) -> None:
    assert convert_legacy(to_legacy(s, "TCVN3"), "TCVN3") == s


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALL_ALPHABET, max_size=60))
def test_tcvn3_round_trip_property_ignoring_case(s: str) -> None:
    assert convert_legacy(to_legacy(s, "TCVN3"), "TCVN3").lower() == s.lower()
