"""The remote engine against a real server: llama-cpp-python's ``llama_cpp.server`` on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import llama_cpp
import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession, TurnEvents
from chatapp.core.chat.store import Store
from chatapp.core.engine import EngineError, GenerationRequest, GenerationResult, LoadSpec
from chatapp.remote.engine import RemoteEngine
from tests.support.llama_server import LlamaServer, start_llama_server

MESSAGES = [{"role": "user", "content": "hello"}]
LONG = GenerationRequest(sampling=SamplingSettings(max_tokens=1800, seed=1))


@pytest.fixture(scope="module")
def server(tiny_q4: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    s = start_llama_server(tiny_q4, tmp_path_factory.mktemp("llama-server") / "server.log")
    yield s
    s.stop()


@pytest.fixture
def engine(server: LlamaServer) -> Iterator[RemoteEngine]:
    e = RemoteEngine(server.url)
    e.load(LoadSpec("", n_ctx=2048))
    yield e
    e.close()


def test_load_lists_the_model_and_finds_the_tokenizer(engine: RemoteEngine, tiny_q4: Path) -> None:
    model = engine.model
    assert model is not None
    assert model.source == str(tiny_q4)
    assert model.name == "tiny-q4_0"
    assert model.engine == "remote"
    assert model.details["tokenizer"] == "llama-cpp-python"
    assert model.exact_counts is False  # texts are exact; the template's share is estimated
    vocab = llama_cpp.Llama(str(tiny_q4), vocab_only=True, verbose=False)
    try:
        texts = ["hello world", "the cat is on the mat", "こんにちは 猫", ""]
        expected = [len(vocab.tokenize(t.encode(), add_bos=False, special=True)) for t in texts]
    finally:
        vocab.close()
    assert engine.count_texts(texts) == expected


def test_chat_streams_a_reply(engine: RemoteEngine) -> None:
    pieces: list[str] = []
    request = GenerationRequest(sampling=SamplingSettings(max_tokens=24, seed=3))
    result = engine.generate(MESSAGES, request, pieces.append)
    assert result.stop_reason == "length"
    assert result.text and "".join(pieces) == result.text
    assert result.stats["completion_tokens"] == 24  # one delta per token
    assert result.stats["ttft_s"] > 0


def test_the_prompt_count_is_calibrated_from_a_reported_usage(
    engine: RemoteEngine, server: LlamaServer
) -> None:
    import httpx2

    answer = httpx2.post(
        server.url + "/chat/completions",
        json={"messages": MESSAGES, "max_tokens": 1},
        trust_env=False,
        timeout=30,
    ).json()
    true_prompt = answer["usage"]["prompt_tokens"]
    tokenizer = engine._tokenizer
    assert tokenizer is not None
    tokenizer.calibrate(MESSAGES, true_prompt)
    assert engine.count(MESSAGES).tokens >= true_prompt
    assert engine.count(MESSAGES).tokens - true_prompt < 4


def test_stop_mid_stream(engine: RemoteEngine) -> None:
    first = threading.Event()
    pieces: list[str] = []
    results: list[GenerationResult] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if len(pieces) >= 5:
            first.set()

    worker = threading.Thread(
        target=lambda: results.append(engine.generate(MESSAGES, LONG, on_text))
    )
    worker.start()
    assert first.wait(30)
    t0 = time.perf_counter()
    engine.cancel()
    worker.join(5)
    assert time.perf_counter() - t0 < 0.1
    result = results[0]
    assert result.stop_reason == "cancelled"
    assert 5 <= result.stats["completion_tokens"] < 1800
    # The server is fine afterwards: the next reply streams normally.
    again = engine.generate(MESSAGES, GenerationRequest(sampling=SamplingSettings(max_tokens=8)))
    assert again.stop_reason == "length"


def test_a_second_client_interrupts_the_first_which_is_told(
    engine: RemoteEngine, server: LlamaServer
) -> None:
    """llama-cpp-python's server ends a stream with [DONE] and no finish_reason when another
    request arrives (its default ``interrupt_requests``)."""
    other = RemoteEngine(server.url)
    other.load(LoadSpec("", n_ctx=2048))
    started = threading.Event()
    errors: list[EngineError] = []
    pieces: list[str] = []

    def first() -> None:
        def on_text(text: str) -> None:
            pieces.append(text)
            started.set()

        try:
            engine.generate(MESSAGES, LONG, on_text)
        except EngineError as exc:
            errors.append(exc)

    worker = threading.Thread(target=first)
    worker.start()
    try:
        assert started.wait(30)
        result = other.generate(
            MESSAGES, GenerationRequest(sampling=SamplingSettings(max_tokens=4))
        )
        worker.join(60)
        assert result.stop_reason == "length"
        assert [e.kind for e in errors] == ["interrupted"]
        assert pieces
    finally:
        other.close()


def test_a_session_reply_through_the_remote_engine(engine: RemoteEngine, tmp_path: Path) -> None:
    store = Store(tmp_path / "chat.sqlite3")
    try:
        settings = ConversationSettings(
            sampling=SamplingSettings(max_tokens=16, seed=2), n_ctx=2048, reply_reserve=64
        )
        cid = store.create_conversation(settings=settings)
        session = ChatSession(store, engine, cid)
        plans = []
        result = session.send("hello world", TurnEvents(on_plan=plans.append))
        assert result.error is None and result.result is not None
        assert plans[0].exact is False  # the meter shows "≈" for this plan
        message = store.message(result.message_id)
        assert message.status == "complete"
        assert message.content == result.result.text
        assert message.model == "tiny-q4_0"
    finally:
        store.close()


def test_rolling_context_on_a_small_window(engine: RemoteEngine, tmp_path: Path) -> None:
    """The planner works through the remote engine's counts: old turns roll out."""
    store = Store(tmp_path / "chat.sqlite3")
    try:
        settings = ConversationSettings(
            sampling=SamplingSettings(max_tokens=8, seed=2), n_ctx=256, reply_reserve=32,
            policy="rolling",
        )  # fmt: skip
        cid = store.create_conversation(settings=settings)
        session = ChatSession(store, engine, cid)
        for i in range(8):
            result = session.send(f"message {i}: the cat is on the mat and the dog is on the mat")
            assert result.error is None
        assert result.plan.dropped_ids  # the oldest turns were left out
        assert result.plan.prompt_tokens <= int((256 - 32) * 0.9)  # with the estimate margin
    finally:
        store.close()


def test_the_server_killed_mid_stream(tiny_q4: Path, tmp_path: Path) -> None:
    server = start_llama_server(tiny_q4, tmp_path / "server.log")
    engine = RemoteEngine(server.url)
    store = Store(tmp_path / "chat.sqlite3")
    try:
        engine.load(LoadSpec("", n_ctx=2048))
        settings = ConversationSettings(sampling=LONG.sampling, n_ctx=2048, reply_reserve=1900)
        cid = store.create_conversation(settings=settings)
        session = ChatSession(store, engine, cid)
        pieces: list[str] = []

        def on_text(text: str) -> None:
            pieces.append(text)
            if len(pieces) == 10:
                server.kill()

        result = session.send("hello", TurnEvents(on_text=on_text))
        assert result.error is not None
        assert result.error.kind == "connection"
        assert result.error.message.startswith("The connection to http://127.0.0.1")
        message = store.message(result.message_id)
        assert message.status == "partial"  # kept, and marked as cut short
        assert message.content and message.content == "".join(pieces)
        # The next request meets a dead server: one clear message.
        with pytest.raises(EngineError, match="Cannot reach the server") as info:
            engine.generate(MESSAGES, GenerationRequest())
        assert info.value.kind == "connection"
    finally:
        store.close()
        engine.close()
        server.stop()
