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
        resume_id: int | None = None,
    ) -> None:
        self._store = store
        self._interval = interval
        self._clock = clock
        self._parts: list[str] = []
        self.save_error: str | None = None
        if resume_id is None:
            self.message_id = store.add_message(
                conversation_id, "assistant", "", parent_id=parent_id, status="partial", model=model
            )
        else:  # carry on writing an unfinished reply, in the same message
            self.message_id = resume_id
            self._parts.append(store.message(resume_id).content)
            store.update_message(resume_id, status="partial")
        self._resumed = resume_id is not None
        self._saved_len = len(self.text)
        self._last_save = clock()

    @classmethod
    def resume(cls, store: Store, message_id: int) -> ReplyWriter:
        m = store.message(message_id)
        return cls(store, m.conversation_id, m.parent_id or 0, m.model, resume_id=message_id)

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
        self, status: str, stats: dict[str, Any] | None = None, text: str | None = None
    ) -> None:
        """Settle the reply; ``text`` is the whole new text (what came before a resume stays)."""
        final = self.text if text is None else self._parts[0] + text if self._resumed else text
        self._store.update_message(self.message_id, content=final, status=status, stats=stats)
