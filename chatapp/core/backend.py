"""What the conversation logic needs from a loaded model (the runtime implements it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from chatapp.core.conversation_settings import SamplingSettings

ChatMessage = dict[str, str]


class BackendError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # as the runtime's error kinds, plus "crashed"
        self.message = message


@dataclass(frozen=True)
class GenerationResult:
    text: str
    stop_reason: str
    stats: dict[str, Any] = field(default_factory=dict)


class ModelBackend(Protocol):
    @property
    def model_key(self) -> str:
        """Identifies the tokenizer: token counts are cached under this key."""

    @property
    def model_name(self) -> str: ...

    @property
    def n_ctx(self) -> int: ...

    def count_prompt(self, messages: list[ChatMessage]) -> int: ...

    def count_texts(self, texts: list[str]) -> list[int]: ...

    def generate(
        self,
        messages: list[ChatMessage],
        sampling: SamplingSettings,
        on_text: Callable[[str], None] | None = None,
    ) -> GenerationResult: ...

    def cancel(self) -> None: ...
