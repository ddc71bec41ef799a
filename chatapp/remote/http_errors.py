"""HTTP failures as ``EngineError``s with one clear message each.

The messages never include request headers (the API key travels in one).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

import httpx2

from chatapp.core.engine import EngineError
from chatapp.remote.reply import error_message
from chatapp.remote.secrets import redact

TOO_LONG_HINTS = ("context", "too long", "maximum context", "exceeds", "n_ctx")


def safe_url(url: str) -> str:
    """The URL without a user name or password in it (for messages and logs)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def body_message(content: bytes) -> str:
    """The error text of a response body: OpenAI's ``{"error": …}``, FastAPI's ``detail``."""
    text = content.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return text[:300]
    if isinstance(data, dict):
        for key in ("error", "detail", "message"):
            if data.get(key):
                value = data[key]
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    value = value[0]  # a validation error list
                return error_message(value)
    return text[:300]


def status_error(status: int, content: bytes, url: str, location: str = "") -> EngineError:
    # A server may quote the key it refused ("Incorrect API key provided: sk-…").
    detail = redact(body_message(content))
    where = safe_url(url)
    if 300 <= status < 400:
        # Redirects are never followed: the Authorization header would go with the request.
        target = safe_url(location) if "://" in location else location or "another address"
        return EngineError(
            "server",
            f"The server at {where} redirects ({status}) to {redact(target)}; Kotoba does not "
            "follow redirects (the API key would go with them): use that address instead.",
        )
    if status in (401, 403):
        return EngineError(
            "auth",
            f"The server at {where} refused the request ({status}): check the API key. {detail}",
        )
    if status == 404:
        return EngineError("server", f"The server has no {urlsplit(url).path} ({detail or 404}).")
    if status in (400, 413, 422) and any(h in detail.lower() for h in TOO_LONG_HINTS):
        return EngineError("too_long", f"The server says the prompt is too long: {detail}")
    if 400 <= status < 500:
        return EngineError("bad_request", f"The server refused the request ({status}): {detail}")
    return EngineError("server", f"The server failed ({status}): {detail or 'no details'}")


def transport_error(exc: Exception, url: str, during_reply: bool) -> EngineError:
    """A connection problem: refused, dropped, timed out."""
    where = safe_url(url)
    if isinstance(exc, httpx2.ConnectTimeout):
        return EngineError("connection", f"The server at {where} did not answer in time.")
    if isinstance(exc, httpx2.ConnectError):
        return EngineError("connection", f"Cannot reach the server at {where} ({_reason(exc)}).")
    if isinstance(exc, httpx2.TimeoutException):
        return EngineError("connection", f"The server at {where} stopped sending (timed out).")
    if during_reply:
        return EngineError(
            "connection",
            f"The connection to {where} was lost during the reply; the part received is kept.",
        )
    return EngineError("connection", f"The connection to {where} failed ({_reason(exc)}).")


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if "refused" in text.lower():
        return "connection refused"
    return text[:160] or type(exc).__name__
