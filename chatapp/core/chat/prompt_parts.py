"""The prompt's parts: turns, the context supplied for a turn, and how stored messages become
the messages a model sees (system prompt and summary, reasoning left out, context before the
newest question)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chatapp.core.chat import meta as meta_keys
from chatapp.core.chat.language import fold_digits
from chatapp.core.chat.reasoning import split_reasoning
from chatapp.core.chat.store import Message, PromptMessage

SUMMARY_HEADER = "Summary of the earlier conversation:"


@dataclass(frozen=True)
class Turn:
    messages: tuple[Message, ...]

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.messages]

    @property
    def pinned(self) -> bool:
        return any(m.pinned for m in self.messages)


@dataclass(frozen=True)
class TurnContext:
    """Context supplied for this turn only (retrieved documents), put before the question.

    ``parts`` are in priority order; the planner keeps as many as fit its budget.
    """

    kind: str
    parts: tuple[str, ...]
    max_tokens: int
    header: str = ""
    # What each part came from (meta "sources" entries, see chat/meta.py), part for part.
    sources: tuple[dict[str, Any], ...] = ()


def split_turns(messages: Sequence[Message]) -> list[Turn]:
    """A turn is a user message and the replies after it (a leading reply is its own turn)."""
    turns: list[list[Message]] = []
    for m in messages:
        if m.role == "system":
            continue  # the conversation's system prompt is a setting, not a message
        if m.role == "user" or not turns:
            turns.append([m])
        else:
            turns[-1].append(m)
    return [Turn(tuple(t)) for t in turns]


def system_text(system_prompt: str, summary: str | None) -> str:
    parts = [system_prompt.strip()] if system_prompt.strip() else []
    if summary and summary.strip():
        parts.append(f"{SUMMARY_HEADER}\n{summary.strip()}")
    return "\n\n".join(parts)


def context_text(context: TurnContext | None, n_parts: int) -> str:
    if context is None or n_parts <= 0:
        return ""
    body = "\n\n".join(context.parts[:n_parts])
    return f"{context.header}\n\n{body}" if context.header else body


def prompt_message(m: Message, keep_reasoning: bool = False) -> PromptMessage | None:
    """A stored message as the model sees it; None for what must not reach the model.

    An assistant's reasoning is not sent back: templates of reasoning models (Qwen3,
    DeepSeek-R1) drop it from earlier turns. A template that renders it itself (it reads
    ``reasoning_content``) gets it in that field, and decides.
    """
    out = m.as_chat()
    if m.role == "user" and isinstance(out.get("content"), str):
        out["content"] = fold_digits(out["content"])
    if m.role == "assistant":
        split = split_reasoning(m.content)  # a reply cut off by a crash may still hold its tags
        out["content"] = split.answer
        reasoning = meta_keys.get(m.meta, meta_keys.REASONING) or split.reasoning
        if keep_reasoning and reasoning:
            out["reasoning_content"] = reasoning
        if not split.answer.strip() and not meta_keys.get(m.meta, meta_keys.TOOL_CALLS):
            return None  # an empty reply left by a crash or a failure says nothing
    return out


def build_messages(
    system_prompt: str,
    summary: str | None,
    turns: Sequence[Turn],
    context: str = "",
    keep_reasoning: bool = False,
) -> list[PromptMessage]:
    out: list[PromptMessage] = []
    text = system_text(system_prompt, summary)
    if text:
        out.append({"role": "system", "content": text})
    for t in turns:
        for m in t.messages:
            pm = prompt_message(m, keep_reasoning)
            if pm is not None:
                out.append(pm)
    if context:
        # Before the newest question, not in the system prompt: the cached prefix of the
        # conversation stays valid when the retrieved context changes from turn to turn.
        for i in range(len(out) - 1, -1, -1):
            if out[i]["role"] == "user":
                out[i] = {**out[i], "content": f"{context}\n\n{out[i]['content']}"}
                break
    return out
