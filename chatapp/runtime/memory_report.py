"""What llama.cpp says it allocated while loading a model, read from its own log lines.

llama.cpp logs each buffer it allocates ("model buffer size", "KV buffer size", "compute buffer
size", "output buffer size", in MiB with two decimals) and no C function of 0.3.36 returns these
figures, so the runtime listens to the log while ``Llama()`` runs. The figures go into the load
info (``memory_reported``) beside the estimate (``chatapp/core/models/memory.py``); the error
lines explain a refused context better than llama-cpp-python's "Failed to create llama_context".
"""

from __future__ import annotations

import contextlib
import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import llama_cpp
from llama_cpp import _logger

MIB = 1024 * 1024
_BUFFER = re.compile(r"\b(model|KV|compute|output) buffer size =\s*([0-9.]+) MiB")
_KINDS = {"model": "weights", "KV": "kv_cache", "compute": "compute", "output": "output"}
_ERROR = 3  # GGML_LOG_LEVEL_ERROR


@dataclass
class MemoryReport:
    bytes: dict[str, int] = field(default_factory=dict)  # weights, kv_cache, compute, output
    errors: list[str] = field(default_factory=list)

    def add_line(self, level: int, text: str) -> None:
        for kind, mib in _BUFFER.findall(text):
            key = _KINDS[kind]
            self.bytes[key] = self.bytes.get(key, 0) + round(float(mib) * MIB)
        if level == _ERROR and text.strip():
            self.errors.append(text.strip())

    @property
    def total(self) -> int:
        return sum(self.bytes.values())


@contextlib.contextmanager
def capture_memory_report() -> Iterator[MemoryReport]:
    """Record llama.cpp's buffer sizes while the block runs; its log still reaches stderr."""
    report = MemoryReport()
    original = _logger.llama_log_callback

    @llama_cpp.llama_log_callback  # type: ignore[misc]
    def listen(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        report.add_line(level, text.decode("utf-8", "replace"))
        original(level, text, user_data)

    llama_cpp.llama_log_set(listen, ctypes.c_void_p(0))
    try:
        yield report
    finally:
        llama_cpp.llama_log_set(original, ctypes.c_void_p(0))
