"""The web page and HTTP API (``tomtat serve``), a thin shell over :func:`tomtat.summarize`.

Needs the ``serve`` extra (FastAPI, uvicorn, python-multipart, trafilatura);
``tomtat.serve.app.create_app(settings, summarize=...)`` builds the ASGI app. Modules: ``app`` (routes),
``inputs`` (reading requests), ``jobs`` (the work, run in ``pool``'s processes), ``security`` (headers,
same-origin POSTs), ``protocol`` (request-head deadline), ``errors`` (error codes), ``logs``, ``settings``.
"""

from tomtat.serve.settings import Settings

__all__ = ["Settings"]
