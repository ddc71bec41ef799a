"""What keeps the web pages a user has open away from a server on their own machine.

Any page can send requests to 127.0.0.1. Two checks stop it from using the models:

- ``Origin``: a browser names the page's origin on every cross-origin request; only origins
  the user allowed (none by default) pass, and only they get CORS headers.
- ``Host``: a page whose own name was made to point at 127.0.0.1 (DNS rebinding) is, to the
  browser, same-origin and sends no tell-tale ``Origin``; its ``Host`` header still carries
  the attacker's name, and only the names this server listens on pass.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, field

from chatapp.core.web_origins import ANY, normalize_origin
from chatapp.server.errors import ApiError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")
_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
ALLOWED_METHODS = "GET, POST, OPTIONS"


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def split_host(value: str) -> tuple[str, int | None] | None:
    """``name:port`` of a Host header (``[::1]:8080`` too); None when it is malformed."""
    value = value.strip().lower()
    if not value or len(value) > 270 or any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[: end + 1], value[end + 1 :]
    else:
        name, _, port_text = value.partition(":")
        rest = f":{port_text}" if _ else ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit() and len(rest) <= 6):
        return None
    port = int(rest[1:]) if rest else None
    return name.rstrip("."), port


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class BrowserGuard:
    """``host`` and ``port``: where the server listens; ``origins``: normalized origins
    allowed (``*`` for all); ``extra_hosts``: more names the server may be called by."""

    host: str
    port: int
    origins: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    _names: frozenset[str] = field(init=False, repr=False, default=frozenset())

    def __post_init__(self) -> None:
        names = {*LOOPBACK_NAMES, _bracketed(self.host.lower())}
        names.update(_bracketed(h.lower()) for h in self.extra_hosts)
        if self.host in WILDCARDS:  # reached by the machine's own names too (with a key)
            names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
        object.__setattr__(self, "_names", frozenset(names))

    def host_allowed(self, header: str | None) -> bool:
        if header is None:
            return False
        parsed = split_host(header)
        if parsed is None:
            return False
        name, port = parsed
        if (port if port is not None else 80) != self.port:
            return False
        if name in self._names:
            return True
        return self.host in WILDCARDS and _is_ip_literal(name)

    def own_origins(self) -> set[str]:
        port = "" if self.port == 80 else f":{self.port}"
        return {f"http://{name}{port}" for name in self._names}

    def origin_allowed(self, origin: str) -> bool:
        if ANY in self.origins:
            return True
        normalized = normalize_origin(origin)
        if normalized is None or normalized == ANY:
            return False
        # This server serves no pages; its own origin can only be a page it is a part of.
        return normalized in self.origins or normalized in self.own_origins()

    def check(self, host: str | None, origins: list[str], http_version: str) -> str | None:
        """The request's allowed origin (None: no Origin header); raises ApiError 400/403."""
        if host is None:
            if http_version == "HTTP/1.0":  # HTTP/1.0 has no Host; no browser sends that
                host = f"127.0.0.1:{self.port}"
            else:
                raise ApiError(400, "the request has no Host header", code="invalid_headers")
        if not self.host_allowed(host):
            raise ApiError(
                403,
                f"this server answers requests to {_bracketed(self.host)}:{self.port} "
                "(127.0.0.1, localhost); the Host header names another (DNS rebinding is "
                "refused)",
                code="host_not_allowed",
            )
        if not origins:
            return None
        if len(origins) > 1 or not self.origin_allowed(origins[0]):
            raise ApiError(
                403,
                "requests from web pages are refused unless their origin is allowed "
                "(chatapp serve --allow-origin, or Preferences)",
                code="origin_not_allowed",
            )
        return origins[0].strip()


def cors_headers(origin: str, requested_headers: str | None = None) -> list[tuple[str, str]]:
    """The CORS answer for an allowed origin (``requested_headers``: a preflight's)."""
    headers = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    if requested_headers is not None:
        names = [h.strip() for h in requested_headers.split(",") if h.strip()]
        safe = [h for h in names if _TOKEN.fullmatch(h) and len(h) <= 100][:50]
        headers += [
            ("Access-Control-Allow-Methods", ALLOWED_METHODS),
            ("Access-Control-Allow-Headers", ", ".join(safe) or "Authorization, Content-Type"),
            ("Access-Control-Max-Age", "600"),
        ]
    else:
        headers.append(("Access-Control-Expose-Headers", "Retry-After"))
    return headers
