"""The pieces a download is made of: how to stop it, how it reports, how it hashes."""

from __future__ import annotations

import contextlib
import hashlib
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Progress:
    done: int  # bytes of the job on disk so far
    total: int
    bytes_per_s: float  # from the bytes received in this run: never negative
    restarted: bool = False  # the server ignored the resume request: a file started over

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def eta_s(self) -> float | None:
        if self.bytes_per_s <= 0:
            return None
        return (self.total - self.done) / self.bytes_per_s


class StopSignal:
    """Asks a running download to stop: "pause" (keep the bytes), "quit" (keep them and resume
    at the next start) or "cancel" (discard them). Acts at once, even on a silent connection:
    the download registers a hook that shuts its socket down."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self._lock = threading.Lock()
        self._interrupt: Callable[[], None] | None = None

    def request(self, reason: str = "pause") -> None:
        with self._lock:
            if self.reason != "cancel":  # a cancel is never softened into a pause
                self.reason = reason
            hook = self._interrupt
        if hook is not None:
            hook()

    def on_request(self, hook: Callable[[], None] | None) -> None:
        with self._lock:
            self._interrupt = hook
            pending = self.reason is not None
        if hook is not None and pending:
            hook()

    def __call__(self) -> bool:
        return self.reason is not None


def socket_closer(response: Any) -> Callable[[], None]:
    """A function that shuts down the socket under an httpx response (closing the response
    from another thread would not wake a read that is waiting)."""
    stream = getattr(response, "extensions", {}).get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None

    def close() -> None:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    return close


class Hasher:
    """sha256 (and, when asked, the git blob sha1) on its own thread: hashlib releases the GIL,
    so hashing overlaps the network."""

    def __init__(self, git_size: int | None = None) -> None:
        self._git_size = git_size
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._sha = hashlib.sha256()
        self._git = hashlib.sha1(b"blob %d\0" % git_size) if git_size is not None else None
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()
        self._digests: tuple[str, str | None] | None = None

    def _run(self) -> None:
        while (block := self._queue.get()) is not None:
            self._sha.update(block)
            if self._git is not None:
                self._git.update(block)

    def feed(self, block: bytes) -> None:
        self._queue.put(block)

    def reset(self) -> None:
        self.finish()
        self.__init__(self._git_size)  # type: ignore[misc]

    def finish(self) -> tuple[str, str | None]:
        """(sha256, git blob sha1 or None)."""
        if self._digests is None:
            self._queue.put(None)
            self._thread.join()
            git = self._git.hexdigest() if self._git is not None else None
            self._digests = (self._sha.hexdigest(), git)
        return self._digests


class Meter:
    """Counts bytes for the progress callback, at most ten reports a second."""

    def __init__(self, total: int, done: int, callback: Callable[[Progress], None] | None) -> None:
        self.total, self.done = total, done
        self.received = 0
        self.restarted = False
        self._callback = callback
        self._start = time.monotonic()
        self._last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        self.received += n
        self._report(self.done >= self.total)

    def rewind(self, n: int) -> None:
        """The server sends a file from its start again: ``n`` bytes on disk are dropped."""
        self.done -= n
        self.restarted = True
        self._report(True)

    def _report(self, force: bool) -> None:
        now = time.monotonic()
        if self._callback is not None and (force or now - self._last >= 0.1):
            self._last = now
            speed = self.received / max(1e-6, now - self._start)
            self._callback(Progress(self.done, self.total, speed, self.restarted))
