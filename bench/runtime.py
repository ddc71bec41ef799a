"""Group ``runtime``: decode speed, load time and cancel latency, app vs raw llama-cpp-python.

Both sides use the real Gemma 3 270M Q4_K_M model, the same thread count, the same sampling and
seed, 256 generated tokens. "raw" is llama-cpp-python in this process, streaming from
``create_chat_completion``; "app" is our runtime process, measured on the client side of the pipe.
Decode speed is (tokens - 1) / (time of the last token - time of the first token).

This machine's CPU time is shared and noisy (single runs of either side vary by ±10 %), so both
sides run 5 interleaved rounds and the ratios compare the best round of each (noise only ever
slows a run down); the medians are reported beside them.
"""

from __future__ import annotations

import random
import threading
import time

import llama_cpp

from bench.common import BENCH_THREADS, gemma_model, median, p95
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.cpu_variant import ensure_cpu_code

N_CTX = 1024
TOKENS = 256
SEED = 1234
ROUNDS = 5
CANCEL_TRIES = 20
MESSAGES = [
    {"role": "user", "content": "Write a long story about a lighthouse keeper and the sea."}
]
SAMPLING = p.Sampling(
    temperature=0.8, top_p=0.95, top_k=40, min_p=0.05, repeat_penalty=1.1, seed=SEED,
    max_tokens=TOKENS,
)  # fmt: skip


def raw_load(path: str) -> tuple[llama_cpp.Llama, float]:
    t0 = time.perf_counter()
    ensure_cpu_code()  # llama.cpp's CPU code for this process (docs/cpu-variants.md)
    llm = llama_cpp.Llama(
        model_path=path, n_ctx=N_CTX, n_batch=512, n_threads=BENCH_THREADS,
        n_threads_batch=BENCH_THREADS, chat_format="gemma", verbose=False,
    )  # fmt: skip
    return llm, time.perf_counter() - t0


def raw_decode(llm: llama_cpp.Llama) -> tuple[float, int]:
    llm.reset()
    times: list[float] = []
    for chunk in llm.create_chat_completion(
        MESSAGES, stream=True, max_tokens=TOKENS, temperature=SAMPLING.temperature,
        top_p=SAMPLING.top_p, top_k=SAMPLING.top_k, min_p=SAMPLING.min_p,
        repeat_penalty=SAMPLING.repeat_penalty, seed=SEED,
    ):  # fmt: skip
        if chunk["choices"][0]["delta"].get("content"):
            times.append(time.perf_counter())
    return (len(times) - 1) / (times[-1] - times[0]), len(times)


class TokenClock:
    """Stamps token batches as the client receives them (on its reader thread)."""

    def __init__(self) -> None:
        self.request_id = 0
        self.times: list[tuple[float, int]] = []
        self.done = threading.Event()

    def on_event(self, event: p.Event) -> None:
        if event.request_id != self.request_id:
            return
        if isinstance(event, p.Tokens):
            self.times.append((time.perf_counter(), event.n_tokens))
        elif isinstance(event, (p.GenerationDone, p.ErrorEvent, p.RuntimeCrashed)):
            self.done.set()


def app_decode(client: RuntimeClient, clock: TokenClock) -> tuple[float, int]:
    client.result(p.UnloadRequest)  # a cold KV cache, like the raw side's reset()
    client.load(gemma_model(), N_CTX, n_threads=BENCH_THREADS)
    request = client.generate_request(MESSAGES, SAMPLING)
    clock.request_id, clock.times = request.request_id, []
    clock.done.clear()
    client.send(request)
    clock.done.wait(120)
    (first_t, first_n), (last_t, _) = clock.times[0], clock.times[-1]
    n = sum(k for _, k in clock.times)
    return (n - first_n) / (last_t - first_t), n


def app_load(client: RuntimeClient, path: str) -> float:
    client.result(p.UnloadRequest)
    t0 = time.perf_counter()
    client.load(path, N_CTX, n_threads=BENCH_THREADS)
    return time.perf_counter() - t0


def cancel_latencies(client: RuntimeClient) -> list[float]:
    rng = random.Random(SEED)
    latencies: list[float] = []
    long = p.Sampling(seed=SEED, max_tokens=2000)
    for _ in range(CANCEL_TRIES):
        request = client.generate_request(MESSAGES, long)
        stream = client.stream(request, timeout=60)
        for event in stream:
            if isinstance(event, p.Tokens):
                break
        time.sleep(rng.uniform(0.0, 0.1))
        t0 = time.perf_counter()
        client.cancel(request.request_id)
        for event in stream:
            if isinstance(event, p.GenerationDone):
                assert event.stats.stop_reason == p.STOP_CANCELLED
                latencies.append((time.perf_counter() - t0) * 1000)
    return latencies


def run() -> dict[str, float]:
    path = str(gemma_model())
    clock = TokenClock()
    client = RuntimeClient(on_event=clock.on_event)
    t0 = time.perf_counter()
    client.start(wait=True)
    spawn_s = time.perf_counter() - t0
    try:
        # Warm the page cache once so neither side pays for the first disk read.
        llm, _ = raw_load(path)
        llm.close()
        raw_loads, app_loads, raw_tps, app_tps = [], [], [], []
        raw_n = app_n = 0
        for _ in range(ROUNDS):
            llm, seconds = raw_load(path)
            raw_loads.append(seconds)
            tps, raw_n = raw_decode(llm)
            raw_tps.append(tps)
            llm.close()
            app_loads.append(app_load(client, path))
            tps, app_n = app_decode(client, clock)
            app_tps.append(tps)
        cancels = cancel_latencies(client)
    finally:
        client.shutdown()
    decode_raw, decode_app = max(raw_tps), max(app_tps)
    load_raw, load_app = min(raw_loads), min(app_loads)
    return {
        "decode_tps_raw": round(decode_raw, 2),
        "decode_tps_app": round(decode_app, 2),
        "decode_ratio": round(decode_app / decode_raw, 3),
        "decode_ratio_median": round(median(app_tps) / median(raw_tps), 3),
        "decode_tokens_raw": raw_n,
        "decode_tokens_app": app_n,
        "load_s_raw": round(load_raw, 3),
        "load_s_app": round(load_app, 3),
        "load_ratio": round(load_app / load_raw, 3),
        "load_ratio_median": round(median(app_loads) / median(raw_loads), 3),
        "runtime_spawn_s": round(spawn_s, 3),
        "cancel_ms": round(p95(cancels), 1),
        "cancel_ms_max": round(max(cancels), 1),
        "bench_threads": BENCH_THREADS,
    }
