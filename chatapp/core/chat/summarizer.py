"""Fold old turns into a running summary with the loaded model, incrementally."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.engine import Engine, EngineError, GenerationRequest, PromptMessage, require_model

if TYPE_CHECKING:
    from chatapp.core.chat.planner import Turn

INSTRUCTION = (
    "You keep a running summary of a conversation between a user and an assistant. "
    "Rewrite the summary so that it also covers the new part. Keep names, facts, numbers, "
    "decisions and open questions; drop small talk. Write at most {words} words of plain text."
)
SAMPLING = SamplingSettings(temperature=0.2, top_p=0.9, top_k=40, min_p=0.05, repeat_penalty=1.15,
                            seed=7, max_tokens=200)  # fmt: skip
MIN_USABLE_LETTERS = 12
SPEAKERS = {"user": "User", "assistant": "Assistant", "system": "System", "tool": "Tool result"}


class SummarizeFailed(Exception):
    pass


def summary_prompt(previous: str | None, turns: Sequence[Turn], words: int) -> list[PromptMessage]:
    lines = [INSTRUCTION.format(words=words), ""]
    lines += ["Summary so far:", previous.strip() if previous else "(none yet)", ""]
    lines.append("New part of the conversation:")
    for t in turns:
        for m in t.messages:
            if m.content.strip():
                lines.append(f"{SPEAKERS.get(m.role, m.role)}: {m.content.strip()}")
    lines += ["", "Updated summary:"]
    return [{"role": "user", "content": "\n".join(lines)}]


def clean(text: str) -> str:
    text = text.strip()
    text = re.sub(r"^(updated )?summary:\s*", "", text, flags=re.IGNORECASE)
    return text.strip()


def usable(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= MIN_USABLE_LETTERS


def summarize(
    engine: Engine,
    previous: str | None,
    turns: Sequence[Turn],
    max_tokens: int,
) -> str:
    """The new summary text; raises SummarizeFailed when the model gives nothing usable."""
    words = max(20, int(max_tokens * 0.6))
    sampling = SamplingSettings(**{**SAMPLING.__dict__, "max_tokens": max_tokens})
    room = require_model(engine).n_ctx - max_tokens
    text = previous
    pending = list(turns)
    while pending:
        chunk = [pending.pop(0)]
        # Fold as many turns into one call as fit; a single huge turn goes alone, shortened
        # for the summarizer only (the conversation itself is never cut).
        while (
            pending
            and engine.count(summary_prompt(text, [*chunk, pending[0]], words)).tokens <= room
        ):
            chunk.append(pending.pop(0))
        messages = summary_prompt(text, chunk, words)
        while engine.count(messages).tokens > room:
            content = messages[0]["content"]
            if len(content) < 200:
                raise SummarizeFailed("the summary itself does not fit in the context")
            cut = len(content) * 3 // 4
            messages = [{"role": "user", "content": content[: cut - 20] + " …\n\nUpdated summary:"}]
        try:
            result = engine.generate(messages, GenerationRequest(sampling=sampling))
        except EngineError as exc:
            raise SummarizeFailed(exc.message) from None
        if result.stop_reason == "cancelled":
            raise SummarizeFailed("cancelled")
        candidate = clean(result.text)
        if not usable(candidate):
            raise SummarizeFailed("the model wrote no usable summary")
        text = candidate
    if text is None:
        raise SummarizeFailed("there was nothing to summarize")
    return text
