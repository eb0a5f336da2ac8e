"""Tests for tomtat.normalize: NFC and the newspaper tone-mark convention (hòa, thủy)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.normalize import normalize


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Every Vietnamese letter, built from a vowel x tone grid (independently of the module).
_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_LOWER = [nfc(v + t) for v in _VOWELS for t in _TONE_MARKS] + list("bcdđghklmnpqrstvx")
VIETNAMESE_LETTERS = _LOWER + [ch.upper() for ch in _LOWER]


def test_nfd_input_becomes_nfc():
    word = "Nguyễn Thị Hồng Nhung, Đà Nẵng, Thừa Thiên Huế"
    decomposed = nfd(word)
    assert decomposed != word  # the test input really is decomposed
    out = normalize(decomposed)
    assert out == word
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("HOÀ", "HÒA"),
        ("Hoà", "Hòa"),
        ("Uỷ ban", "Ủy ban"),
        ("hoà bình", "hòa bình"),
        ("thuỷ lợi.", "thủy lợi."),
        ("xoá", "xóa"),
    ],
)
def test_old_style_tone_moves_to_newspaper_style(old, new):
    assert normalize(old) == new
    assert normalize(nfd(old)) == new


@pytest.mark.parametrize(
    "word",
    ["hoàng", "quý", "quỳnh", "tuyết", "Quỳnh", "QUÝ", "hòa", "thủy", "khỏe", "khuya", "thuở", "Nguyễn", "toán", "huỵch"],
)
def test_words_that_must_not_change(word):
    assert normalize(word) == word
    assert normalize(nfd(word)) == word


@pytest.mark.parametrize("word", ["hoặc", "ngoặc", "ngoặt", "HOẶC"])
def test_closed_syllables_with_breve_and_dot_unchanged(word):
    assert normalize(word) == word


def test_spaces_and_invisible_characters():
    assert normalize("Hà\u00a0Nội") == "Hà Nội"
    assert normalize("Hà\u200bNội") == "HàNội"
    assert normalize("a\u00adb\ufeff") == "ab"
    assert normalize("dòng một\r\ndòng hai\rdòng ba") == "dòng một\ndòng hai\ndòng ba"


def test_idempotent_on_examples():
    for text in ["hoà thuỷ khoẻ", "Ủy ban Nhân dân", "QUỲNH HOÀ", "Liên Hợp Quốc", "hoặc"]:
        once = normalize(text)
        assert normalize(once) == once


vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + list(" .,;:!?\"“”()-\n0123456789")),
    max_size=60,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(vietnamese_text)
def test_property_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(vietnamese_text)
def test_property_nfd_input_same_result(text):
    assert normalize(nfd(text)) == normalize(text)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(vietnamese_text)
def test_property_output_is_nfc_and_letters_preserved(text):
    out = normalize(text)
    assert unicodedata.is_normalized("NFC", out)
    # Moving a tone mark never adds or drops letters or marks.
    assert sorted(nfd(out)) == sorted(nfd(text))
