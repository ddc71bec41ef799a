"""Token counts and the context length from what each kind of server offers."""

from __future__ import annotations

import math

import pytest

from chatapp.core.engine import GenerationRequest, LoadSpec
from chatapp.remote.engine import RemoteEngine
from chatapp.remote.tokens import DEFAULT_PER_MESSAGE, PROMPT_FIXED, estimate_tokens
from tests.support.scripted_sse import Script, ScriptedServer, delta, sse

HELLO = [{"role": "user", "content": "hello world"}]


def engine_for(server: ScriptedServer, spec: LoadSpec | None = None) -> RemoteEngine:
    engine = RemoteEngine(server.url)
    engine.load(spec or LoadSpec("scripted"))
    return engine


def test_llama_server_counts_are_exact_and_its_context_comes_from_props() -> None:
    server = ScriptedServer(
        tokenizer="llama.cpp", props={"default_generation_settings": {"n_ctx": 8192}}
    ).start()
    engine = engine_for(server)
    try:
        model = engine.model
        assert model is not None
        assert model.exact_counts is True
        assert (model.n_ctx, model.details["context_source"]) == (8192, "server")
        assert model.details["tokenizer"] == "llama.cpp"
        assert engine.count_texts(["the cat is on the mat", ""]) == [6, 0]
        # The server's template renders "<s>user hello world </s> <s>assistant": 5 words + BOS.
        count = engine.count(HELLO)
        assert (count.tokens, count.exact) == (6, True)
        bodies = {r.path: r.body for r in server.requests}
        assert bodies["/apply-template"] == {"messages": HELLO}
    finally:
        engine.close()
        server.stop()


def test_llama_cpp_python_counts_texts_and_calibrates_the_template_share() -> None:
    server = ScriptedServer(tokenizer="llama-cpp-python").start()
    engine = engine_for(server)
    try:
        model = engine.model
        assert model is not None and model.exact_counts is False
        assert (model.n_ctx, model.details["context_source"]) == (4096, "default")
        assert engine.count_texts(["the cat is on the mat"]) == [6]  # the BOS taken off
        assert engine.count(HELLO).tokens == 2 + PROMPT_FIXED + DEFAULT_PER_MESSAGE
        usage = {"choices": [], "usage": {"prompt_tokens": 30, "completion_tokens": 1}}
        server.add(Script(sse(delta("ok", finish="stop"), usage)))
        engine.generate(HELLO, GenerationRequest())
        assert engine.count(HELLO).tokens == 30  # learned from the server's own figure
    finally:
        engine.close()
        server.stop()


def test_without_a_tokenizer_counts_are_marked_estimates() -> None:
    server = ScriptedServer(models=[{"id": "scripted", "max_model_len": 32768}]).start()
    engine = engine_for(server)
    try:
        model = engine.model
        assert model is not None and model.details["tokenizer"] == "estimate"
        assert (model.n_ctx, model.context_length) == (32768, 32768)  # vLLM's max_model_len
        assert engine.count_texts(["hello world", "猫は魚を食べる"]) == [math.ceil(11 / 3.5), 7]
        assert engine.count(HELLO).exact is False
        # The user's context length wins over what the server says.
        engine.load(LoadSpec("scripted", n_ctx=2048))
        assert engine.model is not None and engine.model.n_ctx == 2048
        assert engine.model.details["context_source"] == "setting"
    finally:
        engine.close()
        server.stop()


@pytest.mark.parametrize(
    ("text", "at_least"),
    [("", 0), ("a", 1), ("The quick brown fox jumps over the lazy dog.", 10), ("日本語の文章", 6)],
)
def test_the_estimate_is_generous(text: str, at_least: int) -> None:
    assert estimate_tokens(text) >= at_least
