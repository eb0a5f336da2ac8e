"""Names (lang/names.py): finding people, places and organisations without a model, and merging their spellings.

The reference pair (../shared/examples/guterres-2022-04) and the ABMUSU clusters (../shared/data) are read where
they are; the tests that need them are skipped elsewhere.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.lang.names import Entity, Mention, exact, find_names, merge_names, plain, skeleton

ROOT = Path(__file__).resolve().parents[1]
GUTERRES = ROOT.parent / "shared" / "examples" / "guterres-2022-04"
ABMUSU = ROOT.parent / "shared" / "data" / "abmusu-train.jsonl"


def found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.kind) for m in find_names(text)}


def texts(text: str) -> list[str]:
    return [m.text for m in find_names(text)]


def merged(*spellings: str, kind: str = "other") -> list[Entity]:
    return merge_names([(s, kind, k) for k, s in enumerate(spellings)])


def entity_with(entities: list[Entity], spelling: str) -> Entity:
    return next(e for e in entities if spelling in e.variants)


# ---- the reference pair ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def reference() -> tuple[list[str], list[Entity]]:
    docs = [p.read_text(encoding="utf-8") for p in sorted(GUTERRES.glob("*.txt"))]
    mentions = [(m.text, m.kind, k) for k, doc in enumerate(docs) for m in find_names(doc)]
    return docs, merge_names(mentions)


needs_reference = pytest.mark.skipif(not GUTERRES.exists(), reason="../shared/examples not available")


@needs_reference
def test_reference_moscow_and_moskva_are_one_place():
    docs, entities = reference()
    both = "\n".join(docs)
    assert "Moscow" in both and "Moskva" in both  # the outlets spell it both ways
    moscow = entity_with(entities, "Moscow")
    assert {"Moscow", "Moskva"} <= set(moscow.variants)
    assert moscow.kind == "place" and moscow.articles == 2
    assert sum("Moscow" in e.variants or "Moskva" in e.variants for e in entities) == 1


@needs_reference
def test_reference_guterres_is_one_person_across_both_articles():
    _, entities = reference()
    guterres = entity_with(entities, "Guterres")
    assert {"Guterres", "Antonio Guterres"} <= set(guterres.variants)
    assert guterres.kind == "person" and guterres.articles == 2
    assert guterres.name == "Guterres"  # the spelling used most
    # the titles around him are no part of the name
    assert not any("Tổng" in v or "Thư ký" in v or "ông" in v.split() for e in entities for v in e.variants)


@needs_reference
def test_reference_kyiv_lavrov_putin_and_the_un():
    docs, entities = reference()
    kiev = entity_with(entities, "Kiev")
    assert kiev.kind == "place" and kiev.articles == 2
    if any("Kyiv" in d for d in docs):
        assert "Kyiv" in kiev.variants
    lavrov = entity_with(entities, "Sergey Lavrov")
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= set(lavrov.variants) and lavrov.kind == "person"
    putin = entity_with(entities, "Putin")
    assert "Vladimir Putin" in putin.variants and putin.kind == "person"
    un = entity_with(entities, "Liên hợp quốc")
    assert "Liên Hợp Quốc" in un.variants and un.kind == "organization"
    assert entity_with(entities, "Nga").kind == "place" and entity_with(entities, "Ukraine").kind == "place"
    assert entity_with(entities, "Eri Kaneko").kind == "person"  # "Người phát ngôn Liên Hợp Quốc Eri Kaneko"
    # the first entities are the story's: in both articles
    assert {e.name for e in entities[:5]} >= {"Guterres", "Ukraine", "Nga"}
    assert [e.articles for e in entities] == sorted((e.articles for e in entities), reverse=True)


# ---- spellings found in the ABMUSU clusters ---------------------------------------------------------------


@lru_cache(maxsize=1)
def clusters() -> list[tuple[set[str], list[Entity]]]:
    out = []
    with ABMUSU.open(encoding="utf-8") as f:
        for line in f:
            docs = json.loads(line)["single_documents"]
            mentions = [(m.text, m.kind, k) for k, d in enumerate(docs)
                        for m in find_names(d.get("title", "") + "\n" + d["raw_text"])]
            out.append(({t for t, _, _ in mentions}, merge_names(mentions)))
    return out


def clusters_with(a: str, b: str) -> list[Entity]:
    """The entity holding spelling a in each cluster where both a and b were found as names."""
    return [entity_with(ents, a) for names, ents in clusters() if a in names and b in names]


needs_abmusu = pytest.mark.skipif(not ABMUSU.exists(), reason="../shared/data not available")


@needs_abmusu
@pytest.mark.parametrize(
    "a, b, kind",
    [
        ("TP.HCM", "TPHCM", "place"), ("TP.HCM", "TP HCM", "place"), ("TP.HCM", "Tp.HCM", "place"),
        ("TP.HCM", "TP Hồ Chí Minh", "place"), ("TP.HCM", "Thành phố Hồ Chí Minh", "place"),
        ("TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "place"),
        ("Liên Hợp Quốc", "Liên hợp quốc", "organization"), ("LHQ", "Liên Hợp Quốc", "organization"),
        ("Mỹ", "Hoa Kỳ", "place"), ("WHO", "Tổ chức Y tế Thế giới", "organization"),
        ("UBND", "Ủy ban nhân dân", "organization"), ("Moscow", "Moskva", "place"), ("Mátxcơva", "Moscow", "place"),
        ("Ukraine", "Ucraina", "place"), ("Bộ GTVT", "Bộ Giao thông Vận tải", "organization"),
        ("NHNN", "Ngân hàng Nhà nước", "organization"), ("Công an TP.HCM", "Công an TPHCM", "organization"),
        ("UBND TP.HCM", "UBND TP Hồ Chí Minh", "organization"), ("ĐHQGHN", "Đại học Quốc gia Hà Nội", "organization"),
        ("UBCKNN", "Ủy ban Chứng khoán Nhà nước", "organization"),
        ("Putin", "Vladimir Putin", "person"), ("Zelensky", "Volodymyr Zelensky", "person"),
        ("Cấn Văn Lực", "Lực", "person"), ("Jonas Gahr Stoere", "Jonas Gahr Store", "person"),
        ("Fatih Dönmez", "Fatih Donmez", "person"), ("Oleksii Reznikov", "Oleksiy Reznikov", None),
    ],
)
def test_real_spellings_of_one_name_merge(a, b, kind):
    entities = clusters_with(a, b)
    assert entities, f"no cluster names both {a!r} and {b!r}"
    for e in entities:
        assert b in e.variants, e
        if kind is not None:
            assert e.kind == kind, e


@needs_abmusu
@pytest.mark.parametrize(
    "a, b",
    [("Hòa", "Hoa"), ("Trung", "Trưng"), ("Thương", "Thượng"), ("Trang", "Trung"), ("Dũng", "Đừng"),
     ("Phó", "Phố"), ("Việt Nam", "Hoàng Viết Nam"), ("Hà Nội", "Hà Nam"), ("Nga", "Nhật")],
)
def test_real_different_names_stay_apart(a, b):
    entities = clusters_with(a, b)
    assert entities, f"no cluster names both {a!r} and {b!r}"
    assert all(b not in e.variants for e in entities)


# ---- merging ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Moscow", "Moskva", "Mát-xcơ-va"), ("Kiev", "Kyiv", "Kiep"), ("Mỹ", "Hoa Kỳ"),
        ("TP.HCM", "TPHCM", "Tp.HCM", "TP HCM"), ("TPHCM", "Thành phố Hồ Chí Minh"), ("LHQ", "Liên hợp quốc"),
        ("Liên Hợp Quốc", "Liên hợp quốc"), ("UBND", "Ủy ban nhân dân"), ("Sergey Lavrov", "Sergei Lavrov"),
        ("Viet Nam", "Việt Nam"), ("Zelensky", "Zelenskyy", "Zelenskiy"), ("UBND TP.HCM", "Ủy ban nhân dân TPHCM"),
    ],
)
def test_spellings_of_one_name_merge(spellings):
    (e,) = merged(*spellings, kind="place")
    assert set(e.variants) == set(spellings) and e.articles == len(spellings)


def test_a_person_and_the_last_words_of_the_name():
    (e,) = merged("Antonio Guterres", "Guterres", "Guterres", kind="person")
    assert e.name == "Guterres" and e.variants == ("Guterres", "Antonio Guterres") and e.kind == "person"
    (e,) = merged("Nguyễn Thị Thanh Hương", "Thanh Hương", "Hương", kind="person")
    assert len(e.variants) == 3


def test_a_short_name_shared_by_two_people_joins_neither():
    entities = merged("Nguyễn Văn Bình", "Trần Thị Bình", "Bình", kind="person")
    assert len(entities) == 3
    # nor does a place's last word make it a person's name
    assert len(merge_names([("Guterres", "person", 0), ("Antonio Guterres", "place", 1),
                            ("Antonio Guterres", "place", 2)])) == 2


@pytest.mark.parametrize(
    "a, b",
    [("Hà Nội", "Hà Nam"), ("Nguyễn Văn An", "Nguyễn Văn Bình"), ("Nga", "Nhật"), ("Ngoại", "Người"),
     ("Hòa", "Hoa"), ("Trang", "Trung"), ("Phạm Minh Chính", "Phạm Minh Chánh"), ("Nguyễn Thị Hoa", "Nguyễn Thị Hà"),
     ("UBND Hà Nội", "UBND Hà Nam"), ("Moskva", "Kiev"), ("Iran", "Iraq"), ("Áo", "Úc")],
)
def test_different_names_stay_apart(a, b):
    assert len(merged(a, b, kind="person")) == 2
    assert len(merged(a, b, kind="place")) == 2


def test_an_acronym_of_two_names_joins_neither():
    entities = merged("NVA", "Nguyễn Văn An", "Ngô Văn Anh", kind="person")
    assert len(entities) == 3


def test_entities_order_name_kind_and_counts():
    mentions = [("Moskva", "place", 0), ("Moscow", "other", 1), ("Moscow", "place", 2), ("Moscow", "other", 2),
                ("Hà Nội", "place", 0), ("Hà Nội", "place", 0), ("Hà Nội", "place", 0),
                ("Hà Nội", "place", 1), ("Bộ Y tế", "organization", 3), ("X", "other", 3)]
    entities = merge_names(mentions)
    assert [e.name for e in entities] == ["Moscow", "Hà Nội", "Bộ Y tế", "X"]  # 3 articles, then 2 (4 mentions)...
    moscow = entities[0]
    assert moscow.variants == ("Moscow", "Moskva") and moscow.kind == "place" and moscow.articles == 3
    assert entities[-1].kind == "other"
    assert merge_names([]) == []


def test_the_helpers():
    assert plain("TP.HCM") == plain("Tp HCM") == plain("TPHCM") == "tphcm"
    assert exact("Liên Hợp Quốc") == exact("Liên hợp quốc") != exact("Lien hop quoc")
    assert skeleton("Moscow") == skeleton("Moskva") and skeleton("Sergey") == skeleton("Sergei")
    assert skeleton("Kiev") == skeleton("Kyiv") and skeleton("Philip") == skeleton("Filip")


# ---- finding ---------------------------------------------------------------------------------------------------


def test_titles_are_not_names_but_make_persons():
    text = ("Ngoại trưởng Nga Sergey Lavrov tiếp ông Guterres tại Moskva. Tổng thống Putin nói. "
            "Bà Kaneko thông báo. Tổng Thư ký Antonio Guterres đến. Bộ trưởng Bộ Y tế Nguyễn Thanh Long họp.")
    assert {("Nga", "place"), ("Sergey Lavrov", "person"), ("Guterres", "person"), ("Moskva", "place"),
            ("Putin", "person"), ("Kaneko", "person"), ("Antonio Guterres", "person"),
            ("Bộ Y tế", "organization"), ("Nguyễn Thanh Long", "person")} <= found(text)
    assert not any(t.split()[0] in {"Ngoại", "Tổng", "Bà", "Ông", "Bộ trưởng"} for t in texts(text) if t != "Bộ Y tế")


def test_an_organisation_then_a_person():
    text = "Tổng thư ký Liên hợp quốc Antonio Guterres và Người phát ngôn Liên Hợp Quốc Eri Kaneko đã đến."
    assert {("Liên hợp quốc", "organization"), ("Antonio Guterres", "person"), ("Liên Hợp Quốc", "organization"),
            ("Eri Kaneko", "person")} <= found(text)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("Đoàn công tác đã đến thủ đô Viêng Chăn hôm qua.", "Viêng Chăn", "place"),
        ("Ông đã sang Nhật Bản và ở Hà Nội một tuần.", "Hà Nội", "place"),
        ("Họ làm việc tại Azovstal suốt tháng.", "Azovstal", "place"),
        ("Các nhân viên của Công ty Cổ phần Vinamilk đã về.", "Công ty Cổ phần Vinamilk", "organization"),
        ("Theo Bộ Quốc phòng Nga cho biết.", "Bộ Quốc phòng Nga", "organization"),
        ("Văn bản do UBND TP.HCM ban hành.", "UBND TP.HCM", "organization"),
        ("Khuyến cáo của Tổ chức Y tế Thế giới (WHO) được đưa ra.", "Tổ chức Y tế Thế giới", "organization"),
        ("Nhiều người dân ở Ủy ban nhân dân tỉnh Quảng Nam chờ.", "Ủy ban nhân dân tỉnh Quảng Nam", "organization"),
        ("Lãnh đạo Ngân hàng Nhà nước Việt Nam cho biết.", "Ngân hàng Nhà nước Việt Nam", "organization"),
        ("Cuộc họp có ông Hùng và bà Lan tham dự.", "Hùng", "person"),
        ("Cuộc họp có ông Hùng và bà Lan tham dự.", "Lan", "person"),
        ("Hội nghị ở Thành phố Hồ Chí Minh kết thúc.", "Thành phố Hồ Chí Minh", "place"),
        ("Hội nghị ở TP. Hồ Chí Minh kết thúc.", "TP. Hồ Chí Minh", "place"),
        ("Mưa lớn ở Tỉnh Quảng Nam.", "Quảng Nam", "place"),
        ("Nhiều người đến Huế và Đà Nẵng.", "Huế", "place"),
        ("Chúng tôi gặp Nguyễn Văn An ở chợ.", "Nguyễn Văn An", "person"),
    ],
)
def test_kinds_from_the_words_around(text, name, kind):
    assert (name, kind) in found(text)


def test_a_sentence_opening_capital_is_no_evidence():
    assert texts("Hôm nay trời mưa. Sau đó trời tạnh.") == []
    # one word opening a sentence: kept where it is capitalised inside a sentence too, or a known place
    assert texts("Xyzabc đang tấn công.") == []
    assert texts("Xyzabc đang tấn công. Nhiều người rời Xyzabc ngay.") == ["Xyzabc", "Xyzabc"]
    assert texts("Moskva đang bắt đầu giai đoạn mới.") == ["Moskva"]
    # a run that goes on is a name even at the start
    assert texts("Vladimir Putin cũng sẽ tiếp đón.") == ["Vladimir Putin"]
    # a Vietnamese word capitalised by style is no name
    assert texts("Việc này dựa trên Hiến chương và luật pháp.") == []


def test_what_is_not_a_name():
    assert texts("Số ca Covid-19 tăng 20% trong tháng 4/2022.") == []
    assert "TP.HCM" in texts("Giá nhà ở TP.HCM tăng.")
    assert texts("“Ngày 26/4, ông Guterres sẽ đến Moscow”, ông Peskov nói.") == ["Guterres", "Moscow", "Peskov"]
    # brackets end a name, and a word glued to a bracket is none
    assert texts("Theo SONG HY (VTC News)Tổng Thư ký") == ["SONG HY", "VTC"]
    assert texts("") == [] and texts("   \n ") == []


def test_spans_point_into_the_text():
    text = "Trong tuyên bố, Người phát ngôn Liên Hợp Quốc Eri Kaneko cho biết ông Guterres sẽ tới Nga."
    ms = find_names(text)
    assert [m.text for m in ms] == ["Liên Hợp Quốc", "Eri Kaneko", "Guterres", "Nga"]
    assert all(isinstance(m, Mention) and text[m.start : m.end] == m.text for m in ms)
    assert [m.start for m in ms] == sorted(m.start for m in ms)


ALPHABET = list("AaBbĐđÔôơƯưTP.HCMNguyễnĂăÂâÊêỳỹÁá ()[]-–,;:!?…\"'“”‘’/\n\t0123456789") + [
    "Ông ", "Tổng thống ", "Liên hợp quốc ", "Bộ ", "tại ", "TP. ", "Thành phố ", "UBND ", "Nguyễn ", "Hà Nội ",
    "Nga ", "Moskva", "Covid-19 ", ". ", "\u0301", "\u00a0", "\u200b",
]


@given(st.lists(st.sampled_from(ALPHABET), max_size=120).map("".join) | st.text(max_size=200))
@settings(max_examples=400, deadline=None)
def test_find_names_never_fails_and_spans_are_inside_the_text(text):
    ms = find_names(text)
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text and m.text.strip() == m.text
        assert m.kind in {"person", "place", "organization", "other"}
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


@given(st.lists(st.tuples(st.sampled_from(["Moscow", "Moskva", "TP.HCM", "TPHCM", "Guterres", "Antonio Guterres",
                                           "Hà Nội", "Hà Nam", "Nguyễn Văn An", "An", "LHQ", "Liên hợp quốc", ""])
                          | st.text(max_size=12),
                          st.sampled_from(["person", "place", "organization", "other"]),
                          st.integers(0, 5)), max_size=40))
@settings(max_examples=300, deadline=None)
def test_merge_names_keeps_every_spelling_once(mentions):
    entities = merge_names(mentions)
    spellings = [v for e in entities for v in e.variants]
    assert len(spellings) == len(set(spellings))
    assert set(spellings) == {" ".join(t.split()) for t, _, _ in mentions if plain(t)}
    for e in entities:
        assert e.name == e.variants[0] and 1 <= e.articles <= 6
    assert [e.articles for e in entities] == sorted((e.articles for e in entities), reverse=True)


# ---- cost -------------------------------------------------------------------------------------------------------


def _fastest(fn, arg, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t)
    return best


def test_find_names_takes_linear_time():
    unit = ("Tổng thư ký Liên hợp quốc Antonio Guterres đến Moskva, gặp ông Nguyễn Văn An của UBND TP.HCM "
            "và Bộ Quốc phòng Nga. A B C D E F G H I J K L. Covid-19 (Ảnh: AFP) “Hà Nội” ")
    small, large = unit * 200, unit * 1600
    ratio = _fastest(find_names, large) / _fastest(find_names, small)
    assert ratio < 8 * 2.5, ratio


def test_merge_names_takes_near_linear_time():
    def mentions(n: int) -> list[tuple[str, str, int]]:
        out = []
        for i in range(n):  # crowded buckets: one last word, one skeleton, one short form
            out.append((f"Nguyễn Văn{i} Bình", "person", i))
            out.append(("Bình", "person", i))
            out.append((f"Kalamata{'a' * (i % 7)}", "place", i))
            out.append((f"Ka{i}", "place", i))
            out.append((f"Hội Đồng {i}", "organization", i))
            out.append(("HĐ" + str(i % 3), "organization", i))
        return out

    small, large = mentions(500), mentions(4000)
    ratio = _fastest(merge_names, large) / _fastest(merge_names, small)
    assert ratio < 8 * 2.5, ratio
