"""Titles a person would write: after the first reply, the loaded model names the chat in a
few words, in the conversation's language. Until then (and whenever the model fails or is
busy) the title is the first words of the first message (``store.auto_title``); a title the
user gave is never replaced."""

from __future__ import annotations

import re

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.chat.language import text_language
from chatapp.core.chat.store import TITLE_LENGTH, PromptMessage, Store
from chatapp.core.engine import Engine, GenerationRequest

TITLE_MAX_TOKENS = 24
EXCERPT_CHARS = 600  # of the question and of the reply: enough to name the chat
INSTRUCTIONS = {
    "en": (
        "Write a title for this conversation: three to six words, in English, no quotes, "
        "no full stop. Reply with the title only."
    ),
    "ja": (
        "この会話のタイトルを日本語で書いてください。15文字程度、かぎかっこや句点なし。"
        "タイトルだけを返してください。"
    ),
}
_LABEL = re.compile(r"^\s*(title|タイトル)\s*[:：]\s*", re.IGNORECASE)
_QUOTES = "\"'「」『』“”‘’*#`"


def title_messages(question: str, reply: str) -> list[PromptMessage]:
    language = text_language(question)
    shown = (
        f"User: {question.strip()[:EXCERPT_CHARS]}\n\nAssistant: {reply.strip()[:EXCERPT_CHARS]}"
    )
    return [
        {"role": "system", "content": INSTRUCTIONS[language]},
        {"role": "user", "content": shown},
    ]


def clean_title(text: str) -> str | None:
    """The model's title on one line, without labels, quotes or a final stop; None when
    nothing usable is left."""
    line = next((part for part in text.strip().splitlines() if part.strip()), "")
    line = _LABEL.sub("", line).strip().strip(_QUOTES).strip()
    line = line.rstrip("。.!！").strip().strip(_QUOTES).strip()
    if not line or "<" in line or len(line) > 2 * TITLE_LENGTH:
        return None
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def first_exchange(store: Store, conversation_id: int) -> tuple[str, str] | None:
    """The first question and the reply that ended its turn, when a title is still due."""
    if not store.title_is_auto(conversation_id):
        return None
    branch = store.branch(conversation_id)
    users = [m for m in branch if m.role == "user"]
    if len(users) != 1:  # only after the first reply: later turns keep the title
        return None
    replies = [m for m in branch if m.role == "assistant" and m.status == "complete"]
    if not replies or not replies[-1].content.strip():
        return None
    return users[0].content, replies[-1].content


def write_title(store: Store, engine: Engine, conversation_id: int) -> str | None:
    """Ask the model for a title and keep it unless the user renamed the chat meanwhile.
    Raises EngineError when the model fails (the first words stay)."""
    exchange = first_exchange(store, conversation_id)
    if exchange is None:
        return None
    request = GenerationRequest(
        sampling=SamplingSettings(temperature=0.0, seed=0, max_tokens=TITLE_MAX_TOKENS)
    )
    result = engine.generate(title_messages(*exchange), request)
    if result.stop_reason == "cancelled":  # the user sent the next message first
        return None
    title = clean_title(result.text)
    if title is None or not store.set_auto_title(conversation_id, title):
        return None
    return title
