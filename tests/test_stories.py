"""From a stream to stories: grouping, copies, the store (killed mid-run included), timeline, names, CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomtat
from tomtat.evaluate import compare_groupings
from tomtat.lang.names import find_names, merge_names, skeleton
from tomtat.stream.stories import stories
from tomtat.stream.store import StoryStore

sys.path.insert(0, str(Path(__file__).parent))
from _shared import COMMAND  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GUTERRES = ROOT.parent / "shared" / "examples" / "guterres-2022-04"
CLUSTERS = ROOT / "tests" / "data" / "clusters.jsonl"


def _stream() -> list[tuple[int, dict]]:
    out = []
    for n, line in enumerate(CLUSTERS.read_text(encoding="utf-8").splitlines()):
        r = json.loads(line)
        for k, d in enumerate(r["single_documents"]):
            out.append((n, {"id": f"{n}-{k}", "title": d.get("title", ""), "text": d["raw_text"]}))
    return out


def _interleaved():
    stream = _stream()
    return stream[::2] + stream[1::2]


def test_grouping_metrics():
    assert compare_groupings([1, 1, 2, 2], ["a", "a", "b", "b"]).f1 == 1.0
    m = compare_groupings([1, 1, 2, 2], ["a", "a", "a", "a"])
    assert m.recall == 1.0 and m.precision == 0.5 and abs(m.adjusted_rand) < 1e-9
    m = compare_groupings([1, 1, 2, 2], ["a", "b", "c", "d"])
    assert m.precision == 1.0 and m.recall == 0.5


def test_the_fixture_stream_groups_into_its_stories_with_summaries():
    stream = _interleaved()
    result = stories([d for _, d in stream])
    story_of = {a: s.id for s in result.stories for a in s.articles}
    m = compare_groupings([g for g, _ in stream], [story_of[d["id"]] for _, d in stream])
    assert m.f1 >= 0.85 and m.precision >= 0.95, m
    for s in result.stories:
        assert s.summary is not None and s.summary.sentences and s.headline
        d = s.to_dict()
        assert set(d) >= {"story", "articles", "headline", "summary", "sentences", "timeline", "entities", "sources"}


def test_a_syndicated_copy_joins_its_original_and_is_listed():
    (_, a), (_, b) = _stream()[:2]
    copy = {**a, "id": "copy", "source": "baomoi", "text": a["text"] + "\n\nTheo TTXVN."}
    result = stories([a, b, copy], summaries=False)
    story = next(s for s in result.stories if "copy" in s.articles)
    assert a["id"] in story.articles and "baomoi" in story.sources


def test_bad_and_repeated_articles_are_skipped_and_the_rest_come_out():
    (_, a), (_, b) = _stream()[:2]
    result = stories([a, {"id": "x", "text": 5}, a, b], summaries=False)
    assert [why for _, why in result.skipped] == [result.skipped[0][1], "already seen (same id)"]
    assert "text" in result.skipped[0][1]
    assert sorted(x for s in result.stories for x in s.articles) == sorted([a["id"], b["id"]])


def test_two_halves_through_the_store_equal_one_run(tmp_path):
    stream = _interleaved()
    docs = [d for _, d in stream]
    whole = stories(docs, summaries=False)
    one = {a: s.id for s in whole.stories for a in s.articles}
    with StoryStore(tmp_path / "s.db") as store:
        stories(docs[: len(docs) // 2], store=store, summaries=False)
    with StoryStore(tmp_path / "s.db") as store:  # a new run, a new process's view of the file
        second = stories(docs[len(docs) // 2 :] + docs[:1], store=store, summaries=False)
        assert second.skipped == [(docs[0]["id"], "already seen (same id)")]
        kept = {a.id: a.story for a in store.articles()}
    assert len(kept) == len(docs)
    gold = [g for g, _ in stream]
    assert compare_groupings(gold, [kept[d["id"]] for d in docs]).f1 >= compare_groupings(gold, [one[d["id"]] for d in docs]).f1 - 0.1


def test_the_store_refuses_other_files_and_other_schemas(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(tomtat.TomtatError, match="not a tomtat story store"):
        StoryStore(junk)
    with StoryStore(tmp_path / "s.db") as store:
        store._db.execute("UPDATE meta SET value='99' WHERE key='schema'")
    with pytest.raises(tomtat.TomtatError, match="schema 99"):
        StoryStore(tmp_path / "s.db")


def test_a_run_killed_mid_way_keeps_what_it_committed_and_the_next_run_goes_on(tmp_path):
    stream = tmp_path / "stream.jsonl"
    docs = [d for _, d in _interleaved()]
    many = [{**d, "id": f"{d['id']}-{k}", "text": d["text"] + f"\n\nBản tin số {k}."} for k in range(40) for d in docs]
    stream.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in many), encoding="utf-8")
    db = tmp_path / "s.db"
    proc = subprocess.Popen(COMMAND + ["stories", str(stream), "-o", str(tmp_path / "out.jsonl"), "--store", str(db), "-q"])
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        if db.exists():
            try:
                with StoryStore(db) as s:
                    if sum(1 for _ in s.articles()) >= 5:
                        break
            except tomtat.TomtatError:
                pass
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with StoryStore(db) as s:
        first = [a.id for a in s.articles()]
    assert 0 < len(first) < len(many), "the run was not stopped mid-way"
    again = subprocess.run(COMMAND + ["stories", str(stream), "-o", str(tmp_path / "out.jsonl"), "--store", str(db), "-q"],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 3  # the ones already stored are reported as seen
    with StoryStore(db) as s:
        ids = [a.id for a in s.articles()]
    assert ids[: len(first)] == first and sorted(ids) == sorted(d["id"] for d in many)


@pytest.mark.skipif(not GUTERRES.exists(), reason="../shared/examples not available")
def test_the_reference_pair_is_one_story_with_a_timeline_and_merged_names():
    files = sorted(GUTERRES.glob("*.txt"))
    docs = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": date}
            for p, date in zip(files, ["2022-04-26", "2022-04-28"])]
    (story,) = stories(docs).stories
    days = [e.date for e in story.timeline]
    assert days == sorted(days)
    assert {"2022-04-22", "2022-04-26", "2022-04-27"} <= set(days)
    variants = [set(e.variants) for e in story.entities]
    assert any({"Moscow", "Moskva"} <= v for v in variants)
    guterres = next(e for e in story.entities if e.name.endswith("Guterres"))
    assert guterres.kind == "person"


@pytest.mark.parametrize(
    "a, b",
    [("Moscow", "Moskva"), ("Sergey Lavrov", "Sergei Lavrov"), ("TP.HCM", "TPHCM"), ("TP.HCM", "Thành phố Hồ Chí Minh"),
     ("Kiev", "Kyiv"), ("Liên Hợp Quốc", "Liên hợp quốc")],
)
def test_spellings_of_one_name_merge(a, b):
    merged = merge_names([(a, "place", 0), (b, "place", 1)])
    assert len(merged) == 1 and set(merged[0].variants) == {a, b} and merged[0].articles == 2


@pytest.mark.parametrize("a, b", [("Hà Nội", "Hà Nam"), ("Nguyễn Văn An", "Nguyễn Văn Bình"), ("Nga", "Nhật"), ("Ngoại", "Người")])
def test_different_names_stay_apart(a, b):
    assert len(merge_names([(a, "person", 0), (b, "person", 1)])) == 2


def test_names_and_their_kinds():
    text = "Ngoại trưởng Nga Sergey Lavrov tiếp ông Guterres tại Moskva. Bộ Quốc phòng Nga cho biết Liên hợp quốc sẽ giúp."
    found = {(m.text, m.kind) for m in find_names(text)}
    assert {("Nga", "place"), ("Sergey Lavrov", "person"), ("Guterres", "person"), ("Moskva", "place"),
            ("Bộ Quốc phòng Nga", "organization"), ("Liên hợp quốc", "organization")} <= found
    assert skeleton("Moscow") == skeleton("Moskva")


@given(st.text(alphabet=st.sampled_from(list("AaBbĐđÔôTP.HCM ()-,\n:Ông")), max_size=200))
@settings(max_examples=200, deadline=None)
def test_names_never_fail_and_point_into_the_text(text):
    for m in find_names(text):
        assert text[m.start : m.end] == m.text and m.text.strip()


def test_names_take_linear_time():
    def took(n: int) -> float:
        text = "Ông Nguyễn Văn An " * n
        started = time.perf_counter()
        find_names(text)
        return time.perf_counter() - started

    took(100)
    assert took(8_000) < 20 * max(took(1_000), 1e-3)


def test_the_cli_writes_stories_and_reports_bad_lines(tmp_path):
    stream = tmp_path / "s.jsonl"
    lines = [json.dumps(d, ensure_ascii=False) for _, d in _interleaved()]
    stream.write_text("\n".join(lines[:3] + ["{bad"] + lines[3:]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = subprocess.run(COMMAND + ["stories", str(stream), "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 3 and "line 4: malformed JSON" in r.stderr and "Traceback" not in r.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(a for row in rows for a in row["articles"]) == sorted(json.loads(x)["id"] for x in lines)
    r = subprocess.run(COMMAND + ["stories", str(tmp_path / "none.jsonl"), "-o", "-"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "no such file" in r.stderr
