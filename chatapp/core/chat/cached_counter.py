"""Token counts for the planner: prompts counted by the engine, per-message counts cached in
the store per model (a new model, a new tokenizer: the memory starts over)."""

from __future__ import annotations

from collections.abc import Sequence

from chatapp.core.chat.store import Message, PromptMessage, Store
from chatapp.core.engine import Engine, require_model


class CachedCounter:
    """Counts from the engine; per-message counts cached in the store per model."""

    def __init__(self, engine: Engine, store: Store) -> None:
        self.engine = engine
        self.store = store
        self._key = ""
        self._memory: dict[int, int] = {}

    @property
    def exact(self) -> bool:
        model = self.engine.model
        return model.exact_counts if model is not None else True

    def _model_key(self) -> str:
        key = require_model(self.engine).key
        if key != self._key:  # another model, another tokenizer
            self._key = key
            self._memory.clear()
        return key

    def count_prompt(self, messages: list[PromptMessage]) -> int:
        return self.engine.count(messages).tokens

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        return self.engine.count_texts(list(texts))

    def count_messages(self, messages: Sequence[Message]) -> list[int]:
        key = self._model_key()
        missing = [m.id for m in messages if m.id not in self._memory]
        if missing:
            self._memory.update(self.store.token_counts(missing, key))
        todo = [m for m in messages if m.id not in self._memory]
        if todo:
            counts = self.engine.count_texts([m.content for m in todo])
            fresh = {m.id: n for m, n in zip(todo, counts, strict=True)}
            # Partial replies still grow: only settled messages go to the shared cache.
            self.store.save_token_counts(
                {m.id: fresh[m.id] for m in todo if m.status != "partial"}, key
            )
            self._memory.update(fresh)
        return [self._memory[m.id] for m in messages]
