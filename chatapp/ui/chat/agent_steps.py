"""An agent's step in the transcript: one line that opens to the thought, calls and results.

A step is an assistant message with ``agent_step`` in its meta (core/agent/loop.py) and the
``tool`` messages after it (its observations). The transcript shows them as one row: the line
is the results' own lines ("Searched your documents for 「…」 — 3 passages", "Calculator: …"),
and opened it shows the step's thought, each call with its arguments and each result.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject

from chatapp.core.chat import meta as keys
from chatapp.core.chat.store import Message
from chatapp.ui.chat.message_layout import Fold
from chatapp.ui.chat.render import MarkdownRenderer, Segment
from chatapp.ui.tools.wording import tool_line

STEP_FOLD = "tool:0"  # the key the "tools" toggle of a message opens first
ICONS = {"search_documents": "search", "read_passage": "file-text", "search_chats": "search"}


def pretty_json(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, ensure_ascii=False, indent=2)


def pre_segment(text: str) -> Segment:
    return Segment("text", f'<pre style="margin: 0px;">{html.escape(text)}</pre>')


def is_step(m: Message) -> bool:
    return m.role == "assistant" and bool(keys.get(m.meta, keys.AGENT_STEP))


def group_steps(messages: Sequence[Message]) -> list[tuple[Message, tuple[Message, ...]]]:
    """Each message with the observations folded into it (a step's tool results)."""
    out: list[tuple[Message, tuple[Message, ...]]] = []
    for m in messages:
        if m.role == "tool" and out and is_step(out[-1][0]):
            step, observed = out[-1]
            out[-1] = (step, (*observed, m))
        else:
            out.append((m, ()))
    return out


class AgentStepFolds(QObject):
    def __init__(self, renderer: MarkdownRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def line(self, m: Message, observations: Sequence[Message]) -> str:
        lines = []
        for o in observations:
            text = tool_line(o.meta) if keys.get(o.meta, keys.TOOL_DISPLAY) else o.content[:120]
            if keys.get(o.meta, keys.TOOL_ERROR):
                text = self.tr("%1 (failed)").replace("%1", text)
            lines.append(" ".join(text.split()))
        if lines:
            return " · ".join(lines)
        step = keys.get(m.meta, keys.AGENT_STEP) or {}
        check = step.get("check") if isinstance(step, dict) else None
        if isinstance(check, dict):  # an answer held back (core/agent/answer_check.py)
            if check.get("restated"):
                figures = ", ".join(str(f) for f in check.get("restated") or [])
                return self.tr(
                    "Answer checked: it gave no result, only %1 from your request"
                ).replace("%1", figures)
            unused = ", ".join(str(f) for f in check.get("unused") or [])
            return self.tr("Answer checked: it did not use %1 from your request").replace(
                "%1", unused
            )
        names = ", ".join(
            str((c.get("function") or {}).get("name") or "")
            for c in keys.get(m.meta, keys.TOOL_CALLS) or []
        )
        return self.tr("Calling %1…").replace("%1", names)

    def fold(self, m: Message, observations: Sequence[Message], open_folds: set[str]) -> Fold:
        calls = keys.get(m.meta, keys.TOOL_CALLS) or []
        first = str(((calls[0] if calls else {}).get("function") or {}).get("name") or "")
        is_open = STEP_FOLD in open_folds
        segments = (Segment("text", self._details(m, calls, observations)),) if is_open else ()
        return Fold(STEP_FOLD, ICONS.get(first, "wrench"), self.line(m, observations), is_open,
                    segments)  # fmt: skip

    def _details(
        self, m: Message, calls: list[dict[str, Any]], observations: Sequence[Message]
    ) -> str:
        muted = self.renderer.palette.muted
        step = keys.get(m.meta, keys.AGENT_STEP) or {}
        thought = str(step.get("thought") or "").strip() or self.tr("(no thought written)")
        # Words outside f-strings: lupdate does not find a tr() inside one.
        thought_word, call_word = self.tr("Thought of this step"), self.tr("Call")
        result_word = self.tr("Observation")
        parts = [
            f'<p style="color: {muted};">{html.escape(thought_word)}</p>',
            f"<p>{html.escape(thought)}</p>",
        ]
        for call in calls:
            function = call.get("function") or {}
            name = html.escape(str(function.get("name") or ""))
            parts.append(f'<p style="color: {muted};">{html.escape(call_word)} · {name}</p>')
            parts.append(pre_segment(pretty_json(function.get("arguments", ""))).html)
        for o in observations:
            parts.append(f'<p style="color: {muted};">{html.escape(result_word)}</p>')
            parts.append(pre_segment(o.content).html)
        return "".join(parts)
