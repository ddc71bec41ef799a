"""Prompt processing and generation speed on the evaluation's own decoder (llama-bench's pp512 and
tg64)."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from chatapp.core.evaluate.results import EvaluationProgress
from chatapp.runtime.lab_decoding import Decoder, Report

SPEED_PROMPT = 512
SPEED_GENERATE = 64


def measure_speed(
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
