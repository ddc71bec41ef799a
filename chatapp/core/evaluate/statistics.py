"""Running statistics for perplexity and KL divergence, computed the way llama.cpp's
perplexity tool computes them, so that figures are comparable with published ones."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.floating]


class NllAccumulator:
    """Negative log-likelihoods of scored tokens → perplexity ± one standard error.

    The error is propagated from the standard error of the mean NLL: ``ppl * sqrt(var / (n-1))``.
    """

    def __init__(self) -> None:
        self.count = 0
        self.total = 0.0
        self.total_sq = 0.0

    def add(self, nll: FloatArray) -> None:
        values = np.asarray(nll, dtype=np.float64)
        self.count += int(values.size)
        self.total += float(values.sum())
        self.total_sq += float(np.square(values).sum())

    @property
    def perplexity(self) -> float:
        return math.exp(self.total / self.count) if self.count else math.nan

    @property
    def error(self) -> float:
        if self.count < 2:
            return math.nan
        mean = self.total / self.count
        variance = self.total_sq / self.count - mean * mean
        if variance <= 0:
            return 0.0
        return self.perplexity * math.sqrt(variance / (self.count - 1))


def mean_and_error(values: FloatArray) -> tuple[float, float]:
    """The mean and its standard error."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return math.nan, math.nan
    mean = float(v.mean())
    if v.size < 2:
        return mean, math.nan
    return mean, float(v.std(ddof=1) / math.sqrt(v.size))


class KldAccumulator:
    """Per-token KL divergences and top-token agreement against a reference."""

    def __init__(self) -> None:
        self._kld: list[FloatArray] = []
        self._same: list[npt.NDArray[np.bool_]] = []

    def add(self, kld: FloatArray, same_top: npt.NDArray[np.bool_]) -> None:
        self._kld.append(np.asarray(kld, dtype=np.float64))
        self._same.append(np.asarray(same_top, dtype=bool))

    def _all(self) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        if not self._kld:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return np.concatenate(self._kld), np.concatenate(self._same)

    def summary(self) -> dict[str, float]:
        kld, same = self._all()
        mean, error = mean_and_error(kld)
        top1, top1_error = mean_and_error(same.astype(np.float64))
        p99 = float(np.percentile(kld, 99)) if kld.size else math.nan
        return {
            "kld_mean": mean,
            "kld_error": error,
            "kld_p99": p99,
            "top1_agreement": top1,
            "top1_error": top1_error,
        }


def topk_kld(
    ref_ids: npt.NDArray[np.integer], ref_logp: FloatArray, logq: FloatArray
) -> FloatArray:
    """KL(P_ref ‖ Q) per row, from the reference's top-k log-probabilities.

    ``logq`` holds the evaluated model's log-probabilities of the same ``ref_ids``. The tokens
    outside the top k are pooled into one "rest" outcome on both sides, so the figure is the
    exact divergence of the pooled distributions: a tight lower bound of the full divergence
    when the top k hold nearly all the probability.
    """
    p = np.exp(ref_logp.astype(np.float64))
    lq = logq.astype(np.float64)
    head = (p * (ref_logp - lq)).sum(axis=1)
    p_rest = np.clip(1.0 - p.sum(axis=1), 0.0, 1.0)
    q_rest = np.clip(1.0 - np.exp(lq).sum(axis=1), 1e-30, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = np.where(
            p_rest > 1e-12, p_rest * (np.log(np.maximum(p_rest, 1e-30)) - np.log(q_rest)), 0.0
        )
    return np.maximum(head + tail, 0.0)
