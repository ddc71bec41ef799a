"""Group ``quant``: the quantization lab's evaluation against raw llama-cpp-python.

``eval_ratio``: tokens per second of our perplexity evaluation (runtime lab process, logits
only for the scored positions) over raw llama-cpp-python evaluating the same windows in this
process the plain way (``logits_all=True``, ``eval`` each window, log-softmax of the scored rows
in numpy). Both use the real Gemma 3 270M Q4_K_M model, the same thread count, context and
windows of the bundled English text; rounds are interleaved and the best of each side compared
(this machine's CPU time is shared and noisy), medians reported beside.

Threads: the headline runs with one thread. About eight sessions share this machine's two
cores; with two threads every graph node ends in a spin barrier, and a barrier waits for a
descheduled thread, so figures then measure the scheduler (raw llama-cpp-python itself ran
slower with two threads than with one here). Our evaluation decodes a window in several smaller
steps (to bound the logits memory) and so has more barriers: ``eval_ratio_2_threads`` reports
that case too, from one shorter round.

``eval_rss_ratio``: peak resident memory (VmHWM) of a fresh runtime process evaluating Gemma
(262,144-token vocabulary) at n_ctx 2048, over a fresh runtime process with the same model
loaded for chat at the same context and one reply generated.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import llama_cpp
import numpy as np

from bench.common import gemma_model, median
from chatapp.core.evaluate.results import EvaluationSpec
from chatapp.core.evaluate.texts import load_text
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.cpu_variant import ensure_cpu_code
from chatapp.runtime.local_engine import LocalEngine

N_CTX = 512
CHUNKS = 3
ROUNDS = 2
THREADS = 1
CHUNKS_2_THREADS = 1
RSS_CTX = 2048
RSS_CHUNKS = 1


def raw_llama(path: str, threads: int) -> llama_cpp.Llama:
    ensure_cpu_code()  # llama.cpp's CPU code for this process (docs/cpu-variants.md)
    return llama_cpp.Llama(
        model_path=path, n_ctx=N_CTX, n_batch=512, logits_all=True, n_threads=threads,
        n_threads_batch=threads, verbose=False,
    )  # fmt: skip


def raw_eval(llm: llama_cpp.Llama, windows: list[list[int]]) -> tuple[float, float]:
    """(tokens/s, perplexity) the plain way: every logit of every window."""
    first = N_CTX // 2
    nll: list[np.ndarray] = []
    t0 = time.perf_counter()
    for window in windows:
        llm.reset()
        llm.eval(window)
        x = llm.scores[first : N_CTX - 1]
        top = x.max(axis=1, keepdims=True)
        lse = np.log(np.exp(x - top).sum(axis=1, dtype=np.float64)) + top[:, 0]
        nll.append(lse - x[np.arange(len(x)), window[first + 1 :]])
    seconds = time.perf_counter() - t0
    return len(windows) * N_CTX / seconds, float(np.exp(np.concatenate(nll).mean()))


def windows_of(llm: llama_cpp.Llama, text: str, chunks: int) -> list[list[int]]:
    tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
    out = []
    for i in range(chunks):
        w = tokens[i * N_CTX : (i + 1) * N_CTX]
        w[0] = llm.token_bos()
        out.append(w)
    return out


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def rss_ratio(path: str, text: str) -> dict[str, float]:
    chat = RuntimeClient()
    try:
        chat.load(path, RSS_CTX, n_threads=THREADS)
        sampling = p.Sampling(seed=1, max_tokens=32)
        chat.generate([{"role": "user", "content": "Tell me about the sea."}], sampling)
        chat_rss = peak_rss(chat.pid or 0)
    finally:
        chat.shutdown()
    engine = LocalEngine()
    try:
        spec = EvaluationSpec(path, text, "en", n_ctx=RSS_CTX, n_threads=THREADS,
                              max_chunks=RSS_CHUNKS, speed=False)  # fmt: skip
        result = engine.evaluate(spec)
        eval_rss = peak_rss(engine.lab.client.pid or 0)
    finally:
        engine.close()
    return {
        "eval_rss_mb": round(eval_rss / 2**20, 1),
        "chat_rss_mb": round(chat_rss / 2**20, 1),
        "eval_rss_ratio": round(eval_rss / chat_rss, 3),
        "eval_rss_in_process_mb": round(result.peak_rss_bytes / 2**20, 1),
    }


def compare(path: str, text: str, threads: int, chunks: int, rounds: int) -> dict[str, float]:
    engine = LocalEngine()
    llm = raw_llama(path, threads)
    windows = windows_of(llm, text, chunks)
    spec = EvaluationSpec(path, text, "en", n_ctx=N_CTX, n_threads=threads, max_chunks=chunks,
                          speed=False)  # fmt: skip
    raw_tps: list[float] = []
    app_tps: list[float] = []
    try:
        engine.evaluate(replace(spec, max_chunks=1))  # warm the lab process and the page cache
        for _ in range(rounds):
            tps, raw_ppl = raw_eval(llm, windows)
            raw_tps.append(tps)
            result = engine.evaluate(spec)
            app_tps.append(result.n_evaluated / result.eval_seconds)
    finally:
        engine.close()
        llm.close()
    return {
        "raw": max(raw_tps), "app": max(app_tps), "ratio": max(app_tps) / max(raw_tps),
        "ratio_median": median(app_tps) / median(raw_tps), "ppl_app": result.perplexity,
        "ppl_raw": raw_ppl,
    }  # fmt: skip


def run() -> dict[str, float]:
    path = str(gemma_model())
    text = load_text("en")[1]
    one = compare(path, text, THREADS, CHUNKS, ROUNDS)
    two = compare(path, text, 2, CHUNKS_2_THREADS, 1)
    figures = {
        "eval_threads": THREADS,
        "eval_tps_raw": round(one["raw"], 1),
        "eval_tps_app": round(one["app"], 1),
        "eval_ratio": round(one["ratio"], 3),
        "eval_ratio_median": round(one["ratio_median"], 3),
        "eval_ppl_app": round(one["ppl_app"], 4),
        "eval_ppl_raw": round(one["ppl_raw"], 4),
        "eval_tps_raw_2_threads": round(two["raw"], 1),
        "eval_tps_app_2_threads": round(two["app"], 1),
        "eval_ratio_2_threads": round(two["ratio"], 3),
    }
    print(figures, file=sys.stderr, flush=True)  # kept if the memory part fails
    figures.update(rss_ratio(path, text))
    return figures
