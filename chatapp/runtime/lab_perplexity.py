"""Perplexity and KL divergence: the text cut into windows as llama.cpp's perplexity tool does,
the second half of each window scored, and each scored row compared with a reference's top-k."""

from __future__ import annotations

import time

import llama_cpp
import llama_cpp.llama_cpp as llama_c
import numpy as np
import numpy.typing as npt

from chatapp.core.evaluate.reference import Reference
from chatapp.core.evaluate.results import EvaluationProgress, EvaluationSpec
from chatapp.core.evaluate.statistics import KldAccumulator, NllAccumulator, topk_kld
from chatapp.runtime.host_types import HostError
from chatapp.runtime.lab_decoding import Decoder, Report

# Rows turned into log-probabilities at once (bounds numpy's scratch memory).
SCORE_ROWS = 8
PROGRESS_INTERVAL_S = 0.2


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


def cut_windows(
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


def perplexity(
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
