"""Conversations with history, written straight into a store."""

from __future__ import annotations

from chatapp.core.chat.store import Store


def add_turns(store: Store, conv: int, turns: int, padding: int = 0, topic: str = "") -> list[int]:
    """``turns`` question/answer pairs; ``padding`` words each make them long. Returns the ids."""
    ids = []
    for i in range(turns):
        ids.append(store.add_message(conv, "user", f"question {i} {topic}" + " cat" * padding))
        ids.append(store.add_message(conv, "assistant", f"answer {i} {topic}" + " dog" * padding))
    return ids
