"""Tests for tomtat.lang.normalize: NFC and the newspaper tone-mark convention (hòa, thủy)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.lang.detect import vietnamese_share
from tomtat.lang.normalize import normalize
from tomtat.lang.tokens import syllable_count, syllables


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


# --- separators, control characters, terminal escapes, bidi controls -------------------------------------------


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85", "\v", "\f", "\x1c", "\x1d", "\x1e"])
def test_line_and_paragraph_separators_become_newlines(sep):
    assert normalize(f"Câu một.{sep}Câu hai.") == "Câu một.\nCâu hai."
    assert normalize(f"Câu một.{sep}Câu hai.", paragraphs=False) == f"Câu một.{sep}Câu hai."


def test_separators_split_paragraphs_in_clean():
    from tomtat.clean import clean_lines

    a = "Ông Nguyễn Văn An cho biết thành phố sẽ tiếp tục đầu tư vào hạ tầng giao thông."
    b = "Bà Trần Thị Bình nói người dân rất phấn khởi khi con đường mới được thông xe."
    assert clean_lines(f"{a}\u2028{b}\u2029{a}") == [a, b, a]


def test_raw_line_separator_in_a_json_line_is_read(tmp_path):
    from tomtat.read import read_batch

    path = tmp_path / "c.jsonl"
    line = '{"id": "c1", "single_documents": [{"raw_text": "Câu một về Hà Nội.\u2028Câu hai về Hà Nội."}]}\n'
    path.write_text(line, encoding="utf-8")  # U+2028 is legal unescaped inside a JSON string
    (item,) = read_batch(str(path), None)
    assert item.error is None
    assert normalize(item.documents[0].text) == "Câu một về Hà Nội.\nCâu hai về Hà Nội."


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Hà \x1b[31;1mNội\x1b[0m", "Hà Nội"),  # colours
        ("Hà Nội\x1b[2J\x1b[H", "Hà Nội"),  # clear screen, cursor home
        ("a\x1b]0;tiêu đề giả\x07b", "ab"),  # window title (OSC ... BEL)
        ("a\x1b]8;;http://x.invalid\x1b\\liên kết\x1b]8;;\x1b\\b", "aliên kếtb"),  # hyperlink (OSC ... ST)
        ("a\x1bPq#0\x1b\\b", "ab"),  # DCS (sixel) ... ST
        ("a\x1bcb", "ab"),  # reset
        ("a\x1b(0b", "ab"),  # character set
        ("a\x1b[31", "a31"),  # cut short: no escape left
        ("a\x1bb", "a"),  # a lone ESC before a letter is a two-character escape
        ("a\x1b", "a"),
        ("a\x00b\x07c\x08d\x7fe\x9bf\x90g", "abcdefg"),  # other C0 and C1 controls
        ("a\tb", "a\tb"),
        ("Giá \u202egnăt\u202c hôm nay", "Giá gnăt hôm nay"),  # right-to-left override
        ("a\u2066b\u2067c\u2068d\u2069e\u200ef\u200fg\u202ah\u202bi\u202dj\u061ck", "abcdefghijk"),
    ],
)
def test_control_escape_and_bidi_characters_removed(raw, clean):
    assert normalize(raw) == clean


_INVISIBLE_CONTROLS = "\u061c\u200b\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from(VIETNAMESE_LETTERS + list(" .;[]()0123456789\n\t")),
        st.characters(min_codepoint=0, max_codepoint=0x9F),
        st.sampled_from(list(_INVISIBLE_CONTROLS)),
    ),
    max_size=80,
)
_UNSAFE = set(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)])) | set(_INVISIBLE_CONTROLS)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_HOSTILE)
def test_property_no_control_or_bidi_character_survives(text):
    out = normalize(text)
    assert not set(out) & _UNSAFE
    assert normalize(out) == out


# --- the fast paths against plain references --------------------------------------------------------

_REFERENCE_TONES = "\u0300\u0301\u0303\u0309\u0323"
_REFERENCE_OLD_STYLE = re.compile(  # the tone move as first written: in NFD, over the whole text
    rf"(?<![qQ])([oO])([aAeE])([{_REFERENCE_TONES}])(?![^\W\d_]|[\u0300-\u036f])"
    rf"|(?<![qQ])([uU])([yY])([{_REFERENCE_TONES}])(?![^\W\d_]|[\u0300-\u036f])"
)


def _reference_tones(text: str) -> str:
    def move(m: re.Match[str]) -> str:
        return m.group(1) + m.group(3) + m.group(2) if m.group(1) else m.group(4) + m.group(6) + m.group(5)

    return nfc(_REFERENCE_OLD_STYLE.sub(move, nfd(text)))


_TRICKY = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + list("oOuUyYqQ .,-_1(\n") + list(_REFERENCE_TONES) + ["\u0302", "İ"]),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(_TRICKY)
def test_tone_move_in_nfc_is_the_nfd_rule(text):
    plain = text.replace("\n", " ")  # only the tone rule, not the line handling, is compared here
    assert normalize(plain) == _reference_tones(plain)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TRICKY, st.text(max_size=60)))
def test_syllable_count_is_the_number_of_syllables(text):
    assert syllable_count(text) == len(syllables(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(VIETNAMESE_LETTERS + list("0123456789")), min_size=1, max_size=6), max_size=20))
def test_vietnamese_share_counts_each_marked_syllable_once(tokens):
    words = [t for t in tokens if not t.isdigit()]
    marked = sum(1 for t in words if any(ch in "ăđơưạảặẳẵằắậẩẫầấẹẻẽệểễềếịỉĩọỏộổỗồốợởỡờớụủũựửữừứỵỷỹỳ" for ch in t))
    assert vietnamese_share(tokens) == (marked / len(words) if words else 0.0)
