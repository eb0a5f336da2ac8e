"""Tests for tomtat.split: Vietnamese sentence boundaries and offsets into the article."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomtat
from tomtat.prepare import prepare
from tomtat.lang.tokens import syllables
from tomtat.selection import eligible
from tomtat.split import MAX_SENTENCE, sentence_spans, split, split_sentences
from tomtat.records import Article


def article(text: str, lead_end: int = 0) -> Article:
    return Article(name="a", title="", text=text, lead_end=lead_end, position=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ngày 22/4, ông đến Hà Nội. Ngày 26/4/2022, ông về Đà Nẵng.",
            ["Ngày 22/4, ông đến Hà Nội.", "Ngày 26/4/2022, ông về Đà Nẵng."],
        ),
        (
            "Có 1.000 người dự lễ. Giá tăng 3,5 lần so với năm 2021.",
            ["Có 1.000 người dự lễ.", "Giá tăng 3,5 lần so với năm 2021."],
        ),
        ("Ông sống ở TP.HCM từ lâu. Bà thì không.", ["Ông sống ở TP.HCM từ lâu.", "Bà thì không."]),
        (
            "PGS.TS. Nguyễn Văn A phát biểu tại hội thảo. Ông nói thêm.",
            ["PGS.TS. Nguyễn Văn A phát biểu tại hội thảo.", "Ông nói thêm."],
        ),
        ("Theo TS. Lê Minh, giá sẽ giảm. Đúng vậy.", ["Theo TS. Lê Minh, giá sẽ giảm.", "Đúng vậy."]),
        ("Tp. Hồ Chí Minh mưa lớn. Đường ngập.", ["Tp. Hồ Chí Minh mưa lớn.", "Đường ngập."]),
        (
            "Các loại rau, củ, quả v.v. đều tăng giá mạnh. Người dân lo lắng.",
            ["Các loại rau, củ, quả v.v. đều tăng giá mạnh.", "Người dân lo lắng."],
        ),
        ("Họ chờ đợi... rồi bỏ đi. Trời mưa.", ["Họ chờ đợi... rồi bỏ đi.", "Trời mưa."]),
        ("Họ chờ đợi… rồi bỏ đi. Trời mưa.", ["Họ chờ đợi… rồi bỏ đi.", "Trời mưa."]),
        ("Họ chờ mãi... Cuối cùng xe cũng đến.", ["Họ chờ mãi...", "Cuối cùng xe cũng đến."]),
        ("Họ chờ mãi… Cuối cùng xe cũng đến.", ["Họ chờ mãi…", "Cuối cùng xe cũng đến."]),
        (
            "“Ngày 26/4, ông Guterres sẽ đến Moscow để hội đàm với Ngoại trưởng Lavrov. Tổng thống Putin cũng sẽ "
            "tiếp đón ông ấy”, ông Peskov nói. Cuộc gặp kéo dài hai giờ.",
            [
                "“Ngày 26/4, ông Guterres sẽ đến Moscow để hội đàm với Ngoại trưởng Lavrov. Tổng thống Putin cũng "
                "sẽ tiếp đón ông ấy”, ông Peskov nói.",
                "Cuộc gặp kéo dài hai giờ.",
            ],
        ),
        (
            '"Một giai đoạn khác đang bắt đầu. Tôi chắc chắn điều đó", ông Lavrov nói. Ông không nói thêm.',
            ['"Một giai đoạn khác đang bắt đầu. Tôi chắc chắn điều đó", ông Lavrov nói.', "Ông không nói thêm."],
        ),
        (
            "Ông nói (xem biểu đồ. Bên dưới) rằng giá tăng. Bà đồng ý.",
            ["Ông nói (xem biểu đồ. Bên dưới) rằng giá tăng.", "Bà đồng ý."],
        ),
        (
            "“Câu mở không bao giờ đóng. Câu thứ hai. Câu thứ ba.",
            ["“Câu mở không bao giờ đóng.", "Câu thứ hai.", "Câu thứ ba."],
        ),
        ("Ông J. Biden phát biểu hôm qua. Ông nói tiếp.", ["Ông J. Biden phát biểu hôm qua.", "Ông nói tiếp."]),
        ("Thật sao! Đúng vậy? Vâng, đúng thế.", ["Thật sao!", "Đúng vậy?", "Vâng, đúng thế."]),
        ("Ông ấy nói rồi. 2022 là năm khó khăn.", ["Ông ấy nói rồi.", "2022 là năm khó khăn."]),
        ("Ông nói: “Tốt.” Bà nói: “Xấu.”", ["Ông nói: “Tốt.”", "Bà nói: “Xấu.”"]),
        ("Giá xăng tăng. giá dầu cũng tăng.", ["Giá xăng tăng. giá dầu cũng tăng."]),
        ("  Một câu có khoảng trắng.   ", ["Một câu có khoảng trắng."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert split_sentences(text) == expected


def test_paragraphs_never_join():
    assert split_sentences("Câu một không có dấu chấm\nCâu hai cũng vậy") == [
        "Câu một không có dấu chấm",
        "Câu hai cũng vậy",
    ]


def test_sentence_spans_are_trimmed_slices():
    para = "  Câu một.  Câu hai!   "
    spans = list(sentence_spans(para))
    assert [para[s:e] for s, e in spans] == ["Câu một.", "Câu hai!"]


def test_split_offsets_and_fields():
    text = (
        "Sáng 26/4, UBND TP.HCM họp. Có 1.000 người dự.\n"
        "“Cầu mở từ 6 giờ. Người dân được đi miễn phí”, ông Thủy nói. PGS.TS. Lê Minh đồng ý!\n"
        "Đoạn cuối không có dấu chấm"
    )
    lead_end = text.index("\n")
    sents = split(article(text, lead_end), 3)
    assert [s.text for s in sents] == [
        "Sáng 26/4, UBND TP.HCM họp.",
        "Có 1.000 người dự.",
        "“Cầu mở từ 6 giờ. Người dân được đi miễn phí”, ông Thủy nói.",
        "PGS.TS. Lê Minh đồng ý!",
        "Đoạn cuối không có dấu chấm",
    ]
    for k, s in enumerate(sents):
        assert text[s.start : s.end] == s.text
        assert s.index == k
        assert s.article == 3
        assert s.tokens == syllables(s.text)
        assert s.length == len(s.tokens)
    assert [s.paragraph for s in sents] == [0, 0, 1, 1, 2]
    assert [s.in_lead for s in sents] == [True, True, False, False, False]


def test_split_max_sentences_and_punctuation_only():
    text = "Một. Hai. Ba. Bốn.\n... !!!\nNăm."
    sents = split(article(text), 0)
    assert [s.text for s in sents] == ["Một.", "Hai.", "Ba.", "Bốn.", "Năm."]  # no token-less "sentence"
    assert [s.text for s in split(article(text), 0, max_sentences=2)] == ["Một.", "Hai."]


_WORDS = [
    "Hà", "Nội", "ông", "Nguyễn", "Văn", "Thủy", "cho", "biết", "cầu", "đi", "bộ", "TP.HCM", "UBND", "PGS.TS.",
    "v.v.", "J.", "1.000", "3,5", "22/4", "26/4/2022", "Liên", "hợp", "quốc", "“Tôi", "nói”,", "(ở", "Kiev)",
    '"Đúng', 'vậy"', "hoà", "khỏe", "Ukraine", "2022",
]
_PUNCT = [".", ",", "!", "?", "...", "…", ";", ":", ".”", "”.", ")", "-"]

@st.composite
def paragraphs(draw):
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        word = draw(st.sampled_from(_WORDS))
        if draw(st.booleans()):
            word += draw(st.sampled_from(_PUNCT))
        parts.append(word)
        parts.append(draw(st.sampled_from([" ", " ", " ", "  ", "\n"])))
    return "".join(parts)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(paragraphs())
def test_property_spans_ordered_complete_and_exact(text):
    sents = split(article(text), 0)
    previous_end = 0
    for s in sents:
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        previous_end = s.end
    # Nothing is lost: the sentences' syllables are the whole text's syllables, in order.
    assert [t for s in sents for t in s.tokens] == syllables(text)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(paragraphs())
def test_property_split_sentences_matches_split(text):
    assert [s for s in split_sentences(text) if syllables(s)] == [s.text for s in split(article(text), 0)]


# --- pieces too long to be a sentence, and articles written in capitals ------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cluster"
REAL = "Ông Nguyễn Văn An cho biết thành phố sẽ tiếp tục đầu tư vào hạ tầng giao thông."


def example_docs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]


def test_piece_longer_than_a_sentence_is_skipped_and_reported():
    junk = " ".join(["xin", "chào", "bạn"] * 200)  # 600 syllables, no sentence end
    notes: list[str] = []
    sents = split(article(f"{REAL}\n{junk}\n{REAL}"), 0, warnings=notes)
    assert [s.text for s in sents] == [REAL, REAL]
    assert [s.index for s in sents] == [0, 1]
    assert notes == [f"a: 1 line too long for a sentence (over {MAX_SENTENCE} syllables with no sentence end), skipped"]


def test_long_quotation_is_cut_into_sentences_not_skipped():
    inner = " ".join(f"Câu số {k} trong lời phát biểu dài của ông An về giao thông đô thị." for k in range(40))
    para = f"Ông An nói: “{inner}” Bà Bình đồng ý."
    notes: list[str] = []
    sents = split(article(para), 0, warnings=notes)
    assert notes == []
    assert len(sents) == 41 and all(s.length <= MAX_SENTENCE for s in sents)
    assert [t for s in sents for t in s.tokens] == syllables(para)
    # A short quotation with several sentences inside still stays one sentence.
    assert len(split(article("Ông nói: “Tốt. Rất tốt.” Bà đồng ý. Họ về."), 0)) == 2


def test_junk_line_does_not_inflate_the_default_length():
    docs = example_docs()
    normal = tomtat.summarize(docs)
    junk = " ".join(["xin", "chào", "bạn"] * 70_000)  # 210,000 syllables, 1.3 MB, no punctuation
    with_junk = tomtat.summarize([docs[0] + "\n" + junk, *docs[1:]])
    assert with_junk.budget == normal.budget
    assert [s.text for s in with_junk.sentences] == [s.text for s in normal.sentences]
    assert any("too long for a sentence" in w for w in with_junk.warnings)


def test_only_junk_is_a_clear_error():
    junk = " ".join(["xin", "chào", "bạn"] * 1_000)
    with pytest.raises(tomtat.TomtatError, match="no text left after cleaning: doc1: 1 line too long"):
        tomtat.summarize([junk])


def test_article_in_capitals_is_summarized():
    docs = example_docs()
    normal = tomtat.summarize(docs)
    shouting = tomtat.summarize([d.upper() for d in docs])
    assert shouting.budget == normal.budget
    assert shouting.length >= 0.8 * normal.length
    assert sum("written in capital letters" in w for w in shouting.warnings) == 3
    # One shouting article among normal ones keeps as many usable sentences as in its own case.
    usable = [len(eligible(prepare([d, *docs[1:]])).nonzero()[0]) for d in (docs[0], docs[0].upper())]
    assert usable[1] == usable[0]


def test_capitals_are_headings_in_a_normal_article():
    text = f"{REAL}\nNGA, UKRAINE KÝ THỎA THUẬN NGỪNG BẮN Ở MIỀN ĐÔNG.\n{REAL}\nMỤC MỚI\n{REAL}"
    notes: list[str] = []
    assert [s.heading for s in split(article(text), 0, warnings=notes)] == [False, True, False, True, False]
    assert notes == []
    # In capitals throughout, a capitalised sentence is a sentence; a short line with no stop is still a heading.
    shouting = split(article(text.upper()), 0, warnings=notes)
    assert [s.heading for s in shouting] == [False, False, False, True, False]
    assert notes == ["a: written in capital letters; its capitalised lines are read as sentences, not headings"]
