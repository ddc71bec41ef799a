"""Record every network connection a process tries: ``KOTOBA_NETWORK_AUDIT=FILE``.

With the variable set, the app and its runtime process (which inherits it) each install an
audit hook (``sys.addaudithook``) that appends one JSON line per attempt to FILE: a host name
looked up or a socket connected to anything but a local (Unix) socket, with the process id.
The offline test runs a whole session with it and expects the file to stay empty; anyone can
do the same to check that Kotoba stays offline. Only Python's own sockets are seen (Kotoba
makes no connection any other way). An audit hook cannot be removed: it lasts as long as the
process.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

ENV = "KOTOBA_NETWORK_AUDIT"
LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
           "socket.gethostbyaddr")  # fmt: skip


def install_from_environment() -> bool:
    """Install the hook if ``KOTOBA_NETWORK_AUDIT`` names a file; True if it did."""
    target = os.environ.get(ENV)
    if not target:
        return False
    install(Path(target))
    return True


def install(target: Path) -> None:
    pid = os.getpid()

    def record(event: str, detail: object) -> None:
        line = json.dumps({"pid": pid, "event": event, "detail": repr(detail)})
        with target.open("a", encoding="utf-8") as fh:  # one short append per line
            fh.write(line + "\n")

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "socket.connect":
            sock, address = args[0], args[1]
            if getattr(sock, "family", None) != socket.AF_UNIX:
                record(event, address)
        elif event in LOOKUPS:
            record(event, args[:2])

    sys.addaudithook(hook)
