"""``tomtat serve``: settings from flags and TOMTAT_* variables, then uvicorn."""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

from tomtat.serve.settings import Settings
from tomtat.records import TomtatError

REQUIRED = {"fastapi": "fastapi", "uvicorn": "uvicorn", "python_multipart": "python-multipart"}


def check_installed() -> None:
    missing = [pkg for module, pkg in REQUIRED.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise TomtatError(f"the web service needs {', '.join(missing)}: pip install 'tomtat[serve]'")


def serve(**overrides: Any) -> int:
    """Run the service until interrupted; ``overrides`` are flag values (None: not given)."""
    check_installed()
    settings = Settings.from_env(**overrides)
    import uvicorn

    from tomtat.serve.logs import logging_config
    from tomtat.serve.protocol import NAME as HTTP_PROTOCOL

    # Worker processes rebuild the app from the environment, so the settings travel there.
    os.environ.update(settings.to_env())
    where = f"http://{'[' + settings.host + ']' if ':' in settings.host else settings.host}:{settings.port}/"
    print(f"tomtat: serving the web page and API on {where} (Ctrl+C to stop)", file=sys.stderr)
    uvicorn.run(
        "tomtat.serve.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level),
        access_log=False,  # ours is structured (tomtat.serve.logs.AccessLog)
        server_header=False,
        timeout_graceful_shutdown=5,
        http=HTTP_PROTOCOL,  # h11 with a deadline for request heads (settings.header_timeout)
        timeout_keep_alive=5,  # an idle kept-alive connection is closed after this many seconds
        h11_max_incomplete_event_size=16 * 1024,  # a request head over 16 KB is refused
    )
    return 0
