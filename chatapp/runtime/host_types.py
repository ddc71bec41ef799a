"""What the model host's parts share: its error, the loaded model and one pass's result.

A small module of its own so that the host (model_host.py), the streaming pass (streaming.py)
and the tool path (tool_generation.py) import it rather than each other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import llama_cpp

from chatapp.core.models.model_info import ModelInfo
from chatapp.runtime import protocol as p
from chatapp.runtime.chat_prompt import ChatPrompter, TemplateFailed
from chatapp.runtime.kv_cache import CacheUse
from chatapp.runtime.tool_support import ToolSupport
from chatapp.runtime.vision import VisionError, VisionModel

if TYPE_CHECKING:
    from chatapp.runtime.spec_host import SpecHost


class HostError(Exception):
    """``kind`` and ``params`` let the interface word the problem in its language; ``message``
    is the English text for logs and the command line."""

    def __init__(self, kind: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.params = params


def template_error(exc: TemplateFailed, source: str) -> HostError:
    where = "the model file's chat template" if source == "file" else "the chat format"
    return HostError(
        "template",
        f"{where} failed ({exc}). Choose a built-in chat format for this model, "
        "such as chatml, and load it again.",
        source=source,
        detail=str(exc),
    )


def vision_error(exc: VisionError) -> HostError:
    return HostError(exc.kind, exc.message, **exc.params)


@dataclass
class Loaded:
    llm: llama_cpp.Llama
    info: ModelInfo
    prompter: ChatPrompter | None  # None for an embedding model
    n_ctx: int
    n_threads: int
    request: p.LoadRequest
    tools: ToolSupport
    memory_reported: dict[str, int]  # the buffers llama.cpp said it allocated (memory_report.py)
    vision: VisionModel | None = None  # the image projector loaded with it (vision.py)
    spec: SpecHost | None = None  # speculative decoding of greedy replies (spec_host.py)


@dataclass(frozen=True)
class Pass:
    """What one generation pass produced, with its timings."""

    text: str
    reason: str
    prompt_tokens: int
    cache: CacheUse
    n_generated: int
    t0: float
    t_first: float
    t_last: float
    spec_method: str = ""  # how a greedy reply was decoded ("" when it sampled)
    drafted: int = 0
    accepted: int = 0
    plain_tps: float = 0.0  # plain decoding's measured speed, to compare with (Auto)

    def stats(self, started: float | None = None, hidden_tokens: int = 0) -> p.GenerationStats:
        """Figures for the reply; ``started`` counts earlier hidden passes into the times."""
        t0 = self.t0 if started is None else started
        decode_s = self.t_last - self.t_first
        n = self.n_generated
        return p.GenerationStats(
            prompt_tokens=self.prompt_tokens,
            prompt_tokens_reused=self.cache.reused,
            kv_shifted_tokens=self.cache.shifted,
            cache_strategy=self.cache.strategy,
            completion_tokens=n,
            ttft_s=(self.t_first - t0) if n or self.reason == p.STOP_EOS else 0.0,
            tokens_per_s=(n - 1) / decode_s if n > 1 and decode_s > 0 else 0.0,
            stop_reason=self.reason,
            total_s=time.perf_counter() - t0,
            hidden_tokens=hidden_tokens,
            spec_method=self.spec_method,
            drafted_tokens=self.drafted,
            accepted_tokens=self.accepted,
            spec_plain_tps=self.plain_tps,
        )
