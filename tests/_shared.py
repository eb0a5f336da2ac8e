"""What several test files need: the bundled example and how to start the console script."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cluster"
FILES = sorted(EXAMPLE.glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in FILES]

_SCRIPT = Path(sys.executable).parent / "tomtat"
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "tomtat.cli"]
