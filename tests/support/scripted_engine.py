"""An engine that replies from a script: for tests of what happens *around* generation (the
tool loop's approvals, steps and stops), where a real model's choices cannot be dictated.
Token counts are words, so the planner works as with any engine."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chatapp.core.engine import (
    Count,
    GenerationRequest,
    GenerationResult,
    Listener,
    LoadedModel,
    LoadSpec,
    ProgressCallback,
    PromptMessage,
    TextCallback,
    ToolCall,
)

Step = str | list[ToolCall] | Callable[[], GenerationResult]


@dataclass
class ScriptedEngine:
    """Each ``generate`` takes the next step: text to stream, or tool calls to ask for."""

    steps: list[Step]
    requests: list[tuple[list[PromptMessage], GenerationRequest]] = field(default_factory=list)
    cancelled: threading.Event = field(default_factory=threading.Event)
    kind: str = "local"
    model: LoadedModel | None = field(
        default_factory=lambda: LoadedModel("scripted", "scripted", "scripted", "local", 4096, True)
    )

    def add_listener(self, listener: Listener) -> None:
        pass

    def load(self, spec: LoadSpec, on_progress: ProgressCallback | None = None) -> LoadedModel:
        assert self.model is not None
        return self.model

    def unload(self) -> None:
        pass

    def count(self, messages: Sequence[PromptMessage]) -> Count:
        return Count(sum(len(str(m.get("content", "")).split()) + 4 for m in messages), True)

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def generate(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None = None,
    ) -> GenerationResult:
        self.requests.append((list(messages), request))
        step = self.steps.pop(0) if self.steps else "(no more steps)"
        if callable(step):
            return step()
        if isinstance(step, list):
            return GenerationResult("", "tool_calls", {"completion_tokens": 5}, tuple(step))
        if on_text is not None:
            on_text(step)
        return GenerationResult(step, "eos", {"completion_tokens": len(step.split())})

    def cancel(self) -> None:
        self.cancelled.set()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [[0.0] for _ in texts]

    def close(self) -> None:
        pass


def call(name: str, arguments: str = "{}", call_id: str = "call_1") -> ToolCall:
    return ToolCall(call_id, name, arguments)


def tool_messages(requests: list[tuple[list[PromptMessage], Any]]) -> list[PromptMessage]:
    return [m for m in requests[-1][0] if m["role"] == "tool"]
