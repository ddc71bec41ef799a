"""What a message's card shows, from the message and its meta (see ``core/chat/meta.py``).

- the user's words exactly as typed; an assistant's answer rendered from Markdown;
- reasoning (``meta["reasoning"]``, or ``<think>`` still in the text of a reply cut off) as a
  fold: "Thought for 4 s", open while it is being written, closed once the answer starts;
- tool calls of an assistant message and tool results (role "tool") as compact folds that
  open to the arguments and the raw result;
- the sources of a reply as a numbered list whose items are actions (``action:source/ID/N``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject

from chatapp.core.chat import meta as keys
from chatapp.core.chat.reasoning import split_reasoning
from chatapp.core.chat.store import Message, Summary
from chatapp.core.chat.store_images import message_images
from chatapp.ui.chat.agent_steps import AgentStepFolds, pre_segment, pretty_json
from chatapp.ui.chat.message_layout import CardParts, Fold
from chatapp.ui.chat.render import ACTION_SCHEME, MarkdownRenderer, Segment
from chatapp.ui.tools.wording import tool_line

SUMMARY_EXCERPT = 300
REASONING = "reasoning"


class CardBuilder(QObject):
    """Builds ``CardParts``; ``open_folds`` are the folds the user opened, by message."""

    def __init__(self, renderer: MarkdownRenderer) -> None:
        super().__init__()
        self.renderer = renderer
        self.steps = AgentStepFolds(renderer)

    def message(
        self,
        m: Message,
        open_folds: set[str],
        muted: bool = False,
        live_text: str | None = None,
        live_seconds: float | None = None,
        observations: Sequence[Message] = (),
    ) -> CardParts:
        if m.role == "assistant" and live_text is None and keys.get(m.meta, keys.AGENT_STEP):
            return CardParts(folds=(self.steps.fold(m, observations, open_folds),), muted=muted)
        if m.role == "tool":
            return CardParts(folds=(self._tool_result(m, open_folds),), muted=muted)
        if m.role != "assistant":  # the user's words, exactly as typed, under their pictures
            text = html.escape(m.content).replace("\n", "<br/>")
            images = tuple((i.sha256, i.format, i.width, i.height) for i in message_images(m))
            segments: tuple[Segment, ...] = (
                (Segment("text", f"<p>{text}</p>"),) if m.content.strip() else ()
            )
            return CardParts(segments=segments, muted=muted, images=images)
        content = m.content if live_text is None else live_text
        split = split_reasoning(content)
        reasoning = split.reasoning or str(keys.get(m.meta, keys.REASONING) or "")
        folds: list[Fold] = []
        live_thinking = live_text is not None and split.thinking
        if reasoning or live_thinking:
            folds.append(self._reasoning(m, reasoning, open_folds, live_thinking, live_seconds))
        for n, call in enumerate(keys.get(m.meta, keys.TOOL_CALLS) or []):
            folds.append(self._tool_call(n, call, open_folds))
        segments = tuple(self.renderer.render(split.answer, m.id).segments)
        return CardParts(tuple(folds), segments, self._sources(m), muted)

    def _reasoning(
        self,
        m: Message,
        text: str,
        open_folds: set[str],
        thinking: bool,
        live_seconds: float | None,
    ) -> Fold:
        seconds = keys.get(m.meta, keys.REASONING_S)
        if thinking:
            label = self.tr("Thinking…")
        elif live_seconds is not None or isinstance(seconds, (int, float)):
            value = live_seconds if live_seconds is not None else float(seconds)
            label = self.tr("Thought for %1 s").replace("%1", f"{max(1, round(value))}")
        else:
            label = self.tr("Thought")
        is_open = thinking or REASONING in open_folds
        segments = self.renderer.render(text, m.id, split_code=False).segments if is_open else []
        return Fold(REASONING, "brain", label, is_open, tuple(segments), live=thinking)

    def _tool_call(self, n: int, call: dict[str, Any], open_folds: set[str]) -> Fold:
        function = call.get("function") or {}
        name = str(function.get("name") or self.tr("a tool"))
        key = f"tool:{n}"
        is_open = key in open_folds
        segments = (pre_segment(pretty_json(function.get("arguments", ""))),) if is_open else ()
        label = self.tr("Called %1").replace("%1", name)
        return Fold(key, "wrench", label, is_open, segments)

    def _tool_result(self, m: Message, open_folds: set[str]) -> Fold:
        meta = m.meta or {}
        name = str(meta.get(keys.TOOL_NAME) or self.tr("Tool"))
        display = tool_line(meta) if meta.get(keys.TOOL_DISPLAY) else f"{name}: {m.content[:120]}"
        if meta.get(keys.TOOL_ERROR):
            display = self.tr("%1 (failed)").replace("%1", display)
        key = "tool:0"
        is_open = key in open_folds
        segments: tuple[Segment, ...] = ()
        if is_open:
            muted = self.renderer.palette.muted
            arguments = meta.get(keys.TOOL_ARGUMENTS)
            parts = []
            # Words outside f-strings: lupdate does not find a tr() inside one.
            arguments_word, result_word = self.tr("Arguments"), self.tr("Result")
            if arguments not in (None, "", {}):
                parts.append(f'<p style="color: {muted};">{html.escape(arguments_word)}</p>')
                parts.append(pre_segment(pretty_json(arguments)).html)
            parts.append(f'<p style="color: {muted};">{html.escape(result_word)}</p>')
            parts.append(pre_segment(m.content).html)
            segments = (Segment("text", "".join(parts)),)
        return Fold(key, "wrench", " ".join(display.split()), is_open, segments)

    def _sources(self, m: Message) -> str:
        sources = keys.get(m.meta, keys.SOURCES) or []
        if not sources:
            return ""
        p = self.renderer.palette
        items = []
        for i, source in enumerate(sources, start=1):
            n = int(source.get("n", i)) if isinstance(source, dict) else i
            title = str(source.get("title") or "") if isinstance(source, dict) else str(source)
            page = source.get("page") if isinstance(source, dict) else None
            label = html.escape(title or self.tr("Source %1").replace("%1", str(n)))
            if page:
                label += html.escape(" · " + self.tr("p. %1").replace("%1", str(page)))
            items.append(f'<li><a href="{ACTION_SCHEME}:source/{m.id}/{n}">{label}</a></li>')
        title = html.escape(self.tr("Sources"))
        return (
            f'<p style="color: {p.muted}; margin-bottom: 2px;"><b>{title}</b></p>'
            f'<ol style="margin-top: 0px;">{"".join(items)}</ol>'
        )

    def summary(self, s: Summary) -> CardParts:
        p = self.renderer.palette
        excerpt = s.content[:SUMMARY_EXCERPT] + ("…" if len(s.content) > SUMMARY_EXCERPT else "")
        open_word, again_word = self.tr("Open"), self.tr("Regenerate")  # not in f-strings
        links = (
            f'<a href="{ACTION_SCHEME}:summary/{s.id}">{html.escape(open_word)}</a>'
            f' · <a href="{ACTION_SCHEME}:resummarize/{s.id}">{html.escape(again_word)}</a>'
        )
        body = f'<p style="color: {p.muted};"><i>{html.escape(excerpt)}</i></p><p>{links}</p>'
        return CardParts(segments=(Segment("text", body),))
