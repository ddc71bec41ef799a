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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chatapp.core.chat import short_search
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.store_schema import migrate

PromptMessage = dict[str, Any]  # the same shape as chatapp.core.engine.PromptMessage

# The roles Kotoba writes today; the store accepts any (a newer version may add more).
ROLES = ("system", "user", "assistant", "tool")
MAX_ROLE_LENGTH = 32
STATUSES = ("complete", "partial", "cancelled", "error")
TITLE_LENGTH = 60
MAX_DEPTH = 1_000_000  # guards the branch walk against a damaged (cyclic) parent chain


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    created_at: float
    status: str = "complete"
    pinned: bool = False
    model: str | None = None
    stats: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None  # tool calls, the call a tool result answers, reasoning

    def as_chat(self) -> PromptMessage:
        """The message as a prompt sees it (the OpenAI chat shape)."""
        out: PromptMessage = {"role": self.role, "content": self.content}
        meta = self.meta or {}
        for key in ("tool_calls", "tool_call_id", "name"):
            if meta.get(key):
                out[key] = meta[key]
        return out


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float
    model: str | None
    settings: ConversationSettings
    current_leaf: int | None
    pinned: bool = False  # kept at the top of the list


@dataclass(frozen=True)
class Summary:
    id: int
    conversation_id: int
    covered_ids: tuple[int, ...]
    content: str
    model: str | None
    edited: bool
    created_at: float


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int | None  # None: the title matched
    title: str
    snippet: str  # one line of text around the match
    match_start: int = -1  # where the match is in the snippet (-1: not in it)
    match_length: int = 0


class _AfterCurrent:
    """The default parent of a new message: the conversation's current leaf."""


AFTER_CURRENT = _AfterCurrent()


class ImportError_(ValueError):
    """A conversation file that cannot be imported; nothing was written."""


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


def _one_line(text: str) -> str:
    """Whitespace runs as one space, kept at either end (the text sits between other parts)."""
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    return (" " if text[:1].isspace() else "") + words + (" " if text[-1:].isspace() else "")


def snippet(text: str, query: str, before: int = 24, after: int = 100) -> tuple[str, int, int]:
    """One line around the first match, and where the match is in it: (text, start, length).

    The line starts shortly before the match (at a word, where there are words), so a narrow
    list still shows the match; the view marks it. Without a match: the start, and (-1, 0).
    """
    at = text.lower().find(query.lower())
    if at < 0:
        return " ".join(text[: before + after].split()), -1, 0
    start, end = max(0, at - before), min(len(text), at + len(query) + after)
    lead = text[start:at]
    if start > 0:
        space = lead.find(" ")
        if 0 <= space < len(lead) - 8:  # begin at a word
            lead = lead[space + 1 :]
    head = ("…" if start else "") + _one_line(lead).lstrip()
    hit = " ".join(text[at : at + len(query)].split())
    tail = _one_line(text[at + len(query) : end]).rstrip() + ("…" if end < len(text) else "")
    return head + hit + tail, len(head), len(hit)


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
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
        with self._tx() as c:
            c.execute(
                "UPDATE conversations SET current_leaf = NULL WHERE id = ?", (conversation_id,)
            )
            c.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
            c.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

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
    ) -> int:
        """Append a message (by default after the current leaf) and make it the current leaf."""
        if not role or len(role) > MAX_ROLE_LENGTH:
            raise ValueError(f"bad role {role!r}")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = time.time()
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

    # --- token counts -------------------------------------------------------------------

    def token_counts(self, message_ids: Iterable[int], model_key: str) -> dict[int, int]:
        ids = list(message_ids)
        out: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT message_id, count FROM token_counts WHERE model_key = ?"
                f" AND message_id IN ({marks})",
                (model_key, *chunk),
            )
            out.update({r[0]: r[1] for r in rows})
        return out

    def save_token_counts(self, counts: dict[int, int], model_key: str) -> None:
        with self._tx() as c:
            c.executemany(
                "INSERT OR REPLACE INTO token_counts (message_id, model_key, count)"
                " VALUES (?, ?, ?)",
                [(mid, model_key, n) for mid, n in counts.items()],
            )

    # --- summaries ----------------------------------------------------------------------

    def add_summary(
        self,
        conversation_id: int,
        covered_ids: Iterable[int],
        content: str,
        model: str | None,
        edited: bool = False,
    ) -> int:
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO summaries (conversation_id, covered_ids, content, model, edited,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation_id, json.dumps(list(covered_ids)), content, model, int(edited),
                 time.time()),
            )  # fmt: skip
        return int(cur.lastrowid or 0)

    def edit_summary(self, summary_id: int, content: str) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE summaries SET content = ?, edited = 1 WHERE id = ?", (content, summary_id)
            )

    def summaries(self, conversation_id: int) -> list[Summary]:
        rows = self._query(
            "SELECT * FROM summaries WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        out = []
        for r in rows:
            try:
                covered = tuple(int(i) for i in json.loads(r["covered_ids"]))
            except (ValueError, TypeError):
                covered = ()
            out.append(
                Summary(r["id"], r["conversation_id"], covered, r["content"], r["model"],
                        bool(r["edited"]), r["created_at"])
            )  # fmt: skip
        return out

    def latest_summary(self, conversation_id: int) -> Summary | None:
        found = self.summaries(conversation_id)
        return found[-1] if found else None

    # --- search -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Substring search over titles and messages, newest first; works for Japanese."""
        q = query.strip()
        if not q:
            return []
        title_rows: list[sqlite3.Row] = []
        if len(q) >= 3:  # the trigram index needs three characters
            phrase = '"' + q.replace('"', '""') + '"'
            title_rows = self._query(
                "SELECT rowid, title FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rowid DESC"
                " LIMIT ?",
                (phrase, limit),
            )
            rows = self._query(
                "SELECT m.id, m.conversation_id, m.content FROM messages_fts"
                " JOIN messages m ON m.id = messages_fts.rowid"
                " WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?",
                (phrase, limit),
            )
        elif (expression := short_search.match_expression(q)) is not None:
            rows = self._query(
                "SELECT m.id, m.conversation_id, m.content FROM short_fts"
                " JOIN messages m ON m.id = short_fts.rowid"
                " WHERE short_fts MATCH ? ORDER BY short_fts.rowid DESC LIMIT ?",
                (expression, limit),
            )
        else:
            pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self._query(
                "SELECT id, conversation_id, content FROM messages"
                " WHERE content LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?",
                (pattern, limit),
            )
        conv_ids = sorted({r[1] for r in rows})
        titles = {r[0]: r[1] for r in title_rows}
        if conv_ids:
            marks = ",".join("?" * len(conv_ids))
            found = self._query(
                f"SELECT id, title FROM conversations WHERE id IN ({marks})", conv_ids
            )
            titles.update({r[0]: r[1] for r in found})
        hits = [SearchHit(r[0], None, r[1], *snippet(r[1], q)) for r in title_rows]
        hits += [SearchHit(r[1], r[0], titles.get(r[1], ""), *snippet(r[2], q)) for r in rows]
        return hits[:limit]

    # --- export and import --------------------------------------------------------------

    def export_json(self, conversation_id: int) -> dict[str, Any]:
        conv = self.conversation(conversation_id)
        messages = self.all_messages(conversation_id)
        return {
            "format": "kotoba-conversation",
            "version": 1,
            "title": conv.title,
            "created_at": conv.created_at,
            "updated_at": conv.updated_at,
            "model": conv.model,
            "settings": json.loads(conv.settings.to_json()),
            "current_leaf": conv.current_leaf,
            "messages": [
                {
                    "id": m.id,
                    "parent": m.parent_id,
                    "role": m.role,
                    "content": m.content,
                    "created_at": m.created_at,
                    "status": m.status,
                    "pinned": m.pinned,
                    "model": m.model,
                    "stats": m.stats,
                    "meta": m.meta,
                }
                for m in messages
            ],
            "summaries": [
                {
                    "covered": list(s.covered_ids),
                    "content": s.content,
                    "model": s.model,
                    "edited": s.edited,
                    "created_at": s.created_at,
                }
                for s in self.summaries(conversation_id)
            ],
        }

    def export_markdown(self, conversation_id: int) -> str:
        conv = self.conversation(conversation_id)
        names = {"system": "System", "user": "You", "assistant": "Assistant", "tool": "Tool"}
        parts = [f"# {conv.title or 'Conversation'}", ""]
        if conv.model:
            parts += [f"*Model: {conv.model}*", ""]
        if conv.settings.system_prompt:
            parts += ["**System prompt**", "", conv.settings.system_prompt, ""]
        summary = self.latest_summary(conversation_id)
        if summary is not None:
            parts += ["> **Summary of earlier turns**", ">"]
            parts += [f"> {line}" for line in summary.content.splitlines()] + [""]
        for m in self.branch(conversation_id):
            note = "" if m.status == "complete" else f" *({m.status})*"
            parts += [f"## {names.get(m.role, m.role.title())}{note}", "", m.content, ""]
        return "\n".join(parts).rstrip() + "\n"

    def import_json(self, data: Any) -> int:
        """Import our JSON export as a new conversation. Raises ImportError_, writing nothing."""
        plan = _validate_import(data)
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO conversations (title, title_is_auto, created_at, updated_at, model,"
                " settings) VALUES (?, 0, ?, ?, ?, ?)",
                (plan["title"], plan["created_at"], plan["updated_at"], plan["model"],
                 plan["settings"].to_json()),
            )  # fmt: skip
            conv_id = int(cur.lastrowid or 0)
            new_ids: dict[int, int] = {}
            for m in plan["messages"]:
                cur = c.execute(
                    "INSERT INTO messages (conversation_id, parent_id, role, content, created_at,"
                    " status, pinned, model, stats, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (conv_id, new_ids.get(m["parent"]) if m["parent"] is not None else None,
                     m["role"], m["content"], m["created_at"], m["status"], int(m["pinned"]),
                     m["model"], json.dumps(m["stats"]) if m["stats"] else None,
                     json.dumps(m["meta"], ensure_ascii=False) if m["meta"] else None),
                )  # fmt: skip
                new_ids[m["id"]] = int(cur.lastrowid or 0)
            leaf = plan["current_leaf"]
            c.execute(
                "UPDATE conversations SET current_leaf = ? WHERE id = ?",
                (new_ids.get(leaf) if leaf is not None else None, conv_id),
            )
            for s in plan["summaries"]:
                c.execute(
                    "INSERT INTO summaries (conversation_id, covered_ids, content, model, edited,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (conv_id, json.dumps([new_ids[i] for i in s["covered"]]), s["content"],
                     s["model"], int(s["edited"]), s["created_at"]),
                )  # fmt: skip
        return conv_id


def _validate_import(data: Any) -> dict[str, Any]:
    def fail(why: str) -> ImportError_:
        return ImportError_(f"this is not a Kotoba conversation file: {why}")

    if not isinstance(data, dict) or data.get("format") != "kotoba-conversation":
        raise fail("the format marker is missing")
    if data.get("version") != 1:
        raise fail(f"unsupported version {data.get('version')!r}")
    raw_messages = data.get("messages")
    if not isinstance(raw_messages, list):
        raise fail("'messages' must be a list")
    now = time.time()
    messages: list[dict[str, Any]] = []
    ids: set[int] = set()
    for i, m in enumerate(raw_messages):
        if not isinstance(m, dict):
            raise fail(f"message {i + 1} is not an object")
        mid, parent = m.get("id"), m.get("parent")
        if not isinstance(mid, int) or mid in ids:
            raise fail(f"message {i + 1} has a missing or repeated id")
        if parent is not None and parent not in ids:
            raise fail(f"message {i + 1} answers a message that comes later or does not exist")
        role = m.get("role")
        if not isinstance(role, str) or not role or len(role) > MAX_ROLE_LENGTH:
            raise fail(f"message {i + 1} has a bad role {role!r}")
        if not isinstance(m.get("content"), str):
            raise fail(f"message {i + 1} has no text")
        status = m.get("status", "complete")
        if status not in STATUSES:
            raise fail(f"message {i + 1} has an unknown status {status!r}")
        created = m.get("created_at", now)
        if not isinstance(created, (int, float)):
            raise fail(f"message {i + 1} has a bad time")
        stats = m.get("stats")
        if stats is not None and not isinstance(stats, dict):
            raise fail(f"message {i + 1} has bad figures")
        meta = m.get("meta")
        if meta is not None and not isinstance(meta, dict):
            raise fail(f"message {i + 1} has bad details")
        model = m.get("model")
        ids.add(mid)
        messages.append(
            {
                "id": mid,
                "parent": parent,
                "role": m["role"],
                "content": m["content"],
                "created_at": float(created),
                "status": status,
                "pinned": bool(m.get("pinned")),
                "model": model if isinstance(model, str) else None,
                "stats": stats,
                "meta": meta,
            }
        )
    leaf = data.get("current_leaf")
    if leaf is not None and leaf not in ids:
        raise fail("the current message does not exist")
    summaries = []
    for s in data.get("summaries") or []:
        if not isinstance(s, dict) or not isinstance(s.get("content"), str):
            raise fail("a summary has no text")
        covered = s.get("covered")
        if not isinstance(covered, list) or any(i not in ids for i in covered):
            raise fail("a summary covers messages that do not exist")
        summaries.append(
            {
                "covered": covered,
                "content": s["content"],
                "model": s.get("model") if isinstance(s.get("model"), str) else None,
                "edited": bool(s.get("edited")),
                "created_at": float(s.get("created_at") or now),
            }
        )
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise fail("the title is not text")
    settings = data.get("settings")
    return {
        "title": title,
        "created_at": float(data.get("created_at") or now),
        "updated_at": float(data.get("updated_at") or now),
        "model": data.get("model") if isinstance(data.get("model"), str) else None,
        "settings": ConversationSettings.from_dict(settings if isinstance(settings, dict) else {}),
        "current_leaf": leaf,
        "messages": messages,
        "summaries": summaries,
    }
