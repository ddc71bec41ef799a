"""Save a streaming reply as it grows, so a crash keeps what was shown."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from chatapp.core.chat.store import Store

SAVE_INTERVAL_S = 0.5


class ReplyWriter:
    """The reply is a ``partial`` message from its first moment; ``finish`` settles it."""

    def __init__(
        self,
        store: Store,
        conversation_id: int,
        parent_id: int,
        model: str | None,
        interval: float = SAVE_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._interval = interval
        self._clock = clock
        self._parts: list[str] = []
        self._saved_len = 0
        self.save_error: str | None = None
        self.message_id = store.add_message(
            conversation_id, "assistant", "", parent_id=parent_id, status="partial", model=model
        )
        self._last_save = clock()

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def append(self, text: str) -> None:
        self._parts.append(text)
        if self._clock() - self._last_save >= self._interval:
            self.save()

    def save(self) -> None:
        text = self.text
        self._last_save = self._clock()
        if len(text) != self._saved_len:
            try:
                self._store.update_message(self.message_id, content=text)
            except sqlite3.Error as exc:  # a full disk: keep streaming, try again at the next save
                self.save_error = str(exc)
                return
            self._saved_len = len(text)
            self.save_error = None

    def finish(
        self,
        status: str,
        stats: dict[str, Any] | None = None,
        text: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        final = self.text if text is None else text
        self._store.update_message(
            self.message_id, content=final, status=status, stats=stats, meta=meta
        )
