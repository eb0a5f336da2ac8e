"""What the benchmark scripts share: where the data is and how clusters are read."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from tomtat.read import ClusterInput, read_jsonl

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (REPO / "../shared/data/abmusu-train.jsonl").resolve()  # AbMuSu train, beside the checkout


def load_clusters(path: str | Path, limit: int | None = None) -> list[ClusterInput]:
    """The first ``limit`` clusters of an AbMuSu .jsonl, read as the CLI reads them."""
    items = list(read_jsonl(Path(path)))
    if limit is not None:
        items = items[:limit]
    bad = [f"{i.label}: {i.error}" for i in items if i.error]
    if bad:
        sys.exit(f"{path}: unreadable clusters: {'; '.join(bad)}")
    if not items:
        sys.exit(f"{path}: no clusters")
    return items


def mean_sd(values: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (n - 1); sd is 0 for a single value."""
    if not values:
        return float("nan"), float("nan")
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def progress(message: str) -> None:
    """A progress line on stderr, overwritten in place; silent when stderr is not a terminal."""
    if sys.stderr.isatty():
        print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)


def progress_done() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def method_names(arg: str | None, parser: argparse.ArgumentParser, baseline: str) -> list[str]:
    """Methods named in a comma-separated option (default: all), checked, baseline first."""
    from tomtat import methods
    from tomtat.records import TomtatError

    names = [n.strip() for n in arg.split(",") if n.strip()] if arg else list(methods.REGISTRY)
    for name in names:
        try:
            methods.get(name)
        except TomtatError as e:
            parser.error(str(e))
    return [baseline] + [n for n in dict.fromkeys(names) if n != baseline]
