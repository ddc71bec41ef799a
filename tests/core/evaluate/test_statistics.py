"""Perplexity and KL-divergence statistics against direct computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chatapp.core.evaluate.statistics import KldAccumulator, NllAccumulator, topk_kld


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=1, keepdims=True))


def test_perplexity_and_its_error_follow_llama_cpp() -> None:
    rng = np.random.default_rng(0)
    nll = rng.gamma(2.0, 1.5, size=1000)
    acc = NllAccumulator()
    for part in np.array_split(nll, 7):  # added in pieces, as windows arrive
        acc.add(part)
    mean = nll.mean()
    assert acc.perplexity == pytest.approx(math.exp(mean), rel=1e-12)
    # llama.cpp: ppl * sqrt((E[x²] - E[x]²) / (n - 1))
    expected = math.exp(mean) * math.sqrt(((nll**2).mean() - mean**2) / (len(nll) - 1))
    assert acc.error == pytest.approx(expected, rel=1e-9)


def test_topk_kld_is_exact_when_k_covers_the_vocabulary() -> None:
    rng = np.random.default_rng(1)
    p = log_softmax(rng.normal(size=(5, 40)) * 3)
    q = log_softmax(rng.normal(size=(5, 40)) * 3)
    ids = np.argsort(-p, axis=1)
    rows = np.arange(5)[:, None]
    got = topk_kld(ids, p[rows, ids], q[rows, ids])
    exact = (np.exp(p) * (p - q)).sum(axis=1)
    np.testing.assert_allclose(got, exact, rtol=1e-9)


def test_topk_kld_is_a_lower_bound_that_tightens_with_k() -> None:
    rng = np.random.default_rng(2)
    p = log_softmax(rng.normal(size=(20, 500)) * 4)
    q = log_softmax(p + rng.normal(size=(20, 500)) * 0.3)
    exact = (np.exp(p) * (p - q)).sum(axis=1)
    rows = np.arange(20)[:, None]
    previous = np.zeros(20)
    for k in (4, 32, 128):
        ids = np.argsort(-p, axis=1)[:, :k]
        got = topk_kld(ids, p[rows, ids], q[rows, ids])
        assert np.all(got <= exact + 1e-12)
        assert np.all(got >= previous - 1e-12)
        previous = got
    assert previous.mean() > 0.9 * exact.mean()


def test_identical_distributions_have_zero_divergence_and_full_agreement() -> None:
    p = log_softmax(np.random.default_rng(3).normal(size=(8, 50)))
    ids = np.argsort(-p, axis=1)[:, :10]
    rows = np.arange(8)[:, None]
    acc = KldAccumulator()
    acc.add(topk_kld(ids, p[rows, ids], p[rows, ids]), np.ones(8, dtype=bool))
    s = acc.summary()
    assert s["kld_mean"] == pytest.approx(0.0, abs=1e-12)
    assert s["top1_agreement"] == 1.0
    assert s["kld_p99"] == pytest.approx(0.0, abs=1e-12)
