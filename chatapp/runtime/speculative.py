"""Speculative decoding for greedy replies: guess several tokens, check them in one evaluation.

A drafter proposes the next few tokens cheaply: ``PromptLookup`` copies what followed the
last n-gram where it occurred earlier in the text (edits of pasted code, quotes), and
``DraftModel`` asks a small model with the same vocabulary. The target model then evaluates
the token it is sure of plus the guesses in one batch (``logits_all``) and keeps the guesses
only as long as each one is the target's own argmax at its place; at the first miss the
target's token is taken instead and the rejected cells leave the KV cache (``Llama.eval``
removes the cells past ``n_tokens`` before evaluating, so resetting ``n_tokens`` is enough).
The reply is therefore the plain greedy reply, token for token, up to the arithmetic of a
batch against single tokens (the same difference a prompt evaluated in batches has).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from llama_cpp import Llama


class Drafter(Protocol):
    def propose(self, tokens: Sequence[int], n: int) -> list[int]:
        """Up to ``n`` guesses of the tokens after ``tokens`` (may be empty)."""
        ...


@dataclass
class PromptLookup:
    """Guesses by copying what followed the most recent earlier occurrence of the last n-gram."""

    max_ngram: int = 3
    min_ngram: int = 1

    def propose(self, tokens: Sequence[int], n: int) -> list[int]:
        seq = list(tokens)
        for size in range(self.max_ngram, self.min_ngram - 1, -1):
            if len(seq) <= size:
                continue
            tail = seq[-size:]
            # The most recent earlier match (not the tail itself).
            for start in range(len(seq) - size - 1, -1, -1):
                if seq[start : start + size] == tail:
                    follow = seq[start + size : start + size + n]
                    if follow:
                        return follow
        return []


class DraftModel:
    """Guesses with a small model of the same vocabulary, its KV cache kept on the prefix."""

    def __init__(self, llm: Llama) -> None:
        self.llm = llm

    def propose(self, tokens: Sequence[int], n: int) -> list[int]:
        llm = self.llm
        have = llm.input_ids[: llm.n_tokens].tolist()
        common = 0
        for a, b in zip(have, tokens, strict=False):
            if a != b:
                break
            common += 1
        if common == len(tokens):  # the logits of the last token are needed again
            common -= 1
        llm.n_tokens = max(common, 0)
        llm.eval(list(tokens[llm.n_tokens :]))
        out: list[int] = []
        for _ in range(n):
            if llm.n_tokens >= llm.n_ctx():
                break
            token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
            out.append(token)
            llm.eval([token])
        return out


@dataclass
class SpecStats:
    tokens: int = 0  # tokens of the reply
    drafted: int = 0  # guesses proposed
    accepted: int = 0  # guesses kept
    target_evals: int = 0  # batches the target model evaluated

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0


def _prefix_with(llm: Llama, prompt: Sequence[int]) -> None:
    """Keep the longest common prefix in the cache (less one, for its logits); evaluate the rest."""
    have = llm.input_ids[: llm.n_tokens].tolist()
    common = 0
    for a, b in zip(have, prompt, strict=False):
        if a != b:
            break
        common += 1
    llm.n_tokens = min(common, len(prompt) - 1)
    llm.eval(list(prompt[llm.n_tokens :]))


def generate_greedy(
    llm: Llama,
    prompt: Sequence[int],
    max_tokens: int,
    drafter: Drafter | None = None,
    *,
    draft_len: int = 6,
    should_stop: Callable[[], bool] = lambda: False,
    stats: SpecStats | None = None,
) -> list[int]:
    """The greedy continuation of ``prompt`` (EOS excluded); ``llm`` needs ``logits_all=True``.

    Without a drafter this is plain one-token-at-a-time greedy decoding, the reference the
    speculative path must equal. ``should_stop`` is checked before every evaluation.
    """
    if not prompt:
        raise ValueError("empty prompt")
    st = stats if stats is not None else SpecStats()
    _prefix_with(llm, prompt)
    st.target_evals += 1
    eos = llm.token_eos()
    out: list[int] = []
    n_ctx = llm.n_ctx()
    while len(out) < max_tokens and not should_stop():
        sure = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        if sure == eos:
            break
        out.append(sure)
        if len(out) >= max_tokens or llm.n_tokens + 1 >= n_ctx:
            break
        room = min(draft_len, max_tokens - len(out), n_ctx - llm.n_tokens - 1)
        guesses: list[int] = []
        if drafter is not None and room > 0:
            context = [*prompt, *out]
            guesses = drafter.propose(context, room)[:room]
        base = llm.n_tokens
        llm.eval([sure, *guesses])
        st.target_evals += 1
        st.drafted += len(guesses)
        kept = 0
        for i, guess in enumerate(guesses):
            predicted = int(np.argmax(llm.scores[base + i]))
            if predicted != guess or predicted == eos or len(out) >= max_tokens:
                break
            out.append(guess)
            kept += 1
        st.accepted += kept
        # Drop the rejected guesses: the next eval removes their KV cells.
        llm.n_tokens = base + 1 + kept
    st.tokens += len(out)
    return out
