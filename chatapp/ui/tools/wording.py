"""Tool results in the UI language: one line from a tool message's ``display_data``.

The transcript shows ``tool_line(message.meta)`` for a ``tool`` message (it falls back to the
English ``display`` the tool wrote when the data is of a kind this module does not know).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject

from chatapp.core.chat import meta as mk


class ToolWording(QObject):
    def weekday(self, index: int) -> str:
        names = (
            self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
            self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday"),
        )  # fmt: skip
        return names[index % 7]

    def month(self, month: int) -> str:
        names = (
            self.tr("January"), self.tr("February"), self.tr("March"), self.tr("April"),
            self.tr("May"), self.tr("June"), self.tr("July"), self.tr("August"),
            self.tr("September"), self.tr("October"), self.tr("November"), self.tr("December"),
        )  # fmt: skip
        return names[(month - 1) % 12]

    def long_date(self, day: date) -> str:
        """ "Tuesday, 9 March 2027" / "2027年3月9日（火曜日）"."""
        return (
            self.tr("%weekday, %day %month %year")
            .replace("%weekday", self.weekday(day.weekday()))
            .replace("%day", str(day.day))
            .replace("%month", self.month(day.month))
            .replace("%year", str(day.year))
            .replace("%m", str(day.month))
        )

    def clock(self, data: dict[str, Any]) -> str:
        mode = data.get("mode")
        if mode in ("offset", "until") and data.get("date"):
            target = date.fromisoformat(str(data["date"]))
            days = int(data.get("days", 0))
            if mode == "offset":
                text = (
                    self.tr("in %n days → %date") if days >= 0 else self.tr("%n days ago → %date")
                )
            else:
                text = (
                    self.tr("%n days until %date") if days >= 0 else self.tr("%n days since %date")
                )
            line = text.replace("%n", f"{abs(days):,}").replace("%date", self.long_date(target))
        else:
            now = datetime.fromisoformat(str(data["now"]))
            line = f"{self.long_date(now.date())}, {now.strftime('%H:%M')} ({data.get('zone', '')})"
        return self.tr("Clock: %1").replace("%1", line)

    def calculator(self, data: dict[str, Any]) -> str:
        line = f"{data.get('expression', '')} = {data.get('result', '')}"
        return self.tr("Calculator: %1").replace("%1", line)

    def search_documents(self, data: dict[str, Any]) -> str:
        n, query = int(data["count"]), str(data["query"])
        if n == 0:
            text = self.tr("Searched your documents for 「%1」 — no passages")
        elif n == 1:
            text = self.tr("Searched your documents for 「%1」 — 1 passage")
        else:
            text = self.tr("Searched your documents for 「%1」 — %2 passages")
        return text.replace("%2", f"{n:,}").replace("%1", query)  # the query may hold "%2"

    def read_passage(self, data: dict[str, Any]) -> str:
        source = str(data["source"])
        if data.get("page") is not None:
            text = self.tr("Read %1, page %2").replace("%2", str(data["page"]))
        elif data.get("chunk") is not None:
            text = self.tr("Read %1, chunk %2").replace("%2", str(data["chunk"]))
        else:
            text = self.tr("Read %1, the beginning")
        return text.replace("%1", source)

    def search_chats(self, data: dict[str, Any]) -> str:
        n, query = int(data["count"]), str(data["query"])
        if n == 1:
            text = self.tr("Searched your chats for 「%1」 — 1 result")
        else:
            text = self.tr("Searched your chats for 「%1」 — %2 results")
        return text.replace("%2", f"{n:,}").replace("%1", query)  # the query may hold "%2"

    def declined(self, title: str) -> str:
        return self.tr("%1: declined").replace("%1", title)

    def line(self, meta: dict[str, Any] | None) -> str:
        meta = meta or {}
        fallback = str(meta.get(mk.TOOL_DISPLAY) or meta.get(mk.TOOL_NAME) or self.tr("Tool"))
        data = meta.get(mk.TOOL_DISPLAY_DATA) or {}
        try:
            if meta.get(mk.TOOL_APPROVAL) == "declined":
                return self.declined(str(meta.get(mk.TOOL_TITLE) or meta.get(mk.TOOL_NAME) or ""))
            if data.get("kind") == "clock" and not meta.get(mk.TOOL_ERROR):
                return self.clock(data)
            if data.get("kind") == "calculator" and not data.get("error"):
                return self.calculator(data)
            if meta.get(mk.TOOL_ERROR):
                return fallback
            kind = data.get("kind")
            if kind == "search_documents":
                return self.search_documents(data)
            if kind == "read_passage":
                return self.read_passage(data)
            if kind == "search_chats":
                return self.search_chats(data)
        except (KeyError, TypeError, ValueError):
            pass
        return fallback


def tool_line(meta: dict[str, Any] | None) -> str:
    """The one line a transcript shows for a tool message, in the UI language."""
    return ToolWording().line(meta)
