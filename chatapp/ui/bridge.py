"""Deliver work from other threads to the GUI thread without touching Qt off it.

The runtime client's reader thread and the chat worker thread are plain Python threads, so they
never call into Qt: ``GuiDispatcher.post`` appends a callable to a deque and writes one wake-up
byte to a socket pair; a QSocketNotifier on the GUI thread wakes up and runs what is queued. No
polling, no added latency, and a burst of tokens costs one wake-up.
"""

from __future__ import annotations

import contextlib
import socket
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Slot


class GuiDispatcher(QObject):
    """Create on the GUI thread; ``post`` from any thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls: deque[Callable[[], None]] = deque()
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._wake_pending = False
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)

    def post(self, call: Callable[[], None]) -> None:
        """Thread-safe; never calls into Qt."""
        self._calls.append(call)
        if not self._wake_pending:
            self._wake_pending = True
            # BlockingIOError: a wake-up byte is already waiting; OSError: closed.
            with contextlib.suppress(OSError):
                self._writer.send(b"\0")

    @Slot()
    def _on_wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(4096)
        self._wake_pending = False
        while self._calls:
            self._calls.popleft()()

    def drain(self) -> None:
        """Run whatever is queued now (tests and shutdown)."""
        self._on_wake()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
