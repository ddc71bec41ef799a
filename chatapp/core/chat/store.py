"""The conversation store: SQLite (WAL, durable commits), branches, summaries, search, export.

Every public write is one transaction that is on disk when the method returns
(``synchronous=FULL``). Messages form a tree through ``parent_id``: editing a message or
regenerating a reply adds a sibling, and ``current_leaf`` says which branch is shown.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from chatapp.core.chat import short_search, store_search, store_transfer
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.store_images import ImageTables
from chatapp.core.chat.store_lessons import LessonTables
from chatapp.core.chat.store_records import (
    Conversation as Conversation,
)
from chatapp.core.chat.store_records import (
    Message as Message,
)
from chatapp.core.chat.store_records import (
    PromptMessage as PromptMessage,
)
from chatapp.core.chat.store_records import (
    SearchHit as SearchHit,
)
from chatapp.core.chat.store_records import (
    Summary as Summary,
)
from chatapp.core.chat.store_schema import MAX_ROLE_LENGTH, STATUSES, migrate
from chatapp.core.chat.store_search import snippet as snippet
from chatapp.core.chat.store_summaries import SummaryTables
from chatapp.core.chat.store_transfer import ImportError_ as ImportError_  # re-exported
from chatapp.core.images.image_store import ImageStore, StoredImage

TITLE_LENGTH = 60
MAX_DEPTH = 1_000_000  # guards the branch walk against a damaged (cyclic) parent chain


class _AfterCurrent:
    """The default parent of a new message: the conversation's current leaf."""


AFTER_CURRENT = _AfterCurrent()


def _json_or_none(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def auto_title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


class Store(SummaryTables, ImageTables, LessonTables):
    def __init__(self, path: str | Path, images: str | Path | None = None) -> None:
        self.path = Path(path)
        # Image files beside the database, by content hash (store_images.py).
        self.images = ImageStore(images if images is not None else self.path.parent / "images")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=10
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        short_search.register(self._conn)
        migrate(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    def integrity_ok(self) -> bool:
        return self._query("PRAGMA integrity_check")[0][0] == "ok"

    # --- conversations ------------------------------------------------------------------

    def create_conversation(
        self,
        title: str = "",
        model: str | None = None,
        settings: ConversationSettings | None = None,
    ) -> int:
        now = time.time()
        settings = settings or ConversationSettings()
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO conversations (title, title_is_auto, created_at, updated_at, model,"
                " settings) VALUES (?, ?, ?, ?, ?, ?)",
                (title, 0 if title else 1, now, now, model, settings.to_json()),
            )
        return int(cur.lastrowid or 0)

    def conversation(self, conversation_id: int) -> Conversation:
        rows = self._query("SELECT * FROM conversations WHERE id = ?", (conversation_id,))
        if not rows:
            raise KeyError(f"no conversation {conversation_id}")
        r = rows[0]
        return Conversation(
            r["id"],
            r["title"],
            r["created_at"],
            r["updated_at"],
            r["model"],
            ConversationSettings.from_json(r["settings"]),
            r["current_leaf"],
            bool(r["pinned"]),
        )

    def list_conversations(self) -> list[Conversation]:
        rows = self._query("SELECT id FROM conversations ORDER BY updated_at DESC, id DESC")
        return [self.conversation(r["id"]) for r in rows]

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET pinned = ? WHERE id = ?", (int(pinned), conversation_id)
            )

    def rename(self, conversation_id: int, title: str) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET title = ?, title_is_auto = 0 WHERE id = ?",
                (title.strip(), conversation_id),
            )

    def title_is_auto(self, conversation_id: int) -> bool:
        """The title is the app's (the first words, or one the model wrote), not the user's."""
        rows = self._query(
            "SELECT title_is_auto FROM conversations WHERE id = ?", (conversation_id,)
        )
        return bool(rows and rows[0]["title_is_auto"])

    def set_auto_title(self, conversation_id: int, title: str) -> bool:
        """A title written for the user; never over one the user gave (checked in the same
        statement, so a rename in between wins). False when the user's title stays."""
        with self._tx() as c:
            cur = c.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND title_is_auto = 1",
                (title.strip(), conversation_id),
            )
        return cur.rowcount == 1

    def set_settings(self, conversation_id: int, settings: ConversationSettings) -> None:
        settings.validate()
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET settings = ? WHERE id = ?",
                (settings.to_json(), conversation_id),
            )

    def set_model(self, conversation_id: int, model: str | None) -> None:
        with self._tx() as c:
            c.execute("UPDATE conversations SET model = ? WHERE id = ?", (model, conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
        images = self._images_of("m.conversation_id = ?", (conversation_id,))
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET current_leaf = NULL WHERE id = ?", (conversation_id,)
            )
            c.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
            c.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        self._forget_images(images)

    # --- messages -----------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        parent_id: int | _AfterCurrent | None = AFTER_CURRENT,
        status: str = "complete",
        model: str | None = None,
        pinned: bool = False,
        meta: dict[str, Any] | None = None,
        images: Sequence[StoredImage] = (),
    ) -> int:
        """Append a message (by default after the current leaf) and make it the current leaf.
        ``images`` (already in ``self.images``) are committed with it, in the same transaction."""
        if not role or len(role) > MAX_ROLE_LENGTH:
            raise ValueError(f"bad role {role!r}")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = time.time()
        if images:
            meta = {**(meta or {}), "images": [i.to_meta() for i in images]}
        with self._tx() as c:
            conv = c.execute(
                "SELECT current_leaf, title_is_auto, title FROM conversations WHERE id = ?",
                (conversation_id,),
            ).fetchone()
            if conv is None:
                raise KeyError(f"no conversation {conversation_id}")
            parent = conv["current_leaf"] if isinstance(parent_id, _AfterCurrent) else parent_id
            cur = c.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, content, created_at,"
                " status, pinned, model, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    parent,
                    role,
                    content,
                    now,
                    status,
                    int(pinned),
                    model,
                    json.dumps(meta, ensure_ascii=False) if meta else None,
                ),
            )
            message_id = int(cur.lastrowid or 0)
            self._link_images(c, message_id, images)
            title_sql = ""
            args: list[Any] = [message_id, now]
            if role == "user" and conv["title_is_auto"] and not conv["title"]:
                title_sql = ", title = ?"
                args.append(auto_title(content))
            c.execute(
                f"UPDATE conversations SET current_leaf = ?, updated_at = ?{title_sql}"
                " WHERE id = ?",
                (*args, conversation_id),
            )
        return message_id

    def update_message(
        self,
        message_id: int,
        *,
        content: str | None = None,
        status: str | None = None,
        stats: dict[str, Any] | None = None,
        pinned: bool | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        sets: list[str] = []
        args: list[Any] = []
        if meta is not None:
            sets.append("meta = ?")
            args.append(json.dumps(meta, ensure_ascii=False))
        for column, value in (("content", content), ("status", status), ("pinned", pinned)):
            if value is not None:
                sets.append(f"{column} = ?")
                args.append(int(value) if column == "pinned" else value)
        if stats is not None:
            sets.append("stats = ?")
            args.append(json.dumps(stats))
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        if not sets:
            return
        with self._tx() as c:
            c.execute(f"UPDATE messages SET {', '.join(sets)} WHERE id = ?", (*args, message_id))

    def message(self, message_id: int) -> Message:
        rows = self._query("SELECT * FROM messages WHERE id = ?", (message_id,))
        if not rows:
            raise KeyError(f"no message {message_id}")
        return self._message(rows[0])

    @staticmethod
    def _message(r: sqlite3.Row) -> Message:
        return Message(
            r["id"],
            r["conversation_id"],
            r["parent_id"],
            r["role"],
            r["content"],
            r["created_at"],
            r["status"],
            bool(r["pinned"]),
            r["model"],
            _json_or_none(r["stats"]),
            _json_or_none(r["meta"]),
        )

    def all_messages(self, conversation_id: int) -> list[Message]:
        """Every message of every branch, oldest first."""
        rows = self._query(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        return [self._message(r) for r in rows]

    def branch(self, conversation_id: int, leaf_id: int | None = None) -> list[Message]:
        """The messages from the root to ``leaf_id`` (default: the current leaf), in order."""
        if leaf_id is None:
            leaf_id = self._current_leaf(conversation_id)
            if leaf_id is None:
                return []
        rows = self._query(
            """
            WITH RECURSIVE path(id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM messages WHERE id = ? AND conversation_id = ?
                UNION ALL
                SELECT m.id, m.parent_id, path.depth + 1 FROM messages m
                JOIN path ON m.id = path.parent_id
                WHERE m.conversation_id = ? AND path.depth < ?
            )
            SELECT messages.* FROM path JOIN messages ON messages.id = path.id
            ORDER BY path.depth DESC
            """,
            (leaf_id, conversation_id, conversation_id, MAX_DEPTH),
        )
        seen: set[int] = set()
        out: list[Message] = []
        for r in rows:
            if r["id"] in seen:  # a damaged, cyclic chain: show each message once
                continue
            seen.add(r["id"])
            out.append(self._message(r))
        return out

    def _current_leaf(self, conversation_id: int) -> int | None:
        rows = self._query(
            "SELECT c.current_leaf FROM conversations c JOIN messages m ON m.id = c.current_leaf"
            " WHERE c.id = ?",
            (conversation_id,),
        )
        if rows:
            return int(rows[0][0])
        latest = self._query(
            "SELECT max(id) FROM messages WHERE conversation_id = ?", (conversation_id,)
        )
        return latest[0][0]

    def siblings(self, message_id: int) -> list[int]:
        """Alternatives of a message (itself included), oldest first: edits and regenerations."""
        m = self.message(message_id)
        if m.parent_id is None:
            rows = self._query(
                "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL"
                " ORDER BY id",
                (m.conversation_id,),
            )
        else:
            rows = self._query(
                "SELECT id FROM messages WHERE parent_id = ? ORDER BY id", (m.parent_id,)
            )
        return [r[0] for r in rows]

    def alternatives(
        self, conversation_id: int, message_ids: Iterable[int]
    ) -> dict[int, tuple[int, int]]:
        """For messages that have siblings: (1-based position, number of alternatives)."""
        rows = self._query(
            "SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        groups: dict[int | None, list[int]] = {}
        for r in rows:
            groups.setdefault(r[1], []).append(r[0])
        parent_of = {r[0]: r[1] for r in rows}
        out: dict[int, tuple[int, int]] = {}
        for mid in message_ids:
            group = groups.get(parent_of.get(mid), [])
            if len(group) > 1 and mid in group:
                out[mid] = (group.index(mid) + 1, len(group))
        return out

    def select_branch(self, message_id: int) -> None:
        """Show the branch through ``message_id``: its newest descendants become the leaf."""
        leaf = message_id
        for _ in range(MAX_DEPTH):
            rows = self._query("SELECT max(id) FROM messages WHERE parent_id = ?", (leaf,))
            if rows[0][0] is None:
                break
            leaf = rows[0][0]
        m = self.message(message_id)
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET current_leaf = ? WHERE id = ?", (leaf, m.conversation_id)
            )

    def set_current_leaf(self, conversation_id: int, leaf_id: int | None) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET current_leaf = ? WHERE id = ?", (leaf_id, conversation_id)
            )

    def delete_message(self, message_id: int) -> None:
        """Remove one message; its replies move up to its parent, so nothing else is lost."""
        m = self.message(message_id)
        images = self._images_of("m.id = ?", (message_id,))
        with self._tx() as c:
            c.execute(
                "UPDATE messages SET parent_id = ? WHERE parent_id = ?", (m.parent_id, message_id)
            )
            leaf = c.execute(
                "SELECT current_leaf FROM conversations WHERE id = ?", (m.conversation_id,)
            ).fetchone()[0]
            if leaf == message_id:
                c.execute(
                    "UPDATE conversations SET current_leaf = ? WHERE id = ?",
                    (m.parent_id, m.conversation_id),
                )
            c.execute("DELETE FROM messages WHERE id = ?", (message_id,))
        self._forget_images(images)

    # --- search (store_search.py) ---------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Substring search over titles and messages, newest first; works for Japanese."""
        return store_search.search(self, query, limit)

    # --- export and import (store_transfer.py) ------------------------------------------

    def export_json(self, conversation_id: int) -> dict[str, Any]:
        return store_transfer.export_json(self, conversation_id)

    def export_markdown(self, conversation_id: int, images_to: Path | None = None) -> str:
        """``images_to``: a folder beside the Markdown file to write the images into."""
        return store_transfer.export_markdown(self, conversation_id, images_to)

    def import_json(self, data: Any) -> int:
        """Import our JSON export as a new conversation. Raises ImportError_, writing nothing."""
        return store_transfer.import_json(self, data)
