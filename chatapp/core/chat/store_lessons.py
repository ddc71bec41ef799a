"""The store's agent lessons (the ``lessons`` table), mixed into ``Store``.

A lesson is one sentence, written by the model after the user marked an agent answer as failed
(core/agent/lessons.py), and shown to the user to read, edit or delete. Text is kept as given,
trimmed; empty or overlong text is refused with a ``ValueError`` and nothing is written.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from chatapp.core.chat.store_records import Lesson

MAX_LESSON_LENGTH = 500  # characters: a lesson is a sentence, not an essay


def checked_lesson_text(text: object) -> str:
    """The text trimmed; raises ValueError when it is empty or longer than a lesson may be."""
    if not isinstance(text, str):
        raise ValueError("a lesson must be text")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("a lesson cannot be empty")
    if len(cleaned) > MAX_LESSON_LENGTH:
        raise ValueError(f"a lesson can be at most {MAX_LESSON_LENGTH} characters")
    return cleaned


class LessonTables:
    """The ``lessons`` table; ``Store`` gives the connection."""

    if TYPE_CHECKING:

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]: ...

    def add_lesson(
        self, conversation_id: int, text: str, source_message_id: int | None = None
    ) -> int:
        cleaned = checked_lesson_text(text)
        with self._tx() as c:
            if not c.execute(
                "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone():
                raise KeyError(f"no conversation {conversation_id}")
            cur = c.execute(
                "INSERT INTO lessons (conversation_id, text, created_at, source_message_id)"
                " VALUES (?, ?, ?, ?)",
                (conversation_id, cleaned, time.time(), source_message_id),
            )
        return int(cur.lastrowid or 0)

    def lessons(self, conversation_id: int) -> list[Lesson]:
        """The conversation's lessons, oldest first."""
        rows = self._query(
            "SELECT * FROM lessons WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        return [
            Lesson(r["id"], r["conversation_id"], r["text"], r["created_at"],
                   r["source_message_id"])
            for r in rows
        ]  # fmt: skip

    def lesson(self, lesson_id: int) -> Lesson:
        rows = self._query("SELECT * FROM lessons WHERE id = ?", (lesson_id,))
        if not rows:
            raise KeyError(f"no lesson {lesson_id}")
        r = rows[0]
        return Lesson(r["id"], r["conversation_id"], r["text"], r["created_at"],
                      r["source_message_id"])  # fmt: skip

    def edit_lesson(self, lesson_id: int, text: str) -> None:
        cleaned = checked_lesson_text(text)
        with self._tx() as c:
            cur = c.execute("UPDATE lessons SET text = ? WHERE id = ?", (cleaned, lesson_id))
            if cur.rowcount == 0:
                raise KeyError(f"no lesson {lesson_id}")

    def delete_lesson(self, lesson_id: int) -> None:
        with self._tx() as c:
            cur = c.execute("DELETE FROM lessons WHERE id = ?", (lesson_id,))
            if cur.rowcount == 0:
                raise KeyError(f"no lesson {lesson_id}")
