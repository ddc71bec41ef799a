"""API keys kept out of the log and out of the error text shown.

A key can reach text three ways: the HTTP client logs each request's URL (with a key the
user put in it: ``https://user:KEY@host/v1`` or ``?api_key=KEY``), a server echoes the key
it refused in its 401 body, and an exception quotes a URL. Every key an engine is given is
registered here; ``redact`` replaces registered keys and the secret parts of URLs, and a
filter on the log handlers applies it to every line, from any library's logger.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "***"
MIN_SECRET = 4  # shorter values would mask ordinary words
SECRET_PARAMS = re.compile(r"key|token|secret|pass|auth|sig|credential", re.IGNORECASE)
# The HTTP clients whose request lines carry URLs (their records are filtered at the source
# too, for handlers added later than the filter).
HTTP_LOGGERS = ("httpx2", "httpcore2", "httpx", "httpcore")

_secrets: set[str] = set()
_lock = threading.Lock()
_USERINFO = re.compile(r"(?<=://)[^/\s@]+@")
_QUERY_SECRET = re.compile(
    r"([?&;][^=&;\s]*(?:key|token|secret|pass|auth|sig|credential)[^=&;\s]*=)[^&;\s#\"']+",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}", re.IGNORECASE)


def register(secret: str) -> None:
    """Mask ``secret`` (and its URL-encoded form) wherever it appears from now on."""
    secret = secret.strip()
    if len(secret) < MIN_SECRET:
        return
    with _lock:
        _secrets.add(secret)
        if unquote(secret) != secret:
            _secrets.add(unquote(secret))


def secrets_in_url(url: str) -> list[str]:
    """The secret parts of a URL: its user name and password, and query values whose names
    say key, token, secret, password…"""
    try:
        parts = urlsplit(url)
        found = [unquote(v) for v in (parts.username, parts.password) if v]
        found += [v for k, v in parse_qsl(parts.query) if SECRET_PARAMS.search(k)]
    except ValueError:
        return []
    return found


def protect(url: str, api_key: str = "") -> None:
    """Register an engine's key and the secrets in its URL; install the log filter."""
    for secret in [api_key, *secrets_in_url(url)]:
        register(secret)
    install_secret_filter()


def redact(text: str) -> str:
    if not text:
        return text
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)  # longest first: no partial leftovers
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _USERINFO.sub(MASK + "@", text)
    text = _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, text)
    return _BEARER.sub(lambda m: m.group(1) + MASK, text)


class SecretFilter(logging.Filter):
    """Rewrites a record's message with ``redact`` (the arguments are formatted first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot format is left to logging
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_text is None and record.exc_info[1] is not None:
            # A traceback's text is made later, by the handler: make it now, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = SecretFilter()


def install_secret_filter() -> None:
    """On every handler of the root logger (each record passes one) and on the HTTP
    clients' loggers."""
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    for name in HTTP_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
