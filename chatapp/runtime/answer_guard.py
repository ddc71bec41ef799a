"""Guards on a reply that may call tools, where small models fail in two known ways.

- **An echo instead of an answer.** After a tool result, Qwen2.5-Coder 1.5B answered
  「今日は何曜日？」 with 「今日は何曜日？」, or with the instruction it was given ("The tool
  results are above."). ``EchoHolder`` holds the streamed text back while it is still the start
  of such an echo, so an echo is never shown; the caller then asks again (``retry_messages``).
- **A call it cannot make.** A call to a tool that is not offered ("weather"), or one the parser
  cannot read (``{{"name": …}}}}``), would reach the user as JSON. ``looks_like_call`` spots it;
  the caller answers again without tools.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from chatapp.core.tools.numbers_in_text import numbers_in

_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)
_CALL = re.compile(r"""["']name["']\s*:.*["'](arguments|parameters)["']\s*:""", re.DOTALL)


def core(text: str) -> str:
    """Letters and digits only, case and width folded: what decides whether two texts say the
    same."""
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text)).casefold()


def looks_like_call(text: str) -> bool:
    return bool(_CALL.search(text)) or "<tool_call>" in text


def last_question(messages: Sequence[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user" and isinstance(message.get("content"), str):
            content = str(message["content"])
            if not content.lstrip().startswith("<tool_response>"):
                return content
    return ""


class EchoHolder:
    """A ``visible`` filter for a streamed reply: text that may still be an echo of one of
    ``echoes`` is held back; from the first character that makes it something else, everything
    is shown."""

    def __init__(self, echoes: Sequence[str]) -> None:
        self.echoes = [c for c in (core(e) for e in echoes) if c]
        self._held: list[str] = []
        self.released = not self.echoes

    def feed(self, piece: str) -> str:
        if self.released:
            return piece
        self._held.append(piece)
        so_far = core("".join(self._held))
        if any(echo.startswith(so_far) for echo in self.echoes):
            return ""
        self.released = True
        return "".join(self._held)

    def is_echo(self, text: str) -> bool:
        """The whole reply says nothing but (the start of) one of the echoes, or nothing."""
        said = core(text)
        return not said or any(
            echo.startswith(said) or not said.replace(echo, "") for echo in self.echoes
        )

    def finish(self) -> str:
        """What is still held at the end (shown when the reply is not an echo)."""
        held = "" if self.released else "".join(self._held)
        self.released = True
        return held


def results_since_question(messages: Sequence[dict[str, Any]]) -> list[str]:
    """The tool results given after the last question, in order."""
    out: list[str] = []
    for message in reversed(messages):
        role, content = message.get("role"), message.get("content")
        if role == "tool":
            out.append(str(content or ""))
        elif role == "user" and isinstance(content, str):
            if content.lstrip().startswith("<tool_response>"):
                out.append(content)
            else:
                break
    return out[::-1]


_RESULT = re.compile(r"=\s*(-?\d[\d,]*(?:\.\d+)?)\s*$")


def stated_results(messages: Sequence[dict[str, Any]]) -> list[Fraction]:
    """The exact values the results end with ("354 × 139 = 49206": 49206)."""
    out = []
    for result in results_since_question(messages):
        match = _RESULT.search(result.replace("</tool_response>", "").strip())
        if match and "≈" not in result:
            out.extend(numbers_in(match.group(1)))
    return out


def ignores_results(text: str, messages: Sequence[dict[str, Any]]) -> bool:
    """A reply that did not use the results: none of its figures when there are some
    ("わかりました。"), or none of the values a calculation ended with (the calculator said
    41000, the reply 「約4万5千円」)."""
    results = " ".join(results_since_question(messages))
    if any(ch.isdigit() for ch in results) and not any(ch.isdigit() for ch in text):
        return True
    values = stated_results(messages)
    return bool(values) and not set(values) & set(numbers_in(text))


RESULTS_LABEL = "Tool results (facts to answer from):"


def as_plain_question(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last question with its tool results written in front of it, as one user message,
    and the calls and results left out: the shape small models answer from best (the way
    document passages are given)."""
    question = last_question(messages)
    results = results_since_question(messages)
    cut = len(messages)
    for i in range(len(messages) - 1, -1, -1):
        m = messages[i]
        if m.get("role") == "user" and m.get("content") == question:
            cut = i
            break
    facts = "\n".join(r.replace("<tool_response>", "").replace("</tool_response>", "").strip()
                      for r in results)  # fmt: skip
    text = f"{RESULTS_LABEL}\n{facts}\n\n{question}" if facts else question
    return [*[dict(m) for m in messages[:cut]], {"role": "user", "content": text}]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def _breaks_pattern(arguments: dict[str, Any], schema: dict[str, Any]) -> bool:
    properties = schema.get("properties") or {}
    for name, value in arguments.items():
        pattern = (properties.get(name) or {}).get("pattern")
        if pattern and isinstance(value, str) and re.search(pattern, value) is None:
            return True
    return False


def grounded(call: Any, said: str, tools: Sequence[dict[str, Any]]) -> bool:
    """Whether a call fits what the user asked (``said``: the question, and any results since):
    its arguments keep to the tool's own patterns, and when they hold numbers, at least one
    of them (other than 0) is a number the user wrote. Small models call tools for questions
    that need none, with numbers of their own ("Who wrote Hamlet?" → calculator "16 * 2",
    "What is the capital of Japan?" → clock until "2023-10-01")."""
    try:
        arguments = json.loads(call.arguments or "{}")
    except (TypeError, ValueError):
        return False
    if not isinstance(arguments, dict):
        return False
    schema = next(
        (
            (t.get("function") or t).get("parameters") or {}
            for t in tools
            if (t.get("function") or t).get("name") == call.name
        ),
        {},
    )
    if _breaks_pattern(arguments, schema):
        return False
    used = {n for s in _strings(arguments) for n in numbers_in(s) if n != 0}
    return not used or bool(used & set(numbers_in(said)))


def grounded_calls(
    calls: Sequence[Any], messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]]
) -> tuple[Any, ...]:
    """The calls that fit what the user asked since the last question (``grounded``)."""
    said = " ".join([last_question(messages), *results_since_question(messages)])
    return tuple(c for c in calls if grounded(c, said, tools))
