"""How much memory a model needs at a context length, and how much this machine has free."""

from __future__ import annotations

import os
from pathlib import Path

from chatapp.core.model_info import ModelInfo

# Compute buffers, scratch space and the runtime process itself, measured loosely on small models.
RUNTIME_OVERHEAD_BYTES = 150 * 1024 * 1024
KV_BYTES_PER_VALUE = 2  # the KV cache is f16


def kv_cache_bytes(info: ModelInfo, n_ctx: int) -> int:
    per_token = info.n_layer * info.n_head_kv * (info.key_length + info.value_length)
    return per_token * n_ctx * KV_BYTES_PER_VALUE


def required_bytes(info: ModelInfo, n_ctx: int) -> int:
    """Weights (the file, mapped) + KV cache + a fixed overhead."""
    return info.file_size + kv_cache_bytes(info, n_ctx) + RUNTIME_OVERHEAD_BYTES


def available_bytes() -> int:
    """Memory available to a new process now (MemAvailable on Linux)."""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0


def format_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"
