"""The KV-cache shift after dropped turns (``kv_cache.reuse_cache``) against a full evaluation.

When old turns leave the window, the runtime removes their span from the KV cache and shifts the
rest down instead of evaluating it again. A one-layer model makes that exact: its cached keys
and values depend only on each token and its position (there is no earlier layer through which
the dropped turns could have reached them), so after a correct shift the greedy reply must be
the one a full evaluation of the same prompt gives. A wrong span, offset or bookkeeping changes
it. (With more layers the kept turns' entries were computed while the dropped turns were still
there, so a shifted reply can drift from a full evaluation: README, "Long chats stay fast".)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient
from tests.support.tiny_models import write_tiny_model

SYSTEM = {"role": "system", "content": "You are a helpful assistant."}
GREEDY = p.Sampling(seed=1, max_tokens=32, temperature=0.0, repeat_penalty=1.0)
TOPICS = ["the cat", "the dog", "a mat", "the world", "hello", "the user"]


def turns(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        out.append({"role": "user", "content": f"question {i} about {TOPICS[i % len(TOPICS)]}"})
        out.append({"role": "assistant", "content": f"answer {i}: " + "the cat is on a mat " * 3})
    return out


@pytest.fixture(scope="module")
def one_layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("shift") / "one-layer.gguf", "Q8_0", layers=1)


@pytest.mark.parametrize(
    ("kept", "label"),
    [
        (lambda t: t[4:], "the two oldest turns dropped"),
        (lambda t: t[:2] + t[6:], "a pinned first turn kept, the next two dropped"),
    ],
)
def test_the_reply_after_a_shift_is_the_reply_of_a_full_evaluation(
    client: RuntimeClient,
    one_layer: Path,
    kept,
    label: str,  # type: ignore[no-untyped-def]
) -> None:
    history = turns(6)
    question = {"role": "user", "content": "and now a new question about the dog"}
    client.load(one_layer, 2048, n_threads=1)
    client.generate([SYSTEM, *history], GREEDY)  # the cache holds the whole conversation
    prompt = [SYSTEM, *kept(history), question]
    shifted = client.generate(prompt, GREEDY)
    s = shifted.stats
    assert s.cache_strategy == "shift" and s.kv_shifted_tokens > 0, label
    # Only the new question (and its template tokens) is evaluated.
    assert s.prompt_tokens - s.prompt_tokens_reused <= client.count_prompt([question])
    # The conversation goes on from the shifted cache: everything before is reused.
    after = [*prompt, {"role": "assistant", "content": shifted.text}, question]
    going_on = client.generate(after, GREEDY)
    assert going_on.stats.cache_strategy == "prefix"
    assert going_on.stats.prompt_tokens_reused >= s.prompt_tokens
    client.unload()
    client.load(one_layer, 2048, n_threads=1)  # an empty cache
    full = client.generate(prompt, GREEDY)
    assert full.stats.prompt_tokens_reused == 0 and full.stats.prompt_tokens == s.prompt_tokens
    assert shifted.text == full.text, label
    assert len(full.text) > 20
    client.unload()
    client.load(one_layer, 2048, n_threads=1)
    assert client.generate(after, GREEDY).text == going_on.text, label


def test_a_shift_evaluates_only_the_new_tokens(one_layer: Path) -> None:
    """In this process, counting what llama.cpp evaluates: after the shift only the question
    and the reply's tokens, no silent re-evaluation behind the figures (llama-cpp-python
    evaluates again whatever it finds out of line in its own token record)."""
    from chatapp.runtime.model_host import ModelHost

    host = ModelHost()
    host.load(p.LoadRequest(1, str(one_layer), 2048, n_threads=1), lambda _f: None)
    assert host.model is not None
    llm = host.model.llm
    evaluated: list[int] = []
    original = llm.eval

    def counting(tokens):  # type: ignore[no-untyped-def]
        evaluated.append(len(tokens))
        return original(tokens)

    llm.eval = counting  # type: ignore[method-assign]

    def generate(messages: list[dict[str, str]]) -> p.GenerationDone:
        request = p.GenerateRequest(2, tuple(messages), GREEDY)
        return host.generate(request, lambda _text, _n: None, lambda: False)

    try:
        history = turns(6)
        generate([SYSTEM, *history])
        evaluated.clear()
        question = {"role": "user", "content": "and now a new question about the dog"}
        done = generate([SYSTEM, *history[4:], question])
        s = done.stats
        assert s.cache_strategy == "shift"
        new = s.prompt_tokens - s.prompt_tokens_reused
        assert sum(evaluated) == new + s.completion_tokens - 1  # the last token is not fed back
        n = s.prompt_tokens + s.completion_tokens - 1
        assert llm.n_tokens == n
        assert (
            list(llm.input_ids[: s.prompt_tokens])
            == host.render_for(p.GenerateRequest(3, (SYSTEM, *history[4:], question))).tokens
        )
    finally:
        host.unload()


def test_without_the_shift_the_rest_is_evaluated_again(
    client: RuntimeClient, one_layer: Path
) -> None:
    """``LoadRequest.kv_shift=False`` (for the benchmarks' baseline): only the common prefix is
    reused after dropped turns."""
    client.call(p.LoadRequest(client.next_id(), str(one_layer), 2048, n_threads=1, kv_shift=False))
    history = turns(6)
    question = {"role": "user", "content": "and now a new question about the dog"}
    first = client.generate([SYSTEM, *history], GREEDY)
    done = client.generate([SYSTEM, *history[4:], question], GREEDY)
    s = done.stats
    assert s.cache_strategy == "prefix" and s.kv_shifted_tokens == 0
    # Nothing after the system prompt and the next message's first words is reused.
    assert s.prompt_tokens_reused < client.count_prompt([SYSTEM, history[0]])
    assert first.stats.prompt_tokens > s.prompt_tokens > 400
