"""The runtime process on real llama.cpp, with the generated 4-bit and 8-bit tiny models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from tests.support.tiny_models import CONTEXT_LENGTH, write_tiny_model

CHAT = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello cat"}]


def error_of(client: RuntimeClient, request: p.Request) -> p.ErrorEvent:
    with pytest.raises(RuntimeError_) as info:
        client.call(request)
    assert isinstance(info.value.event, p.ErrorEvent)
    return info.value.event


def test_runs_in_a_separate_process(client: RuntimeClient, tiny_model: Path) -> None:
    client.start(wait=True)
    assert client.pid is not None and client.pid != os.getpid()


def test_load_reports_info_and_progress(client: RuntimeClient, tiny_model: Path) -> None:
    events = list(client.stream(p.LoadRequest(client.next_id(), str(tiny_model), 512)))
    progress = [e.fraction for e in events if isinstance(e, p.LoadProgress)]
    assert progress and progress[-1] == pytest.approx(1.0)
    assert progress == sorted(progress)
    loaded = events[-1]
    assert isinstance(loaded, p.Loaded)
    info = loaded.info
    assert info["quantization"] == tiny_model.stem.split("-")[1].upper()
    assert info["architecture"] == "llama"
    assert info["context_length"] == CONTEXT_LENGTH
    assert info["n_ctx"] == 512
    assert client.info()["path"] == str(tiny_model)


def test_tokenize_count_detokenize(client: RuntimeClient, tiny_model: Path) -> None:
    client.load(tiny_model, 512)
    texts = ["hello world", "こんにちは 猫", ""]
    tokens = client.tokenize(texts)
    assert client.count_tokens(texts) == [len(t) for t in tokens]
    assert tokens[2] == []
    assert client.detokenize(tokens[1]).strip() == "こんにちは 猫"
    with_special = client.tokenize(["hello"], add_special=True)[0]
    assert with_special[0] == 1 and with_special[1:] == tokens[0][: len(with_special) - 1]


def test_prompt_count_includes_template_overhead(client: RuntimeClient, tiny_model: Path) -> None:
    client.load(tiny_model, 512)
    content = sum(client.count_tokens([m["content"] for m in CHAT]))
    assert client.count_prompt(CHAT) > content


def test_generate_streams_and_reports(client: RuntimeClient, tiny_model: Path) -> None:
    client.load(tiny_model, 512)
    request = client.generate_request(CHAT, p.Sampling(seed=7, max_tokens=48))
    events = list(client.stream(request))
    chunks = [e for e in events if isinstance(e, p.Tokens)]
    done = events[-1]
    assert isinstance(done, p.GenerationDone)
    assert len(chunks) >= 1
    assert "".join(c.text for c in chunks) == done.text
    assert sum(c.n_tokens for c in chunks) == done.stats.completion_tokens == 48
    s = done.stats
    assert s.stop_reason == p.STOP_LENGTH
    assert s.prompt_tokens == client.count_prompt(CHAT)
    assert s.prompt_tokens_reused == 0
    assert s.ttft_s > 0 and s.tokens_per_s > 0


def test_same_seed_same_text(client: RuntimeClient, tiny_model: Path) -> None:
    client.load(tiny_model, 512)

    # A high temperature and no truncation: the random model's peaked logits leave room to vary.
    def sample(seed: int) -> str:
        sampling = p.Sampling(seed=seed, max_tokens=20, temperature=4.0, min_p=0.0, top_k=0)
        return client.generate(CHAT, sampling).text

    a, b, c = sample(3), sample(3), sample(4)
    assert a == b
    assert a != c


def test_next_turn_reuses_the_kv_cache(client: RuntimeClient, tiny_model: Path) -> None:
    client.load(tiny_model, 1024)
    first = client.generate(CHAT, p.Sampling(seed=1, max_tokens=16))
    turn2 = [
        *CHAT,
        {"role": "assistant", "content": first.text},
        {"role": "user", "content": "dog"},
    ]
    second = client.generate(turn2, p.Sampling(seed=1, max_tokens=16))
    # Everything up to the end of the first prompt is reused; only the new turn is evaluated.
    assert second.stats.prompt_tokens_reused >= first.stats.prompt_tokens - 1
    assert second.stats.prompt_tokens > first.stats.prompt_tokens


def test_stop_string(client: RuntimeClient, tiny_model: Path) -> None:
    client.load(tiny_model, 512)
    free = client.generate(CHAT, p.Sampling(seed=5, max_tokens=60)).text
    words = free.split()
    assert len(words) > 3
    stop = words[2]
    done = client.generate(CHAT, p.Sampling(seed=5, max_tokens=60, stop=(stop,)))
    assert done.stats.stop_reason == p.STOP_STRING
    assert stop not in done.text
    assert free.startswith(done.text)


def test_context_full(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 128)
    done = client.generate(CHAT, p.Sampling(seed=1, max_tokens=1000))
    assert done.stats.stop_reason == p.STOP_CONTEXT_FULL
    assert done.stats.prompt_tokens + done.stats.completion_tokens == 128


def test_prompt_longer_than_context(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 64)
    event = error_of(client, client.generate_request([{"role": "user", "content": "cat " * 200}]))
    assert event.kind == "too_long"
    assert "context holds 64" in event.message


def test_eos(client: RuntimeClient, tiny_eos: Path) -> None:
    client.load(tiny_eos, 256)
    done = client.generate(CHAT, p.Sampling(seed=1, max_tokens=50))
    assert done.stats.stop_reason == p.STOP_EOS
    assert done.stats.completion_tokens == 0


def test_cancel_before_start(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 2048)
    request = client.generate_request(CHAT, p.Sampling(seed=1, max_tokens=2000))
    client.cancel(request.request_id)  # arrives first (the stream sends when first read)
    events = list(client.stream(request))
    done = events[-1]
    assert isinstance(done, p.GenerationDone)
    assert done.stats.stop_reason == p.STOP_CANCELLED
    # Nothing is generated, nothing streamed: the prompt is not even evaluated.
    assert done.stats.completion_tokens == 0 and done.text == ""
    assert not [e for e in events if isinstance(e, p.Tokens)]
    assert done.stats.prompt_tokens_reused == 0 and done.stats.ttft_s == 0.0
    # The runtime is ready for the next request.
    assert client.generate(CHAT, p.Sampling(seed=1, max_tokens=4)).stats.completion_tokens == 4


@pytest.mark.parametrize(
    ("kwargs", "kind", "message"),
    [
        ({"n_ctx": 0}, "bad_request", "at least"),
        ({"n_ctx": CONTEXT_LENGTH * 4}, "bad_request", "trained for"),
        ({"n_threads": 0}, "bad_request", "threads"),
        ({"chat_format": "klingon"}, "load_failed", "unknown chat format"),
    ],
)
def test_bad_load_settings(
    client: RuntimeClient, tiny_q4: Path, kwargs: dict[str, object], kind: str, message: str
) -> None:
    args = {"n_ctx": 256, **kwargs}
    event = error_of(client, p.LoadRequest(client.next_id(), str(tiny_q4), **args))  # type: ignore[arg-type]
    assert event.kind == kind
    assert message in event.message
    # The runtime survives and still works.
    assert client.load(tiny_q4, 256).info["quantization"] == "Q4_0"


def test_context_beyond_memory(client: RuntimeClient, tmp_path: Path) -> None:
    # 2^28 tokens of KV cache: 2 layers x 2 heads x (16 + 16) x 2 bytes each = 64 GiB.
    huge = write_tiny_model(tmp_path / "long.gguf", "Q4_0", context_length=2**28)
    event = error_of(client, p.LoadRequest(client.next_id(), str(huge), 2**28))
    assert event.kind == "too_big"
    assert "of memory" in event.message
    # The user may insist (here with a context that really fits, so llama.cpp can load it).
    loaded = client.call(p.LoadRequest(client.next_id(), str(huge), 512, ignore_memory=True))
    assert isinstance(loaded, p.Loaded)


@pytest.mark.parametrize("damage", ["missing", "text", "truncated"])
def test_bad_files(client: RuntimeClient, tiny_q4: Path, tmp_path: Path, damage: str) -> None:
    path = tmp_path / f"{damage}.gguf"
    if damage == "text":
        path.write_text("not a model")
    elif damage == "truncated":
        path.write_bytes(tiny_q4.read_bytes()[: tiny_q4.stat().st_size // 2])
    event = error_of(client, p.LoadRequest(client.next_id(), str(path), 256))
    assert event.kind == "load_failed"
    assert event.message
    assert client.is_running


def test_requests_without_a_model(client: RuntimeClient) -> None:
    assert error_of(client, client.generate_request(CHAT)).kind == "not_loaded"
    assert error_of(client, p.CountTokensRequest(client.next_id(), ("a",))).kind == "not_loaded"


def test_invalid_sampling_is_an_error_event(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 256)
    event = error_of(client, client.generate_request(CHAT, p.Sampling(temperature=-2)))
    assert event.kind == "bad_request" and "temperature" in event.message


def test_unload_and_shutdown(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 256)
    client.unload()
    assert error_of(client, client.generate_request(CHAT)).kind == "not_loaded"
    client.shutdown()
    assert not client.is_running
