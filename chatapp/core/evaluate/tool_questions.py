"""Scoring replies to the everyday tool question set (``tests/data/tool_questions.json``).

Each question names the built-in tool it needs (or none) and what a right final answer holds.
Expectations about time are computed for the moment of asking: ``check`` takes the clock
readings just before and just after the reply, so a reply written across a minute or an hour
boundary is judged fairly. A reply is right when it holds the expected value, is written in the
question's language and is more than the question repeated back.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from chatapp.core.chat.language import japanese_share
from chatapp.core.tools.calculator import calculate
from chatapp.core.tools.clock import MONTHS, WEEKDAYS
from chatapp.core.tools.numbers_in_text import numbers_in

JA_WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
KINDS = ("number", "hour", "weekday", "date", "days_until", "keywords")
_THINKING = re.compile(r"<think>.*?(</think>|$)", re.DOTALL)


@dataclass(frozen=True)
class ToolQuestion:
    id: str
    lang: str  # "en" or "ja"
    question: str
    tool: str | None  # the tool a good answer needs, None when none
    expect: dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    right: bool  # the final answer holds the expected value, in the question's language
    value: bool  # the expected value is in the reply
    language: bool  # the reply is in the question's language
    repeated: bool  # the reply only repeats the question
    why: str = ""


def load_questions(path: Path) -> list[ToolQuestion]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in data["questions"]:
        question = ToolQuestion(
            item["id"], item["lang"], item["question"], item.get("tool"), item["expect"]
        )
        if question.expect.get("kind") not in KINDS:
            raise ValueError(f"{question.id}: unknown kind {question.expect.get('kind')!r}")
        out.append(question)
    return out


# --- reading replies -----------------------------------------------------------------------


def plain(text: str) -> str:
    """NFKC (full-width digits and signs become ASCII), thinking removed."""
    return unicodedata.normalize("NFKC", _THINKING.sub("", text))


_KANA = re.compile(r"[\u3040-\u30ff]")
# Written in Chinese, not in Japanese: common words of Chinese that Japanese writes in kana.
_CHINESE = re.compile(r"[的们这么吗呢说对个是]")


def in_language(reply: str, lang: str) -> bool:
    """Japanese: mostly kana and kanji, with kana unless it is a word or two (東京) — Chinese
    has kanji but no kana. English: hardly any."""
    text = plain(reply)
    if not any(ch.isalpha() for ch in text):
        return True  # "12,345 + 67,890 = 80,235" is in every language
    share = japanese_share(text)
    if lang == "ja" and not _KANA.search(text) and _CHINESE.search(text):
        return False
    # 0.3: a Japanese answer may quote English (「Thank you」と言います).
    return share >= 0.3 if lang == "ja" else share < 0.2


_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def repeats_question(question: str, reply: str) -> bool:
    """True when the reply holds nothing but the question (and punctuation)."""
    q = _NOT_TEXT.sub("", plain(question)).casefold()
    r = _NOT_TEXT.sub("", plain(reply)).casefold()
    return not r or r == q or (bool(q) and not r.replace(q, ""))


_HOUR_MINUTE = re.compile(r"(?<![\d:])(\d{1,2})\s*[:：]\s*\d{2}")
_JA_HOUR = re.compile(r"(午前|午後)?\s*(\d{1,2})\s*時")
_EN_HOUR = re.compile(r"(?<![\d:])(\d{1,2})(?:\s*[:：]\s*\d{2})?\s*([ap])\.?\s?m\b", re.I)


def hours_in(text: str) -> set[int]:
    """The hours of the day a reply names, as 0-23."""
    text = plain(text)
    out = set()
    for m in _EN_HOUR.finditer(text):
        hour = int(m.group(1)) % 12
        out.add(hour + 12 if m.group(2).lower() == "p" else hour)
    text = _EN_HOUR.sub(" ", text)  # "1:45 PM" is 13, not also 1
    out |= {int(m.group(1)) for m in _HOUR_MINUTE.finditer(text)}
    for m in _JA_HOUR.finditer(text):
        hour = int(m.group(2))
        out.add(hour % 12 + 12 if m.group(1) == "午後" else hour % 12 if m.group(1) else hour)
    return {h for h in out if 0 <= h <= 23}


def weekday_named(text: str, weekday: int, lang: str) -> bool:
    text = plain(text)
    if lang == "ja":
        mark = JA_WEEKDAYS[weekday]
        return f"{mark}曜" in text or f"({mark})" in text
    return WEEKDAYS[weekday].casefold() in text.casefold()


def date_named(text: str, day: date, lang: str) -> bool:
    text = plain(text)
    iso = (f"{day.year}-{day.month:02d}-{day.day:02d}", f"{day.year}/{day.month}/{day.day}")
    if any(form in text for form in iso) or f"{day.year}/{day.month:02d}/{day.day:02d}" in text:
        return True
    if re.search(rf"(?<!\d){day.month}\s*月\s*{day.day}\s*日", text):
        return True
    month = MONTHS[day.month - 1]
    short = month[:3]
    pattern = (
        rf"\b(?:{month}|{short}\.?)\s+{day.day}(?:st|nd|rd|th)?\b"
        rf"|\b{day.day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month}|{short}\.?)\b"
    )
    return re.search(pattern, text, re.I) is not None


def keyword_found(text: str, keywords: Sequence[str]) -> bool:
    """Any keyword, ignoring case and width; an ASCII keyword must start a word."""
    haystack = plain(text).casefold()
    for keyword in keywords:
        word = plain(keyword).casefold()
        if word[:1].isascii() and word[:1].isalnum():
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}", haystack):
                return True
        elif word in haystack:
            return True
    return False


# --- judging -------------------------------------------------------------------------------


def expected_value(question: ToolQuestion, asked: datetime) -> str:
    """What a right answer holds, in words (for tables and failure lines)."""
    expect = question.expect
    kind = expect["kind"]
    if kind == "number":
        return calculate(expect["expression"]).text
    if kind == "hour":
        return f"{asked.hour}:xx"
    if kind in ("weekday", "date"):
        day = asked.date() + timedelta(days=int(expect.get("days", 0)))
        return WEEKDAYS[day.weekday()] if kind == "weekday" else day.isoformat()
    if kind == "days_until":
        return str((date.fromisoformat(expect["date"]) - asked.date()).days)
    return " / ".join(expect["any"])


def _value_found(question: ToolQuestion, reply: str, moments: Sequence[datetime]) -> bool:
    expect = question.expect
    kind = expect["kind"]
    if kind == "number":
        return calculate(expect["expression"]).value in numbers_in(reply)
    if kind == "hour":
        named = hours_in(reply)
        return any(m.hour in named for m in moments)
    if kind == "keywords":
        return keyword_found(reply, expect["any"])
    for moment in moments:
        today = moment.date()
        if kind == "days_until":
            days = (date.fromisoformat(expect["date"]) - today).days
            if Fraction(abs(days)) in numbers_in(reply):
                return True
            continue
        day = today + timedelta(days=int(expect.get("days", 0)))
        if kind == "weekday" and weekday_named(reply, day.weekday(), question.lang):
            return True
        if kind == "date" and date_named(reply, day, question.lang):
            return True
    return False


def check(question: ToolQuestion, reply: str, before: datetime, after: datetime) -> Verdict:
    """Judge one final answer; ``before`` and ``after`` are the local time around the reply."""
    moments = (before, after) if after != before else (before,)
    repeated = repeats_question(question.question, reply)
    value = not repeated and _value_found(question, reply, moments)
    language = in_language(reply, question.lang)
    why = ""
    if repeated:
        why = "the reply repeats the question"
    elif not value:
        why = f"expected {expected_value(question, before)}"
    elif not language:
        why = f"not in {'Japanese' if question.lang == 'ja' else 'English'}"
    return Verdict(value and language, value, language, repeated, why)


@dataclass
class Outcome:
    """One question asked: the reply, the tools called and the verdict."""

    question: ToolQuestion
    reply: str
    calls: list[dict[str, Any]] = field(default_factory=list)  # {"name", "arguments"}
    verdict: Verdict | None = None
    seconds: float = 0.0

    @property
    def called(self) -> list[str]:
        return [str(c.get("name")) for c in self.calls]

    @property
    def tool_right(self) -> bool:
        """The tool it needs was called (and no other), or none when none is needed."""
        if self.question.tool is None:
            return not self.calls
        return self.question.tool in self.called


@dataclass(frozen=True)
class Tally:
    tool_questions: int
    tool_answers_right: int  # right final answers on questions that need a tool
    tool_called_right: int  # the needed tool was called
    plain_questions: int
    plain_without_call: int  # no-tool questions answered without calling a tool
    plain_answers_right: int
    ja_questions: int
    ja_in_japanese: int  # Japanese questions answered in Japanese

    @staticmethod
    def of(outcomes: Sequence[Outcome]) -> Tally:
        tool = [o for o in outcomes if o.question.tool is not None]
        none = [o for o in outcomes if o.question.tool is None]
        ja = [o for o in outcomes if o.question.lang == "ja"]
        return Tally(
            len(tool),
            sum(bool(o.verdict and o.verdict.right) for o in tool),
            sum(o.tool_right for o in tool),
            len(none),
            sum(not o.calls for o in none),
            sum(bool(o.verdict and o.verdict.right) for o in none),
            len(ja),
            sum(bool(o.verdict and o.verdict.language) for o in ja),
        )
