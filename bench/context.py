"""Group ``context``: long chats stay fast (real Gemma 3 270M Q4_K_M).

- ``ttft_turn2_ms`` / ``ttft_turn40_ms``: time to first token at turns 2 and 40 of one chat
  (prefix reuse keeps turn 40 near turn 2); ``ttft_turn40_reprefill_ms``: turn 40's prompt with
  an empty KV cache, the naive baseline.
- ``overflow_eval_tokens``: prompt tokens evaluated on the first turns after a rolling drop at
  n_ctx 512 (the worst of three drops; the KV cache is shifted over the dropped turns);
  ``overflow_eval_tokens_naive``: that prompt's full length, what a re-evaluation costs;
  ``overflow_eval_budget``: the target, the new message's tokens + template overhead + 64.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import BENCH_THREADS, gemma_model
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine

TOPICS = ["the sea", "mountains", "bread", "trains", "cats", "rain", "music", "the moon"]


def question(turn: int) -> str:
    return f"Turn {turn}: tell me one short fact about {TOPICS[turn % len(TOPICS)]}."


def ttft_figures(client: RuntimeClient, store: Store) -> dict[str, float]:
    client.load(gemma_model(), 4096, n_threads=BENCH_THREADS)
    settings = ConversationSettings(
        n_ctx=4096, reply_reserve=512, sampling=SamplingSettings(seed=5, max_tokens=32)
    )
    session = ChatSession(
        store, LocalEngine.adopt(client), store.create_conversation(settings=settings)
    )
    ttft: dict[int, float] = {}
    last = None
    for turn in range(1, 41):
        last = session.send(question(turn))
        assert last.result is not None and not last.plan.outside_ids
        ttft[turn] = last.result.stats["ttft_s"] * 1000
    assert last is not None
    client.result(p.UnloadRequest)
    client.load(gemma_model(), 4096, n_threads=BENCH_THREADS)
    cold = client.generate(list(last.plan.messages), p.Sampling(seed=5, max_tokens=1))
    return {
        "ttft_turn2_ms": round(ttft[2], 1),
        "ttft_turn40_ms": round(ttft[40], 1),
        "ttft_turn40_reprefill_ms": round(cold.stats.ttft_s * 1000, 1),
        "ttft_turn40_prompt_tokens": last.result.stats["prompt_tokens"],
        "ttft_ratio_40_to_2": round(ttft[40] / ttft[2], 3),
    }


def overflow_figures(client: RuntimeClient, store: Store) -> dict[str, float]:
    client.load(gemma_model(), 512, n_threads=BENCH_THREADS)
    settings = ConversationSettings(
        n_ctx=512, reply_reserve=96, policy="rolling",
        sampling=SamplingSettings(seed=5, max_tokens=40),
    )  # fmt: skip
    backend = LocalEngine.adopt(client)
    session = ChatSession(store, backend, store.create_conversation(settings=settings))
    dropped = 0
    worst: tuple[int, int, int, str] | None = None
    drops = 0
    for turn in range(1, 60):
        result = session.send(question(turn))
        assert result.result is not None
        if len(result.plan.dropped_ids) > dropped:
            stats = result.result.stats
            evaluated = stats["prompt_tokens"] - stats["prompt_tokens_reused"]
            # The new message's own share: this turn alone, with the system prompt, minus that.
            system = result.plan.messages[:1]
            new_turn = backend.count([*system, result.plan.messages[-1]]).tokens
            budget = new_turn - backend.count(system).tokens + 64
            if worst is None or evaluated - budget > worst[0] - worst[2]:
                worst = (evaluated, stats["prompt_tokens"], budget, stats["cache_strategy"])
            drops += 1
            if drops == 3:
                break
        dropped = len(result.plan.dropped_ids)
    assert worst is not None, "no turn was dropped"
    return {
        "overflow_eval_tokens": worst[0],
        "overflow_eval_tokens_naive": worst[1],
        "overflow_eval_budget": worst[2],
        "overflow_cache_shifted": 1.0 if worst[3] == "shift" else 0.0,
    }


def run() -> dict[str, float]:
    client = RuntimeClient()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        try:
            figures = ttft_figures(client, store)
            figures.update(overflow_figures(client, store))
        finally:
            store.close()
            client.shutdown()
    return figures
