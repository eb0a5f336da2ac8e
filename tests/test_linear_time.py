"""Cost linear in the input: long runs of one character never make the text pipeline backtrack.

Each check times the same hostile text at n and 8n characters: linear code takes about 8 times as
long, a quadratic pattern 64 times, an exponential one forever (a cut-off turns that into a failure,
as the regex engine checks for signals while it matches).
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomtat
from tomtat.clean import clean_lines
from tomtat.lang.normalize import normalize
from tomtat.split import split_sentences

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cluster"
S = "Ông Nguyễn Văn An cho biết thành phố sẽ tiếp tục đầu tư vào hạ tầng giao thông"

PUNCTUATION = list(".!?…,;:-–—\"“”‘’'()[]{}«»/\\*#@&%+=<>|~_")
SPACES = [" ", "\t", "\u00a0", "\u2028", "\u2029", "\u2009", "\u200a", "\u202f", "\u3000", "\u200b", "\ufeff",
          "\x85", "\v", "\f", "\u202e", "\x1b", "\x1b[", "\x1b]"]  # fmt: skip
# Syllables and pieces that the cleaning and splitting rules look for.
PIECES = ["ba ", "Ba. ", "a.", "A. ", "ảnh ", "(ảnh ", "ảnh 1", "Theo ", "(theo ", "TTXVN ", "(TTXVN ", "/.", " /.",
          ". ", "! ", "? ", "… ", ".” ", "... ", "“Tôi ", "Ủy ", "hoà ", ", ông A cho biết", " (x)", "Theo a, ",
          "Title: ", "Tin ", ">> ", "[a] ", ". (", "”. ", "1", "x"]  # fmt: skip
UNITS = PUNCTUATION + SPACES + PIECES

LIMIT = 1.0  # seconds for the 8n text: linear code needs a few milliseconds


@contextlib.contextmanager
def cutoff(seconds: float) -> Iterator[None]:
    """Fail instead of hanging when something runs far past its time."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def timed(work: Callable[[str], object], text: str) -> float:
    with cutoff(10 * LIMIT):
        started = time.perf_counter()
        work(text)
        return time.perf_counter() - started


def assert_linear(work: Callable[[str], object], make: Callable[[int], str], n: int = 4_000) -> None:
    """``work`` on ``make(8n)`` is fast and under 20 times ``make(n)`` (8: linear, 64: quadratic).
    Timings on a busy machine wobble, so a failing pair is measured again before it counts."""
    small, big = make(n), make(8 * n)
    t8 = t1 = 0.0
    for _ in range(3):
        t8 = timed(work, big)
        if t8 < 0.05:  # even if it grew faster, this much text costs nothing worth a failure
            return
        t1 = min(timed(work, small) for _ in range(3))
        if t8 < LIMIT and t8 < 20 * t1:
            return
    pytest.fail(f"{len(small)} characters: {t1:.3f} s, {len(big)}: {t8:.3f} s")


def stages(text: str) -> list[str]:
    return split_sentences("\n".join(clean_lines(normalize(text))))


def hostile(unit: str) -> Callable[[int], str]:
    """A run of ``unit`` at the start, middle and end of a paragraph, and a paragraph of it alone."""

    def make(n: int) -> str:
        run = unit * max(1, n // (4 * len(unit)))
        return f"{run}{S}.{run}{S}{run}\n{S}.\n{run}"

    return make


@pytest.mark.parametrize("unit", UNITS, ids=[f"U+{ord(u[0]):04X}{'+' if len(u) > 1 else ''}" for u in UNITS])
def test_every_run_is_linear_through_normalize_clean_split(unit):
    assert_linear(stages, hostile(unit))


# --- mixtures: random runs of several units, anywhere in a paragraph ----------------------------------------

units = st.sampled_from(UNITS)


@st.composite
def mixtures(draw: st.DrawFn) -> Callable[[int], str]:
    pattern = "".join(draw(st.lists(units, min_size=1, max_size=3)))
    where = draw(st.sampled_from(["start", "middle", "end"]))

    def make(n: int) -> str:
        run = pattern * max(1, n // len(pattern))
        return {"start": f"{run}{S}.", "middle": f"{S}{run}{S}.", "end": f"{S}.{run}"}[where]

    return make


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(mixtures())
def test_property_mixed_runs_are_linear(make):
    assert_linear(stages, make)


def _docs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(mixtures())
def test_property_summarize_is_linear_in_hostile_runs(make):
    docs = _docs()

    def summarize(text: str) -> object:
        return tomtat.summarize([docs[0] + "\n" + text, *docs[1:]])

    assert_linear(summarize, make)


# --- the cases that were found: exponential dots, quadratic "!" and spaces ----------------------------------


@pytest.mark.parametrize("dots", [46, 60, 1_000])
def test_dot_run_at_paragraph_end(dots):
    text = f"{S}{'.' * dots}\n{S}."
    assert timed(split_sentences, text) < LIMIT
    assert split_sentences(text) == [f"{S}{'.' * dots}", f"{S}."]
    assert timed(lambda t: tomtat.summarize([t, *_docs()[1:]]), f"{_docs()[0]}{'.' * dots}") < 5 * LIMIT


@pytest.mark.parametrize("run", ["!" * 20_000, " " * 20_000], ids=["bang", "space"])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_long_run_in_a_line(run, where):
    line = {"start": f"{run}{S}.", "middle": f"{S}{run}{S}.", "end": f"{S}.{run}x"}[where]
    assert timed(clean_lines, line) < LIMIT
    assert timed(split_sentences, line) < LIMIT
    assert timed(lambda t: tomtat.summarize([t, *_docs()[1:]]), f"{_docs()[0]}\n{line}") < 5 * LIMIT


def test_reader_patterns_are_linear():
    """The stdin article separator and the legacy-encoding evidence scan, on long runs (were quadratic)."""
    from tomtat.read import _SEPARATOR
    from tomtat.read.legacy import _EVIDENCE_WORD

    started = time.perf_counter()
    assert len(_SEPARATOR.split("a\n" + "\n" * 200_000 + "b")) == 1
    assert _EVIDENCE_WORD.findall("x" * 200_000) == []
    assert time.perf_counter() - started < 1.0
    assert _SEPARATOR.split("a\n  ---  \nb") == ["a\n", "\nb"]
