"""Speculative sampling (``runtime/spec_sampling.py``) follows the target's distribution.

Real llama.cpp on the tiny generated pair. Three checks: the distribution computed for a place
is the one llama.cpp's own sampler draws from (draws at many seeds against it); the acceptance
rule gives back ``p`` exactly for real target and draft rows (the sum over keep and refuse);
and replies sampled speculatively, with the draft model and with prompt lookup, have at each
of their first places the token frequencies of plain sampling (a two-sample chi-square test
with a bound that a correct implementation exceeds about once in a million runs).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from llama_cpp import Llama
from llama_cpp._internals import LlamaSampler

from chatapp.runtime import protocol as p
from chatapp.runtime.prompt_lookup import PromptLookup
from chatapp.runtime.spec_sampling import (
    Distribution,
    draw,
    keep_probability,
    residual,
    sampled_tokens,
)
from chatapp.runtime.speculative import DraftModel, Fixed, last_logits
from tests.support.tiny_models import write_tiny_model

SAMPLING = p.Sampling(temperature=0.9, top_k=40, top_p=0.95, min_p=0.02, repeat_penalty=1.1)
PROMPT_TEXT = " the cat is on the mat and the dog is on the mat and the cat"
PLACES = 4
RUNS = 400


def _open(path: Path) -> Llama:
    return Llama(str(path), n_ctx=512, n_threads=1, verbose=False)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Llama, Llama]:
    root = tmp_path_factory.mktemp("sampling")
    flat = {"logit_scale": 0.05}  # flatter rows: many tokens are likely, refusals are common
    target = _open(write_tiny_model(root / "t.gguf", "Q8_0", **flat))
    draft = _open(write_tiny_model(root / "d.gguf", "Q8_0", seed=99, layers=1, **flat))
    return target, draft


def _chi_square_z(a: Counter[int], b: Counter[int]) -> float:
    """Wilson-Hilferty z of the two-sample chi-square statistic (equal sample sizes); rare
    categories are pooled."""
    keys = sorted(set(a) | set(b))
    common = [k for k in keys if a[k] + b[k] >= 10]
    rare_a = sum(a[k] for k in keys if k not in common)
    rare_b = sum(b[k] for k in keys if k not in common)
    cells = [(a[k], b[k]) for k in common] + ([(rare_a, rare_b)] if rare_a + rare_b else [])
    stat = sum((x - y) ** 2 / (x + y) for x, y in cells if x + y)
    k = max(1, len(cells) - 1)
    return ((stat / k) ** (1 / 3) - (1 - 2 / (9 * k))) / math.sqrt(2 / (9 * k))


def test_the_distribution_is_llama_cpps(pair: tuple[Llama, Llama]) -> None:
    target, _ = pair
    prompt = target.tokenize(PROMPT_TEXT.encode(), add_bos=True)
    target.reset()
    target.eval(prompt)
    logits = last_logits(target)
    history = prompt[-8:]
    probs = Distribution(target.n_vocab(), SAMPLING, 64).probs(logits, history)
    assert abs(probs.sum() - 1) < 1e-9 and (probs > 0).sum() > 5
    counts: Counter[int] = Counter()
    data = _token_data(logits)
    for seed in range(3000):
        chain = LlamaSampler()
        chain.add_penalties(target.n_vocab(), 64, SAMPLING.repeat_penalty, 0.0, 0.0)
        for token in history:
            chain.accept(token)
        chain.add_top_k(SAMPLING.top_k)
        chain.add_typical(1.0, 1)
        chain.add_top_p(SAMPLING.top_p, 1)
        chain.add_min_p(SAMPLING.min_p, 1)
        chain.add_temp(SAMPLING.temperature)
        chain.add_dist(seed)
        counts[_apply(chain, data)] += 1
        chain.close()
    assert set(counts) <= set(np.nonzero(probs)[0].tolist())
    rng = np.random.default_rng(7)
    ours = Counter(draw(probs, rng) for _ in range(3000))
    assert _chi_square_z(counts, ours) < 4.5


def _token_data(logits: np.ndarray) -> np.ndarray:
    import llama_cpp.llama_cpp as llama_c

    data = np.zeros(
        len(logits), dtype=np.ctypeslib.as_array((llama_c.llama_token_data * 1)()).dtype
    )
    data["id"] = np.arange(len(logits))
    data["logit"] = logits
    return data


def _apply(chain: LlamaSampler, data: np.ndarray) -> int:
    import ctypes

    import llama_cpp.llama_cpp as llama_c

    buf = data.copy()
    array = llama_c.llama_token_data_array(
        data=buf.ctypes.data_as(llama_c.llama_token_data_p),
        size=len(buf),
        selected=-1,
        sorted=False,
    )
    llama_c.llama_sampler_apply(chain.sampler, ctypes.byref(array))
    selected = np.ctypeslib.as_array(array.data, shape=(array.size,))[array.selected]
    return int(selected["id"])


def test_keeping_and_refusing_give_back_p(pair: tuple[Llama, Llama]) -> None:
    target, draft = pair
    prompt = target.tokenize(PROMPT_TEXT.encode(), add_bos=True)
    for llm in (target, draft):
        llm.reset()
        llm.eval(prompt)
    dist = Distribution(target.n_vocab(), SAMPLING, 64)
    p_row = dist.probs(last_logits(target), [])
    q_row = dist.probs(last_logits(draft), [])
    assert not np.allclose(p_row, q_row)
    for q in (q_row, None):
        emitted = np.zeros_like(p_row)
        refused = 0.0
        for guess in range(len(p_row)):
            chance = 1.0 if q is None else q[guess]
            if q is None and guess != int(np.argmax(q_row)):
                continue  # a certain guess: one token, the one lookup would copy
            keep = keep_probability(p_row, q, guess)
            emitted[guess] += chance * keep
            refused_here = chance * (1 - keep)
            emitted += refused_here * residual(p_row, q, guess)
            refused += refused_here
        assert np.allclose(emitted, p_row, atol=1e-9), q is None
        assert refused > 0.01  # refusals happened in this check


def _plain(llm: Llama, prompt: list[int], seed: int) -> list[int]:
    llm.reset()
    llm.set_seed(seed)
    out: list[int] = []
    for token in llm.generate(
        prompt,
        top_k=SAMPLING.top_k,
        top_p=SAMPLING.top_p,
        min_p=SAMPLING.min_p,
        temp=SAMPLING.temperature,
        repeat_penalty=SAMPLING.repeat_penalty,
        reset=True,
    ):
        out.append(token)
        if len(out) >= PLACES:
            break
    return out


def _speculative(llm: Llama, prompt: list[int], drafter: object, seed: int) -> list[int]:
    llm.reset()
    llm.eval(prompt)
    out: list[int] = []
    tokens = sampled_tokens(
        llm,
        prompt,
        Fixed(drafter),  # type: ignore[arg-type]
        SAMPLING,
        is_end=lambda t: False,
        rng=np.random.default_rng(seed),
    )
    for token in tokens:
        out.append(token)
        if len(out) >= PLACES:
            break
    tokens.close()
    return out


@pytest.fixture(scope="module")
def plain(pair: tuple[Llama, Llama]) -> list[list[int]]:
    target, _ = pair
    prompt = target.tokenize(PROMPT_TEXT.encode(), add_bos=True)
    return [_plain(target, prompt, seed) for seed in range(RUNS)]


@pytest.mark.parametrize("kind", ["draft", "lookup"])
def test_sampled_replies_follow_plain_sampling(
    pair: tuple[Llama, Llama], plain: list[list[int]], kind: str
) -> None:
    target, draft = pair
    prompt = target.tokenize(PROMPT_TEXT.encode(), add_bos=True)
    drafter = DraftModel(draft) if kind == "draft" else PromptLookup()
    fast = [_speculative(target, prompt, drafter, 10_000 + seed) for seed in range(RUNS)]
    for place in range(1, PLACES):
        a = Counter(r[place] for r in plain)
        b = Counter(r[place] for r in fast)
        assert _chi_square_z(a, b) < 4.5, (kind, place, a.most_common(5), b.most_common(5))
    # The pairs of places too: the guesses are kept or refused given what came before.
    a2 = Counter(r[1] * 100_000 + r[2] for r in plain)
    b2 = Counter(r[1] * 100_000 + r[2] for r in fast)
    assert _chi_square_z(a2, b2) < 4.5
