"""One request at a time, in the order they came: requests queue, none interrupts another.

The queue is bounded: past ``max_waiting`` waiting requests a new one is refused at once
(``QueueFull``, a 429 with ``Retry-After``), and one whose client went away leaves it within
a poll (50 ms), giving its place to the next.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

POLL_S = 0.05


class ClientGone(Exception):
    """The client went away while its request waited."""


class QueueFull(Exception):
    """Too many requests are waiting already; ``retry_after`` is a guess in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"{retry_after}")
        self.retry_after = retry_after


class _Waiter:
    def __init__(self, gone: Callable[[], bool]) -> None:
        self.gone = gone
        self.left = False


class TurnQueue:
    def __init__(self, max_waiting: int = 16) -> None:
        self.max_waiting = max_waiting
        self._cond = threading.Condition()
        self._waiting: deque[_Waiter] = deque()
        self._durations: deque[float] = deque(maxlen=8)  # of the last turns, for Retry-After

    @property
    def length(self) -> int:
        with self._cond:
            return len(self._waiting)

    def _drop_gone(self) -> None:
        """Take out, now, the waiting requests whose clients left (their threads notice within
        a poll; a new request must not be refused meanwhile)."""
        for waiter in list(self._waiting)[1:]:
            if waiter.gone():
                waiter.left = True
                self._waiting.remove(waiter)
        self._cond.notify_all()

    def _retry_after(self) -> int:
        typical = sorted(self._durations)[len(self._durations) // 2] if self._durations else 1.0
        return max(1, min(60, round(typical * len(self._waiting))))

    @contextmanager
    def turn(self, gone: Callable[[], bool] = lambda: False) -> Iterator[None]:
        """Wait for this request's turn; raises ClientGone if ``gone()`` while waiting and
        QueueFull when ``max_waiting`` requests wait already."""
        me = _Waiter(gone)
        with self._cond:
            if len(self._waiting) > self.max_waiting:  # the one answered plus those waiting
                self._drop_gone()
                if len(self._waiting) > self.max_waiting:
                    raise QueueFull(self._retry_after())
            self._waiting.append(me)
            while self._waiting[0] is not me:
                self._cond.wait(POLL_S)
                if me.left:
                    raise ClientGone()
                if self._waiting[0] is not me and gone():
                    self._waiting.remove(me)
                    self._cond.notify_all()
                    raise ClientGone()
        started = time.monotonic()
        try:
            yield
        finally:
            with self._cond:
                self._durations.append(time.monotonic() - started)
                self._waiting.popleft()
                self._cond.notify_all()
