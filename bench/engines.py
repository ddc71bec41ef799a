"""Group ``engines``: the remote engine and ``chatapp serve``, each against a raw baseline.

All on the real Gemma 3 270M Q4_K_M model, 160 generated tokens, one llama.cpp thread, the same
sampling and seed on both sides of each ratio, 4 interleaved rounds; ratios compare the best
round of each side (noise on this shared machine only ever slows a run down), medians are
reported beside them.
Decode speed is (tokens - 1) / (arrival of the last token - arrival of the first).

- ``remote_stream_ratio``: llama-cpp-python's own server (``llama_cpp.server``) on 127.0.0.1;
  Kotoba's side is a chat turn through ``ChatSession`` and the remote engine, timed where the
  text reaches the transcript (the turn's ``on_text``); the baseline is the ``openai`` client
  reading the same server, with the same messages.
- ``serve_decode_ratio``: the ``openai`` client streaming from ``chatapp serve`` (a separate
  process, with its runtime process) vs raw llama-cpp-python streaming in this process.
- ``serve_ttft_ms``: time from sending a request to ``chatapp serve`` to its first token (p95
  over 20 short requests with different questions).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2
import llama_cpp
import openai

from bench.common import gemma_model, median, p95
from chatapp.core.chat.conversation_settings import (
    DEFAULT_SYSTEM_PROMPT,
    ConversationSettings,
    SamplingSettings,
)
from chatapp.core.chat.session import ChatSession, TurnEvents
from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, save_settings
from chatapp.remote.engine import RemoteEngine
from chatapp.runtime.cpu_variant import ensure_cpu_code

N_CTX = 1024
TOKENS = 160
SEED = 1234
ROUNDS = 4
# One llama.cpp thread on every side: with two, the threads wait for each other at every step,
# and on this shared, busy machine those waits (not the code measured) decide the figures.
BENCH_THREADS = 1
TTFT_REQUESTS = 20
QUESTION = "Write a long story about a lighthouse keeper and the sea."
SAMPLING = SamplingSettings(temperature=0.8, top_p=0.95, top_k=40, min_p=0.05,
                            repeat_penalty=1.1, seed=SEED, max_tokens=TOKENS)  # fmt: skip
EXTRA = {
    "top_k": SAMPLING.top_k,
    "min_p": SAMPLING.min_p,
    "repeat_penalty": SAMPLING.repeat_penalty,
}

# llama-cpp-python's server, with llama.cpp's CPU code loaded first (docs/cpu-variants.md).
SERVER = (sys.executable, "-m", "chatapp.runtime.with_cpu_code", "llama_cpp.server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode})")
        try:
            if httpx2.get(url, timeout=2, trust_env=False).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"no server at {url}")


def decode_rate(stamps: list[float], tokens: int) -> float:
    return (tokens - 1) / (stamps[-1] - stamps[0])


def openai_stream(
    client: openai.OpenAI, model: str, messages: list[dict[str, Any]]
) -> tuple[float, int, float]:
    """(decode tokens/s, tokens, ms to the first token) read by the official client."""
    t0 = time.perf_counter()
    stamps: list[float] = []
    pieces = 0
    usage = 0
    stream = client.chat.completions.create(
        model=model, messages=messages, stream=True, max_tokens=TOKENS, seed=SEED,  # type: ignore[arg-type]
        temperature=SAMPLING.temperature, top_p=SAMPLING.top_p, extra_body=EXTRA,
        stream_options={"include_usage": True},
    )  # fmt: skip
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            stamps.append(time.perf_counter())
            pieces += 1
        if chunk.usage is not None:
            usage = chunk.usage.completion_tokens
    tokens = usage or pieces  # llama_cpp.server sends no usage when streaming: a token a chunk
    return decode_rate(stamps, tokens), tokens, (stamps[0] - t0) * 1000


# --- remote_stream_ratio ---------------------------------------------------------------------


def kotoba_turn(engine: RemoteEngine, folder: Path, n: int) -> tuple[float, int, list[Any]]:
    """One chat turn through the session; tokens/s where the text reaches the transcript."""
    store = Store(folder / f"bench-{n}.sqlite3")
    try:
        settings = ConversationSettings(sampling=SAMPLING, n_ctx=N_CTX, reply_reserve=TOKENS + 8)
        cid = store.create_conversation(settings=settings)
        stamps: list[float] = []
        plans: list[Any] = []
        events = TurnEvents(
            on_plan=plans.append, on_text=lambda _text: stamps.append(time.perf_counter())
        )
        result = ChatSession(store, engine, cid).send(QUESTION, events)
        assert result.result is not None, result.error
        tokens = int(result.result.stats["completion_tokens"])
        return decode_rate(stamps, tokens), tokens, plans[0].messages
    finally:
        store.close()


def remote_stream(model: Path, folder: Path) -> dict[str, float]:
    port = free_port()
    args = [*SERVER, "--model", str(model), "--host",
            "127.0.0.1", "--port", str(port), "--n_ctx", str(N_CTX), "--n_threads",
            str(BENCH_THREADS), "--n_threads_batch", str(BENCH_THREADS), "--chat_format",
            "gemma", "--verbose", "False"]  # fmt: skip
    log = (folder / "llama-server.log").open("wb")
    server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    engine = RemoteEngine(url)
    client = openai.OpenAI(base_url=url, api_key="none", max_retries=0)
    try:
        wait_for(url + "/models", server)
        loaded = engine.load(LoadSpec("", n_ctx=N_CTX))
        messages = [{"role": "system", "content": DEFAULT_SYSTEM_PROMPT},
                    {"role": "user", "content": QUESTION}]  # fmt: skip
        ours, theirs, n_ours, n_theirs = [], [], 0, 0
        for i in range(ROUNDS):
            rate, n_ours, sent = kotoba_turn(engine, folder, i)
            assert sent == messages, sent  # the very same prompt on both sides
            ours.append(rate)
            rate, n_theirs, _ = openai_stream(client, loaded.source, messages)
            theirs.append(rate)
    finally:
        client.close()
        engine.close()
        server.terminate()
        server.wait(15)
        log.close()
    return {
        "remote_stream_tps_kotoba": round(max(ours), 2),
        "remote_stream_tps_openai": round(max(theirs), 2),
        "remote_stream_ratio": round(max(ours) / max(theirs), 3),
        "remote_stream_ratio_median": round(median(ours) / median(theirs), 3),
        "remote_stream_tokens": min(n_ours, n_theirs),
    }


# --- serve_decode_ratio and serve_ttft_ms ----------------------------------------------------


def raw_stream(llm: llama_cpp.Llama, messages: list[dict[str, Any]]) -> tuple[float, int]:
    llm.reset()
    stamps: list[float] = []
    for chunk in llm.create_chat_completion(
        messages, stream=True, max_tokens=TOKENS, temperature=SAMPLING.temperature,  # type: ignore[arg-type]
        top_p=SAMPLING.top_p, top_k=SAMPLING.top_k, min_p=SAMPLING.min_p,
        repeat_penalty=SAMPLING.repeat_penalty, seed=SEED,
    ):  # fmt: skip
        if chunk["choices"][0]["delta"].get("content"):  # type: ignore[index,union-attr]
            stamps.append(time.perf_counter())
    return decode_rate(stamps, len(stamps)), len(stamps)


def serve(model: Path, folder: Path) -> dict[str, float]:
    data = folder / "serve"
    save_settings(AppPaths.under(data).config_dir, AppSettings(threads=BENCH_THREADS))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KOTOBA_API_KEY"}
    server = subprocess.Popen(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), "serve", "--port", str(port),
         "--model", str(model), "--ctx", str(N_CTX)], env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    client = openai.OpenAI(base_url=url, api_key="none", max_retries=0)
    messages = [{"role": "user", "content": QUESTION}]
    ensure_cpu_code()  # llama.cpp's CPU code for this process (docs/cpu-variants.md)
    llm = llama_cpp.Llama(
        model_path=str(model), n_ctx=N_CTX, n_batch=512, n_threads=BENCH_THREADS,
        n_threads_batch=BENCH_THREADS, chat_format="gemma", verbose=False,
    )  # fmt: skip
    try:
        wait_for(url.removesuffix("/v1") + "/health", server)
        served_id = client.models.list().data[0].id
        raw, app, n_raw, n_app = [], [], 0, 0
        for _ in range(ROUNDS):
            rate, n_raw = raw_stream(llm, messages)
            raw.append(rate)
            rate, n_app, _ = openai_stream(client, served_id, messages)
            app.append(rate)
        ttfts = []
        for i in range(TTFT_REQUESTS):
            question = [{"role": "user", "content": f"Question {i}: name a colour of the sea."}]
            t0 = time.perf_counter()
            stream = client.chat.completions.create(
                model=served_id,
                messages=question,
                stream=True,
                max_tokens=4,
                seed=i,  # type: ignore[arg-type]
            )
            first = None
            for chunk in stream:
                if first is None and chunk.choices and chunk.choices[0].delta.content:
                    first = time.perf_counter()
            ttfts.append(((first or time.perf_counter()) - t0) * 1000)
    finally:
        llm.close()
        client.close()
        server.terminate()
        server.wait(15)
    return {
        "serve_decode_tps_raw": round(max(raw), 2),
        "serve_decode_tps_served": round(max(app), 2),
        "serve_decode_ratio": round(max(app) / max(raw), 3),
        "serve_decode_ratio_median": round(median(app) / median(raw), 3),
        "serve_decode_tokens": min(n_raw, n_app),
        "serve_ttft_ms": round(p95(ttfts), 1),
        "serve_ttft_ms_median": round(median(ttfts), 1),
    }


def run() -> dict[str, float]:
    model = gemma_model()
    with tempfile.TemporaryDirectory(prefix="kotoba-bench-engines-") as tmp:
        folder = Path(tmp)
        figures = remote_stream(model, folder)
        figures.update(serve(model, folder))
    figures["engines_bench_threads"] = BENCH_THREADS
    print(json.dumps(figures), file=sys.stderr)
    return figures
