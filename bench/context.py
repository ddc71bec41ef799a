"""Group ``context``: long chats stay fast (real Gemma 3 270M Q4_K_M).

- ``ttft_turn2_ms`` / ``ttft_turn40_ms``: time to first token inside the runtime at turns 2 and
  40 of one chat (prefix reuse keeps turn 40 near turn 2); ``ttft_turn40_reprefill_ms``: turn
  40's prompt with an empty KV cache, the naive baseline. (``chat_e2e`` measures the same as
  the user sees it, from the Enter key, in several samples.) ``raw_ttft_turn2_ms`` /
  ``raw_ttft_turn40_ms`` / ``raw_ratio_40_to_2``: raw llama-cpp-python in this process
  evaluating as many new tokens after as many cached ones as each turn did (best of 3): the
  model's own cost of the longer context (its attention), which no reuse of the cache removes;
  ``ttft_ratio_over_raw``: our ratio over that one.
- ``overflow_eval_tokens``: prompt tokens evaluated on the first turns after a rolling drop at
  n_ctx 512 (the worst of three drops; the KV cache is shifted over the dropped turns);
  ``overflow_eval_budget``: the target, the new message's tokens + template overhead + 64;
  ``overflow_eval_tokens_naive``: the same turn measured on a second runtime that reuses only
  the common prefix and never shifts (``LoadRequest.kv_shift=False``), given the same cache
  (the turn before it, then this one); ``overflow_ttft_ms`` / ``overflow_ttft_naive_ms``: that
  turn's time to first token inside the runtime on each.
- ``overflow_turn_ttft_ratio``: through the real window (``bench.window_driver``, summarize
  policy, n_ctx 1024): the turn after the conversation passed the summary trigger, sent after
  a 10 s pause (while the app prepares the summary in the background), from the Enter key to
  its first token on screen, over the same for the ordinary turns before it (median of
  ``OVERFLOW_SAMPLES`` conversations each). Target ≤ 1.5.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH_THREADS, gemma_model, median
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
    shape: dict[int, tuple[int, int]] = {}  # (tokens reused from the cache, tokens evaluated)
    last = None
    for turn in range(1, 41):
        last = session.send(question(turn))
        assert last.result is not None and not last.plan.outside_ids
        ttft[turn] = last.result.stats["ttft_s"] * 1000
        stats = last.result.stats
        reused = int(stats.get("prompt_tokens_reused", 0))
        shape[turn] = (reused, int(stats["prompt_tokens"]) - reused)
    assert last is not None
    client.result(p.UnloadRequest)
    client.load(gemma_model(), 4096, n_threads=BENCH_THREADS)
    cold = client.generate(list(last.plan.messages), p.Sampling(seed=5, max_tokens=1))
    client.result(p.UnloadRequest)
    raw2, raw40 = raw_ttft_ms(*shape[2]), raw_ttft_ms(*shape[40])
    ratio = ttft[40] / ttft[2]
    return {
        "ttft_turn2_ms": round(ttft[2], 1),
        "ttft_turn40_ms": round(ttft[40], 1),
        "ttft_turn40_reprefill_ms": round(cold.stats.ttft_s * 1000, 1),
        "ttft_turn40_prompt_tokens": last.result.stats["prompt_tokens"],
        "ttft_ratio_40_to_2": round(ratio, 3),
        "raw_ttft_turn2_ms": round(raw2, 1),
        "raw_ttft_turn40_ms": round(raw40, 1),
        "raw_ratio_40_to_2": round(raw40 / raw2, 3),
        "ttft_ratio_over_raw": round(ratio / (raw40 / raw2), 3),
    }


def raw_ttft_ms(cached: int, new: int, rounds: int = 3) -> float:
    """Raw llama-cpp-python: ``new`` tokens evaluated after ``cached`` ones already in the KV
    cache, and the first token sampled (the same work as a turn's time to first token)."""
    import llama_cpp
    import numpy as np

    from chatapp.runtime.cpu_variant import ensure_cpu_code

    ensure_cpu_code()
    llm = llama_cpp.Llama(
        model_path=str(gemma_model()), n_ctx=4096, n_threads=BENCH_THREADS,
        n_threads_batch=BENCH_THREADS, verbose=False,
    )  # fmt: skip
    try:
        tokens = [int(t) for t in np.random.default_rng(7).integers(1000, 20000, cached + new)]
        best = float("inf")
        for _ in range(rounds):
            llm.reset()
            llm.eval(tokens[:cached])
            t0 = time.perf_counter()
            llm.eval(tokens[cached:])
            llm.sample(temp=0.0)
            best = min(best, time.perf_counter() - t0)
        return best * 1000
    finally:
        llm.close()


def overflow_figures(client: RuntimeClient, store: Store) -> dict[str, float]:
    client.load(gemma_model(), 512, n_threads=BENCH_THREADS)
    naive = RuntimeClient()  # the same turns with prefix reuse only
    naive.load(gemma_model(), 512, n_threads=BENCH_THREADS, kv_shift=False)
    settings = ConversationSettings(
        n_ctx=512, reply_reserve=96, policy="rolling",
        sampling=SamplingSettings(seed=5, max_tokens=40),
    )  # fmt: skip
    backend = LocalEngine.adopt(client)
    session = ChatSession(store, backend, store.create_conversation(settings=settings))
    dropped = 0
    worst: dict[str, Any] | None = None
    drops = 0
    previous: list[dict[str, str]] = []
    one = p.Sampling(seed=5, max_tokens=1)
    try:
        for turn in range(1, 60):
            result = session.send(question(turn))
            assert result.result is not None
            messages = list(result.plan.messages)
            if len(result.plan.dropped_ids) > dropped:
                stats = result.result.stats
                evaluated = stats["prompt_tokens"] - stats["prompt_tokens_reused"]
                # The new message's own share: this turn alone, with the system prompt, minus that.
                system = result.plan.messages[:1]
                new_turn = backend.count([*system, result.plan.messages[-1]]).tokens
                budget = new_turn - backend.count(system).tokens + 64
                # The naive runtime is given the cache the chat left (the turn before), then this.
                if previous:
                    naive.generate(previous, one)
                base = naive.generate(messages, one).stats
                assert base.cache_strategy != "shift"
                if worst is None or evaluated - budget > worst["evaluated"] - worst["budget"]:
                    worst = {
                        "evaluated": evaluated,
                        "budget": budget,
                        "strategy": stats["cache_strategy"],
                        "ttft_ms": stats["ttft_s"] * 1000,
                        "naive_evaluated": base.prompt_tokens - base.prompt_tokens_reused,
                        "naive_ttft_ms": base.ttft_s * 1000,
                    }
                drops += 1
                if drops == 3:
                    break
            dropped = len(result.plan.dropped_ids)
            previous = messages
    finally:
        naive.shutdown()
    assert worst is not None, "no turn was dropped"
    return {
        "overflow_eval_tokens": worst["evaluated"],
        "overflow_eval_tokens_naive": worst["naive_evaluated"],
        "overflow_eval_budget": worst["budget"],
        "overflow_cache_shifted": 1.0 if worst["strategy"] == "shift" else 0.0,
        "overflow_ttft_ms": round(worst["ttft_ms"], 1),
        "overflow_ttft_naive_ms": round(worst["naive_ttft_ms"], 1),
    }


OVERFLOW_SAMPLES = 3
OVERFLOW_CTX = 1024
PAUSE_S = 10.0


def overflow_turn_figures() -> dict[str, float]:
    """The turn after the summary trigger, through the real window (see the module's notes)."""
    from bench import window_driver as wd
    from chatapp.core.chat.planner import build_messages, split_turns

    settings = ConversationSettings(
        n_ctx=OVERFLOW_CTX, reply_reserve=256, policy="summarize",
        sampling=SamplingSettings(seed=5, max_tokens=32),
    )  # fmt: skip
    budget = OVERFLOW_CTX - 256
    ordinary: list[float] = []
    overflow: list[float] = []
    evaluated: list[float] = []
    ready: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        w = wd.open_window(Path(tmp) / "app", gemma_model(), OVERFLOW_CTX)
        c = w.controller
        preparing: list[int] = []
        c.summary_preparing.connect(preparing.append)
        try:
            for sample in range(OVERFLOW_SAMPLES):
                cid = c.store.create_conversation(f"overflow {sample}", settings=settings)
                turn = 1
                while True:  # earlier turns up to about 65 % of the budget
                    branch = c.store.branch(cid)
                    prompt = build_messages("", None, split_turns(branch))
                    if prompt and c.engine.count(prompt).tokens > 0.65 * budget:
                        break
                    c.store.add_message(cid, "user", question(turn))
                    c.store.add_message(cid, "assistant", f"A short fact about {TOPICS[turn % 8]}.")
                    turn += 1
                c.open_conversation(cid)
                preparing.clear()
                wd.send(w, question(turn), background=False)  # the cache as a chat leaves it
                turn += 1
                wd.pause(1.0)
                assert not preparing, "the first live turn passed the trigger: write fewer"
                times: list[float] = []
                while not preparing:  # ordinary turns until one passes the trigger
                    times.append(wd.send(w, question(turn), background=False).ttft_ms)
                    turn += 1
                    wd.pause(1.0)  # reading the reply; the summary starts meanwhile
                    assert turn < 200, "the conversation never passed the summary trigger"
                ordinary.extend(times)
                wd.pause(PAUSE_S - 1.0)
                ready.append(1.0 if c._background is None else 0.0)
                timed = wd.send(w, question(turn), background=False)
                overflow.append(timed.ttft_ms)
                evaluated.append(timed.evaluated_tokens)
                wd.idle(w)
        finally:
            w.close()
    return {
        "overflow_turn_ttft_ms": round(median(overflow), 1),
        "ordinary_turn_ttft_ms": round(median(ordinary), 1),
        "overflow_turn_ttft_ratio": round(median(overflow) / median(ordinary), 3),
        "overflow_turn_evaluated_tokens": median(evaluated),
        "overflow_summary_ready_share": round(sum(ready) / len(ready), 2),
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
    figures.update(overflow_turn_figures())
    return figures
