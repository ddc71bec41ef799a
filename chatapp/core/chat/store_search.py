"""Search over titles and messages: the trigram index for three characters or more, the short
index for one or two (Japanese included, short_search.py), and a one-line snippet per hit."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from chatapp.core.chat import short_search
from chatapp.core.chat.store_records import SearchHit
from chatapp.core.search_text import searchable

if TYPE_CHECKING:
    from chatapp.core.chat.store import Store


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


def search(store: Store, query: str, limit: int = 50) -> list[SearchHit]:
    """Substring search over titles and messages, newest first; works for Japanese."""
    q = searchable(query).strip()
    if not q:
        return []
    title_rows: list[sqlite3.Row] = []
    if len(q) >= 3:  # the trigram index needs three characters
        phrase = '"' + q.replace('"', '""') + '"'
        title_rows = store._query(
            "SELECT rowid, title FROM titles_fts WHERE titles_fts MATCH ? ORDER BY rowid DESC"
            " LIMIT ?",
            (phrase, limit),
        )
        rows = store._query(
            "SELECT m.id, m.conversation_id, m.content FROM messages_fts"
            " JOIN messages m ON m.id = messages_fts.rowid"
            " WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?",
            (phrase, limit),
        )
    elif (expression := short_search.match_expression(q)) is not None:
        rows = store._query(
            "SELECT m.id, m.conversation_id, m.content FROM short_fts"
            " JOIN messages m ON m.id = short_fts.rowid"
            " WHERE short_fts MATCH ? ORDER BY short_fts.rowid DESC LIMIT ?",
            (expression, limit),
        )
    else:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = store._query(
            "SELECT id, conversation_id, content FROM messages"
            " WHERE content LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?",
            (pattern, limit),
        )
    conv_ids = sorted({r[1] for r in rows})
    titles = {r[0]: r[1] for r in title_rows}
    if conv_ids:
        marks = ",".join("?" * len(conv_ids))
        found = store._query(f"SELECT id, title FROM conversations WHERE id IN ({marks})", conv_ids)
        titles.update({r[0]: r[1] for r in found})
    hits = [SearchHit(r[0], None, r[1], *snippet(r[1], q)) for r in title_rows]
    hits += [SearchHit(r[1], r[0], titles.get(r[1], ""), *snippet(r[2], q)) for r in rows]
    return hits[:limit]
