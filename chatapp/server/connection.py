"""Connections with bounds: a time limit on receiving each request, a cap on connections.

A client that sends its headers or body a byte at a time would otherwise hold its thread for
as long as it likes (a socket timeout alone restarts with every byte). Each request must
therefore arrive whole within ``request_s``, with no gap longer than ``idle_s``; and at most
``max_connections`` connections have a thread at once: one more is told 429 and closed by
the accepting thread, which spends at most a fraction of a second on it.
"""

from __future__ import annotations

import io
import json
import logging
import select
import socket
import threading
import time
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any

from chatapp.server.errors import error_body

log = logging.getLogger("kotoba.server")


@dataclass(frozen=True)
class Bounds:
    request_s: float = 30.0  # a whole request (line, headers, body) must arrive within this
    idle_s: float = 10.0  # the longest silence while a request arrives (and between requests)
    write_s: float = 60.0  # the longest a client may leave a reply unread
    max_connections: int = 64
    max_waiting: int = 16  # requests waiting for the model behind the one being answered


class DeadlineReader(io.RawIOBase):
    """The socket's input, failing with TimeoutError once the request's time is up."""

    def __init__(self, sock: socket.socket, bounds: Bounds) -> None:
        self._sock = sock
        self._bounds = bounds
        self.deadline = time.monotonic() + bounds.request_s

    def restart(self) -> None:
        """A new request begins (or is awaited): its time starts now."""
        self.deadline = time.monotonic() + self._bounds.request_s

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self._sock.settimeout(min(self._bounds.idle_s, left))
        try:
            return self._sock.recv_into(buffer)
        except ConnectionResetError:
            return 0


def _refuse(sock: socket.socket) -> None:
    """A 429 for a connection over the cap, without a thread and without waiting long."""
    body = json.dumps(error_body("the server has too many connections; try again shortly",
                                 "rate_limit_error", "too_many_connections")).encode()  # fmt: skip
    head = (
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    ).encode()
    try:
        sock.settimeout(0.2)
        # Take what the client already sent, so closing does not reset the connection
        # before it reads the answer.
        if select.select([sock], [], [], 0.05)[0]:
            sock.recv(1 << 16)
        sock.sendall(head + body)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    finally:
        sock.close()


class BoundedServer(ThreadingHTTPServer):
    """A threading HTTP server with a cap on connection threads; errors go to the log."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: Any, bounds: Bounds) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.bounds = bounds
        self._slots = threading.BoundedSemaphore(bounds.max_connections)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            log.warning("refused a connection: %d connections are open",
                        self.bounds.max_connections)  # fmt: skip
            _refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started: give the place back
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The standard library prints a traceback to stderr here; the handler answers every
        # error itself, so what reaches this is logged once, in the app's log.
        log.error("unexpected error on a connection", exc_info=True)
