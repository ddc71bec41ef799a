"""Group ``chat_e2e``: time to first token as the user sees it (real Gemma 3 270M Q4_K_M).

The real window (``build_window``) offscreen, the model loaded with ``BENCH_THREADS`` threads at
a context of 4,096. A sample of turn N is a conversation with N - 2 earlier turns already
stored, turn N - 1 sent live (so the KV cache holds what a chat leaves behind), then turn N
timed from the Enter key to its first text in the transcript (``bench.window_driver``):
planning, the hop to the runtime process and back, and the window's own work included.

- ``ttft_e2e_turn2_ms``, ``ttft_e2e_turn40_ms``: medians of ``SAMPLES`` samples each, taken
  in turn (2, 40, 2, 40, ...) so that the machine's load falls on both alike;
  ``ttft_e2e_ratio_40_to_2``: target ≤ 1.2.
- ``*_runtime_ms``: the same turns' time to first token inside the runtime (from the request
  arriving to the first token), ``*_started_ms``: Enter to the reply's row (the plan is made),
  ``*_evaluated_tokens``: prompt tokens evaluated (the rest came from the KV cache).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import gemma_model, median
from bench.window_driver import Timed, open_window, send

SAMPLES = 5
N_CTX = 4096
TOPICS = ["the sea", "mountains", "bread", "trains", "cats", "rain", "music", "the moon"]


def question(turn: int) -> str:
    return f"Turn {turn}: tell me one short fact about {TOPICS[turn % len(TOPICS)]}."


def answer(turn: int) -> str:
    topic = TOPICS[turn % len(TOPICS)]
    return (
        f"Here is a short fact about {topic}: people have written about {topic} for "
        f"thousands of years, and there is always more to learn about it."
    )


def conversation_settings() -> Any:
    from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings

    return ConversationSettings(
        n_ctx=N_CTX, reply_reserve=512, sampling=SamplingSettings(seed=5, max_tokens=32)
    )


def sample(w: Any, turn: int) -> Timed:
    """Turn ``turn`` of a new conversation, timed (turn - 1 is sent live before it)."""
    c = w.controller
    store = c.store
    cid = store.create_conversation(f"turn {turn}", settings=conversation_settings())
    for earlier in range(1, turn - 1):
        store.add_message(cid, "user", question(earlier))
        store.add_message(cid, "assistant", answer(earlier))
    c.open_conversation(cid)
    send(w, question(turn - 1))
    return send(w, question(turn))


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    samples: dict[int, list[Timed]] = {2: [], 40: []}
    with tempfile.TemporaryDirectory() as tmp:
        w = open_window(Path(tmp) / "app", gemma_model(), N_CTX)
        try:
            for _ in range(SAMPLES):
                for turn in samples:
                    samples[turn].append(sample(w, turn))
        finally:
            w.close()
    for turn, timed in samples.items():
        prefix = f"ttft_e2e_turn{turn}"
        figures[f"{prefix}_ms"] = round(median([t.ttft_ms for t in timed]), 1)
        figures[f"{prefix}_runtime_ms"] = round(median([t.runtime_ttft_ms for t in timed]), 1)
        figures[f"{prefix}_started_ms"] = round(median([t.started_ms for t in timed]), 1)
        figures[f"{prefix}_evaluated_tokens"] = median([t.evaluated_tokens for t in timed])
        figures[f"{prefix}_prompt_tokens"] = median([t.prompt_tokens for t in timed])
    figures["ttft_e2e_ratio_40_to_2"] = round(
        figures["ttft_e2e_turn40_ms"] / figures["ttft_e2e_turn2_ms"], 3
    )
    figures["ttft_e2e_samples"] = SAMPLES
    return figures
