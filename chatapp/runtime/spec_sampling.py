"""Speculative decoding of sampled replies (temperature above 0), by the standard acceptance rule.

The target's distribution at a place is what llama-cpp-python's sampler draws from: the repeat
penalty over the reply's last tokens (``speculative.Penalty``), then llama.cpp's own top-k,
typical (off), top-p, min-p and temperature stages, applied here by a llama.cpp sampler chain
without its final draw, then a softmax. A guess ``x`` drawn from the drafter's distribution
``q`` is kept with probability ``min(1, p(x) / q(x))``; at the first refusal the token is drawn
from ``max(0, p - q)`` renormalized, and after all kept guesses one more from ``p``. Each token
then follows ``p`` exactly (Leviathan et al. 2023, Chen et al. 2023). Prompt lookup guesses
deterministically: ``q`` is all on its guess, so it is kept with probability ``p(x)``. The
tokens follow the same distribution as plain sampling, but not the same random stream: a seed
repeats a speculative reply, not the plain one.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable, Generator, Sequence

import llama_cpp.llama_cpp as llama_c
import numpy as np
import numpy.typing as npt
from llama_cpp import Llama
from llama_cpp._internals import LlamaSampler

from chatapp.runtime import protocol as p
from chatapp.runtime.speculative import (
    DRAFT_LEN,
    Drafter,
    DraftModel,
    Logits,
    Penalty,
    Policy,
    SpecStats,
    decode_all,
    emit,
    last_logits,
)

Probs = npt.NDArray[np.float64]


class Distribution:
    """The distribution a model's next token is sampled from under ``s``."""

    def __init__(self, n_vocab: int, s: p.Sampling, last_n: int) -> None:
        self.n_vocab = n_vocab
        self.penalty = Penalty(s.repeat_penalty, last_n)
        self.chain = LlamaSampler()
        self.chain.add_top_k(s.top_k)
        self.chain.add_typical(1.0, 1)
        self.chain.add_top_p(s.top_p, 1)
        self.chain.add_min_p(s.min_p, 1)
        self.chain.add_temp(s.temperature)
        self._data = (llama_c.llama_token_data * n_vocab)()
        self._ids = np.arange(n_vocab, dtype=np.intc)
        self._view = np.ctypeslib.as_array(self._data)

    def probs(self, logits: Logits, reply: Sequence[int]) -> Probs:
        row = self.penalty.apply(logits, reply)
        view = self._view
        view["id"] = self._ids
        view["logit"] = row
        view["p"] = 0.0
        array = llama_c.llama_token_data_array(
            data=ctypes.cast(self._data, llama_c.llama_token_data_p),
            size=self.n_vocab,
            selected=-1,
            sorted=False,
        )
        llama_c.llama_sampler_apply(self.chain.sampler, ctypes.byref(array))
        kept = np.ctypeslib.as_array(array.data, shape=(array.size,))
        ids = kept["id"].astype(np.int64)
        values = kept["logit"].astype(np.float64)
        finite = np.isfinite(values)
        ids, values = ids[finite], values[finite]
        weights = np.exp(values - values.max())
        out = np.zeros(self.n_vocab, dtype=np.float64)
        out[ids] = weights / weights.sum()
        return out

    def close(self) -> None:
        self.chain.close()


def draw(probs: Probs, rng: np.random.Generator) -> int:
    cumulative = np.cumsum(probs)
    return int(
        min(np.searchsorted(cumulative, rng.random() * cumulative[-1], "right"), len(probs) - 1)
    )


def keep_probability(p_row: Probs, q_row: Probs | None, guess: int) -> float:
    """The chance a guess drawn from ``q_row`` (None: a certain guess) is kept."""
    q = 1.0 if q_row is None else float(q_row[guess])
    return min(1.0, float(p_row[guess]) / q) if q > 0 else 0.0


def residual(p_row: Probs, q_row: Probs | None, guess: int) -> Probs:
    """What a refused guess's token is drawn from: ``max(0, p - q)``, renormalized."""
    if q_row is None:
        rest = p_row.copy()
        rest[guess] = 0.0
    else:
        rest = np.maximum(p_row - q_row, 0.0)
    total = rest.sum()
    return rest / total if total > 0 else p_row


def draft_sampled(
    draft: DraftModel,
    dist: Distribution,
    tokens: Sequence[int],
    reply: Sequence[int],
    n: int,
    rng: np.random.Generator,
) -> tuple[list[int], list[Probs | None]]:
    """Up to ``n`` guesses drawn from the draft model, each with the distribution it came from;
    it stops early when a draw was unlikely (``draft.min_p``)."""
    llm = draft.llm
    draft.catch_up(tokens)
    out: list[int] = []
    qs: list[Probs | None] = []
    for _ in range(min(n, draft.max_len)):
        if llm.n_tokens >= llm.n_ctx():
            break
        q = dist.probs(last_logits(llm), [*reply, *out])
        token = draw(q, rng)
        out.append(token)
        qs.append(q)
        if q[token] < draft.min_p:
            break
        llm.eval([token])
    return out, qs


def sampled_tokens(
    llm: Llama,
    prompt: Sequence[int],
    policy: Policy,
    s: p.Sampling,
    *,
    is_end: Callable[[int], bool],
    rng: np.random.Generator,
    draft_len: int = DRAFT_LEN,
    stats: SpecStats | None = None,
) -> Generator[int, None, None]:
    """Like ``speculative.greedy_tokens``, for sampling: the prompt was the last evaluation."""
    st = stats if stats is not None else SpecStats()
    n_ctx = llm.n_ctx()
    last_n = llm.last_n_tokens_size
    target = Distribution(llm.n_vocab(), s, last_n)
    drafts: dict[int, Distribution] = {}
    out: list[int] = []
    try:
        pending = [draw(target.probs(last_logits(llm), out), rng)]
        while True:
            if (yield from emit(pending, out, st, is_end)):
                return
            if llm.n_tokens + 1 >= n_ctx:
                return
            started = time.perf_counter()
            room = min(draft_len, n_ctx - llm.n_tokens - 2)
            drafter = policy.drafter(len(out)) if room > 0 else None
            guesses, qs = _guess(drafter, drafts, s, last_n, [*prompt, *out], out, room, rng)
            base = llm.n_tokens
            rows = decode_all(llm, [out[-1], *guesses])
            st.target_evals += 1
            st.drafted += len(guesses)
            pending = []
            refused = False
            for i, guess in enumerate(guesses):
                if is_end(guess):  # not checked: the token here is drawn from p itself
                    break
                p_row = target.probs(rows[i], [*out, *pending])
                if rng.random() < keep_probability(p_row, qs[i], guess):
                    pending.append(guess)
                    continue
                pending.append(draw(residual(p_row, qs[i], guess), rng))
                refused = True
                break
            kept = len(pending) - 1 if refused else len(pending)
            if not refused:
                pending.append(draw(target.probs(rows[kept], [*out, *pending]), rng))
            st.accepted += kept
            llm.n_tokens = base + 1 + kept
            policy.record(drafter, len(guesses), kept, kept + 1, time.perf_counter() - started)
    finally:
        target.close()
        for dist in drafts.values():
            dist.close()


def _guess(
    drafter: Drafter | None,
    drafts: dict[int, Distribution],
    s: p.Sampling,
    last_n: int,
    tokens: list[int],
    reply: list[int],
    room: int,
    rng: np.random.Generator,
) -> tuple[list[int], list[Probs | None]]:
    if drafter is None:
        return [], []
    if isinstance(drafter, DraftModel):
        dist = drafts.get(id(drafter))
        if dist is None:
            dist = drafts[id(drafter)] = Distribution(drafter.llm.n_vocab(), s, last_n)
        return draft_sampled(drafter, dist, tokens, reply, room, rng)
    guesses = drafter.propose(tokens, room)[:room]
    return guesses, [None] * len(guesses)
