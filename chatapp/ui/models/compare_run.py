"""What the Compare view runs on a worker: each chosen file evaluated in turn (the reference first,
saving its top-k rows), and the reports it sends back to the GUI thread."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from chatapp.core.engine import EvaluatingEngine
from chatapp.core.evaluate.results import EvaluationProgress, EvaluationResult, EvaluationSpec


@dataclass(frozen=True)
class Finished:
    """A report from the worker: one file's result is in."""

    result: EvaluationResult


@dataclass(frozen=True)
class Step:
    """A report from the worker: progress of file ``index`` of ``count``."""

    index: int
    count: int
    name: str
    progress: Any


def compare_files(
    engine: EvaluatingEngine,
    base: EvaluationSpec,
    paths: list[str],
    ref_file: str,
    stopping: Callable[[], bool],
    report: Callable[[Any], None],
) -> int:
    """Evaluate ``paths`` in turn; with a ``ref_file`` the first path is the reference and saves
    it, the others are compared with it."""
    for i, path in enumerate(paths):
        if stopping():
            break
        is_ref = bool(ref_file) and i == 0
        spec = replace(
            base,
            model_path=path,
            save_reference=ref_file if is_ref else None,
            reference=ref_file if ref_file and not is_ref else None,
        )
        step = functools.partial(Step, i, len(paths), Path(path).name)
        result = engine.evaluate(spec, lambda p, step=step: report(step(p)))  # type: ignore[misc]
        report(Finished(result))
    return len(paths)


def overall_fraction(step: Step, p: EvaluationProgress) -> float:
    """How far the whole comparison is: loading counts for nothing, perplexity for 85% of a file."""
    weight = {"load": 0.0, "perplexity": 0.85, "speed": 1.0}[p.phase]
    start = {"load": 0.0, "perplexity": 0.0, "speed": 0.85}[p.phase]
    within = start + (weight - start) * p.fraction if p.phase != "load" else 0.0
    return (step.index + within) / step.count
