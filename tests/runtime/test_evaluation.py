"""The quantization lab in the runtime: llama.cpp's quantization of a generated F16 model, and
perplexity / KL divergence measured against independent computations with raw llama-cpp-python."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import llama_cpp
import numpy as np
import pytest

from chatapp.core.engine import EngineError, EvaluatingEngine
from chatapp.core.evaluate.results import (
    EvaluationProgress,
    EvaluationSpec,
    QuantizeProgress,
    QuantizeSpec,
)
from chatapp.core.evaluate.texts import load_text
from chatapp.core.models.model_info import read_model_info
from chatapp.runtime.local_engine import LocalEngine
from tests.support.tiny_models import write_tiny_model

N_CTX = 128
TEXT = load_text("en")[1][:2500]  # ≈ 2,500 tokens with the tiny model's character vocabulary


@dataclass(frozen=True)
class Quants:
    f16: Path
    q8: Path
    q4: Path
    progress: dict[str, list[QuantizeProgress]]


@pytest.fixture(scope="module")
def quants(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Quants]:
    """A generated F16 model quantized by llama.cpp to Q8_0 and Q4_0."""
    folder = tmp_path_factory.mktemp("lab")
    f16 = write_tiny_model(folder / "tiny-F16.gguf", "F16", name="Lab Tiny", logit_scale=0.1)
    engine = LocalEngine()
    progress: dict[str, list[QuantizeProgress]] = {}
    try:
        for q in ("Q8_0", "Q4_0"):
            seen: list[QuantizeProgress] = []
            spec = QuantizeSpec(str(f16), str(folder / f"tiny-{q}.gguf"), q, n_threads=1)
            result = engine.quantize(spec, seen.append)
            assert Path(result.output).exists() and result.size > 0
            progress[q] = seen
    finally:
        engine.close()
    yield Quants(f16, folder / "tiny-Q8_0.gguf", folder / "tiny-Q4_0.gguf", progress)


@pytest.fixture
def engine(app_paths) -> Iterator[LocalEngine]:  # type: ignore[no-untyped-def]
    e = LocalEngine(log_path=app_paths.runtime_log)
    yield e
    e.close()


def spec(path: Path, **extra: object) -> EvaluationSpec:
    return EvaluationSpec(str(path), TEXT, "alice", n_ctx=N_CTX, n_threads=1, **extra)  # type: ignore[arg-type]


def independent_perplexity(path: Path, text: str, n_ctx: int) -> tuple[float, int]:
    """llama.cpp's method, computed from all the logits of each window (logits_all=True)."""
    llm = llama_cpp.Llama(
        str(path), n_ctx=n_ctx, n_batch=n_ctx, logits_all=True, n_threads=1, verbose=False
    )
    try:
        tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
        nll: list[float] = []
        first = n_ctx // 2
        for i in range(len(tokens) // n_ctx):
            window = tokens[i * n_ctx : (i + 1) * n_ctx]
            window[0] = llm.token_bos()
            llm.reset()
            llm.eval(window)
            logits = np.array(llm.scores[:n_ctx], dtype=np.float64)
            top = logits.max(axis=1, keepdims=True)
            logp = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
            for j in range(first, n_ctx - 1):
                nll.append(-logp[j, window[j + 1]])
        return float(np.exp(np.mean(nll))), len(nll)
    finally:
        llm.close()


def test_llama_cpp_quantizes_an_f16_model_with_progress(quants: Quants) -> None:
    f16, q8, q4 = (read_model_info(p) for p in (quants.f16, quants.q8, quants.q4))
    assert (f16.quantization, q8.quantization, q4.quantization) == ("F16", "Q8_0", "Q4_0")
    assert f16.file_size > q8.file_size > q4.file_size
    assert q8.n_params == f16.n_params
    seen = quants.progress["Q4_0"]
    assert [p.done for p in seen] == list(range(1, len(seen) + 1))
    assert seen[-1].done == seen[-1].total == 21  # every tensor of the tiny model


def test_perplexity_matches_an_independent_computation(engine: LocalEngine, quants: Quants) -> None:
    assert isinstance(engine, EvaluatingEngine)
    events: list[EvaluationProgress] = []
    result = engine.evaluate(spec(quants.f16, speed=False), events.append)
    expected, count = independent_perplexity(quants.f16, TEXT, N_CTX)
    assert result.n_scored == count == result.n_chunks * (N_CTX - 1 - N_CTX // 2)
    assert result.perplexity == pytest.approx(expected, rel=1e-3)
    assert 0 < result.perplexity_error < result.perplexity
    assert events[0].phase == "load" and events[-1].fraction == 1.0
    assert result.quantization == "F16" and result.n_threads == 1
    assert result.memory_bytes == result.weights_bytes + result.kv_bytes > result.file_size
    assert result.peak_rss_bytes > result.file_size
    assert result.prompt_tps is None and result.kld_mean is None


def test_kl_divergence_grows_as_bits_shrink(
    engine: LocalEngine, quants: Quants, tmp_path: Path
) -> None:
    reference = tmp_path / "f16.kref.npz"
    base = engine.evaluate(spec(quants.f16, save_reference=str(reference), speed=False))
    assert reference.exists() and reference.stat().st_size < base.n_scored * 32 * 8
    same = engine.evaluate(spec(quants.f16, reference=str(reference), speed=False))
    q8 = engine.evaluate(spec(quants.q8, reference=str(reference)))
    q4 = engine.evaluate(spec(quants.q4, reference=str(reference)))
    assert same.kld_mean is not None and same.kld_mean < 1e-6 and same.top1_agreement == 1.0
    assert q8.kld_mean is not None and q4.kld_mean is not None
    assert 0 < q8.kld_mean < q4.kld_mean
    assert q8.kld_p99 is not None and q4.kld_p99 is not None and q8.kld_p99 < q4.kld_p99
    assert q8.top1_agreement is not None and q4.top1_agreement is not None
    assert q8.top1_agreement > q4.top1_agreement
    assert q4.reference_name == "tiny-F16.gguf"
    assert q8.prompt_tps and q8.generation_tps and q8.prompt_tps > q8.generation_tps


def test_refusals_come_back_as_engine_errors(
    engine: LocalEngine, quants: Quants, tmp_path: Path
) -> None:
    with pytest.raises(EngineError) as short:
        engine.evaluate(EvaluationSpec(str(quants.q8), TEXT[:200], n_ctx=N_CTX, n_threads=1))
    assert short.value.kind == "too_short"
    reference = tmp_path / "r.kref.npz"
    engine.evaluate(spec(quants.f16, save_reference=str(reference), speed=False, max_chunks=2))
    with pytest.raises(EngineError) as mismatch:
        engine.evaluate(
            EvaluationSpec(str(quants.q8), TEXT, n_ctx=64, n_threads=1, reference=str(reference))
        )
    assert mismatch.value.kind == "bad_reference"
    with pytest.raises(EngineError) as requant:
        engine.quantize(QuantizeSpec(str(quants.q8), str(tmp_path / "x.gguf"), "Q4_0"))
    assert requant.value.kind == "already_quantized" and not (tmp_path / "x.gguf").exists()
    done = engine.quantize(QuantizeSpec(str(quants.q8), str(tmp_path / "x.gguf"), "Q4_0",
                                        allow_requantize=True))  # fmt: skip
    assert read_model_info(done.output).quantization == "Q4_0"


def test_cancel_stops_an_evaluation_within_a_second(engine: LocalEngine, quants: Quants) -> None:
    long_text = load_text("en")[1]  # ≈ 58,000 tokens: many seconds of work
    started = threading.Event()

    def on_progress(p: EvaluationProgress) -> None:
        if p.phase == "perplexity":
            started.set()

    failure: list[BaseException] = []
    stopped_at: list[float] = []

    def run() -> None:
        try:
            engine.evaluate(
                EvaluationSpec(str(quants.f16), long_text, n_ctx=256, n_threads=1), on_progress
            )
        except EngineError as exc:
            failure.append(exc)
        stopped_at.append(time.perf_counter())

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(30)
    pid = engine.lab.client.pid
    time.sleep(0.2)
    t0 = time.perf_counter()
    engine.cancel_lab()
    worker.join(5)
    assert stopped_at and stopped_at[0] - t0 < 1.0
    assert isinstance(failure[0], EngineError) and failure[0].kind == "cancelled"
    # Stopped cooperatively (between graph nodes), not by ending the process.
    assert engine.lab.client.pid == pid


def test_the_logits_budget_changes_the_steps_not_the_figures(
    quants: Quants, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small logits budgets split each window into more decodes; perplexity and the reference
    rows must not move (run in this process: the same code the runtime runs)."""
    from chatapp.runtime import evaluation

    def run(tmp: str) -> tuple[float, np.ndarray]:
        result = evaluation.evaluate(spec(quants.f16, speed=False, save_reference=tmp),
                                     lambda _p: None, lambda: False)  # fmt: skip
        from chatapp.core.evaluate.reference import load_reference

        return result.perplexity, load_reference(Path(tmp)).logp

    whole, whole_rows = run(str(Path(quants.f16).with_name("whole.kref.npz")))
    monkeypatch.setattr(evaluation, "OUTPUT_BYTES", 1)  # 16 rows a decode
    split, split_rows = run(str(Path(quants.f16).with_name("split.kref.npz")))
    assert split == pytest.approx(whole, rel=1e-4)
    np.testing.assert_allclose(split_rows, whole_rows, atol=1e-3)
    # Windows of 2,048: the first two decode steps (512 each) take no logits at all.
    text = load_text("en")[1][:9000]
    long_spec = EvaluationSpec(str(quants.f16), text, n_ctx=2048, n_threads=1, speed=False)
    long = evaluation.evaluate(long_spec, lambda _p: None, lambda: False)
    expected, count = independent_perplexity(quants.f16, text, 2048)
    assert long.n_scored == count and long.perplexity == pytest.approx(expected, rel=1e-3)
