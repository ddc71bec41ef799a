"""How much memory a model needs at a context length, and how much this machine has free.

The parts are the buffers llama.cpp reports when it loads a model (``runtime/memory_report.py``
reads them), modelled from the GGUF header:

- weights: the file, mapped;
- KV cache: per layer and KV head, a key and a value per token, in the cache's type
  (llama-cpp-python keeps full-size caches for sliding-window layers too);
- compute: llama.cpp reserves room for its largest graph over a micro-batch of ``N_UBATCH``
  tokens. The largest tensors are the logits (vocabulary × f32 per token) or, without flash
  attention, the attention scores (context × f32 per token and head, plus the mask); flash
  attention keeps only the mask, in f16. Measured against llama.cpp's report (0.3.36): within
  2 % for Gemma 3 270M (logits dominate) and a tiny model at 512–32,768 tokens (attention
  dominates: 320.8 MiB without flash attention at 32,768 tokens, 33.0 MiB with it);
- output: one row of logits;
- the runtime process itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from chatapp.core.models.model_info import ModelInfo

# The runtime process itself: Python and the libraries (55 MB measured with a tiny model).
RUNTIME_OVERHEAD_BYTES = 100 * 1024 * 1024
# Bytes per cached value: f16, or Q8_0 (blocks of 32 values in 34 bytes).
KV_BYTES_PER_VALUE = {"f16": 2.0, "q8_0": 34 / 32}
# Tokens per micro-batch: llama-cpp-python's n_ubatch (the runtime keeps its default).
N_UBATCH = 512
F32, F16 = 4, 2


def kv_cache_bytes(info: ModelInfo, n_ctx: int, kv_cache_type: str = "f16") -> int:
    per_token = info.n_layer * info.n_head_kv * (info.key_length + info.value_length)
    return int(per_token * n_ctx * KV_BYTES_PER_VALUE[kv_cache_type])


def compute_bytes(info: ModelInfo, n_ctx: int, flash_attn: bool = False) -> int:
    """llama.cpp's compute buffer: the larger of the logits and the attention scores."""
    logits = info.n_vocab * F32
    attention = n_ctx * F16 if flash_attn else n_ctx * (info.n_head + 1) * F32
    return N_UBATCH * max(logits, attention)


def llama_buffers(
    info: ModelInfo, n_ctx: int, kv_cache_type: str = "f16", flash_attn: bool = False
) -> dict[str, int]:
    """The buffers llama.cpp will allocate, named as ``runtime/memory_report.py`` names them."""
    return {
        "weights": info.file_size,
        "kv_cache": kv_cache_bytes(info, n_ctx, kv_cache_type),
        "compute": compute_bytes(info, n_ctx, flash_attn),
        "output": info.n_vocab * F32,
    }


def required_bytes(
    info: ModelInfo, n_ctx: int, kv_cache_type: str = "f16", flash_attn: bool = False
) -> int:
    """Everything loading the model takes: llama.cpp's buffers and the runtime process."""
    buffers = llama_buffers(info, n_ctx, kv_cache_type, flash_attn)
    return sum(buffers.values()) + RUNTIME_OVERHEAD_BYTES


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
