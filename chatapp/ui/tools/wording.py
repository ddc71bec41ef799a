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
        except (KeyError, TypeError, ValueError):
            pass
        return fallback


def tool_line(meta: dict[str, Any] | None) -> str:
    """The one line a transcript shows for a tool message, in the UI language."""
    return ToolWording().line(meta)
