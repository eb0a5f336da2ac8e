"""The web page and HTTP API (``tomtat serve``), a thin shell over :func:`tomtat.summarize`.

Needs the ``serve`` extra (FastAPI, uvicorn, python-multipart, trafilatura);
``tomtat.serve.app.create_app(settings)`` builds the ASGI app.
"""

from tomtat.serve.settings import Settings

__all__ = ["Settings"]
