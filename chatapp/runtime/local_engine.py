"""The local engine: ``chatapp.core.engine.Engine`` over the runtime process.

Calls block (use them from worker threads); ``cancel`` is safe from any thread. A crash of the
runtime process raises ``EngineError("crashed")`` in the call that was waiting and reaches the
listeners as ``EngineCrashed``; the next call starts a new process (with no model loaded).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from chatapp.core.engine import (
    Count,
    EngineCrashed,
    EngineError,
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
from chatapp.core.evaluate.results import (
    EvaluationResult,
    EvaluationSpec,
    QuantizeResult,
    QuantizeSpec,
)
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from chatapp.runtime.lab import LabRunner


def display_name(info: dict[str, Any]) -> str:
    """A clean name for people: the file's name without its extension and without the
    quantization (shown beside it), not the header's ``general.name``, which is often a
    training-run label."""
    path = str(info.get("path") or "")
    if not path:
        return str(info.get("name") or "model")
    stem = Path(path).stem
    quant = str(info.get("quantization") or "")
    for sep in ("-", ".", "_"):
        if quant and stem.lower().endswith(f"{sep}{quant}".lower()):
            return stem[: -len(quant) - 1]
    return stem


def loaded_model(info: dict[str, Any]) -> LoadedModel:
    """The runtime's ``Loaded.info`` dictionary as a typed ``LoadedModel``."""
    return LoadedModel(
        key=f"{info['name']}|{info['file_size']}|{info['chat_format']}",
        name=display_name(info),
        source=str(info.get("path", "")),
        engine="local",
        n_ctx=int(info["n_ctx"]),
        exact_counts=True,
        context_length=int(info.get("context_length") or 0) or None,
        architecture=str(info.get("architecture", "")),
        quantization=str(info.get("quantization", "")),
        bits_per_weight=info.get("bits_per_weight"),
        parameters=info.get("n_params"),
        file_size=int(info.get("file_size") or 0),
        chat_format=str(info.get("chat_format", "")),
        chat_format_source=str(info.get("chat_format_source", "")),
        n_threads=info.get("n_threads"),
        n_gpu_layers=int(info.get("n_gpu_layers") or 0),
        cpu_variant=str(info.get("cpu_variant") or ""),
        flash_attn=bool(info.get("flash_attn", False)),
        kv_cache_type=str(info.get("kv_cache_type") or "f16"),
        native_tools=bool(info.get("native_tools", False)),
        renders_reasoning=bool(info.get("renders_reasoning", False)),
        details=dict(info),
    )


class LocalEngine:
    """The ``Engine`` of the runtime process on this machine."""

    kind = "local"

    def __init__(
        self,
        log_path: Path | None = None,
        client: RuntimeClient | None = None,
        cpu_state_path: Path | None = None,
    ) -> None:
        self.client = client or RuntimeClient(log_path=log_path, cpu_state_path=cpu_state_path)
        self.client.set_event_callback(self._on_event)
        self._listeners: list[Listener] = []
        self._model: LoadedModel | None = None
        self._lock = threading.Lock()
        self._generating = 0  # the request id of the running generation
        # Evaluations and quantizations run in a process of their own (see runtime.lab).
        self.lab = LabRunner(log_path or self.client._log_path)

    @classmethod
    def adopt(cls, client: RuntimeClient) -> LocalEngine:
        """An engine over a client that already has a model loaded (tests, benchmarks)."""
        engine = cls(client=client)
        if client.loaded_info is not None:
            engine._model = loaded_model(dict(client.loaded_info))
        return engine

    # --- state --------------------------------------------------------------------------

    @property
    def model(self) -> LoadedModel | None:
        return self._model

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _on_event(self, event: p.Event) -> None:
        if isinstance(event, p.RuntimeCrashed) and event.request_id == 0:
            self._model = None
            crash = EngineCrashed(event.message, event.signal_name)
            for listener in list(self._listeners):
                listener(crash)

    # --- calls --------------------------------------------------------------------------

    def _call(self, request: p.Request, timeout: float | None = 120.0) -> Any:
        try:
            event = self.client.call(request, timeout)
        except RuntimeError_ as exc:
            raise _error(exc.event) from None
        except TimeoutError as exc:
            raise EngineError("internal", str(exc)) from None
        if isinstance(event, p.Result):
            return event.value
        return event

    def load(self, spec: LoadSpec, on_progress: ProgressCallback | None = None) -> LoadedModel:
        request = p.LoadRequest(
            self.client.next_id(),
            spec.source,
            spec.n_ctx,
            n_threads=spec.n_threads,
            n_gpu_layers=spec.n_gpu_layers,
            chat_format=spec.chat_format,
            ignore_memory=spec.ignore_memory,
            flash_attn=spec.flash_attn,
            kv_cache_type=spec.kv_cache_type,
            memory_limit=spec.memory_limit,
            embedding=spec.embedding,
            mmproj=spec.mmproj,
            speculative=spec.speculative,
            draft_path=spec.draft_path,
            speculative_state=spec.speculative_state,
        )
        previous, self._model = self._model, None
        for event in self.client.stream(request):
            if isinstance(event, p.LoadProgress) and on_progress is not None:
                on_progress(event.fraction)
            elif isinstance(event, p.Loaded):
                self._model = loaded_model(event.info)
                return self._model
            elif isinstance(event, p.ErrorEvent):
                # Files refused by the checks never reach llama.cpp: the model stays loaded.
                if previous is not None and self._still_loaded():
                    self._model = previous
                raise _error(event)
            elif isinstance(event, p.RuntimeCrashed):
                raise _error(event)
        raise EngineError("internal", "the runtime ended the load without a result")

    def _still_loaded(self) -> bool:
        try:
            self.info()
        except EngineError:
            return False
        return True

    def unload(self) -> None:
        self._model = None
        if self.client.is_running:
            self._call(p.UnloadRequest(self.client.next_id()))

    def count(self, messages: Sequence[PromptMessage]) -> Count:
        tokens = self._call(p.CountPromptRequest(self.client.next_id(), tuple(messages)))
        return Count(int(tokens), exact=True)

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return list(self._call(p.CountTokensRequest(self.client.next_id(), tuple(texts))))

    def tokenize(self, texts: Sequence[str], add_special: bool = False) -> list[list[int]]:
        return list(self._call(p.TokenizeRequest(self.client.next_id(), tuple(texts), add_special)))

    def generate(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None = None,
    ) -> GenerationResult:
        sampling = p.Sampling(**asdict(request.sampling), stop=request.stop)
        generate = p.GenerateRequest(
            self.client.next_id(),
            tuple(messages),
            sampling,
            tools=request.tools,
            tool_choice=request.tool_choice,
            grammar=request.grammar,
            continue_last=request.continue_last,
            react=request.react,
        )
        with self._lock:
            self._generating = generate.request_id
        try:
            for event in self.client.stream(generate):
                if isinstance(event, p.Tokens):
                    if on_text is not None:
                        on_text(event.text)
                elif isinstance(event, p.GenerationDone):
                    return GenerationResult(
                        event.text,
                        event.stats.stop_reason,
                        asdict(event.stats),
                        tuple(ToolCall(**call) for call in event.tool_calls),
                        event.thought,
                    )
                elif isinstance(event, (p.ErrorEvent, p.RuntimeCrashed)):
                    raise _error(event)
        finally:
            with self._lock:
                self._generating = 0
        raise EngineError("internal", "the runtime ended the reply without a result")

    def cancel(self) -> None:
        with self._lock:
            target = self._generating
        if target:
            self.client.cancel(target)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        model = self._model
        if model is None or not model.details.get("embedding"):
            raise EngineError("unsupported", "load the model for embeddings to embed with it")
        if not texts:
            return []
        return list(self._call(p.EmbedRequest(self.client.next_id(), tuple(texts))))

    def info(self) -> dict[str, Any]:
        return dict(self._call(p.InfoRequest(self.client.next_id())))

    # --- the quantization lab (chatapp.core.engine.EvaluatingEngine) ---------------------

    def evaluate(self, spec: EvaluationSpec, on_progress: Any = None) -> EvaluationResult:
        return self.lab.evaluate(spec, on_progress)

    def quantize(self, spec: QuantizeSpec, on_progress: Any = None) -> QuantizeResult:
        return self.lab.quantize(spec, on_progress)

    def cancel_lab(self) -> None:
        self.lab.cancel()

    def close(self) -> None:
        self.lab.close()
        self.cancel()
        self.client.shutdown()
        self._model = None


def _error(event: p.Event) -> EngineError:
    if isinstance(event, p.ErrorEvent):
        return EngineError(event.kind, event.message, **event.params)
    if isinstance(event, p.RuntimeCrashed):
        return EngineError("crashed", event.message, signal=event.signal_name or "")
    return EngineError("internal", f"unexpected answer {type(event).__name__}")
