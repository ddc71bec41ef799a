"""Speculative greedy decoding (``runtime.speculative``) equals plain greedy, token for token.

Real llama.cpp on the tiny generated models: the target and a draft model share the tiny
vocabulary (a different seed makes the draft a poor guesser, so rejections are exercised too).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_cpp import Llama

from chatapp.runtime.prompt_lookup import PromptLookup
from chatapp.runtime.speculative import DraftModel, SpecStats, generate_greedy
from tests.support.tiny_models import WORDS, write_tiny_model

PROMPTS = [
    " ".join(WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(6 + i % 5)) + " " * (i % 2)
    for i in range(20)
]


def _open(path: Path) -> Llama:
    return Llama(str(path), n_ctx=512, n_threads=1, logits_all=True, verbose=False)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Llama, Llama]:
    root = tmp_path_factory.mktemp("spec")
    target = _open(write_tiny_model(root / "target.gguf", "Q8_0"))
    draft = _open(write_tiny_model(root / "draft.gguf", "Q8_0", seed=99, layers=1))
    return target, draft


def _tokens(llm: Llama, text: str) -> list[int]:
    return llm.tokenize(text.encode(), add_bos=True)


def test_the_vocabularies_match(models: tuple[Llama, Llama]) -> None:
    target, draft = models
    assert target.n_vocab() == draft.n_vocab()
    for i in range(target.n_vocab()):
        assert target.detokenize([i]) == draft.detokenize([i])


@pytest.mark.parametrize("kind", ["lookup", "draft"])
def test_twenty_prompts_greedy_identical(models: tuple[Llama, Llama], kind: str) -> None:
    target, draft = models
    stats = SpecStats()
    for text in PROMPTS:
        prompt = _tokens(target, text)
        target.reset()
        plain = generate_greedy(target, prompt, 40)
        target.reset()
        drafter = PromptLookup() if kind == "lookup" else DraftModel(draft)
        fast = generate_greedy(target, prompt, 40, drafter, stats=stats)
        assert fast == plain, text
        assert len(plain) > 5
    assert stats.drafted > 0  # the checking path ran
    assert stats.accepted > 0
    if kind == "draft":  # a poor guesser: some guesses are rejected
        assert stats.accepted < stats.drafted
    assert stats.target_evals < stats.tokens + len(PROMPTS)  # fewer batches than tokens


def test_prefix_reuse_and_stop_then_continue(models: tuple[Llama, Llama]) -> None:
    """A stopped reply continued from the warm cache gives the rest of the uninterrupted reply."""
    target, _ = models
    for text in PROMPTS[:5]:
        prompt = _tokens(target, text)
        target.reset()
        whole = generate_greedy(target, prompt, 48)
        target.reset()
        calls = 0

        def stop_after_three() -> bool:
            nonlocal calls
            calls += 1
            return calls > 3

        part = generate_greedy(target, prompt, 48, PromptLookup(), should_stop=stop_after_three)
        assert 0 < len(part) < len(whole) and whole[: len(part)] == part
        # The cache still holds the prompt and the part: only the new tokens are evaluated.
        rest = generate_greedy(target, [*prompt, *part], 48 - len(part), PromptLookup())
        assert part + rest == whole, text


def test_lookup_copies_what_followed() -> None:
    assert PromptLookup().propose([1, 2, 3, 9, 9, 1, 2, 3], 3) == [9, 9, 1]
    assert PromptLookup().propose([5, 6, 7], 3) == []
