"""The clock tool: the local date, time, weekday and time zone, and simple date arithmetic.

``read_clock`` returns a ``ClockReading`` (values, not words): the model gets a plain English
sentence with ISO dates, and a UI words the same reading in its own language.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MAX_DAYS = 3_000_000  # about 8,000 years either way: past that, dates leave the calendar


class ClockError(ValueError):
    pass


@dataclass(frozen=True)
class ClockReading:
    mode: str  # "now", "offset" (a date some days away) or "until" (days to a date)
    now: datetime  # aware, in the local zone
    zone: str  # "Asia/Tokyo", or an abbreviation when the zone has no name
    days: int = 0  # "offset": days from today; "until": days from today to ``target``
    target: date | None = None  # the date asked about ("offset" and "until")

    @property
    def utc_offset(self) -> str:
        offset = self.now.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def data(self) -> dict[str, Any]:
        """The reading as JSON values (the ``display_data`` of a tool message)."""
        out: dict[str, Any] = {
            "kind": "clock",
            "mode": self.mode,
            "now": self.now.isoformat(timespec="seconds"),
            "weekday": self.now.weekday(),
            "zone": self.zone,
            "utc_offset": self.utc_offset,
        }
        if self.target is not None:
            out.update(
                days=self.days, date=self.target.isoformat(), date_weekday=self.target.weekday()
            )
        return out

    def for_model(self, language: str = "") -> str:
        """The reading in English with ISO dates ("en"), in Japanese ("ja": a model answering a
        Japanese question copies 12月6日（日曜日） rather than translating Sunday), or both
        (""). Every reading starts with the time now: a model asked "what time is it" that
        called for a date still has it."""
        parts = [self._english()] if language != "ja" else []
        if language != "en":
            parts.append(self._japanese())
        return "\n".join(parts)

    def _english(self) -> str:
        now = self.now
        line = (
            f"Now: {WEEKDAYS[now.weekday()]} {now.date().isoformat()} {now.strftime('%H:%M')}, "
            f"time zone {self.zone} (UTC{self.utc_offset})."
        )
        target = self.target
        if target is None or self.mode == "now":
            return line
        day = f"{WEEKDAYS[target.weekday()]} {target.isoformat()}"
        if self.mode == "offset":
            when = f"In {self.days} days" if self.days >= 0 else f"{-self.days} days ago"
            return f"{line} {when}: {day}."
        if self.days >= 0:
            return f"{line} {day} is {self.days} days from today."
        return f"{line} {day} was {-self.days} days ago."

    def _japanese(self) -> str:
        now = self.now
        line = f"現在: {ja_date(now.date())} {now.hour}時{now.minute:02d}分（{self.zone}）。"
        target = self.target
        if target is None or self.mode == "now":
            return line
        if self.mode == "offset":
            when = f"{self.days}日後" if self.days >= 0 else f"{-self.days}日前"
            return f"{line}{when}: {ja_date(target)}。"
        if self.days >= 0:
            return f"{line}{ja_date(target)}まであと{self.days}日。"
        return f"{line}{ja_date(target)}は{-self.days}日前。"

    def display(self) -> str:
        """One English line for the transcript; a UI words ``data()`` in its own language."""
        if self.mode == "offset" and self.target is not None:
            when = f"in {self.days} days" if self.days >= 0 else f"{-self.days} days ago"
            return f"Clock: {when} → {long_date(self.target)}"
        if self.mode == "until" and self.target is not None:
            if self.days >= 0:
                return f"Clock: {self.days} days until {long_date(self.target)}"
            return f"Clock: {-self.days} days since {long_date(self.target)}"
        return f"Clock: {long_date(self.now.date())}, {self.now.strftime('%H:%M')} ({self.zone})"


JA_WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")


def ja_date(day: date) -> str:
    """2026年12月6日（日曜日）"""
    return f"{day.year}年{day.month}月{day.day}日（{JA_WEEKDAYS[day.weekday()]}曜日）"


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def local_zone() -> tzinfo:
    """The machine's time zone, by its IANA name where one can be found."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        link = Path("/etc/localtime")
        try:
            target = str(link.resolve())
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def zone_name(zone: tzinfo, moment: datetime) -> str:
    key = getattr(zone, "key", None)
    return str(key) if key else (moment.tzname() or "local time")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ClockError(f"'{text[:40]}' is not a date in the form YYYY-MM-DD") from None


def read_clock(
    arguments: dict[str, Any],
    zone: tzinfo | None = None,
    now: Callable[[tzinfo], datetime] | None = None,
) -> ClockReading:
    """Read the clock for the tool's arguments: none (now), ``days_from_now`` or ``until``."""
    zone = zone or local_zone()
    moment = now(zone) if now is not None else datetime.now(zone)
    name = zone_name(zone, moment)
    days = arguments.get("days_from_now")
    until = arguments.get("until") or None  # small models write "until": "" for "no date"
    if days is not None and until is not None:
        raise ClockError("give either days_from_now or until, not both")
    if days == 0 and not isinstance(days, bool):  # "in 0 days" is today: the time now
        days = None
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int) or abs(days) > MAX_DAYS:
            raise ClockError(f"days_from_now must be a whole number of days up to {MAX_DAYS:,}")
        try:
            target = moment.date() + timedelta(days=days)
        except OverflowError:
            raise ClockError("that date is outside the calendar") from None
        return ClockReading("offset", moment, name, days, target)
    if until is not None:
        if not isinstance(until, str):
            raise ClockError("until must be a date in the form YYYY-MM-DD")
        target = _parse_date(until)
        return ClockReading("until", moment, name, (target - moment.date()).days, target)
    return ClockReading("now", moment, name)
