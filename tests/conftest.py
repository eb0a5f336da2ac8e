"""Test-wide rules: under CI, tests that need ../shared (the training split, the reference cluster) must run.

Outside CI a plain clone without ../shared still runs everything else; the fixtures in tests/data keep the
important properties (faithfulness, retraining, evaluation) tested there too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("CI") and not (SHARED / "data" / "abmusu-train.jsonl").is_file():
        raise pytest.UsageError(f"CI needs the shared data at {SHARED} (training split and reference cluster)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if str(SHARED) in reason or "/shared/" in reason:
            report.outcome = "failed"
            report.longrepr = f"skipped for missing shared data, which CI requires: {reason}"
