"""The messages between the GUI process and the runtime process.

Plain frozen dataclasses, pickled over a ``multiprocessing`` pipe. Every request carries an id;
every event names the request it answers (0 for events that answer none).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.evaluate.results import (
    EvaluationProgress,
    EvaluationSpec,
    QuantizeProgress,
    QuantizeSpec,
)

MAX_CONTEXT = 1 << 20
DEFAULT_CONTEXT = 4096  # when a load names none: this, or the trained length if shorter


class InvalidRequest(ValueError):
    """A request whose values make no sense; the message is meant for the user."""


@dataclass(frozen=True)
class Sampling(SamplingSettings):
    """A conversation's sampling settings as the runtime takes them, plus stop strings."""

    max_tokens: int = 1024
    stop: tuple[str, ...] = ()

    def validate(self) -> None:
        def check(ok: bool, message: str) -> None:
            if not ok:
                raise InvalidRequest(message)

        for name in ("temperature", "top_p", "min_p", "repeat_penalty"):
            value = getattr(self, name)
            check(
                isinstance(value, (int, float)) and math.isfinite(value),
                f"{name} must be a number",
            )
        check(0.0 <= self.temperature <= 5.0, "temperature must be between 0 and 5")
        check(0.0 < self.top_p <= 1.0, "top_p must be greater than 0 and at most 1")
        check(0.0 <= self.min_p <= 1.0, "min_p must be between 0 and 1")
        check(isinstance(self.top_k, int) and self.top_k >= 0, "top_k must be 0 or more")
        check(0.0 < self.repeat_penalty <= 10.0, "repeat_penalty must be between 0 and 10")
        check(
            self.seed is None or (isinstance(self.seed, int) and 0 <= self.seed < 2**32),
            "seed must be empty or a whole number from 0 to 4294967295",
        )
        check(
            isinstance(self.max_tokens, int) and 1 <= self.max_tokens <= MAX_CONTEXT,
            "max_tokens must be at least 1",
        )
        check(all(isinstance(s, str) and s for s in self.stop), "stop strings must not be empty")


# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    request_id: int


@dataclass(frozen=True)
class LoadRequest(Request):
    path: str
    n_ctx: int | None = None  # None: DEFAULT_CONTEXT or the trained length, the smaller
    n_threads: int | None = None
    n_gpu_layers: int = 0
    chat_format: str | None = None  # None: the file's template, else a fallback by architecture
    ignore_memory: bool = False  # the user chose to load although the estimate says it won't fit
    n_ctx_limit: int | None = None  # with n_ctx None: use up to this many (default DEFAULT_CONTEXT)
    flash_attn: bool = False
    kv_cache_type: str = "f16"  # "f16" or "q8_0" (a quantized V cache needs flash attention)
    memory_limit: int = 0  # bytes models may use (0: what the machine has available)
    embedding: bool = False  # load for embeddings (EmbedRequest), not for chat
    # False: after dropped turns, reuse only the common prefix and evaluate the rest again,
    # never shift the KV cache (the benchmarks measure the shift against this).
    kv_shift: bool = True
    mmproj: str | None = None  # a vision projector (mmproj-*.gguf) to load with the model
    # Speculative decoding of greedy replies (runtime/spec_host.py): one of SPECULATIVE_MODES.
    speculative: str = "off"
    draft_path: str | None = None  # the draft model (same vocabulary) for "draft" and "auto"
    speculative_state: str | None = None  # Auto's measured speeds (a JSON file), None: not kept


SPECULATIVE_MODES = ("off", "auto", "draft", "lookup")


@dataclass(frozen=True)
class InfoRequest(Request):
    pass


@dataclass(frozen=True)
class TokenizeRequest(Request):
    texts: tuple[str, ...]
    add_special: bool = False


@dataclass(frozen=True)
class CountTokensRequest(Request):
    texts: tuple[str, ...]


@dataclass(frozen=True)
class CountPromptRequest(Request):
    """Tokens of the prompt that these messages render to, template overhead included."""

    messages: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class DetokenizeRequest(Request):
    tokens: tuple[int, ...]


@dataclass(frozen=True)
class GenerateRequest(Request):
    messages: tuple[dict[str, Any], ...]
    sampling: Sampling = field(default_factory=Sampling)
    tools: tuple[dict[str, Any], ...] = ()  # OpenAI-style function schemas
    tool_choice: str = "auto"  # "auto", "none", "required" or a function name
    grammar: str | None = None  # GBNF that constrains the reply
    continue_last: bool = False  # the last message is a reply so far: carry on writing it
    react: bool = False  # an agent step: a thought, then a call or "answer" (react_step.py)


@dataclass(frozen=True)
class EmbedRequest(Request):
    """One unit vector per text, from a model loaded with ``embedding=True``. Each text is cut
    to one batch of tokens (what BERT-type models can take at once)."""

    texts: tuple[str, ...]


@dataclass(frozen=True)
class CancelRequest(Request):
    target_id: int = 0  # 0 cancels whatever is running


@dataclass(frozen=True)
class UnloadRequest(Request):
    pass


@dataclass(frozen=True)
class ShutdownRequest(Request):
    pass


# The quantization lab (chatapp.runtime.evaluation): answered by LabProgress events, then a
# Result holding an EvaluationResult or a QuantizeResult.
@dataclass(frozen=True)
class EvaluateRequest(Request):
    spec: EvaluationSpec


@dataclass(frozen=True)
class QuantizeRequest(Request):
    spec: QuantizeSpec


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    request_id: int


@dataclass(frozen=True)
class Ready(Event):
    """The runtime process is up, llama.cpp is imported and its CPU backend chosen."""

    llama_cpp_version: str = ""
    pid: int = 0
    cpu_variant: str = ""  # the CPU code loaded (runtime/cpu_variant.py); "" when none could be
    cpu_forced: bool = False  # chosen by KOTOBA_CPU_VARIANT rather than automatically
    cpu_candidates: tuple[str, ...] = ()  # what this build has and this machine runs, worst first
    cpu_error: str = ""  # why no CPU code could be loaded: every request then fails with it


@dataclass(frozen=True)
class LoadProgress(Event):
    fraction: float


@dataclass(frozen=True)
class LabProgress(Event):
    progress: EvaluationProgress | QuantizeProgress


@dataclass(frozen=True)
class Loaded(Event):
    info: dict[str, Any]
    load_s: float


@dataclass(frozen=True)
class Result(Event):
    """The answer to info, tokenize, count, detokenize and unload."""

    value: Any


@dataclass(frozen=True)
class Tokens(Event):
    text: str
    n_tokens: int
    sent_at: float = 0.0  # time.time() when the runtime sent it (for latency figures)


STOP_EOS = "eos"
STOP_LENGTH = "length"
STOP_STRING = "stop_string"
STOP_CANCELLED = "cancelled"
STOP_CONTEXT_FULL = "context_full"
STOP_TOOL_CALLS = "tool_calls"


@dataclass(frozen=True)
class GenerationStats:
    prompt_tokens: int
    prompt_tokens_reused: int
    completion_tokens: int
    ttft_s: float
    tokens_per_s: float
    stop_reason: str
    total_s: float
    kv_shifted_tokens: int = 0  # cached tokens cut out of the middle instead of re-evaluated
    cache_strategy: str = "none"  # "none", "prefix", "shift" or "reeval"
    hidden_tokens: int = 0  # written but not shown: a tool-call decision before the reply
    # Speculative decoding: "" (plain sampling), "plain", "lookup", "draft" or "auto:<method>"
    # ("auto:calibrating" while Auto still measures), and the guesses drafted and kept.
    spec_method: str = ""
    drafted_tokens: int = 0
    accepted_tokens: int = 0
    spec_plain_tps: float = 0.0  # plain decoding's speed here for this kind of request (Auto)


@dataclass(frozen=True)
class GenerationDone(Event):
    text: str
    stats: GenerationStats
    tool_calls: tuple[dict[str, str], ...] = ()  # each {"id", "name", "arguments"}
    thought: str = ""  # an agent step's thought (react_step.py)


@dataclass(frozen=True)
class ErrorEvent(Event):
    kind: str  # "bad_request", "load_failed", "not_loaded", "too_long", "internal", "crashed"
    message: str
    params: dict[str, Any] = field(default_factory=dict)  # for wording it in the UI language


@dataclass(frozen=True)
class RuntimeCrashed(Event):
    """Made by the client, not the worker: the runtime process died."""

    exit_code: int | None
    signal_name: str | None
    message: str
