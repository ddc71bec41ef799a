"""The model engine inside the runtime process: load, count, render and generate.

Only the runtime process imports this module (it loads llama.cpp's native libraries). Its
parts: the checks before a load (load_checks.py), the hooks into llama-cpp-python
(llama_hooks.py), the KV cache's reuse (kv_cache.py), one streamed pass (streaming.py) and a
reply that may call tools (tool_generation.py); their shared types are in host_types.py.
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import time
from collections.abc import Callable
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c

from chatapp.core.models.gguf_header import GGUFHeader
from chatapp.core.models.memory import llama_buffers
from chatapp.core.models.model_info import ModelInfo
from chatapp.core.models.templates import FILE_TEMPLATE, ChatFormatChoice, choose_chat_format
from chatapp.runtime import protocol as p
from chatapp.runtime.chat_prompt import ChatPrompter, Message, TemplateFailed
from chatapp.runtime.host_types import HostError, Loaded, Pass, template_error, vision_error
from chatapp.runtime.llama_hooks import abortable, load_progress, without_builtin_chat_handlers
from chatapp.runtime.load_checks import (
    KV_CACHE_TYPES,
    default_threads,
    validate_load,
    validate_projector,
)
from chatapp.runtime.memory_report import capture_memory_report
from chatapp.runtime.spec_host import SpecHost
from chatapp.runtime.streaming import run_pass
from chatapp.runtime.tool_generation import generate_with_tools
from chatapp.runtime.tool_support import PROBE, ToolSupport, probe_tool_support
from chatapp.runtime.vision import VisionError, VisionModel, VisionPrompt, text_only

# The longest input of an embedding model: n_ctx, n_batch and n_ubatch all at this (a larger
# n_batch crashes BERT-type models, llama-cpp-python #1762).
EMBED_WINDOW = 512


class ModelHost:
    """The loaded llama.cpp model and what can be done with it."""

    def __init__(self, cpu_variant: str = "") -> None:
        self.model: Loaded | None = None
        self.cpu_variant = cpu_variant  # the CPU code llama.cpp runs (runtime/cpu_variant.py)

    # --- loading ------------------------------------------------------------------------

    def load(self, req: p.LoadRequest, progress: Callable[[float], None]) -> dict[str, object]:
        header, info, n_ctx = validate_load(req)
        projector = validate_projector(req)
        self.unload()
        if req.embedding:
            return self._load_embedding(req, header, info, n_ctx)
        threads = req.n_threads or default_threads()
        last = [-1.0]

        def report(fraction: float) -> None:
            if fraction - last[0] >= 0.05 or fraction >= 1.0:
                last[0] = fraction
                progress(fraction)

        try:
            with (
                load_progress(report),
                without_builtin_chat_handlers(),
                capture_memory_report() as memory,
            ):
                llm = llama_cpp.Llama(
                    model_path=req.path,
                    n_ctx=n_ctx,
                    n_batch=512,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_gpu_layers=req.n_gpu_layers,
                    flash_attn=req.flash_attn,
                    type_k=KV_CACHE_TYPES[req.kv_cache_type],
                    type_v=KV_CACHE_TYPES[req.kv_cache_type],
                    verbose=False,
                )
        except (ValueError, RuntimeError) as exc:
            why = memory.errors[-1] if memory.errors else str(exc)  # llama.cpp's own reason
            raise HostError("load_failed", f"llama.cpp could not load {info.name}: {why}") from None
        choice = choose_chat_format(header, req.chat_format)
        vision = None
        if projector is not None:
            try:
                vision = VisionModel(llm, projector, header.architecture)
            except VisionError as exc:
                llm.close()
                raise vision_error(exc) from None
            if vision.template and choice.source not in ("file", "override"):
                # A file without a template: the family handler's format knows the images.
                choice = ChatFormatChoice(FILE_TEMPLATE, "handler", vision.template)
        try:
            prompter = ChatPrompter(llm, choice)
            prompter.render(PROBE)  # a hostile or broken template fails here, not mid-chat
            spec = SpecHost.load(req, llm, n_ctx, threads, self.cpu_variant)
        except TemplateFailed as exc:
            llm.close()
            raise template_error(exc, choice.source) from None
        except HostError:
            llm.close()
            raise
        self.model = Loaded(
            llm,
            info,
            prompter,
            n_ctx,
            threads,
            req,
            probe_tool_support(prompter),
            dict(memory.bytes),
            vision,
            spec,
        )
        return self.info()

    def _load_embedding(
        self, req: p.LoadRequest, header: GGUFHeader, info: ModelInfo, n_ctx: int
    ) -> dict[str, object]:
        """An embedding model: no chat template; one batch (= one ubatch) per input, since a
        BERT-type model must see each input in one ubatch; the model's pooling, else mean."""
        threads = req.n_threads or default_threads()
        window = min(n_ctx, EMBED_WINDOW)
        pooling = header.arch_value("pooling_type")
        try:
            with capture_memory_report() as memory:
                llm = llama_cpp.Llama(
                    model_path=req.path,
                    n_ctx=window,
                    n_batch=window,
                    n_ubatch=window,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_gpu_layers=req.n_gpu_layers,
                    embedding=True,
                    pooling_type=(
                        llama_c.LLAMA_POOLING_TYPE_UNSPECIFIED
                        if pooling
                        else llama_c.LLAMA_POOLING_TYPE_MEAN
                    ),
                    verbose=False,
                )
        except (ValueError, RuntimeError) as exc:
            raise HostError("load_failed", f"llama.cpp could not load {info.name}: {exc}") from None
        self.model = Loaded(
            llm, info, None, window, threads, req, ToolSupport(False, None), dict(memory.bytes)
        )
        return self.info()

    def embed(self, texts: tuple[str, ...]) -> list[list[float]]:
        m = self._need_model()
        if not m.request.embedding:
            raise HostError("unsupported", "this model was loaded for chat, not for embeddings")
        vectors = m.llm.embed(list(texts), normalize=True, truncate=True)
        return [[float(x) for x in v] for v in vectors]

    def unload(self) -> None:
        if self.model is not None:
            if self.model.spec is not None:
                self.model.spec.close()
            self.model.llm.close()
            self.model = None

    def info(self) -> dict[str, object]:
        m = self._need_model()
        data = m.info.to_dict()
        data.update(
            n_ctx=m.n_ctx,
            n_threads=m.n_threads,
            n_gpu_layers=m.request.n_gpu_layers,
            flash_attn=m.request.flash_attn,
            kv_cache_type=m.request.kv_cache_type,
            cpu_variant=self.cpu_variant,
            memory_reported=m.memory_reported,
            memory_estimated=(  # the estimate is for chat models (512-token batches, logits)
                {}
                if m.request.embedding
                else llama_buffers(m.info, m.n_ctx, m.request.kv_cache_type, m.request.flash_attn)
            ),
            embedding=m.request.embedding,
            n_embd=m.llm.n_embd(),
            n_ubatch=m.llm.context_params.n_ubatch,
            pooling=str(m.llm.pooling_type()) if m.request.embedding else "",
            native_tools=m.tools.native,
            tool_style=m.tools.style or "",
            llama_cpp_version=llama_cpp.__version__,
            gpu_offload=bool(llama_c.llama_supports_gpu_offload()),
            system_info=llama_c.llama_print_system_info().decode("utf-8", "replace"),
            vision=m.vision.info.to_dict() if m.vision else None,
            vision_handler=m.vision.handler_class.__name__ if m.vision else "",
            speculative=m.spec.mode if m.spec else "off",
            draft_model=os.path.basename(m.request.draft_path or "") if m.spec else "",
        )
        return data

    def _need_model(self) -> Loaded:
        if self.model is None:
            raise HostError("not_loaded", "no model is loaded")
        return self.model

    # --- tokens -------------------------------------------------------------------------

    def tokenize(self, texts: tuple[str, ...], add_special: bool) -> list[list[int]]:
        llm = self._need_model().llm
        return [
            llm.tokenize(t.encode("utf-8"), add_bos=add_special, special=add_special) for t in texts
        ]

    def render(
        self,
        messages: tuple[Message, ...] | list[Message],
        tools: list[dict[str, Any]] | None = None,
        prepared: bool = False,
    ) -> Any:
        """Render to tokens; past tool calls and results are first put in the model's terms."""
        m = self._need_model()
        if m.prompter is None:
            raise HostError("unsupported", "this model was loaded for embeddings, not for chat")
        if not prepared:
            messages = m.tools.prepare(messages)
        try:
            messages = text_only(messages) if m.vision is None else messages
            if m.vision is not None and any(msg.get("images") for msg in messages):
                return m.vision.render(m.prompter, messages, tools)
            return m.prompter.render(messages, tools)
        except TemplateFailed as exc:
            raise template_error(exc, m.prompter.choice.source) from None
        except VisionError as exc:
            raise vision_error(exc) from None

    def render_for(self, req: p.GenerateRequest) -> Any:
        """The prompt of a request; to continue a reply, the prompt for a new reply followed by
        the reply's text so far (no end-of-turn after it)."""
        if not req.continue_last or not req.messages:
            return self.render(req.messages)
        *before, last = req.messages
        rendered = self.render(tuple(before))
        text = str(last.get("content") or "").encode("utf-8")
        tail = self._need_model().llm.tokenize(text, add_bos=False, special=False)
        if isinstance(rendered, VisionPrompt):
            return rendered.extend(tail)
        return dataclasses.replace(rendered, tokens=[*rendered.tokens, *tail])

    def count_prompt(self, messages: tuple[Message, ...]) -> int:
        m = self._need_model()
        if m.vision is not None and m.prompter and any(msg.get("images") for msg in messages):
            try:
                return m.vision.count(m.prompter, m.tools.prepare(messages))
            except TemplateFailed as exc:
                raise template_error(exc, m.prompter.choice.source) from None
        if m.vision is None:  # images this model cannot see are not counted (nor sent)
            messages = tuple({k: v for k, v in msg.items() if k != "images"} for msg in messages)
        return len(self.render(messages).tokens)

    def detokenize(self, tokens: tuple[int, ...]) -> str:
        llm = self._need_model().llm
        n_vocab = llm.n_vocab()
        if any(not 0 <= t < n_vocab for t in tokens):
            raise HostError("bad_request", f"token ids must be between 0 and {n_vocab - 1}")
        return llm.detokenize(list(tokens)).decode("utf-8", errors="replace")

    # --- generation ---------------------------------------------------------------------

    def generate(
        self,
        req: p.GenerateRequest,
        emit: Callable[[str, int], None],
        cancelled: Callable[[], bool],
        abort_flag: ctypes.Array[ctypes.c_char] | None = None,
    ) -> p.GenerationDone:
        """``cancelled`` is asked between tokens and prompt chunks; ``abort_flag`` (see
        ``llama_hooks.new_abort_flag``), set by whoever sets ``cancelled``, is read inside
        llama.cpp."""
        m = self._need_model()
        try:
            req.sampling.validate()
        except p.InvalidRequest as exc:
            raise HostError("bad_request", str(exc)) from None
        spec = m.spec if m.spec is not None else SpecHost("off", None, None)
        spec.begin(req.messages)
        with abortable(m.llm, abort_flag, cancelled), spec.abortable(abort_flag, cancelled):
            grammar = self.grammar(req.grammar) if req.grammar else None
            if req.tools and req.tool_choice != "none" and grammar is None:
                try:
                    return generate_with_tools(self, req, emit, cancelled)
                except p.InvalidRequest as exc:
                    raise HostError("bad_request", str(exc)) from None
            t0 = time.perf_counter()
            rendered = self.render_for(req)
            result = self.run_pass(rendered, req.sampling, emit, cancelled, grammar=grammar)
            return p.GenerationDone(req.request_id, result.text, result.stats(t0))

    def grammar(self, text: str) -> llama_cpp.LlamaGrammar:
        """A GBNF grammar, checked by llama.cpp first (a bad one must not reach the sampler)."""
        vocab = self._need_model().llm._model.vocab
        sampler = llama_c.llama_sampler_init_grammar(vocab, text.encode("utf-8"), b"root")
        if not sampler:
            raise HostError("bad_request", "the grammar is not valid GBNF")
        llama_c.llama_sampler_free(sampler)
        return llama_cpp.LlamaGrammar.from_string(text)

    def run_pass(
        self,
        rendered: Any,
        s: p.Sampling,
        emit: Callable[[str, int], None] | None,
        cancelled: Callable[[], bool],
        *,
        grammar: llama_cpp.LlamaGrammar | None = None,
        max_tokens: int | None = None,
        visible: Callable[[str], str] | None = None,
    ) -> Pass:
        """One generation from a rendered prompt on the loaded model (``streaming.run_pass``)."""
        return run_pass(
            self._need_model(),
            rendered,
            s,
            emit,
            cancelled,
            grammar=grammar,
            max_tokens=max_tokens,
            visible=visible,
        )
