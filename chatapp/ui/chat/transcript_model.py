"""The transcript's rows: the branch's messages and the summary marker, updated in place.

``set_items`` compares the new rows with the shown ones: the rows both share at the start are
updated where they changed, and only the rest is removed and inserted. Sending a message,
a new plan or a finished reply therefore touch a row or two, never the whole list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from chatapp.core.chat.store import Message, Summary

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Item:
    """One row: a message (with how the branch and the plan see it) or the summary marker."""

    message: Message | None = None
    summary: Summary | None = None
    alternatives: tuple[int, int] | None = None  # (1-based position, count)
    outside: bool = False  # not in the prompt
    summarized: bool = False  # outside, and stood for by the summary
    live: bool = False  # the reply being written
    observations: tuple[Message, ...] = ()  # an agent step's results, shown in its row

    @property
    def compact(self) -> bool:
        """A one-line row without a header: a tool result, or an agent's step."""
        m = self.message
        return m is not None and (m.role == "tool" or bool((m.meta or {}).get("agent_step")))

    @property
    def key(self) -> tuple[str, int]:
        if self.message is not None:
            return ("m", self.message.id)
        assert self.summary is not None
        return ("s", self.summary.id)

    @cached_property
    def content_key(self) -> str:
        """Changes exactly when what the body shows changes (its layout must be redone)."""
        if self.message is not None:
            m = self.message
            meta = json.dumps(m.meta, sort_keys=True) if m.meta else ""
            seen = "".join(
                f"|{o.id}:{hash(o.content)}:{hash(str(o.meta))}" for o in self.observations
            )
            return f"{m.id}|{m.status}|{len(m.content)}|{hash(m.content)}|{hash(meta)}{seen}"
        assert self.summary is not None
        s = self.summary
        return f"s{s.id}|{s.edited}|{hash(s.content)}|{len(s.covered_ids)}"


class TranscriptModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[Item] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == ITEM_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if item.message is not None:
                return item.message.content
            return item.summary.content if item.summary is not None else ""
        return None

    def row_of(self, key: tuple[str, int]) -> int:
        for row in range(len(self.items) - 1, -1, -1):  # the newest rows are asked for most
            if self.items[row].key == key:
                return row
        return -1

    def set_items(self, items: list[Item]) -> list[int]:
        """Show ``items``; returns the rows kept whose body changed (their layout is stale)."""
        old = self.items
        common = 0
        while common < min(len(old), len(items)) and old[common].key == items[common].key:
            common += 1
        changed: list[int] = []
        for row in range(common):
            if old[row] != items[row]:
                if (
                    old[row].content_key != items[row].content_key
                    or old[row].live != items[row].live
                ):
                    changed.append(row)
                self.items[row] = items[row]
                index = self.index(row)
                self.dataChanged.emit(index, index)
        if common < len(old):
            self.beginRemoveRows(QModelIndex(), common, len(old) - 1)
            del self.items[common:]
            self.endRemoveRows()
        if common < len(items):
            self.beginInsertRows(QModelIndex(), common, len(items) - 1)
            self.items.extend(items[common:])
            self.endInsertRows()
        return changed

    def replace_item(self, row: int, item: Item) -> None:
        self.items[row] = item
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def update_message(self, message: Message, **changes: Any) -> int:
        row = self.row_of(("m", message.id))
        if row >= 0:
            self.replace_item(row, replace(self.items[row], message=message, **changes))
        return row
