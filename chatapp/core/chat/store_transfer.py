"""Conversations to and from files: our JSON export (every branch, summary, lesson and figure), a
Markdown export of the shown branch, and a checked JSON import that writes nothing when anything
is wrong."""

from __future__ import annotations

import json
import math
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.import_file import ImportError_, check_document
from chatapp.core.chat.store_images import images_in_meta
from chatapp.core.chat.store_lessons import checked_lesson_text
from chatapp.core.chat.store_schema import MAX_ROLE_LENGTH, STATUSES
from chatapp.core.chat.transfer_images import (
    check_import_images,
    embed_images,
    markdown_images,
)

if TYPE_CHECKING:
    from chatapp.core.chat.store import Store


__all__ = ["ImportError_", "export_json", "export_markdown", "import_json"]
MAX_MESSAGES = 100_000
MAX_TEXT_CHARS = 10_000_000  # one message or summary; a whole book is 1 to 2 million
MAX_TITLE_CHARS = 10_000
LATEST_TIME = 253_402_300_799.0  # 9999-12-31: later times break date formatting
MAX_ID = 2**63 - 1
MAX_LESSONS = 10_000


def export_json(store: Store, conversation_id: int) -> dict[str, Any]:
    conv = store.conversation(conversation_id)
    messages = store.all_messages(conversation_id)
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
            for s in store.summaries(conversation_id)
        ],
        "images": embed_images(store, messages),
        "lessons": [
            {"text": x.text, "created_at": x.created_at, "source": x.source_message_id}
            for x in store.lessons(conversation_id)
        ],
    }


def export_markdown(store: Store, conversation_id: int, images_to: Path | None = None) -> str:
    conv = store.conversation(conversation_id)
    names = {"system": "System", "user": "You", "assistant": "Assistant", "tool": "Tool"}
    parts = [f"# {conv.title or 'Conversation'}", ""]
    if conv.model:
        parts += [f"*Model: {conv.model}*", ""]
    if conv.settings.system_prompt:
        parts += ["**System prompt**", "", conv.settings.system_prompt, ""]
    summary = store.latest_summary(conversation_id)
    if summary is not None:
        parts += ["> **Summary of earlier turns**", ">"]
        parts += [f"> {line}" for line in summary.content.splitlines()] + [""]
    for m in store.branch(conversation_id):
        note = "" if m.status == "complete" else f" *({m.status})*"
        parts += [f"## {names.get(m.role, m.role.title())}{note}", ""]
        pictures = markdown_images(store, m, images_to)
        parts += [*pictures, ""] if pictures else []
        parts += [m.content, ""]
    return "\n".join(parts).rstrip() + "\n"


def import_json(store: Store, data: Any) -> int:
    """Import our JSON export as a new conversation. Raises ImportError_, writing nothing."""
    check_document(data)
    plan = _validate_import(data)
    try:
        images = check_import_images(data, [m["meta"] for m in plan["messages"]])
    except ValueError as exc:
        raise ImportError_(f"this conversation file cannot be imported: {exc}") from None
    stored = [store.images.put(image) for image in images]  # the files first: messages after
    try:
        return _write(store, plan)
    except (sqlite3.Error, OverflowError, ValueError) as exc:  # rolled back by the transaction
        store._forget_images(stored)
        raise ImportError_(f"this conversation could not be written: {exc}") from None


def _write(store: Store, plan: dict[str, Any]) -> int:
    with store._tx() as c:
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
            if m["meta"]:
                store._link_images(c, new_ids[m["id"]], images_in_meta(m["meta"]))
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
        for x in plan["lessons"]:
            c.execute(
                "INSERT INTO lessons (conversation_id, text, created_at, source_message_id)"
                " VALUES (?, ?, ?, ?)",
                (conv_id, x["text"], x["created_at"], new_ids.get(x["source"])),
            )
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
    if len(raw_messages) > MAX_MESSAGES:
        raise fail(f"{len(raw_messages)} messages; at most {MAX_MESSAGES} can be imported")
    now = time.time()

    def when(value: Any, what: str) -> float:
        if value is None or value == 0:
            return now
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail(f"{what} has a bad time")
        if not (math.isfinite(value) and 0 <= value <= LATEST_TIME):
            raise fail(f"{what} has a time out of range")
        return float(value)

    def known(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value in ids

    def text(value: str, what: str) -> str:
        if len(value) > MAX_TEXT_CHARS:
            raise fail(f"{what} has {len(value)} characters; the limit is {MAX_TEXT_CHARS}")
        return value

    messages: list[dict[str, Any]] = []
    ids: set[int] = set()
    for i, m in enumerate(raw_messages):
        if not isinstance(m, dict):
            raise fail(f"message {i + 1} is not an object")
        mid, parent = m.get("id"), m.get("parent")
        if isinstance(mid, bool) or not isinstance(mid, int) or abs(mid) > MAX_ID or mid in ids:
            raise fail(f"message {i + 1} has a missing or repeated id")
        if parent is not None and not known(parent):
            raise fail(f"message {i + 1} answers a message that comes later or does not exist")
        role = m.get("role")
        if not isinstance(role, str) or not role or len(role) > MAX_ROLE_LENGTH:
            raise fail(f"message {i + 1} has a bad role {role!r}")
        if not isinstance(m.get("content"), str):
            raise fail(f"message {i + 1} has no text")
        text(m["content"], f"message {i + 1}")
        status = m.get("status", "complete")
        if status not in STATUSES:
            raise fail(f"message {i + 1} has an unknown status {status!r}")
        created = when(m.get("created_at", now), f"message {i + 1}")
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
                "created_at": created,
                "status": status,
                "pinned": bool(m.get("pinned")),
                "model": model if isinstance(model, str) else None,
                "stats": stats,
                "meta": meta,
            }
        )
    leaf = data.get("current_leaf")
    if leaf is not None and not known(leaf):
        raise fail("the current message does not exist")
    summaries = []
    raw_summaries = data.get("summaries") or []
    if not isinstance(raw_summaries, list) or len(raw_summaries) > MAX_MESSAGES:
        raise fail(f"'summaries' must be a list of at most {MAX_MESSAGES}")
    for s in raw_summaries:
        if not isinstance(s, dict) or not isinstance(s.get("content"), str):
            raise fail("a summary has no text")
        text(s["content"], "a summary")
        covered = s.get("covered")
        if not isinstance(covered, list) or not all(known(i) for i in covered):
            raise fail("a summary covers messages that do not exist")
        summaries.append(
            {
                "covered": covered,
                "content": s["content"],
                "model": s.get("model") if isinstance(s.get("model"), str) else None,
                "edited": bool(s.get("edited")),
                "created_at": when(s.get("created_at"), "a summary"),
            }
        )
    raw_lessons = data.get("lessons") or []  # files of before lessons have none
    if not isinstance(raw_lessons, list) or len(raw_lessons) > MAX_LESSONS:
        raise fail(f"'lessons' must be a list of at most {MAX_LESSONS}")
    lessons = []
    for x in raw_lessons:
        try:
            lesson_text = checked_lesson_text(x.get("text") if isinstance(x, dict) else None)
        except ValueError as exc:
            raise fail(f"a lesson is refused: {exc}") from None
        source = x.get("source")
        lessons.append(
            {
                "text": lesson_text,
                "created_at": when(x.get("created_at"), "a lesson"),
                "source": source if known(source) else None,  # its answer may be gone
            }
        )
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise fail("the title is not text")
    if len(title) > MAX_TITLE_CHARS:
        raise fail(f"the title has {len(title)} characters; the limit is {MAX_TITLE_CHARS}")
    settings = data.get("settings")
    return {
        "title": title,
        "created_at": when(data.get("created_at"), "the conversation"),
        "updated_at": when(data.get("updated_at"), "the conversation"),
        "model": data.get("model") if isinstance(data.get("model"), str) else None,
        "settings": ConversationSettings.from_dict(settings if isinstance(settings, dict) else {}),
        "current_leaf": leaf,
        "messages": messages,
        "summaries": summaries,
        "lessons": lessons,
    }
