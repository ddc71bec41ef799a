"""One request at a time, in the order they came: requests queue, none interrupts another."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class ClientGone(Exception):
    """The client went away while its request waited."""


class TurnQueue:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: deque[object] = deque()

    @property
    def length(self) -> int:
        with self._cond:
            return len(self._waiting)

    @contextmanager
    def turn(self, gone: Callable[[], bool] = lambda: False) -> Iterator[None]:
        """Wait for this request's turn; raises ClientGone if ``gone()`` while waiting."""
        me = object()
        with self._cond:
            self._waiting.append(me)
            while self._waiting[0] is not me:
                self._cond.wait(0.05)
                if self._waiting[0] is not me and gone():
                    self._waiting.remove(me)
                    self._cond.notify_all()
                    raise ClientGone()
        try:
            yield
        finally:
            with self._cond:
                self._waiting.popleft()
                self._cond.notify_all()
