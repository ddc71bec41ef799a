"""The store's records: messages, conversations, summaries, lessons and search hits (immutable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chatapp.core.chat.conversation_settings import ConversationSettings

PromptMessage = dict[str, Any]  # the same shape as chatapp.core.engine.PromptMessage


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    created_at: float
    status: str = "complete"
    pinned: bool = False
    model: str | None = None
    stats: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None  # tool calls, the call a tool result answers, reasoning

    def as_chat(self) -> PromptMessage:
        """The message as a prompt sees it (the OpenAI chat shape)."""
        out: PromptMessage = {"role": self.role, "content": self.content}
        meta = self.meta or {}
        for key in ("tool_calls", "tool_call_id", "name"):
            if meta.get(key):
                out[key] = meta[key]
        images = meta.get("images")
        if images and isinstance(images, list):
            # By content hash; an engine finds the file (core/images/prompt_images.py).
            out["images"] = [
                {k: i.get(k) for k in ("sha256", "format", "width", "height")}
                for i in images
                if isinstance(i, dict)
            ]
        return out


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float
    model: str | None
    settings: ConversationSettings
    current_leaf: int | None
    pinned: bool = False  # kept at the top of the list


@dataclass(frozen=True)
class Summary:
    id: int
    conversation_id: int
    covered_ids: tuple[int, ...]
    content: str
    model: str | None
    edited: bool
    created_at: float


@dataclass(frozen=True)
class Lesson:
    """One sentence an agent task learned from an answer the user marked as failed."""

    id: int
    conversation_id: int
    text: str
    created_at: float
    source_message_id: int | None  # the answer it came from (None: deleted since)


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int | None  # None: the title matched
    title: str
    snippet: str  # one line of text around the match
    match_start: int = -1  # where the match is in the snippet (-1: not in it)
    match_length: int = 0
