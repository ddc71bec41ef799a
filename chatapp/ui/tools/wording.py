"""Tool results in the UI language: one line from a tool message's ``display_data``.

The transcript shows ``tool_line(message.meta)`` for a ``tool`` message (it falls back to the
English ``display`` the tool wrote when the data is of a kind this module does not know).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from chatapp.core.chat import meta as mk


def _tr(text: str) -> str:
    return QCoreApplication.translate("ToolWording", text)


def weekday_name(index: int) -> str:
    names = (
        _tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"),
        _tr("Friday"), _tr("Saturday"), _tr("Sunday"),
    )  # fmt: skip
    return names[index % 7]


def long_date(day: date) -> str:
    """ "Tuesday, 9 March 2027" / "2027年3月9日（火曜日）"."""
    return (
        _tr("%weekday, %day %month %year")
        .replace("%weekday", weekday_name(day.weekday()))
        .replace("%day", str(day.day))
        .replace("%month", month_name(day.month))
        .replace("%year", str(day.year))
        .replace("%m", str(day.month))
    )


def month_name(month: int) -> str:
    names = (
        _tr("January"), _tr("February"), _tr("March"), _tr("April"), _tr("May"), _tr("June"),
        _tr("July"), _tr("August"), _tr("September"), _tr("October"), _tr("November"),
        _tr("December"),
    )  # fmt: skip
    return names[(month - 1) % 12]


def _clock_line(data: dict[str, Any]) -> str:
    mode = data.get("mode")
    if mode in ("offset", "until") and data.get("date"):
        target = date.fromisoformat(str(data["date"]))
        days = int(data.get("days", 0))
        if mode == "offset":
            text = _tr("in %n days → %date") if days >= 0 else _tr("%n days ago → %date")
        else:
            text = _tr("%n days until %date") if days >= 0 else _tr("%n days since %date")
        line = text.replace("%n", f"{abs(days):,}").replace("%date", long_date(target))
    else:
        now = datetime.fromisoformat(str(data["now"]))
        line = f"{long_date(now.date())}, {now.strftime('%H:%M')} ({data.get('zone', '')})"
    return _tr("Clock: %1").replace("%1", line)


def _calculator_line(data: dict[str, Any], fallback: str) -> str:
    if data.get("error"):
        return fallback
    line = f"{data.get('expression', '')} = {data.get('result', '')}"
    return _tr("Calculator: %1").replace("%1", line)


def tool_line(meta: dict[str, Any] | None) -> str:
    """The one line a transcript shows for a tool message."""
    meta = meta or {}
    fallback = str(meta.get(mk.TOOL_DISPLAY) or meta.get(mk.TOOL_NAME) or _tr("Tool"))
    data = meta.get(mk.TOOL_DISPLAY_DATA) or {}
    try:
        if meta.get(mk.TOOL_APPROVAL) == "declined":
            title = str(meta.get(mk.TOOL_TITLE) or meta.get(mk.TOOL_NAME) or "")
            return _tr("%1: declined").replace("%1", title)
        if data.get("kind") == "clock" and not meta.get(mk.TOOL_ERROR):
            return _clock_line(data)
        if data.get("kind") == "calculator":
            return _calculator_line(data, fallback)
    except (KeyError, TypeError, ValueError):
        pass
    return fallback
