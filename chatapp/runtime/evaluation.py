"""The quantization lab inside the runtime process: evaluate a model file, quantize one.

Perplexity follows llama.cpp's perplexity tool: the text is tokenized once (with BOS where the
model adds one), cut into non-overlapping windows of ``n_ctx`` tokens, the first token of each
window is replaced by BOS, and the second half of each window is scored: the logits at positions
``n_ctx/2 … n_ctx-2`` predict the tokens after them. Only those logits are requested from
llama.cpp, a few dozen rows at a time (``llama_batch`` logits flags), so memory stays near that of
a chat load even for a 262k vocabulary, where all the logits of a 2,048 window would take 2 GB.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp.llama_cpp as llama_c
import numpy as np
import numpy.typing as npt

from chatapp.core.evaluate.quantize import (
    QUANT_TYPES,
    QuantizeRefused,
    check_source,
    parse_progress,
)
from chatapp.core.evaluate.reference import (
    Reference,
    ReferenceError,
    ReferenceMeta,
    load_reference,
    window_digest,
)
from chatapp.core.evaluate.results import (
    EvaluationProgress,
    EvaluationResult,
    EvaluationSpec,
    QuantizeProgress,
    QuantizeResult,
    QuantizeSpec,
)
from chatapp.core.evaluate.statistics import KldAccumulator, NllAccumulator, topk_kld
from chatapp.core.hardware import physical_cores
from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.memory import kv_cache_bytes
from chatapp.core.models.model_info import ModelInfo, read_model_info
from chatapp.runtime import protocol as p
from chatapp.runtime.host_types import HostError
from chatapp.runtime.llama_hooks import without_builtin_chat_handlers

MIN_CONTEXT = 16
N_BATCH = 512
# Logits requested per decode step: this many bytes of float32 rows (at least 16 rows). Bigger
# steps run a little faster; each row of a 262k vocabulary takes 1 MB.
OUTPUT_BYTES = 32 << 20
# Rows turned into log-probabilities at once (bounds numpy's scratch memory).
SCORE_ROWS = 8
SPEED_PROMPT = 512
SPEED_GENERATE = 64
PROGRESS_INTERVAL_S = 0.2

Report = Callable[[Any], None]
Cancelled = Callable[[], bool]


class Stopped(Exception):
    """The user cancelled."""


# --- process memory ---------------------------------------------------------------------


def reset_peak_rss() -> None:
    """Start a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_rss_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# --- decoding -----------------------------------------------------------------------------


class AbortFlag:
    """An abort callback for ggml that runs no Python.

    ggml asks its abort callback between every two graph nodes. A Python callback there takes
    the GIL hundreds of times a decode, which made evaluations several times slower on a busy
    machine. Instead the callback is libc's ``strlen`` on a two-byte buffer: it returns 0 (go
    on) while the buffer is empty and 1 (abort) once a watcher thread, which polls the cancel
    request, writes one character into it.
    """

    POLL_S = 0.05

    def __init__(self, cancelled: Cancelled) -> None:
        self._buffer = ctypes.create_string_buffer(2)
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        self.callback = ctypes.cast(libc.strlen, llama_c.ggml_abort_callback)
        self.data = ctypes.cast(self._buffer, ctypes.c_void_p)
        self._cancelled = cancelled
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="lab-cancel", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(self.POLL_S):
            if self._cancelled():
                self._buffer.value = b"x"
                return

    def close(self) -> None:
        self._done.set()
        self._thread.join()


class Decoder:
    """One sequence decoded with ``llama_decode``, with logits only where they are asked for."""

    def __init__(self, llm: llama_cpp.Llama, capacity: int, cancelled: Cancelled) -> None:
        self.ctx = llm._ctx.ctx
        self.n_vocab = llm.n_vocab()
        self.capacity = capacity
        self.batch = llama_c.llama_batch_init(capacity, 0, 1)
        b = self.batch
        self.token = np.ctypeslib.as_array(b.token, shape=(capacity,))
        self.pos = np.ctypeslib.as_array(b.pos, shape=(capacity,))
        self.logits_flag = np.ctypeslib.as_array(b.logits, shape=(capacity,))
        np.ctypeslib.as_array(b.n_seq_id, shape=(capacity,))[:] = 1
        for i in range(capacity):
            b.seq_id[i][0] = 0
        # Checked by ggml between graph nodes: a cancel lands in the middle of a decode.
        self._abort = AbortFlag(cancelled)
        llama_c.llama_set_abort_callback(self.ctx, self._abort.callback, self._abort.data)
        self.decode_s = 0.0

    def clear(self) -> None:
        llama_c.llama_memory_clear(llama_c.llama_get_memory(self.ctx), True)

    def decode(
        self, tokens: npt.NDArray[np.int32], start_pos: int, outputs_from: int
    ) -> npt.NDArray[np.float32] | None:
        """Decode ``tokens`` at positions from ``start_pos``, with logits for the tokens from
        index ``outputs_from`` on (``len(tokens)``: none). Returns those logits rows: a view into
        llama.cpp's buffer, valid until the next decode."""
        n = len(tokens)
        assert 0 < n <= self.capacity and 0 <= outputs_from <= n
        self.batch.n_tokens = n
        self.token[:n] = tokens
        self.pos[:n] = np.arange(start_pos, start_pos + n, dtype=np.int32)
        self.logits_flag[:outputs_from] = 0
        self.logits_flag[outputs_from:n] = 1
        t0 = time.perf_counter()
        rc = llama_c.llama_decode(self.ctx, self.batch)
        self.decode_s += time.perf_counter() - t0
        if rc == 2:
            raise Stopped
        if rc != 0:
            raise HostError("internal", f"llama.cpp could not decode (error {rc})")
        if outputs_from == n:
            return None
        rows = llama_c.llama_get_logits(self.ctx)
        return np.ctypeslib.as_array(rows, shape=(n - outputs_from, self.n_vocab))

    def close(self) -> None:
        llama_c.llama_set_abort_callback(self.ctx, llama_c.ggml_abort_callback(0), None)
        self._abort.close()
        llama_c.llama_batch_free(self.batch)


class Scorer:
    """Turns logits rows into NLLs, reference comparisons and reference top-k rows."""

    def __init__(self, reference: Reference | None, top_k: int | None) -> None:
        self.reference = reference
        self.top_k = top_k
        self.nll = NllAccumulator()
        self.kld = KldAccumulator()
        self.saved_ids: list[npt.NDArray[np.int32]] = []
        self.saved_logp: list[npt.NDArray[np.float32]] = []
        self._exp: npt.NDArray[np.float32] | None = None

    def score(
        self, logits: npt.NDArray[np.float32], targets: npt.NDArray[np.int32], ref_row: int
    ) -> None:
        """``logits[i]`` predicts ``targets[i]``; ``ref_row`` is the reference's row for
        ``logits[0]``."""
        if self._exp is None or self._exp.shape[1] != logits.shape[1]:
            self._exp = np.empty((SCORE_ROWS, logits.shape[1]), dtype=np.float32)
        for r0 in range(0, len(targets), SCORE_ROWS):
            x = logits[r0 : r0 + SCORE_ROWS]
            t = targets[r0 : r0 + SCORE_ROWS]
            rows = np.arange(len(t))
            top = x.max(axis=1)
            # One scratch array, reused: the rows of a large vocabulary are megabytes each.
            scratch = self._exp[: len(t)]
            np.subtract(x, top[:, None], out=scratch)
            np.exp(scratch, out=scratch)
            lse = np.log(scratch.sum(axis=1, dtype=np.float64)) + top
            self.nll.add(lse - x[rows, t])
            if self.reference is not None:
                ids, logp = self.reference.rows(ref_row + r0, ref_row + r0 + len(t))
                logq = x[rows[:, None], ids] - lse[:, None]
                same = x.argmax(axis=1) == ids[:, 0]
                self.kld.add(topk_kld(ids, logp, logq), same)
            if self.top_k:
                k = self.top_k
                part = np.argpartition(x, -k, axis=1)[:, -k:]
                vals = np.take_along_axis(x, part, axis=1)
                order = np.argsort(-vals, axis=1)
                ids_k = np.take_along_axis(part, order, axis=1).astype(np.int32)
                self.saved_ids.append(ids_k)
                self.saved_logp.append(
                    (np.take_along_axis(vals, order, axis=1) - lse[:, None]).astype(np.float32)
                )


# --- evaluation ---------------------------------------------------------------------------


def _validate(spec: EvaluationSpec) -> ModelInfo:
    if not isinstance(spec.n_ctx, int) or spec.n_ctx < MIN_CONTEXT:
        raise HostError("bad_request", f"the context must be at least {MIN_CONTEXT} tokens")
    if spec.n_threads is not None and not 1 <= spec.n_threads <= 512:
        raise HostError("bad_request", "threads must be between 1 and 512")
    try:
        info = read_model_info(spec.model_path)
    except GGUFError as exc:
        raise HostError("load_failed", str(exc)) from None
    except OSError as exc:
        raise HostError("load_failed", f"cannot read {spec.model_path}: {exc.strerror}") from None
    if info.context_length and spec.n_ctx > info.context_length:
        raise HostError(
            "bad_request",
            f"a context of {spec.n_ctx} is beyond what {info.name} was trained for "
            f"({info.context_length} tokens)",
        )
    return info


def _load(spec: EvaluationSpec, threads: int) -> llama_cpp.Llama:
    try:
        with without_builtin_chat_handlers():
            return llama_cpp.Llama(
                model_path=spec.model_path,
                n_ctx=spec.n_ctx,
                n_batch=min(N_BATCH, spec.n_ctx),
                n_threads=threads,
                n_threads_batch=threads,
                verbose=False,
            )
    except (ValueError, RuntimeError) as exc:
        raise HostError(
            "load_failed", f"llama.cpp could not load {spec.model_path}: {exc}"
        ) from None


def _windows(
    llm: llama_cpp.Llama, spec: EvaluationSpec, limit: int | None
) -> list[npt.NDArray[np.int32]]:
    tokens = np.asarray(
        llm.tokenize(spec.text.encode("utf-8"), add_bos=True, special=False), dtype=np.int32
    )
    n_ctx = spec.n_ctx
    if len(tokens) < 2 * n_ctx:  # llama.cpp's perplexity tool asks the same
        raise HostError(
            "too_short",
            f"the text is {len(tokens)} tokens long; a context of {n_ctx} needs at least "
            f"{2 * n_ctx}. Choose a shorter context or a longer text.",
        )
    n_chunks = len(tokens) // n_ctx
    if limit is not None:
        n_chunks = max(1, min(n_chunks, limit))
    vocab = llm._model.vocab
    add_bos = bool(llama_c.llama_vocab_get_add_bos(vocab))
    bos = int(llama_c.llama_vocab_bos(vocab))
    windows = []
    for i in range(n_chunks):
        window = tokens[i * n_ctx : (i + 1) * n_ctx].copy()
        if add_bos:
            window[0] = bos
        windows.append(window)
    return windows


def evaluate(spec: EvaluationSpec, report: Report, cancelled: Cancelled) -> EvaluationResult:
    info = _validate(spec)
    reference: Reference | None = None
    if spec.reference:
        try:
            reference = load_reference(Path(spec.reference))
        except ReferenceError as exc:
            raise HostError("bad_reference", str(exc)) from None
    threads = spec.n_threads or physical_cores()
    reset_peak_rss()
    report(EvaluationProgress("load", 0, 1))
    llm = _load(spec, threads)
    decoder: Decoder | None = None
    try:
        if cancelled():
            raise Stopped
        limit = spec.max_chunks
        if reference is not None:
            limit = min(limit or reference.meta.n_chunks, reference.meta.n_chunks)
        windows = _windows(llm, spec, limit)
        n_vocab = llm.n_vocab()
        digests = [window_digest(w) for w in windows]
        if reference is not None:
            try:
                reference.check_matches(spec.n_ctx, n_vocab, digests)
            except ReferenceError as exc:
                raise HostError("bad_reference", str(exc)) from None
        out_rows = max(16, min(N_BATCH, OUTPUT_BYTES // (4 * n_vocab)))
        decoder = Decoder(llm, min(N_BATCH, spec.n_ctx), cancelled)
        scorer = Scorer(reference, spec.top_k if spec.save_reference else None)
        t0 = time.perf_counter()
        _perplexity(decoder, scorer, windows, spec.n_ctx, out_rows, report)
        eval_s = time.perf_counter() - t0
        prompt_tps = generation_tps = None
        if spec.speed:
            prompt_tps, generation_tps = _speed(
                decoder, np.concatenate(windows), spec.n_ctx, report
            )
        if spec.save_reference:
            meta = ReferenceMeta(
                model_name=Path(spec.model_path).name,
                quantization=info.quantization,
                n_ctx=spec.n_ctx,
                n_vocab=n_vocab,
                top_k=int(spec.top_k),
                text_name=spec.text_name,
                window_digests=tuple(digests),
            )
            Reference(
                meta, np.concatenate(scorer.saved_ids), np.concatenate(scorer.saved_logp)
            ).save(Path(spec.save_reference))
    except Stopped:
        raise HostError("cancelled", "the evaluation was stopped") from None
    finally:
        if decoder is not None:
            decoder.close()
        llm.close()
    kld = scorer.kld.summary() if reference is not None else {}
    return EvaluationResult(
        path=spec.model_path,
        name=Path(spec.model_path).name,
        quantization=info.quantization,
        bits_per_weight=info.bits_per_weight,
        file_size=info.file_size,
        n_params=info.n_params,
        n_ctx=spec.n_ctx,
        n_threads=threads,
        text_name=spec.text_name,
        n_chunks=len(windows),
        n_scored=scorer.nll.count,
        perplexity=scorer.nll.perplexity,
        perplexity_error=scorer.nll.error,
        weights_bytes=info.file_size,
        kv_bytes=kv_cache_bytes(info, spec.n_ctx),
        peak_rss_bytes=peak_rss_bytes(),
        eval_seconds=eval_s,
        n_evaluated=len(windows) * spec.n_ctx,
        prompt_tps=prompt_tps,
        generation_tps=generation_tps,
        reference_name=reference.meta.model_name if reference is not None else None,
        **{k: (None if math.isnan(v) else v) for k, v in kld.items()},
    )


def _perplexity(
    decoder: Decoder,
    scorer: Scorer,
    windows: list[npt.NDArray[np.int32]],
    n_ctx: int,
    out_rows: int,
    report: Report,
) -> None:
    first = n_ctx // 2
    last = n_ctx - 1  # the last token predicts nothing that is scored: never decoded
    per_chunk = last - first  # scored tokens per window
    total = len(windows) * n_ctx
    last_report = 0.0
    for i, window in enumerate(windows):
        decoder.clear()
        start = 0
        while start < last:
            # As few decodes as possible (each is a graph run with its thread syncs), but at
            # most ``out_rows`` logits rows each: the first one also takes the first scored rows.
            stop = min(last, start + decoder.capacity)
            scored_from = max(first, start)
            if stop > scored_from:
                stop = min(stop, scored_from + out_rows)
            outputs_from = min(stop - start, max(0, scored_from - start))
            logits = decoder.decode(window[start:stop], start, outputs_from)
            if logits is not None:
                targets = window[scored_from + 1 : stop + 1]
                scorer.score(logits, targets, i * per_chunk + scored_from - first)
            start = stop
            now = time.perf_counter()
            if now - last_report >= PROGRESS_INTERVAL_S:
                last_report = now
                done = i * n_ctx + stop
                report(EvaluationProgress("perplexity", done, total, scorer.nll.perplexity))
    report(EvaluationProgress("perplexity", total, total, scorer.nll.perplexity))


def _speed(
    decoder: Decoder, tokens: npt.NDArray[np.int32], n_ctx: int, report: Report
) -> tuple[float, float]:
    """Prompt processing and generation speed, as llama-bench measures them (pp512, tg64)."""
    n_prompt = min(SPEED_PROMPT, n_ctx // 2, decoder.capacity)
    n_gen = min(SPEED_GENERATE, n_ctx - n_prompt)
    total = n_prompt + n_gen
    decoder.clear()
    report(EvaluationProgress("speed", 0, total))
    t0 = time.perf_counter()
    logits = decoder.decode(tokens[:n_prompt], 0, n_prompt - 1)  # the last token's logits
    prompt_s = time.perf_counter() - t0
    assert logits is not None
    token = np.array([int(logits[0].argmax())], dtype=np.int32)
    report(EvaluationProgress("speed", n_prompt, total))
    t0 = time.perf_counter()
    for j in range(n_gen):
        logits = decoder.decode(token, n_prompt + j, 0)
        assert logits is not None
        token[0] = int(logits[0].argmax())
    gen_s = time.perf_counter() - t0
    report(EvaluationProgress("speed", total, total))
    return n_prompt / prompt_s, n_gen / gen_s


# --- quantization -------------------------------------------------------------------------


def quantize(spec: QuantizeSpec, report: Report, cancelled: Cancelled) -> QuantizeResult:
    source, output = Path(spec.source), Path(spec.output)
    try:
        check_source(source, spec.quant_type, spec.allow_requantize)
    except QuantizeRefused as exc:
        raise HostError(exc.kind, exc.message) from None
    if output.exists():
        raise HostError("exists", f"{output.name} already exists")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    params = llama_c.llama_model_quantize_default_params()
    params.ftype = QUANT_TYPES[spec.quant_type].ftype
    params.nthread = spec.n_threads or physical_cores()
    params.allow_requantize = spec.allow_requantize
    pending = [""]
    errors: list[str] = []

    # llama.cpp logs one "[ i/ n] tensor …" line per tensor: that is the progress.
    @llama_c.llama_log_callback  # type: ignore[misc]
    def on_log(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
        pending[0] += text.decode("utf-8", "replace")
        *lines, pending[0] = pending[0].split("\n")
        for line in lines:
            found = parse_progress(line)
            if found is not None:
                report(QuantizeProgress(*found))
            elif level == 2:  # GGML_LOG_LEVEL_ERROR
                errors.append(line.strip())

    from llama_cpp import _logger

    t0 = time.perf_counter()
    llama_c.llama_log_set(on_log, ctypes.c_void_p(0))
    try:
        rc = llama_c.llama_model_quantize(
            str(source).encode(), str(partial).encode(), ctypes.byref(params)
        )
    finally:
        llama_c.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))
    if rc != 0 or cancelled():
        partial.unlink(missing_ok=True)
        if rc == 0:
            raise HostError("cancelled", "the quantization was stopped")
        detail = f": {errors[-1]}" if errors else ""
        raise HostError("quantize_failed", f"llama.cpp could not quantize {source.name}{detail}")
    partial.replace(output)
    return QuantizeResult(
        str(output), spec.quant_type, output.stat().st_size, time.perf_counter() - t0
    )


# --- the worker's entry -------------------------------------------------------------------


def handle(req: p.Request, send: Callable[[p.Event], None], cancel: Any) -> p.Event:
    """Answer an evaluate or quantize request; progress goes out as ``LabProgress`` events."""
    rid = req.request_id
    cancel.start(rid)
    try:
        report: Report = lambda progress: send(p.LabProgress(rid, progress))  # noqa: E731
        if isinstance(req, p.EvaluateRequest):
            return p.Result(rid, evaluate(req.spec, report, cancel.is_set))
        if isinstance(req, p.QuantizeRequest):
            return p.Result(rid, quantize(req.spec, report, cancel.is_set))
        return p.ErrorEvent(rid, "bad_request", f"unknown request {type(req).__name__}")
    finally:
        cancel.finish()
