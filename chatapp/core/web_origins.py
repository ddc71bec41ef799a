"""Web origins (``scheme://host[:port]``) the user lets use Kotoba's server from a browser.

Kept as one text setting (``serve_origins``: origins separated by spaces or commas) and given
to ``chatapp serve --allow-origin``. ``*`` allows every origin (the user's explicit choice).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ANY = "*"
DEFAULT_PORTS = {"http": 80, "https": 443}
_SEPARATORS = re.compile(r"[\s,]+")


def normalize_origin(value: str) -> str | None:
    """``HTTP://Example.com:80`` → ``http://example.com``; None for anything not an origin."""
    value = value.strip()
    if value == ANY:
        return ANY
    if len(value) > 300 or any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
        return None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not scheme or not host or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"


def parse_origins(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Every origin in ``text`` (or in each item), normalized; raises ValueError naming a
    bad one."""
    items = [text] if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        for word in _SEPARATORS.split(item.strip()):
            if not word:
                continue
            origin = normalize_origin(word)
            if origin is None:
                raise ValueError(f"{word[:60]!r} is not a web origin (like http://localhost:3000).")
            if origin not in out:
                out.append(origin)
    return tuple(out)
