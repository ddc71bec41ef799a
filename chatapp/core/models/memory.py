"""How much memory a model needs at a context length, and how much this machine has free."""

from __future__ import annotations

import os
from pathlib import Path

from chatapp.core.models.model_info import ModelInfo

# Compute buffers, scratch space and the runtime process itself, measured loosely on small models.
RUNTIME_OVERHEAD_BYTES = 150 * 1024 * 1024
# Bytes per cached value: f16, or Q8_0 (blocks of 32 values in 34 bytes).
KV_BYTES_PER_VALUE = {"f16": 2.0, "q8_0": 34 / 32}


def kv_cache_bytes(info: ModelInfo, n_ctx: int, kv_cache_type: str = "f16") -> int:
    per_token = info.n_layer * info.n_head_kv * (info.key_length + info.value_length)
    return int(per_token * n_ctx * KV_BYTES_PER_VALUE[kv_cache_type])


def required_bytes(info: ModelInfo, n_ctx: int, kv_cache_type: str = "f16") -> int:
    """Weights (the file, mapped) + KV cache + a fixed overhead."""
    return info.file_size + kv_cache_bytes(info, n_ctx, kv_cache_type) + RUNTIME_OVERHEAD_BYTES


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
