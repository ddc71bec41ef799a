"""The KV cache between turns: which part of it a new prompt reuses (the common prefix, or a
context shift over dropped turns) and the prompt's evaluation after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import llama_cpp
import llama_cpp.llama_cpp as llama_c
import numpy as np

# Prompt tokens evaluated per step; between steps a cancel request is honoured.
PREFILL_CHUNK = 128


@dataclass(frozen=True)
class CacheUse:
    reused: int  # prompt tokens not evaluated again
    shifted: int  # cached tokens removed from the middle (a context shift)
    strategy: str  # "none", "prefix", "shift" or "reeval"


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


def prefill(
    llm: llama_cpp.Llama, prompt: list[int], cancelled: Callable[[], bool], shift: bool
) -> tuple[CacheUse, bool]:
    """Evaluate the prompt, reusing what the KV cache holds; returns (cache use, finished)."""
    use = reuse_cache(llm, prompt, shift)
    for start in range(use.reused, len(prompt), PREFILL_CHUNK):
        if cancelled():
            return use, False
        try:
            llm.eval(prompt[start : start + PREFILL_CHUNK])
        except RuntimeError:  # aborted by a cancel (see llama_hooks.abortable)
            if cancelled():
                return use, False
            raise
    return use, True
