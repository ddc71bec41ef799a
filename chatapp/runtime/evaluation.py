"""The quantization lab inside the runtime process: evaluate a model file, quantize one.

Perplexity follows llama.cpp's perplexity tool: the text is tokenized once (with BOS where the
model adds one), cut into non-overlapping windows of ``n_ctx`` tokens, the first token of each
window is replaced by BOS, and the second half of each window is scored: the logits at positions
``n_ctx/2 … n_ctx-2`` predict the tokens after them. Only those logits are requested from
llama.cpp, a few dozen rows at a time (``llama_batch`` logits flags), so memory stays near that of
a chat load even for a 262k vocabulary, where all the logits of a 2,048 window would take 2 GB.

The decoder is in ``lab_decoding``, the perplexity and KL divergence pass in ``lab_perplexity``,
the speed pass in ``lab_speed`` and quantization in ``lab_quantize``; this module validates and
loads, runs the passes in order and answers the worker.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np

from chatapp.core.evaluate.reference import (
    Reference,
    ReferenceError,
    ReferenceMeta,
    load_reference,
    window_digest,
)
from chatapp.core.evaluate.results import EvaluationProgress, EvaluationResult, EvaluationSpec
from chatapp.core.hardware import physical_cores
from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.memory import kv_cache_bytes
from chatapp.core.models.model_info import ModelInfo, read_model_info
from chatapp.runtime import protocol as p
from chatapp.runtime.host_types import HostError
from chatapp.runtime.lab_decoding import (
    Cancelled,
    Decoder,
    Report,
    Stopped,
    peak_rss_bytes,
    reset_peak_rss,
)
from chatapp.runtime.lab_perplexity import Scorer, cut_windows, perplexity
from chatapp.runtime.lab_quantize import quantize
from chatapp.runtime.lab_speed import measure_speed
from chatapp.runtime.llama_hooks import without_builtin_chat_handlers

MIN_CONTEXT = 16
N_BATCH = 512
# Logits requested per decode step: this many bytes of float32 rows (at least 16 rows). Bigger
# steps run a little faster; each row of a 262k vocabulary takes 1 MB.
OUTPUT_BYTES = 32 << 20

__all__ = ["Cancelled", "Report", "evaluate", "handle", "quantize"]


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
        windows = cut_windows(llm, spec, limit)
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
        perplexity(decoder, scorer, windows, spec.n_ctx, out_rows, report)
        eval_s = time.perf_counter() - t0
        prompt_tps = generation_tps = None
        if spec.speed:
            prompt_tps, generation_tps = measure_speed(
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
