"""Notice a client that went away while its request waits or generates."""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Callable

POLL_S = 0.05


def peer_closed(sock: socket.socket) -> bool:
    """True once the client has closed its end (what is left to read is the end of stream)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):
        return True


class DisconnectWatch:
    """While active, polls the socket and calls ``on_gone`` once when the client is gone."""

    def __init__(self, sock: socket.socket, on_gone: Callable[[], None]) -> None:
        self._sock = sock
        self._on_gone = on_gone
        self._stop = threading.Event()
        self.gone = False
        self._thread = threading.Thread(target=self._run, name="serve-disconnect", daemon=True)

    def __enter__(self) -> DisconnectWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(1.0)

    def _run(self) -> None:
        while not self._stop.wait(POLL_S):
            if peer_closed(self._sock):
                self.gone = True
                self._on_gone()
                return
