"""Speculative decoding through the real runtime process (``runtime/spec_host.py``): a greedy
reply is the plain greedy reply, for every method, on 20 prompts, after a KV context shift and
after a Stop and a Continue; a draft with another vocabulary is refused with a clear error.

The tiny generated models: the chat model, and a one-layer draft with other weights (a poor
guesser, so that guesses are rejected as well as kept) and the same vocabulary.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from tests.runtime.test_kv_shift import SYSTEM, turns
from tests.support.tiny_models import WORDS, write_tiny_model

GREEDY = p.Sampling(temperature=0.0, max_tokens=40)  # the default repeat penalty (1.1)
QUESTIONS = [
    " ".join(WORDS[(i * 5 + j * 3) % len(WORDS)].lstrip("▁") for j in range(4 + i % 6))
    for i in range(20)
]
MODES = ["lookup", "draft", "auto"]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("spec-pair")
    target = write_tiny_model(root / "target.gguf", "Q8_0")
    draft = write_tiny_model(root / "draft.gguf", "Q8_0", seed=99, layers=1)
    return target, draft


def _load(client: RuntimeClient, pair: tuple[Path, Path], mode: str, state: Path) -> None:
    target, draft = pair
    client.load(
        target,
        2048,
        n_threads=1,
        speculative=mode,
        draft_path=str(draft) if mode in ("draft", "auto") else None,
        speculative_state=str(state),
    )


def _chat(question: str) -> list[dict[str, str]]:
    return [SYSTEM, {"role": "user", "content": question}]


@pytest.fixture(scope="module")
def plain_replies(pair: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    client = RuntimeClient()
    try:
        _load(client, pair, "off", tmp_path_factory.mktemp("off") / "s.json")
        replies = []
        for question in QUESTIONS:
            done = client.generate(_chat(question), GREEDY)
            assert done.stats.spec_method == "" and done.stats.completion_tokens > 5
            replies.append(done.text)
        return replies
    finally:
        client.shutdown()


@pytest.mark.parametrize("mode", MODES)
def test_twenty_prompts_give_the_plain_greedy_reply(
    client: RuntimeClient,
    pair: tuple[Path, Path],
    plain_replies: list[str],
    mode: str,
    tmp_path: Path,
) -> None:
    state = tmp_path / "speculative.json"
    _load(client, pair, mode, state)
    assert client.info()["speculative"] == mode
    drafted = accepted = 0
    for question, plain in zip(QUESTIONS, plain_replies, strict=True):
        done = client.generate(_chat(question), GREEDY)
        assert done.text == plain, (mode, question)
        assert done.stats.spec_method.split(":")[0] == mode
        drafted += done.stats.drafted_tokens
        accepted += done.stats.accepted_tokens
    assert drafted > 0 and accepted > 0  # the checking path ran and kept guesses
    if mode == "draft":
        assert accepted < drafted  # and rejected some
    # Sampled replies guess too (Auto: with the method it chose for greedy replies, or none).
    # Prompt lookup guesses only where the reply repeats what stands before it, which the
    # random model's replies do now and then: over the twenty questions, some must.
    sampling = p.Sampling(temperature=0.3, max_tokens=40, seed=1)
    sampled = [client.generate(_chat(q), sampling).stats for q in QUESTIONS]
    assert all(s.completion_tokens > 0 for s in sampled)
    if mode != "auto":
        assert all(s.spec_method == mode for s in sampled)
        assert sum(s.drafted_tokens for s in sampled) > 0
    if mode == "auto":  # the calibration was measured on these replies and kept
        entries = json.loads(state.read_text())["entries"]
        (rates,) = entries.values()
        assert set(rates["chat"]) >= {"plain", "lookup", "draft"}


@pytest.mark.parametrize("mode", ["off", "lookup", "draft"])
def test_after_a_context_shift_the_reply_is_the_same(
    client: RuntimeClient, pair: tuple[Path, Path], mode: str, tmp_path: Path
) -> None:
    """Old turns dropped: the chat model's cache (and the draft's) is shifted, not evaluated
    again; every method then gives what plain decoding gives after the same shift."""
    _load(client, pair, mode, tmp_path / "s.json")
    history = turns(6)
    client.generate([SYSTEM, *history], GREEDY)
    question = {"role": "user", "content": "and now a new question about the dog"}
    shifted = client.generate([SYSTEM, *history[4:], question], GREEDY)
    assert shifted.stats.cache_strategy == "shift" and shifted.stats.kv_shifted_tokens > 0
    after = [SYSTEM, *history[4:], question, {"role": "assistant", "content": shifted.text}]
    going_on = client.generate([*after, {"role": "user", "content": "hello world"}], GREEDY)
    texts = {"shifted": shifted.text, "going_on": going_on.text}
    reference = tmp_path / f"{mode}.json"
    reference.write_text(json.dumps(texts))
    if mode != "off":
        client.unload()
        _load(client, pair, "off", tmp_path / "s.json")
        client.generate([SYSTEM, *history], GREEDY)
        assert client.generate([SYSTEM, *history[4:], question], GREEDY).text == shifted.text
        again = client.generate([*after, {"role": "user", "content": "hello world"}], GREEDY)
        assert again.text == going_on.text, mode


@pytest.mark.parametrize("mode", ["lookup", "draft"])
def test_stop_then_continue_gives_the_plain_continuation(
    client: RuntimeClient, pair: tuple[Path, Path], mode: str, tmp_path: Path
) -> None:
    """Stopped after its first streamed text, the reply is continued from the warm caches;
    the continuation is what plain decoding writes from a fresh process's empty cache."""
    _load(client, pair, mode, tmp_path / "s.json")
    messages = _chat("the cat is on the mat and the dog")
    long_reply = p.Sampling(temperature=0.0, max_tokens=1500)
    request = client.generate_request(messages, long_reply)
    events = []
    for event in client.stream(request, timeout=300):
        events.append(event)
        if isinstance(event, p.Tokens) and len(events) == 1:
            client.cancel(request.request_id)
    done = events[-1]
    assert isinstance(done, p.GenerationDone)
    assert done.stats.stop_reason == p.STOP_CANCELLED
    assert 0 < done.stats.completion_tokens < 1500
    partial = [*messages, {"role": "assistant", "content": done.text}]
    # Long enough for the random model's greedy reply to repeat itself (prompt lookup's guesses).
    greedy = p.Sampling(temperature=0.0, max_tokens=200)
    cont = p.GenerateRequest(client.next_id(), tuple(partial), greedy, continue_last=True)
    continued = client.call(cont, timeout=300)
    assert isinstance(continued, p.GenerationDone)
    assert continued.stats.prompt_tokens_reused > 0  # the cache after the Stop was reused
    assert continued.stats.drafted_tokens > 0
    client.unload()
    _load(client, pair, "off", tmp_path / "s.json")
    fresh = client.call(
        p.GenerateRequest(client.next_id(), tuple(partial), greedy, continue_last=True),
        timeout=300,
    )
    assert isinstance(fresh, p.GenerationDone)
    assert continued.text == fresh.text and len(fresh.text) > 10


def test_stop_with_a_draft_loaded_ends_the_reply_and_the_next_request_answers(
    client: RuntimeClient,
    pair: tuple[Path, Path],
    plain_replies: list[str],
    tmp_path: Path,
) -> None:
    """Draft model: Stop during a long reply ends it (stopped, part of it written, guesses
    made), and so does Stop while the draft evaluates a long prompt; after each, the next
    request answers with the plain greedy reply (both caches are consistent). How fast Stop
    acts is measured by bench/spec.py (``spec_stop_ms``), not here."""
    _load(client, pair, "draft", tmp_path / "s.json")
    long_reply = p.Sampling(temperature=0.0, max_tokens=1500)
    request = client.generate_request(_chat(QUESTIONS[1]), long_reply)
    batches = 0
    events = []
    for event in client.stream(request, timeout=300):
        events.append(event)
        if isinstance(event, p.Tokens):
            batches += 1
            if batches == 3:  # well into the reply, with guesses checked already
                client.cancel(request.request_id)
    done = events[-1]
    assert isinstance(done, p.GenerationDone), done
    assert done.stats.stop_reason == p.STOP_CANCELLED
    assert 0 < done.stats.completion_tokens < 1500 and done.stats.drafted_tokens > 0
    after = client.generate(_chat(QUESTIONS[0]), GREEDY)
    assert after.text == plain_replies[0] and after.stats.spec_method == "draft"

    # A long prompt (about 1,400 tokens) whose prefill the chat model has done already (a
    # grammar request decodes plainly: the draft's cache is left as it was), stopped 10 ms
    # after it is sent: within the draft's prefill (about 50 ms here) or just before it.
    long_prompt = [SYSTEM, {"role": "user", "content": "the cat is on the mat " * 60}]
    warm = p.GenerateRequest(client.next_id(), tuple(long_prompt), p.Sampling(max_tokens=1),
                             grammar='root ::= "a"')  # fmt: skip
    assert isinstance(client.call(warm), p.GenerationDone)
    request = client.generate_request(long_prompt, long_reply)
    stop = threading.Timer(0.01, client.cancel, (request.request_id,))
    stop.start()
    events = list(client.stream(request, timeout=300))
    stop.join()
    done = events[-1]
    assert isinstance(done, p.GenerationDone), done
    assert done.stats.stop_reason == p.STOP_CANCELLED
    assert done.stats.prompt_tokens_reused > 1000  # the chat model's cache was warm
    assert client.generate(_chat(QUESTIONS[2]), GREEDY).text == plain_replies[2]
    answered = client.generate(long_prompt, p.Sampling(temperature=0.0, max_tokens=24))
    assert answered.stats.prompt_tokens > 1000 and answered.stats.completion_tokens > 0
    assert answered.stats.drafted_tokens > 0
    assert client.generate(_chat(QUESTIONS[0]), GREEDY).text == plain_replies[0]


def test_a_draft_of_another_vocabulary_is_refused(
    client: RuntimeClient, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    other = write_tiny_model(tmp_path / "other.gguf", "Q8_0", seed=5)
    # Another vocabulary: the tiny one with one word spelt backwards (the same length, so the
    # file stays valid).
    data = other.read_bytes()
    assert data.count(b"helpful") == 1
    other.write_bytes(data.replace(b"helpful", b"lufpleh"))
    with pytest.raises(RuntimeError_) as caught:
        client.load(pair[0], 2048, n_threads=1, speculative="draft", draft_path=str(other))
    assert isinstance(caught.value.event, p.ErrorEvent)
    assert caught.value.event.kind == "load_failed"
    assert "vocabulary" in str(caught.value)
    # The runtime is fine and loads the chat model alone.
    client.load(pair[0], 2048, n_threads=1)
    assert client.generate(_chat("hello"), GREEDY).stats.completion_tokens > 0
