"""One fact is told once: no two summary sentences share half their syllable pairs (bigram containment)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tomtat
from tomtat.lang.tokens import syllables

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "guterres-2022-04"
BUNDLED = ROOT / "examples" / "cluster"


def containment(a: str, b: str) -> float:
    ga = set(zip(syllables(a), syllables(a)[1:]))
    gb = set(zip(syllables(b), syllables(b)[1:]))
    small = min(len(ga), len(gb))
    return len(ga & gb) / small if small else 0.0


def _docs(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


@pytest.mark.parametrize("method", [m for m in tomtat.REGISTRY if m != "firstlast"])
@pytest.mark.parametrize("folder", [BUNDLED, EXAMPLE], ids=["bundled", "guterres"])
def test_no_two_sentences_retell_one_fact(method, folder):
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    summary = tomtat.summarize(_docs(folder), method=method, words=400)
    texts = [s.text for s in summary.sentences]
    pairs = [(a, b) for j, b in enumerate(texts) for a in texts[:j] if containment(a, b) >= 0.5]
    assert not pairs, pairs[:1]


# The same fact from two outlets: reworded enough that TF-IDF cosine stays low, but its word pairs repeat.
FACT_A = ("Sáng 27/4, Tổng thư ký Liên hợp quốc Antonio Guterres đã tới thủ đô Kiev của Ukraine "
          "sau chuyến thăm Moskva, theo hãng tin Reuters.")
FACT_B = ("Tổng thư ký Liên hợp quốc Antonio Guterres đã tới thủ đô Kiev của Ukraine, "
          "một ngày sau khi hội đàm với Tổng thống Nga Vladimir Putin tại Điện Kremlin.")
OTHER = "Ông kêu gọi hai bên mở hành lang nhân đạo để sơ tán dân thường khỏi nhà máy thép Azovstal ở Mariupol."


def test_overlap_parameter_decides_whether_a_retold_fact_is_kept():
    docs = [FACT_A + " " + OTHER, FACT_B]
    assert containment(FACT_A, FACT_B) >= 0.5
    told_once = tomtat.summarize(docs, method="centroid", words=200)
    assert sum("đã tới thủ đô Kiev" in s.text for s in told_once.sentences) == 1
    told_twice = tomtat.summarize(docs, method="centroid", words=200, params={"overlap": 1.0, "redundancy": 1.0})
    assert sum("đã tới thủ đô Kiev" in s.text for s in told_twice.sentences) == 2
