"""The real Gemma 3 270M Q4_K_M model through the process boundary, crashes and cancels."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient

pytestmark = pytest.mark.gemma
QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]


def first_tokens(client: RuntimeClient, request: p.GenerateRequest):  # type: ignore[no-untyped-def]
    """Start ``request`` and return its event stream once the first text has arrived."""
    stream = client.stream(request, timeout=60)
    for event in stream:
        if isinstance(event, p.Tokens):
            return stream
        assert not isinstance(event, (p.GenerationDone, p.ErrorEvent)), event
    raise AssertionError("no tokens")


def test_real_text_comes_back(client: RuntimeClient, gemma_path: Path) -> None:
    loaded = client.load(gemma_path, 1024)
    assert loaded.info["chat_format"] == "gemma"
    assert loaded.info["quantization"] == "Q4_K_M"
    greedy = p.Sampling(seed=42, max_tokens=48, temperature=0.0, repeat_penalty=1.0)
    done = client.generate(QUESTION, greedy)
    assert done.stats.completion_tokens > 3
    # Real words, not an empty reply (what the llama-2 fallback gives) or byte soup.
    words = re.findall(r"[A-Za-z]{2,}", done.text)
    assert len(words) >= 3, done.text
    # The same greedy reply as llama-cpp-python's own gemma chat handler, in this process.
    import llama_cpp

    raw = llama_cpp.Llama(str(gemma_path), n_ctx=1024, chat_format="gemma", verbose=False)
    try:
        expected = raw.create_chat_completion(QUESTION, temperature=0.0, max_tokens=48)
    finally:
        raw.close()
    assert done.text == expected["choices"][0]["message"]["content"]


def test_system_prompt_reaches_gemma(client: RuntimeClient, gemma_path: Path) -> None:
    client.load(gemma_path, 1024)
    without = client.count_prompt(QUESTION)
    with_system = client.count_prompt([{"role": "system", "content": "You are terse."}, *QUESTION])
    assert with_system > without  # folded into the first user turn, not dropped


# The README's promise: a cancel reaches the final event within 100 ms (the benchmark's p95 of
# 20 tries). Here 10 tries, the way the benchmark does them: the median must meet the target;
# the slowest may take 50 % longer, for this shared CPU whose scheduler can pause the runtime.
CANCEL_TARGET_MS = 100
CANCEL_MARGIN = 1.5


def test_cancel_mid_reply_is_quick(client: RuntimeClient, gemma_path: Path) -> None:
    import random
    import statistics

    client.load(gemma_path, 2048)  # the app's threads: on a busy CPU they decode slowly
    rng = random.Random(1)
    latencies: list[float] = []
    for _ in range(10):
        request = client.generate_request(QUESTION, p.Sampling(seed=1, max_tokens=1500))
        stream = first_tokens(client, request)
        time.sleep(rng.uniform(0.0, 0.1))
        t0 = time.perf_counter()
        client.cancel(request.request_id)
        done = [e for e in stream][-1]
        latencies.append((time.perf_counter() - t0) * 1000)
        assert isinstance(done, p.GenerationDone)
        assert done.stats.stop_reason == p.STOP_CANCELLED
        assert done.stats.completion_tokens < 1500
    assert statistics.median(latencies) <= CANCEL_TARGET_MS, latencies
    assert max(latencies) <= CANCEL_TARGET_MS * CANCEL_MARGIN, latencies


def test_cancel_inside_a_long_prompt_is_quick_and_leaves_the_cache_sound(
    client: RuntimeClient, gemma_path: Path
) -> None:
    """The prompt is evaluated in 128-token chunks, each about as long as a Stop may take (or
    longer on a busy CPU): the cancel stops llama.cpp inside one. What stays in the KV cache
    is sound: the same prompt then gives the same greedy reply as from an empty cache."""
    # One thread: with two, a long prompt takes minutes on this shared CPU.
    client.load(gemma_path, 2048, n_threads=1)
    greedy = p.Sampling(seed=1, max_tokens=12, temperature=0.0, repeat_penalty=1.0)
    day = "On day {} the keeper of the lighthouse counted the ships."
    story = " ".join(day.format(i) for i in range(50))
    long = [{"role": "user", "content": story + " How many days were there?"}]
    expected = client.generate(long, greedy)
    assert expected.stats.prompt_tokens > 640 and expected.stats.prompt_tokens_reused == 0
    chunk_ms = expected.stats.ttft_s * 1000 * 128 / expected.stats.prompt_tokens
    for delay in (0.3, 0.6):
        # Another prompt: the long one leaves the cache.
        client.generate(QUESTION, p.Sampling(seed=1, max_tokens=1))
        request = client.generate_request(long, greedy)
        events: list[p.Event] = []
        stream = client.stream(request, 120)  # sends when first read
        reader = threading.Thread(target=events.extend, args=(stream,))
        reader.start()
        time.sleep(delay)  # the request is sent; its prompt is being evaluated
        assert not events
        t0 = time.perf_counter()
        client.cancel(request.request_id)
        reader.join(120)
        elapsed_ms = (time.perf_counter() - t0) * 1000
        done = events[-1]
        assert isinstance(done, p.GenerationDone), done
        assert done.stats.stop_reason == p.STOP_CANCELLED
        assert done.stats.completion_tokens == 0
        assert elapsed_ms <= CANCEL_TARGET_MS * CANCEL_MARGIN, (elapsed_ms, chunk_ms)
        again = client.generate(long, greedy)  # reuses what the cancelled prefill left
        assert again.text == expected.text


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT])
def test_crash_mid_reply_is_reported_and_recovered(
    client: RuntimeClient, gemma_path: Path, sig: signal.Signals
) -> None:
    crashes: list[p.Event] = []
    client._on_event = lambda e: crashes.append(e) if isinstance(e, p.RuntimeCrashed) else None
    client.load(gemma_path, 1024)
    request = client.generate_request(QUESTION, p.Sampling(seed=1, max_tokens=1500))
    stream = first_tokens(client, request)
    pid = client.pid
    assert pid is not None
    t0 = time.perf_counter()
    os.kill(pid, sig)
    final = [e for e in stream][-1]
    assert time.perf_counter() - t0 < 2.0
    assert isinstance(final, p.RuntimeCrashed)
    assert final.signal_name == sig.name
    assert sig.name in final.message
    deadline = time.monotonic() + 2
    while not crashes and time.monotonic() < deadline:
        time.sleep(0.01)
    assert crashes and crashes[0].request_id == 0
    assert client.loaded_info is None
    # The next request starts a new process, which works.
    assert client.load(gemma_path, 1024).info["quantization"] == "Q4_K_M"
    assert client.pid != pid
    assert client.generate(QUESTION, p.Sampling(seed=1, max_tokens=8)).stats.completion_tokens > 0
