"""Reasoning a model writes before its answer: ``<think>…</think>`` split from the reply.

Reasoning models (Qwen3, DeepSeek-R1 and their distillations) open their reply with a
``<think>`` block. Kotoba stores that text apart from the answer (``meta["reasoning"]``, see
``meta.py``), shows it folded, and does not send it back in later turns unless the chat
template renders earlier reasoning itself. Some templates open the block in the prompt, so the
reply has only the closing tag: everything before it is reasoning then.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

OPEN = "<think>"
CLOSE = "</think>"


@dataclass(frozen=True)
class Split:
    reasoning: str
    answer: str
    thinking: bool  # the reasoning is still being written: no closing tag yet


def split_reasoning(text: str) -> Split:
    """Separate a reply's reasoning from its answer; a reply without reasoning is all answer."""
    stripped = text.lstrip()
    if stripped.startswith(OPEN):
        body = stripped[len(OPEN) :]
        end = body.find(CLOSE)
        if end < 0:
            return Split(body.strip(), "", True)
        return Split(body[:end].strip(), body[end + len(CLOSE) :].lstrip(), False)
    if stripped and OPEN.startswith(stripped):  # "<thi": the tag is still arriving
        return Split("", "", True)
    end = text.find(CLOSE)
    if end >= 0:  # the template opened the block in the prompt (DeepSeek-R1 style)
        return Split(text[:end].strip(), text[end + len(CLOSE) :].lstrip(), False)
    return Split("", text, False)


def answer_only(text: str) -> str:
    return split_reasoning(text).answer


class ReasoningClock:
    """Measures how long a streamed reply spent reasoning: first piece to the closing tag."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started: float | None = None
        self._ended: float | None = None
        self._tail = ""

    def feed(self, piece: str) -> None:
        now = self._clock()
        if self._started is None:
            self._started = now
        if self._ended is None:
            self._tail = (self._tail + piece)[-(len(CLOSE) + len(piece)) :]
            if CLOSE in self._tail:
                self._ended = now

    def seconds(self) -> float:
        """Reasoning time; a reply that never closed its block reasoned until now."""
        if self._started is None:
            return 0.0
        end = self._ended if self._ended is not None else self._clock()
        return round(end - self._started, 1)
