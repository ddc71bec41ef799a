"""Whether a host name or address is this machine's loopback (``localhost``, 127.0.0.0/8, ::1):
what the remote engine and Kotoba's own server both ask."""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
