"""Assemble a streamed chat completion from its chunks, whatever the server sends.

Servers differ: the first chunk may carry only the role; the last may carry only usage with
``choices: []``; reasoning arrives in ``delta.reasoning_content``, ``delta.reasoning`` or inline
``<think>`` tags; tool calls arrive as deltas keyed by index with the arguments in fragments;
an ``error`` object may arrive after a 200; and a stream may end without a ``finish_reason``
(another client's request interrupted it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chatapp.core.engine import ToolCall

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"


class StreamError(Exception):
    """The server put an error object into the stream (after answering 200)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def error_message(error: Any) -> str:
    """The readable part of an ``error`` value: an object with a message, or a string."""
    if isinstance(error, dict):
        for key in ("message", "detail", "msg"):
            if isinstance(error.get(key), str) and error[key].strip():
                return str(error[key]).strip()[:300]
        return str(error)[:300]
    return str(error).strip()[:300] or "unknown error"


class ThinkSplitter:
    """Takes a leading ``<think>…</think>`` block out of streamed text.

    Only a block at the very start of the reply (after blank space) is reasoning; the tags
    elsewhere are text. Pieces are held back only while they could still be the start of a tag.
    """

    def __init__(self) -> None:
        self.state = "start"  # "start", "thinking" or "answer"
        self._held = ""
        self.reasoning: list[str] = []

    def feed(self, piece: str) -> str:
        """The visible text this piece adds."""
        if self.state == "answer":
            return piece
        self._held += piece
        if self.state == "start":
            stripped = self._held.lstrip()
            if stripped.startswith(THINK_OPEN):
                self.state = "thinking"
                self._held = stripped[len(THINK_OPEN) :]
            elif THINK_OPEN.startswith(stripped):
                return ""  # blank space or part of the tag: wait for more
            else:
                self.state = "answer"
                out, self._held = self._held, ""
                return out
        # thinking: everything up to the closing tag is reasoning
        end = self._held.find(THINK_CLOSE)
        if end < 0:
            keep = _partial_suffix(self._held, THINK_CLOSE)
            self.reasoning.append(self._held[: len(self._held) - keep])
            self._held = self._held[len(self._held) - keep :]
            return ""
        self.reasoning.append(self._held[:end])
        rest = self._held[end + len(THINK_CLOSE) :].lstrip("\n")
        self._held = ""
        self.state = "answer"
        return rest

    def flush(self) -> str:
        """At the end: text held back that turned out not to be a tag."""
        held, self._held = self._held, ""
        if self.state == "thinking":
            self.reasoning.append(held)
            return ""
        return held


def _partial_suffix(text: str, tag: str) -> int:
    """The length of the longest end of ``text`` that begins ``tag``."""
    for n in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:n]):
            return n
    return 0


@dataclass
class _ToolCallParts:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class ReplyAssembler:
    """Feed it each chunk (a parsed JSON object); it keeps the text, reasoning and tool calls."""

    def __init__(self, on_text: Callable[[str], None] | None = None) -> None:
        self._on_text = on_text
        self._text: list[str] = []
        self._reasoning: list[str] = []
        self._think = ThinkSplitter()
        self._calls: dict[int, _ToolCallParts] = {}
        self._now = 0.0
        self.finish_reason: str | None = None
        self.usage: dict[str, Any] | None = None
        self.model = ""
        self.pieces = 0  # content, reasoning or tool-call deltas received (≈ tokens)
        self.first_piece_at: float | None = None
        self.last_piece_at: float | None = None
        self.first_text_at: float | None = None  # the first visible text (after reasoning)

    def feed(self, chunk: Any, now: float) -> None:
        """Take one chunk; raises StreamError for an error object."""
        if not isinstance(chunk, dict):
            return
        self._now = now
        if chunk.get("error"):
            raise StreamError(error_message(chunk["error"]))
        if isinstance(chunk.get("model"), str) and chunk["model"]:
            self.model = chunk["model"]
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        for choice in chunk.get("choices") or ():
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta")
            if not isinstance(delta, dict):  # a server that answered with a whole message
                delta = choice.get("message")
            if not isinstance(delta, dict):
                delta = {}
            if self._take_delta(delta):
                self.pieces += 1
                if self.first_piece_at is None:
                    self.first_piece_at = now
                self.last_piece_at = now
            if choice.get("finish_reason"):
                self.finish_reason = str(choice["finish_reason"])

    def _take_delta(self, delta: dict[str, Any]) -> bool:
        got = False
        for key in ("reasoning_content", "reasoning"):
            value = delta.get(key)
            if isinstance(value, str) and value:
                self._reasoning.append(value)
                got = True
                break
        content = delta.get("content")
        if isinstance(content, str) and content:
            got = True
            self._emit(self._think.feed(content), self._now)
        calls = delta.get("tool_calls")
        if isinstance(calls, list):
            for call in calls:
                got = self._take_tool_call(call) or got
        legacy = delta.get("function_call")
        if isinstance(legacy, dict):
            got = self._take_tool_call({"index": 0, "function": legacy}) or got
        return got

    def _take_tool_call(self, call: Any) -> bool:
        if not isinstance(call, dict):
            return False
        index = call.get("index", len(self._calls))
        parts = self._calls.setdefault(
            int(index) if isinstance(index, int) else 0, _ToolCallParts()
        )
        if isinstance(call.get("id"), str) and call["id"] and not parts.id:
            parts.id = call["id"]
        function = call.get("function")
        if not isinstance(function, dict):
            function = {}
        name = function.get("name")
        if isinstance(name, str) and name and not parts.name:
            parts.name = name  # some servers repeat the name in every fragment
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            parts.arguments.append(arguments)
        elif isinstance(arguments, dict):  # a server that sends parsed arguments
            parts.arguments.append(json.dumps(arguments, ensure_ascii=False))
        return True

    def _emit(self, text: str, now: float | None = None) -> None:
        if text:
            if self.first_text_at is None:
                self.first_text_at = now
            self._text.append(text)
            if self._on_text is not None:
                self._on_text(text)

    def finish(self) -> None:
        """The stream is over: release text held back by the ``<think>`` splitter."""
        self._emit(self._think.flush())

    @property
    def text(self) -> str:
        return "".join(self._text)

    @property
    def reasoning(self) -> str:
        return ("".join(self._reasoning) + "".join(self._think.reasoning)).strip()

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        return tuple(
            ToolCall(parts.id or f"call_{index}", parts.name, "".join(parts.arguments))
            for index, parts in sorted(self._calls.items())
            if parts.name
        )
