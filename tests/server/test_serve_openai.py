"""``chatapp serve`` as other apps see it: the official ``openai`` client on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import openai
import pytest

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.engine import GenerationRequest, LoadSpec
from chatapp.remote.engine import RemoteEngine
from tests.support.llama_server import free_port
from tests.support.serve_process import Served, start_serve, stop

KEY = "serve-test-key-41d2"
HELLO = [{"role": "user", "content": "hello"}]


@pytest.fixture(scope="module")
def served(tiny_q4: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = start_serve(tiny_q4, tmp_path_factory.mktemp("serve"))
    yield s
    stop(s)
    assert s.process.returncode == 0


@pytest.fixture
def client(served: Served) -> Iterator[openai.OpenAI]:
    c = openai.OpenAI(base_url=served.url, api_key="unused", max_retries=0)
    yield c
    c.close()


def test_models(client: openai.OpenAI) -> None:
    models = client.models.list().data
    assert [m.id for m in models] == ["tiny-q4_0"]
    assert models[0].owned_by == "kotoba"


def test_a_whole_reply_with_usage(client: openai.OpenAI) -> None:
    reply = client.chat.completions.create(
        model="tiny-q4_0", messages=HELLO, max_tokens=12, seed=5, temperature=0.7
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "length"
    assert choice.message.role == "assistant" and choice.message.content
    assert reply.usage is not None
    assert reply.usage.completion_tokens == 12
    assert reply.usage.prompt_tokens > 5
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + 12


def test_a_streamed_reply_with_usage(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="tiny-q4_0", messages=HELLO, max_tokens=20, seed=5, stream=True,
        stream_options={"include_usage": True},
    )  # fmt: skip
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == "length" and finishes.count("length") == 1
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 20
    # The same seed without streaming gives the same text.
    whole = client.chat.completions.create(model="tiny-q4_0", messages=HELLO, max_tokens=20, seed=5)
    assert whole.choices[0].message.content == text


def test_an_unknown_model_name_means_the_one_served(client: openai.OpenAI) -> None:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=HELLO, max_tokens=2)
    assert reply.model == "tiny-q4_0"


def test_bad_requests_are_400s(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="temperature"):
        client.chat.completions.create(model="m", messages=HELLO, temperature=9)
    with pytest.raises(openai.BadRequestError, match="messages"):
        client.chat.completions.create(model="m", messages=[])
    with pytest.raises(openai.BadRequestError, match="embeddings"):
        client.embeddings.create(model="tiny-q4_0", input="text")  # a chat model here


def test_two_concurrent_clients_queue_and_both_finish(served: Served) -> None:
    times: dict[str, list[float]] = {}
    results: dict[str, tuple[str | None, int]] = {}

    def chat(name: str, seed: int) -> None:
        with openai.OpenAI(base_url=served.url, api_key="x", max_retries=0) as c:
            stream = c.chat.completions.create(
                model="tiny-q4_0", messages=HELLO, max_tokens=300, seed=seed, stream=True,
                stream_options={"include_usage": True},
            )  # fmt: skip
            stamps, finish, usage = [], None, 0
            for chunk in stream:
                stamps.append(time.perf_counter())
                if chunk.choices and chunk.choices[0].finish_reason:
                    finish = chunk.choices[0].finish_reason
                if chunk.usage:
                    usage = chunk.usage.completion_tokens
            times[name], results[name] = stamps, (finish, usage)

    threads = [threading.Thread(target=chat, args=(n, s)) for n, s in (("a", 1), ("b", 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == {"a": ("length", 300), "b": ("length", 300)}  # neither cut the other short
    first, second = sorted(times.values(), key=lambda s: s[0])
    assert second[0] >= first[-1] - 0.005  # one after the other, not interleaved


def test_a_client_that_disconnects_cancels_its_generation(served: Served) -> None:
    with openai.OpenAI(base_url=served.url, api_key="x", max_retries=0) as c:
        stream = c.chat.completions.create(
            model="tiny-q4_0", messages=HELLO, max_tokens=1900, stream=True
        )
        for i, _chunk in enumerate(stream):
            if i == 3:
                break
        stream.close()
    deadline = time.monotonic() + 10
    while "cancelled" not in served.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    line = next(ln for ln in served.log().splitlines() if "cancelled" in ln)
    tokens = int(line.split("reply from tiny-q4_0: ")[1].split(" tokens")[0])
    assert tokens < 1900


def test_a_non_streaming_client_that_gives_up_cancels_too(served: Served) -> None:
    before = served.log().count("cancelled")
    body = {"model": "tiny-q4_0", "messages": HELLO, "max_tokens": 1900}
    with pytest.raises(httpx2.ReadTimeout):
        httpx2.post(served.url + "/chat/completions", json=body, timeout=0.2, trust_env=False)
    deadline = time.monotonic() + 10
    while served.log().count("cancelled") == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.log().count("cancelled") == before + 1


def test_kotobas_remote_engine_reads_kotobas_server(served: Served) -> None:
    engine = RemoteEngine(served.url)
    try:
        model = engine.load(LoadSpec(""))
        assert model.name == "tiny-q4_0"
        assert model.details["tokenizer"] == "estimate"  # this server has no tokenize endpoint
        result = engine.generate(
            HELLO, GenerationRequest(sampling=SamplingSettings(max_tokens=16, seed=1))
        )
        assert result.stop_reason == "length"
        assert result.stats["usage_reported"] is True
        assert result.stats["completion_tokens"] == 16
    finally:
        engine.close()


def test_an_api_key_is_checked(tiny_q4: Path, tmp_path: Path) -> None:
    served = start_serve(tiny_q4, tmp_path, key=KEY)
    try:
        with (
            openai.OpenAI(base_url=served.url, api_key="wrong", max_retries=0) as c,
            pytest.raises(openai.AuthenticationError),
        ):
            c.models.list()
        with openai.OpenAI(base_url=served.url, api_key=KEY, max_retries=0) as c:
            assert c.chat.completions.create(model="x", messages=HELLO, max_tokens=2).choices
    finally:
        stop(served)
    assert KEY not in served.log()


def test_binding_every_address_without_a_key_is_refused(tiny_q4: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KOTOBA_API_KEY"}
    done = subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(tmp_path), "serve",
         "--host", "0.0.0.0", "--port", str(free_port()), "--model", str(tiny_q4)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "API key is required" in lines[0]
    assert "Traceback" not in done.stderr
