"""Quantizing a model file with llama.cpp, its per-tensor log lines read as progress."""

from __future__ import annotations

import ctypes
import time
from pathlib import Path

import llama_cpp.llama_cpp as llama_c

from chatapp.core.evaluate.quantize import (
    QUANT_TYPES,
    QuantizeRefused,
    check_source,
    parse_progress,
)
from chatapp.core.evaluate.results import QuantizeProgress, QuantizeResult, QuantizeSpec
from chatapp.core.hardware import physical_cores
from chatapp.runtime.host_types import HostError
from chatapp.runtime.lab_decoding import Cancelled, Report


def quantize(spec: QuantizeSpec, report: Report, cancelled: Cancelled) -> QuantizeResult:
    source, output = Path(spec.source), Path(spec.output)
    try:
        check_source(source, spec.quant_type, spec.allow_requantize)
    except QuantizeRefused as exc:
        raise HostError(exc.kind, exc.message) from None
    if output.exists():
        raise HostError("exists", f"{output.name} already exists")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    params = llama_c.llama_model_quantize_default_params()
    params.ftype = QUANT_TYPES[spec.quant_type].ftype
    params.nthread = spec.n_threads or physical_cores()
    params.allow_requantize = spec.allow_requantize
    pending = [""]
    errors: list[str] = []

    # llama.cpp logs one "[ i/ n] tensor …" line per tensor: that is the progress.
    @llama_c.llama_log_callback  # type: ignore[misc]
    def on_log(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
        pending[0] += text.decode("utf-8", "replace")
        *lines, pending[0] = pending[0].split("\n")
        for line in lines:
            found = parse_progress(line)
            if found is not None:
                report(QuantizeProgress(*found))
            elif level == 2:  # GGML_LOG_LEVEL_ERROR
                errors.append(line.strip())

    from llama_cpp import _logger

    t0 = time.perf_counter()
    llama_c.llama_log_set(on_log, ctypes.c_void_p(0))
    try:
        rc = llama_c.llama_model_quantize(
            str(source).encode(), str(partial).encode(), ctypes.byref(params)
        )
    finally:
        llama_c.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))
    if rc != 0 or cancelled():
        partial.unlink(missing_ok=True)
        if rc == 0:
            raise HostError("cancelled", "the quantization was stopped")
        detail = f": {errors[-1]}" if errors else ""
        raise HostError("quantize_failed", f"llama.cpp could not quantize {source.name}{detail}")
    partial.replace(output)
    return QuantizeResult(
        str(output), spec.quant_type, output.stat().st_size, time.perf_counter() - t0
    )
