"""The model engine inside the runtime process: load, count, render and generate.

Only the runtime process imports this module (it loads llama.cpp's native libraries).
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import ctypes.util
import dataclasses
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c
import numpy as np

from chatapp.core.hardware import physical_cores
from chatapp.core.images.projector import ProjectorError, ProjectorInfo, read_projector
from chatapp.core.models.gguf_header import GGUFError, GGUFHeader, read_gguf_header
from chatapp.core.models.memory import (
    available_bytes,
    format_bytes,
    llama_buffers,
    required_bytes,
)
from chatapp.core.models.model_info import ModelInfo, describe
from chatapp.core.models.templates import (
    FILE_TEMPLATE,
    ChatFormatChoice,
    UnknownChatFormat,
    choose_chat_format,
)
from chatapp.runtime import protocol as p
from chatapp.runtime.chat_prompt import ChatPrompter, Message, TemplateFailed
from chatapp.runtime.memory_report import capture_memory_report
from chatapp.runtime.stop_strings import StopScanner
from chatapp.runtime.tool_generation import ToolSupport, generate_with_tools, probe_tool_support
from chatapp.runtime.vision import VisionError, VisionModel, VisionPrompt, text_only

MIN_CONTEXT = 64
# The longest input of an embedding model: n_ctx, n_batch and n_ubatch all at this (a larger
# n_batch crashes BERT-type models, llama-cpp-python #1762).
EMBED_WINDOW = 512
# Prompt tokens evaluated per step; between steps a cancel request is honoured.
PREFILL_CHUNK = 128
# Streamed text is sent in batches at most this far apart (the first token goes at once):
# fewer wake-ups of the GUI process, which shares the cores with the decoding threads.
FLUSH_INTERVAL_S = 0.03


class HostError(Exception):
    """``kind`` and ``params`` let the interface word the problem in its language; ``message``
    is the English text for logs and the command line."""

    def __init__(self, kind: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.params = params


PROBE = ({"role": "system", "content": "probe"}, {"role": "user", "content": "hello"})


def template_error(exc: TemplateFailed, source: str) -> HostError:
    where = "the model file's chat template" if source == "file" else "the chat format"
    return HostError(
        "template",
        f"{where} failed ({exc}). Choose a built-in chat format for this model, "
        "such as chatml, and load it again.",
        source=source,
        detail=str(exc),
    )


def default_threads() -> int:
    return physical_cores()


KV_CACHE_TYPES = {"f16": 1, "q8_0": 8}  # ggml type ids
Q8_0_BLOCK = 32  # values per Q8_0 block: a quantized cache needs head sizes divisible by it


def validate_load(req: p.LoadRequest) -> tuple[GGUFHeader, ModelInfo, int]:
    """Everything we can check before llama.cpp sees the file; returns the context length."""
    if req.n_ctx is not None and (not isinstance(req.n_ctx, int) or req.n_ctx < MIN_CONTEXT):
        raise HostError("bad_request", f"context length must be at least {MIN_CONTEXT} tokens")
    if req.n_threads is not None and not (1 <= req.n_threads <= 512):
        raise HostError("bad_request", "threads must be between 1 and 512")
    if req.n_gpu_layers < -1:
        raise HostError("bad_request", "GPU layers must be -1 (all), 0 or more")
    if req.kv_cache_type not in KV_CACHE_TYPES:
        raise HostError("bad_request", f"unknown KV cache type {req.kv_cache_type!r}")
    if req.kv_cache_type != "f16" and not req.flash_attn:
        raise HostError(
            "bad_request",
            "a quantized KV cache needs flash attention: turn flash attention on, "
            "or keep the KV cache at f16",
        )
    try:
        header = read_gguf_header(req.path)
        info = describe(header, req.chat_format)
    except (GGUFError, UnknownChatFormat) as exc:
        raise HostError(
            "load_failed", str(exc), file=os.path.basename(req.path), detail=str(exc)
        ) from None
    except OSError as exc:
        raise HostError("load_failed", f"cannot read {req.path}: {exc.strerror}") from None
    if (
        req.kv_cache_type == "q8_0"
        and (info.key_length or info.value_length)
        and (info.key_length % Q8_0_BLOCK or info.value_length % Q8_0_BLOCK)
    ):
        raise HostError(
            "bad_request",
            f"{info.name} has attention heads of {info.key_length} values, which a Q8_0 KV "
            f"cache cannot hold (it stores blocks of {Q8_0_BLOCK}): keep the KV cache at f16",
        )
    n_ctx = req.n_ctx
    if n_ctx is None:  # the default: as much as the model was trained for, up to a limit
        limit = max(MIN_CONTEXT, req.n_ctx_limit or p.DEFAULT_CONTEXT)
        n_ctx = min(limit, info.context_length or limit)
    if info.context_length and n_ctx > info.context_length:
        raise HostError(
            "bad_request",
            f"context length {n_ctx} is beyond what {info.name} was trained for "
            f"({info.context_length} tokens)",
        )
    need = required_bytes(info, n_ctx, req.kv_cache_type, req.flash_attn)
    have = available_bytes()
    if req.memory_limit:  # the user keeps models within this much memory
        have = min(have, req.memory_limit) if have else req.memory_limit
    if have and need > have and not req.ignore_memory:
        raise HostError(
            "too_big",
            f"{info.name} at a context of {n_ctx} tokens needs about {format_bytes(need)} "
            f"of memory; {format_bytes(have)} is available. Choose a shorter context or a "
            "smaller model.",
            name=info.name,
            n_ctx=n_ctx,
            need=need,
            have=have,
        )
    return header, info, n_ctx


def validate_projector(req: p.LoadRequest) -> ProjectorInfo | None:
    """The vision projector to load with the model, checked before llama.cpp sees it."""
    if not req.mmproj:
        return None
    try:
        return read_projector(req.mmproj)
    except (GGUFError, ProjectorError) as exc:
        raise HostError(
            "load_failed", str(exc), file=os.path.basename(req.mmproj), detail=str(exc)
        ) from None
    except OSError as exc:
        raise HostError("load_failed", f"cannot read {req.mmproj}: {exc.strerror}") from None


def _vision_error(exc: VisionError) -> HostError:
    return HostError(exc.kind, exc.message, **exc.params)


@contextlib.contextmanager
def _load_progress(report: Callable[[float], None]) -> Iterator[None]:
    """Llama() takes no progress callback, so give its default model params one while loading."""
    original = llama_c.llama_model_default_params

    def on_progress(fraction: float, _user: object) -> bool:
        report(float(fraction))
        return True

    callback = llama_c.llama_progress_callback(on_progress)

    def params_with_progress() -> llama_c.llama_model_params:
        params = original()
        params.progress_callback = callback
        return params

    llama_c.llama_model_default_params = params_with_progress
    try:
        yield
    finally:
        llama_c.llama_model_default_params = original


class _UnusedChatHandler:
    """Stands in for the chat handlers Llama() builds from the file's templates: we render
    prompts ourselves, and a broken template must not stop the model loading with a built-in
    format."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def to_chat_handler(self) -> _UnusedChatHandler:
        return self


@contextlib.contextmanager
def _without_builtin_chat_handlers() -> Iterator[None]:
    from llama_cpp import llama_chat_format

    original = llama_chat_format.Jinja2ChatFormatter
    llama_chat_format.Jinja2ChatFormatter = _UnusedChatHandler  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        llama_chat_format.Jinja2ChatFormatter = original  # type: ignore[misc]


_set_abort_callback = llama_c._lib.llama_set_abort_callback
_set_abort_callback.argtypes = [ctypes.c_void_p, llama_c.ggml_abort_callback, ctypes.c_void_p]
_set_abort_callback.restype = None


def _strlen_callback() -> Any:
    """libc's ``strlen`` as a ggml abort callback over a flag buffer that holds "" or "x": it
    returns 0 or 1, which is false or true where a bool is expected. llama.cpp asks after every
    node of the compute graph (about 450 times a token for Gemma 3 270M); a Python callback
    would cost a GIL round trip each time, about 3 % of the decode speed."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        return ctypes.cast(libc.strlen, llama_c.ggml_abort_callback)
    except (OSError, AttributeError):
        return None


_STRLEN = _strlen_callback()


def new_abort_flag() -> ctypes.Array[ctypes.c_char]:
    """A flag for ``ModelHost.generate``: set with ``flag.value = b"x"``, clear with ``b""``."""
    return ctypes.create_string_buffer(2)


@contextlib.contextmanager
def _abortable(
    llm: llama_cpp.Llama, flag: ctypes.Array[ctypes.c_char] | None, cancelled: Callable[[], bool]
) -> Iterator[None]:
    """While inside, a cancel also stops llama.cpp within a decode (between two nodes of the
    compute graph), not only between tokens and prompt chunks: on a busy CPU one decode step
    can take far longer than the 100 ms a Stop may take. An aborted decode leaves the KV cache
    as it was before that batch (llama.cpp removes the batch's positions; llama-cpp-python
    counts only finished batches)."""
    if flag is not None and _STRLEN is not None:
        callback, data = _STRLEN, ctypes.cast(flag, ctypes.c_void_p)
    else:
        callback, data = llama_c.ggml_abort_callback(lambda _data: cancelled()), None
    _set_abort_callback(llm._ctx.ctx, callback, data)
    try:
        yield
    finally:
        _set_abort_callback(llm._ctx.ctx, llama_c.ggml_abort_callback(), None)


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
                _load_progress(report),
                _without_builtin_chat_handlers(),
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
                raise _vision_error(exc) from None
            if vision.template and choice.source not in ("file", "override"):
                # A file without a template: the family handler's format knows the images.
                choice = ChatFormatChoice(FILE_TEMPLATE, "handler", vision.template)
        try:
            prompter = ChatPrompter(llm, choice)
            prompter.render(PROBE)  # a hostile or broken template fails here, not mid-chat
        except TemplateFailed as exc:
            llm.close()
            raise template_error(exc, choice.source) from None
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
            raise _vision_error(exc) from None

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
        ``new_abort_flag``), set by whoever sets ``cancelled``, is read inside llama.cpp."""
        m = self._need_model()
        try:
            req.sampling.validate()
        except p.InvalidRequest as exc:
            raise HostError("bad_request", str(exc)) from None
        with _abortable(m.llm, abort_flag, cancelled):
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
        """One generation from a rendered prompt. ``emit`` None: nothing is streamed;
        ``visible`` filters what is streamed (a tool call is held back)."""
        m = self._need_model()
        t0 = time.perf_counter()
        prompt = rendered.tokens
        if len(prompt) >= m.n_ctx:
            raise HostError(
                "too_long",
                f"the conversation needs {len(prompt)} tokens but the context holds {m.n_ctx}",
            )
        llm = m.llm
        if isinstance(rendered, VisionPrompt) and m.vision is not None:
            try:  # a context shift would move image positions: only the prefix is reused
                cache, finished = m.vision.prefill(
                    llm, rendered, lambda lm, t: reuse_cache(lm, t, False), cancelled
                )
            except VisionError as exc:
                raise _vision_error(exc) from None
            finally:
                rendered.close()
        else:
            cache, finished = self._prefill(llm, prompt, cancelled, m.request.kv_shift)
        limit = max_tokens or s.max_tokens  # a tool call has its own limit
        allowed = min(limit, m.n_ctx - len(prompt))
        scanner = StopScanner([*rendered.stop_strings, *s.stop])
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        vocab = llm._model.vocab
        text_parts: list[str] = []
        pending: list[str] = []
        pending_tokens = 0
        n_generated = 0
        t_first = t_last = 0.0
        last_flush = 0.0
        reason = p.STOP_CANCELLED if not finished else p.STOP_LENGTH

        def flush(now: float) -> None:
            nonlocal pending_tokens, last_flush
            if pending:
                chunk = "".join(pending)
                pending.clear()
                text_parts.append(chunk)
                shown = visible(chunk) if visible is not None else chunk
                if emit is not None and shown:
                    emit(shown, pending_tokens)
            pending_tokens = 0
            last_flush = now

        if finished:
            llm.set_seed(s.seed if s.seed is not None else random.getrandbits(32))
            tokens = llm.generate(
                prompt,
                top_k=s.top_k,
                top_p=s.top_p,
                min_p=s.min_p,
                temp=s.temperature,
                repeat_penalty=s.repeat_penalty,
                reset=True,
                grammar=grammar,
            )
            try:
                for token in tokens:
                    now = time.perf_counter()
                    if n_generated == 0:
                        t_first = now
                    t_last = now
                    if token in rendered.stop_token_ids or llama_c.llama_vocab_is_eog(vocab, token):
                        reason = p.STOP_EOS
                        break
                    n_generated += 1
                    pending_tokens += 1
                    piece = scanner.feed(decoder.decode(llm.detokenize([token])))
                    if piece:
                        pending.append(piece)
                    if scanner.hit is not None:
                        reason = p.STOP_STRING
                        break
                    if n_generated == 1 or now - last_flush >= FLUSH_INTERVAL_S:
                        flush(now)
                    if cancelled():
                        reason = p.STOP_CANCELLED
                        break
                    if n_generated >= allowed:
                        reason = p.STOP_LENGTH if allowed == limit else p.STOP_CONTEXT_FULL
                        break
            except RuntimeError:  # llama_decode returned 2: aborted by a cancel
                if not cancelled():
                    raise
                reason = p.STOP_CANCELLED
            finally:
                tokens.close()
        # Bytes of a character the last token did not finish are dropped (a reply cut off by the
        # token limit would otherwise end in a replacement mark).
        tail = scanner.flush()
        if tail:
            pending.append(tail)
        flush(time.perf_counter())
        text = "".join(text_parts)
        return Pass(text, reason, len(prompt), cache, n_generated, t0, t_first, t_last)

    @staticmethod
    def _prefill(
        llm: llama_cpp.Llama, prompt: list[int], cancelled: Callable[[], bool], shift: bool
    ) -> tuple[CacheUse, bool]:
        """Evaluate the prompt, reusing what the KV cache holds; returns (cache use, finished)."""
        use = reuse_cache(llm, prompt, shift)
        for start in range(use.reused, len(prompt), PREFILL_CHUNK):
            if cancelled():
                return use, False
            try:
                llm.eval(prompt[start : start + PREFILL_CHUNK])
            except RuntimeError:  # aborted by a cancel (see _abortable)
                if cancelled():
                    return use, False
                raise
        return use, True


@dataclass(frozen=True)
class CacheUse:
    reused: int  # prompt tokens not evaluated again
    shifted: int  # cached tokens removed from the middle (a context shift)
    strategy: str  # "none", "prefix", "shift" or "reeval"


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
        )


# A removed span is only worth shifting over if this many tokens after it line up again.
MIN_SHIFT_MATCH = 8


def _common_prefix(a: np.ndarray, b: np.ndarray) -> int:
    n = min(len(a), len(b))
    if n == 0:
        return 0
    diff = np.nonzero(a[:n] != b[:n])[0]
    return int(diff[0]) if len(diff) else n


def reuse_cache(llm: llama_cpp.Llama, prompt: list[int], shift: bool = True) -> CacheUse:
    """Keep the longest reusable part of the KV cache for ``prompt`` and drop the rest.

    First the common prefix. When the conversation dropped old turns, the prompt is the cache
    with a span cut out of the middle: remove that span and shift what follows it down
    (``llama_memory_seq_rm`` + ``llama_memory_seq_add``), where the memory allows shifting
    and ``shift`` is true, instead of evaluating everything after the cut again.
    """
    n_cached = llm.n_tokens
    cached = np.asarray(llm.input_ids[:n_cached], dtype=np.int64)
    new = np.asarray(prompt, dtype=np.int64)
    last = len(prompt) - 1  # keep one token to evaluate: fresh logits to sample from
    prefix = min(_common_prefix(cached, new), last)
    if n_cached == 0:
        return CacheUse(0, 0, "none")
    memory = llm._ctx.memory
    if shift and prefix < n_cached - 1 and prefix < last and llama_c.llama_memory_can_shift(memory):
        gap, match = _find_cut(cached, new, prefix)
        if gap and match >= min(MIN_SHIFT_MATCH, last - prefix):
            match = min(match, last - prefix)
            end = prefix + gap + match
            if llama_c.llama_memory_seq_rm(memory, -1, end, -1) and llama_c.llama_memory_seq_rm(
                memory, -1, prefix, prefix + gap
            ):
                llama_c.llama_memory_seq_add(memory, 0, prefix + gap, end, -gap)
                llm.input_ids[prefix : prefix + match] = cached[prefix + gap : end]
                llm.n_tokens = prefix + match
                return CacheUse(prefix + match, gap, "shift")
            llm.reset()
            llm._ctx.kv_cache_clear()
            return CacheUse(0, 0, "reeval")
    if prefix < n_cached and not llm._ctx.kv_cache_seq_rm(-1, prefix, -1):
        llm.reset()
        llm._ctx.kv_cache_clear()
        return CacheUse(0, 0, "reeval")
    llm.n_tokens = prefix
    return CacheUse(prefix, 0, "prefix" if prefix else "reeval")


def _find_cut(cached: np.ndarray, new: np.ndarray, prefix: int) -> tuple[int, int]:
    """The span length to cut after ``prefix`` so that the cache lines up with ``new`` again."""
    if prefix >= len(new):
        return 0, 0
    rest = new[prefix:]
    starts = np.nonzero(cached[prefix + 1 :] == rest[0])[0] + prefix + 1
    best_gap, best_match = 0, 0
    for start in starts[:256]:
        match = _common_prefix(cached[start:], rest)
        if match > best_match:
            best_gap, best_match = int(start - prefix), match
            if start + match >= len(cached):
                break  # lines up to the end of the cache: nothing longer exists
    return best_gap, best_match
