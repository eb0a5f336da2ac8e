"""Browser-facing protections on every response, and no POSTs from other sites' pages.

The service has no login, so the danger is another site's page making a visitor's browser post to it
(a ``no-cors`` form post runs a summary on the visitor's machine). Browsers say where a request comes
from in ``Sec-Fetch-Site`` and ``Origin``; a POST whose origin is not this server's is refused with 403.
Programs (curl, scripts) send neither header and are not affected.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tomtat.serve.errors import error_response

# The page's script, style and requests are all its own: nothing from elsewhere, nothing inline.
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"  # data, never a document
COMMON = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"cross-origin-resource-policy": b"same-origin",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_page(path: str) -> bool:
    return path == "/" or path.startswith("/static/")


def security_headers(path: str) -> dict[bytes, bytes]:
    page = is_page(path)
    return {
        **COMMON,
        b"content-security-policy": (PAGE_CSP if page else API_CSP).encode("ascii"),
        # The page revalidates (ETag) so an upgrade shows at once; answers are never stored.
        b"cache-control": b"no-cache" if page else b"no-store",
    }


def foreign_origin(scope: Scope) -> str | None:
    """Why a request comes from another site's page, or None (same origin, or not a browser)."""
    headers = dict(scope.get("headers", []))
    site = headers.get(b"sec-fetch-site", b"").decode("latin-1").strip().lower()
    if site and site not in ("same-origin", "none"):
        return f"Sec-Fetch-Site: {site}"
    origin = headers.get(b"origin")
    if origin is None:
        return None
    text = origin.decode("latin-1").strip()
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    if not host or _origin_of(text) != _host_of(host, scope.get("scheme", "http")):
        return f"Origin: {text}"
    return None


def _origin_of(origin: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(origin.lower())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port is None:
        return None  # "null" (sandboxed frames, file: pages) and anything odd
    return parts.scheme, parts.hostname, port


def _host_of(host: str, scheme: str) -> tuple[str, str, int] | None:
    return _origin_of(f"{scheme}://{host}")


class Guard:
    """ASGI middleware: security headers on every response; cross-origin POSTs refused with 403."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []), *((k, v) for k, v in extra.items() if k not in own)]}
            await send(message)

        why = None if scope["method"] in SAFE_METHODS else foreign_origin(scope)
        if why is not None:
            text = f"{scope['method']} from another site's page is refused ({why}); the page must be this server's"
            refusal = error_response(403, text, "Origin", "cross_origin", {"Connection": "close"})  # its body is not read
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
