"""The engine seam: what Kotoba needs from a model, wherever it runs.

Every engine implements ``Engine``: the local runtime process (``chatapp.runtime.local_engine``)
and engines on other machines (``chatapp.remote``). The conversation logic, the tools and the
documents only ever talk to this protocol. Methods block and are called from worker threads;
``cancel`` may be called from any thread. Events that nobody asked for (a crash of the
runtime process) reach the listeners given to ``add_listener``, on an engine thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.evaluate.results import (
    EvaluationResult,
    EvaluationSpec,
    QuantizeResult,
    QuantizeSpec,
)

# One message of a prompt, in the OpenAI chat shape every engine and template understands:
# "role" and "content", plus "tool_calls" (assistant) or "tool_call_id" and "name" (tool).
PromptMessage = dict[str, Any]
# A tool as the model is told about it: {"type": "function", "function": {name, description,
# parameters (a JSON schema)}}.
ToolSchema = dict[str, Any]


PARTIAL_KINDS = ("crashed", "connection", "interrupted")


class EngineError(Exception):
    """Something the engine could not do; ``message`` is meant for the user.

    ``kind`` lets callers react: "not_loaded", "load_failed", "too_big", "bad_request",
    "too_long", "template", "crashed", "connection", "server", "unsupported", "internal";
    remote engines add "auth" (the server refused the API key) and "interrupted" (the server
    ended the reply early). After "crashed", "connection" and "interrupted" the text streamed
    so far is a partial reply.
    """

    def __init__(self, kind: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message  # English, for logs and the command line
        self.params = params  # what the interface needs to word it in its own language


@dataclass(frozen=True)
class LoadSpec:
    """What to load and how. ``source`` is a .gguf path (local) or a model id (remote)."""

    source: str
    n_ctx: int | None = None  # None: the engine's default (the trained length, up to a limit)
    n_threads: int | None = None  # None: the physical cores
    n_gpu_layers: int = 0
    chat_format: str | None = None  # None: the model's own template, else a fallback
    ignore_memory: bool = False  # the user chose to load although the estimate says no
    flash_attn: bool = False
    kv_cache_type: str = "f16"  # "f16" or "q8_0"
    memory_limit: int = 0  # bytes the model may use (0: what the machine has available)
    embedding: bool = False  # load an embedding model for ``embed`` (no chat)
    mmproj: str | None = None  # a vision projector loaded with the model (local engines)
    # Speculative decoding of greedy replies (local engines): "off", "auto", "lookup" or
    # "draft"; the draft model (same vocabulary) and where Auto keeps its measurements.
    speculative: str = "off"
    draft_path: str | None = None
    speculative_state: str | None = None


@dataclass(frozen=True)
class LoadedModel:
    """A loaded model, as every engine describes it."""

    key: str  # identifies the tokenizer: token counts are cached under this key
    name: str  # a clean display name
    source: str  # the path or model id it was loaded from
    engine: str  # "local" or "remote"
    n_ctx: int  # the context length in use
    exact_counts: bool  # token counts come from the model's own tokenizer
    context_length: int | None = None  # what the model was trained for
    architecture: str = ""
    quantization: str = ""
    bits_per_weight: float | None = None
    parameters: int | None = None
    file_size: int = 0
    chat_format: str = ""
    chat_format_source: str = ""  # "file", "builtin", "override", "server"
    n_threads: int | None = None
    n_gpu_layers: int = 0
    cpu_variant: str = ""
    flash_attn: bool = False
    kv_cache_type: str = "f16"
    native_tools: bool = False  # the chat template takes a list of tools
    renders_reasoning: bool = False  # the chat template shows earlier reasoning itself
    details: dict[str, Any] = field(default_factory=dict)  # engine-specific extras


@dataclass(frozen=True)
class Count:
    tokens: int
    exact: bool  # False: an estimate (a remote engine without a tokenize endpoint)


@dataclass(frozen=True)
class ToolCall:
    """A tool the model asked for; ``arguments`` is the JSON text the model wrote."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class GenerationRequest:
    """Everything that shapes one reply besides the messages."""

    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    stop: tuple[str, ...] = ()
    tools: tuple[ToolSchema, ...] = ()
    tool_choice: str = "auto"  # "auto", "none", "required" or a tool name
    grammar: str | None = None  # a GBNF grammar that constrains the output (local engines)
    continue_last: bool = False  # the last message is an unfinished reply: carry on writing it
    # An agent step (chatapp.core.agent): models without native tool calls write a thought,
    # then one call or "answer", under a grammar; engines with native tool calls ignore it.
    react: bool = False


@dataclass(frozen=True)
class GenerationResult:
    text: str
    stop_reason: str  # "eos", "length", "stop_string", "cancelled", "context_full", "tool_calls"
    stats: dict[str, Any] = field(default_factory=dict)  # prompt tokens, reuse, ttft, tok/s…
    tool_calls: tuple[ToolCall, ...] = ()
    reasoning: str = ""  # a reasoning field the engine kept apart from the text (an agent
    # step's thought on the grammar path)


@dataclass(frozen=True)
class EngineCrashed:
    """The engine went away (a crash of the runtime process, a server that died)."""

    message: str
    signal_name: str | None = None


EngineEvent = EngineCrashed
Listener = Callable[[EngineEvent], None]
TextCallback = Callable[[str], None]
ProgressCallback = Callable[[float], None]


@runtime_checkable
class Engine(Protocol):
    @property
    def kind(self) -> str:
        """ "local" or "remote"."""

    @property
    def model(self) -> LoadedModel | None:
        """The loaded model, or None."""

    def add_listener(self, listener: Listener) -> None: ...

    def load(self, spec: LoadSpec, on_progress: ProgressCallback | None = None) -> LoadedModel:
        """Load (replacing what is loaded); raises EngineError."""

    def unload(self) -> None: ...

    def count(self, messages: Sequence[PromptMessage]) -> Count:
        """Tokens of the prompt these messages render to, template overhead included."""

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text on its own (exact or estimated as ``count`` is)."""

    def generate(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None = None,
    ) -> GenerationResult:
        """Stream a reply; ``on_text`` gets each new piece. Raises EngineError."""

    def cancel(self) -> None:
        """Stop the running generation soon (within 100 ms); safe from any thread."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text; raises EngineError("unsupported") if the model cannot."""

    def close(self) -> None: ...


def require_model(engine: Engine) -> LoadedModel:
    model = engine.model
    if model is None:
        raise EngineError("not_loaded", "no model is loaded")
    return model


# --- optional capability: the quantization lab ----------------------------------------------
# Only engines that hold model files (the local one) can measure or make them; check with
# ``isinstance(engine, EvaluatingEngine)``.
LabProgressCallback = Callable[[Any], None]  # gets EvaluationProgress or QuantizeProgress


@runtime_checkable
class EvaluatingEngine(Protocol):
    def evaluate(
        self, spec: EvaluationSpec, on_progress: LabProgressCallback | None = None
    ) -> EvaluationResult:
        """Perplexity, KLD against a reference, speed and memory of a model file.

        Raises EngineError ("cancelled" after ``cancel_lab``)."""

    def quantize(
        self, spec: QuantizeSpec, on_progress: LabProgressCallback | None = None
    ) -> QuantizeResult:
        """Make ``spec.output`` from ``spec.source`` with llama.cpp; raises EngineError."""

    def cancel_lab(self) -> None:
        """Stop the running evaluation or quantization within a second; safe from any thread."""
