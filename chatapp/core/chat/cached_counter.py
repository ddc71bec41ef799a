"""Token counts for the planner: prompts counted by the engine, per-message counts cached in
the store per model (a new model, a new tokenizer: the memory starts over)."""

from __future__ import annotations

from collections.abc import Sequence

from chatapp.core.chat.store import Message, PromptMessage, Store
from chatapp.core.chat.store_images import message_images
from chatapp.core.engine import Engine, require_model
from chatapp.core.images.prompt_images import tokens_of, vision_of, with_paths


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
        return self.engine.count(with_paths(messages, self.store.images)).tokens

    def count_images(self, messages: Sequence[Message]) -> list[int]:
        """Tokens each message's images take (the loaded projector's rule, or an estimate)."""
        model = self.engine.model
        if model is not None and model.engine == "local" and not model.details.get("vision"):
            return [0] * len(messages)  # a model without a projector is not shown them
        vision = vision_of(model.details) if model is not None else None
        return [tokens_of([i.to_meta() for i in message_images(m)], vision) for m in messages]

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
        images = self.count_images(messages)
        return [self._memory[m.id] + n for m, n in zip(messages, images, strict=True)]
