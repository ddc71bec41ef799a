"""Speculative decoding for greedy replies: guess several tokens, check them in one evaluation.

A drafter proposes the next few tokens cheaply: ``prompt_lookup.PromptLookup`` copies from
the place in the conversation the reply is copying (edits of pasted code, quotes), and
``DraftModel`` asks a small model with the same vocabulary. The target model then evaluates
the token it is sure of plus the guesses in one batch, with logits for every position of that
batch only (no ``logits_all``: that would hold n_ctx × n_vocab floats), and keeps the guesses
only as long as each one is the target's own choice at its place; at the first miss the
target's token is taken instead and the rejected cells leave the KV cache (``Llama.eval`` and
``decode_all`` remove the cells past ``n_tokens`` before evaluating, so resetting ``n_tokens``
is enough). The target's choice is what llama-cpp-python's greedy sampler picks: the repeat
penalty over the last tokens of the reply, then the first highest logit. The reply is therefore
the plain greedy reply, token for token, up to the arithmetic of a batch against single tokens
(the same difference a prompt evaluated in batches has).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Protocol

import llama_cpp.llama_cpp as llama_c
import numpy as np
import numpy.typing as npt
from llama_cpp import Llama

from chatapp.runtime.kv_cache import PREFILL_CHUNK, reuse_cache

Logits = npt.NDArray[np.float32]
# The most guesses one round checks; each drafter guesses fewer when it is less sure (the draft
# model at most 5, prompt lookup more the longer its run of right guesses).
DRAFT_LEN = 16


class Drafter(Protocol):
    def propose(self, tokens: Sequence[int], n: int) -> list[int]:
        """Up to ``n`` guesses of the tokens after ``tokens`` (may be empty)."""
        ...


def last_logits(llm: Llama) -> Logits:
    """The logits of the last token the context evaluated (a copy)."""
    ptr = llama_c.llama_get_logits_ith(llm._ctx.ctx, -1)
    return np.ctypeslib.as_array(ptr, shape=(llm.n_vocab(),)).copy()


def decode_all(llm: Llama, tokens: Sequence[int]) -> Logits:
    """Evaluate ``tokens`` after ``llm.n_tokens`` with logits at every one of their places."""
    n = len(tokens)
    llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)
    llm._batch.set_batch(batch=list(tokens), n_past=llm.n_tokens, logits_all=True)
    llm._ctx.decode(llm._batch)  # raises RuntimeError when aborted; n_tokens is unchanged then
    rows = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(n * llm.n_vocab(),))
    llm.input_ids[llm.n_tokens : llm.n_tokens + n] = tokens
    llm.n_tokens += n
    return rows.reshape(n, llm.n_vocab()).copy()


@dataclass(frozen=True)
class Penalty:
    """llama.cpp's repeat penalty as its sampler applies it before the greedy choice: every
    token seen among the reply's last ``last_n`` tokens has its logit divided by ``repeat``
    (multiplied when it is not positive)."""

    repeat: float = 1.0
    last_n: int = 64

    def apply(self, logits: Logits, reply: Sequence[int]) -> Logits:
        if self.repeat != 1.0 and self.last_n > 0 and reply:
            seen = np.unique(np.asarray(reply[-self.last_n :], dtype=np.int64))
            row = logits[seen]
            factor = np.float32(self.repeat)
            logits = logits.copy()
            logits[seen] = np.where(row <= 0, row * factor, row / factor)
        return logits

    def choose(self, logits: Logits, reply: Sequence[int]) -> int:
        return int(np.argmax(self.apply(logits, reply)))


class DraftModel:
    """Guesses with a small model of the same vocabulary, its KV cache kept on the prefix (or
    shifted like the target's when old turns were dropped). It stops guessing early when its
    own top choice is unsure (a guess below ``min_p`` would mostly be rejected)."""

    def __init__(self, llm: Llama, min_p: float = 0.4, max_len: int = 5) -> None:
        self.llm = llm
        self.min_p = min_p
        self.max_len = max_len  # each guess costs a draft decode: fewer than lookup's

    def prepare(self, tokens: Sequence[int], cancelled: Callable[[], bool]) -> bool:
        """Bring the draft's cache to ``tokens`` in prompt-sized chunks; False when cancelled."""
        llm = self.llm
        prompt = list(tokens)
        use = reuse_cache(llm, prompt, True)
        for start in range(use.reused, len(prompt), PREFILL_CHUNK):
            if cancelled():
                return False
            llm.eval(prompt[start : start + PREFILL_CHUNK])
        return True

    def catch_up(self, tokens: Sequence[int]) -> None:
        """Keep the cache's common prefix with ``tokens`` and evaluate the rest (at least the
        last token, for its logits)."""
        llm = self.llm
        have = np.asarray(llm.input_ids[: llm.n_tokens])
        want = np.asarray(tokens, dtype=have.dtype)
        m = min(len(have), len(want))
        diff = np.nonzero(have[:m] != want[:m])[0]
        common = int(diff[0]) if len(diff) else m
        llm.n_tokens = min(common, len(want) - 1)
        llm.eval(list(tokens[llm.n_tokens :]))

    def propose(self, tokens: Sequence[int], n: int) -> list[int]:
        llm = self.llm
        self.catch_up(tokens)
        out: list[int] = []
        for _ in range(min(n, self.max_len)):
            if llm.n_tokens >= llm.n_ctx():
                break
            logits = last_logits(llm)
            token = int(np.argmax(logits))
            if out and self.min_p > 0:
                top = np.exp(logits - logits[token])
                if 1.0 / float(top.sum()) < self.min_p:
                    break
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


class Policy(Protocol):
    """Which drafter guesses the next round (None: one plain token), told how each went."""

    def drafter(self, n_out: int) -> Drafter | None: ...

    def record(
        self, drafter: Drafter | None, drafted: int, kept: int, produced: int, seconds: float
    ) -> None: ...


@dataclass
class Fixed:
    """Always the same drafter (or always plain)."""

    use: Drafter | None

    def drafter(self, n_out: int) -> Drafter | None:
        return self.use

    def record(
        self, drafter: Drafter | None, drafted: int, kept: int, produced: int, seconds: float
    ) -> None:
        pass


def emit(
    pending: list[int], out: list[int], st: SpecStats, is_end: Callable[[int], bool]
) -> Generator[int, None, bool]:
    """Yield a round's tokens, adding them to ``out``; True when one of them ends the reply."""
    for token in pending:
        out.append(token)
        st.tokens += 1
        yield token
        if is_end(token):
            return True
    return False


def greedy_tokens(
    llm: Llama,
    prompt: Sequence[int],
    policy: Policy,
    *,
    is_end: Callable[[int], bool],
    penalty: Penalty = Penalty(),
    draft_len: int = DRAFT_LEN,
    stats: SpecStats | None = None,
) -> Generator[int, None, None]:
    """Yield the greedy continuation of ``prompt``, whose evaluation is the last thing ``llm``
    did (its last logits are the first token's). Ends after yielding an end token; the caller
    stops whenever it likes (what was checked beyond stays in the cache as real tokens).

    Every round is one evaluation of the target: the token it is sure of plus the guesses of
    the drafter the policy names for that round. Any drafter, or none, gives the same tokens,
    so the policy may change its mind between rounds."""
    st = stats if stats is not None else SpecStats()
    n_ctx = llm.n_ctx()
    out: list[int] = []
    pending = [penalty.choose(last_logits(llm), out)]
    while True:
        if (yield from emit(pending, out, st, is_end)):
            return
        if llm.n_tokens + 1 >= n_ctx:
            return
        started = time.perf_counter()
        sure = out[-1]
        room = min(draft_len, n_ctx - llm.n_tokens - 2)
        drafter = policy.drafter(len(out)) if room > 0 else None
        guesses = drafter.propose([*prompt, *out], room)[:room] if drafter is not None else []
        base = llm.n_tokens
        rows = decode_all(llm, [sure, *guesses])
        st.target_evals += 1
        st.drafted += len(guesses)
        pending = []
        for i, guess in enumerate(guesses):
            predicted = penalty.choose(rows[i], [*out, *pending])
            if predicted != guess or is_end(guess):
                break
            pending.append(guess)
        kept = len(pending)
        st.accepted += kept
        # The target's own token after the kept guesses (a miss, or one past them all).
        pending.append(penalty.choose(rows[kept], [*out, *pending]))
        # Drop the rejected guesses: the next evaluation removes their KV cells. The last
        # pending token is not evaluated yet.
        llm.n_tokens = base + 1 + kept
        policy.record(drafter, len(guesses), kept, kept + 1, time.perf_counter() - started)


def _prefix_with(llm: Llama, prompt: Sequence[int]) -> None:
    """Keep the longest common prefix in the cache (less one, for its logits); evaluate the rest."""
    reuse_cache(llm, list(prompt), False)
    llm.eval(list(prompt[llm.n_tokens :]))


def generate_greedy(
    llm: Llama,
    prompt: Sequence[int],
    max_tokens: int,
    drafter: Drafter | None = None,
    *,
    draft_len: int = DRAFT_LEN,
    should_stop: Callable[[], bool] = lambda: False,
    stats: SpecStats | None = None,
    penalty: Penalty = Penalty(),
) -> list[int]:
    """The greedy continuation of ``prompt`` (EOS excluded). Without a drafter this is plain
    one-token-at-a-time greedy decoding, the reference the speculative path must equal.
    ``should_stop`` is checked after every token."""
    if not prompt:
        raise ValueError("empty prompt")
    _prefix_with(llm, prompt)
    st = stats if stats is not None else SpecStats()
    st.target_evals += 1
    eos = llm.token_eos()
    out: list[int] = []
    if should_stop():
        return out
    tokens = greedy_tokens(
        llm,
        prompt,
        Fixed(drafter),
        is_end=lambda t: t == eos,
        penalty=penalty,
        draft_len=draft_len,
        stats=st,
    )
    for token in tokens:
        if token == eos:
            break
        out.append(token)
        if len(out) >= max_tokens or should_stop():
            break
    tokens.close()
    return out
