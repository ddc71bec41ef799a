"""Runtime events arrive on the client's reader thread; this re-emits them on the GUI thread.

The reader thread is a plain Python thread, so it never calls into Qt: it appends the event to a
deque and writes one wake-up byte to a socket pair; a QSocketNotifier on the GUI thread wakes up,
drains the deque and emits the signals there. No polling, no added latency, and a burst of tokens
costs one wake-up.
"""

from __future__ import annotations

import contextlib
import socket
from collections import deque

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from chatapp.runtime import protocol as p


class RuntimeBridge(QObject):
    """Create on the GUI thread; pass :meth:`post` to the RuntimeClient as ``on_event``."""

    event = Signal(object)
    load_progress = Signal(int, float)
    loaded = Signal(object)
    tokens = Signal(int, str)
    generation_done = Signal(object)
    error = Signal(object)
    crashed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: deque[p.Event] = deque()
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._wake_pending = False
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)

    def post(self, event: p.Event) -> None:
        """Thread-safe; never calls into Qt."""
        self._events.append(event)
        if not self._wake_pending:
            self._wake_pending = True
            # BlockingIOError: a wake-up byte is already waiting; OSError: the bridge is closed.
            with contextlib.suppress(OSError):
                self._writer.send(b"\0")

    @Slot()
    def _on_wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(4096)
        self._wake_pending = False
        while self._events:
            self._emit(self._events.popleft())

    def drain(self) -> None:
        """Deliver whatever is queued now (used when closing)."""
        self._on_wake()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _emit(self, event: p.Event) -> None:
        self.event.emit(event)
        if isinstance(event, p.Tokens):
            self.tokens.emit(event.request_id, event.text)
        elif isinstance(event, p.LoadProgress):
            self.load_progress.emit(event.request_id, event.fraction)
        elif isinstance(event, p.Loaded):
            self.loaded.emit(event)
        elif isinstance(event, p.GenerationDone):
            self.generation_done.emit(event)
        elif isinstance(event, p.ErrorEvent):
            self.error.emit(event)
        elif isinstance(event, p.RuntimeCrashed) and event.request_id == 0:
            self.crashed.emit(event)
