"""Service settings: defaults, then TOMTAT_* environment variables, then command-line flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from tomtat.records import TomtatError

ENV_PREFIX = "TOMTAT_"


def cores() -> int:
    """CPU cores this process may use (its affinity, where the system tells)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"  # loopback: exposing the service is a deliberate choice
    port: int = 8000
    workers: int = field(default_factory=cores)  # server processes (2 cores: 55 requests/s, against 45 with 1)
    max_request_bytes: int = 5_000_000  # one cluster: JSON or uploaded files
    max_batch_bytes: int = 50_000_000  # AbMuSu train (200 clusters) is 3.2 MB
    max_documents: int = 50
    max_chars: int = 200_000  # per article, after HTML extraction; a long feature is ~30,000
    max_clusters: int = 1_000  # per batch request
    timeout: float = 30.0  # seconds per /v1/summarize request, waiting for a free process included
    batch_timeout: float = 600.0  # seconds per /v1/summarize/batch request
    header_timeout: float = 10.0  # seconds for a request's line and headers to arrive
    body_timeout: float = 30.0  # seconds for a request's body to arrive (50 MB needs about 13 Mbit/s)
    concurrency: int = 2  # summarizing processes per worker (bench/load.py, 2 cores: 55 requests/s, against 30 with 1)
    access_log: bool = True
    log_level: str = "info"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, overridden by TOMTAT_<FIELD> variables, overridden by non-None ``overrides``."""
        env = os.environ if env is None else env
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw.strip() != "":
                values[f.name] = _parse(f.name, raw.strip(), type(getattr(defaults, f.name)))
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(defaults, **values)
        settings.check()
        return settings

    def check(self) -> None:
        if not 0 < self.port < 65536:
            raise TomtatError(f"port {self.port} is not between 1 and 65535")
        for name in ("workers", "max_request_bytes", "max_batch_bytes", "max_documents", "max_chars",
                     "max_clusters", "timeout", "batch_timeout", "header_timeout", "body_timeout", "concurrency"):
            if getattr(self, name) <= 0:
                raise TomtatError(f"{name} must be positive")

    def to_env(self) -> dict[str, str]:
        """The settings as TOMTAT_* variables, for worker processes that rebuild them."""
        return {ENV_PREFIX + f.name.upper(): _format(getattr(self, f.name)) for f in fields(self)}


def _parse(name: str, raw: str, kind: type) -> Any:
    try:
        if kind is bool:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if kind is int:
            return int(raw.replace("_", ""))
        return kind(raw)
    except ValueError:
        raise TomtatError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid {kind.__name__}") from None


def _format(value: Any) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)
