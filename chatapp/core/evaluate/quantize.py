"""Which quantizations can be made, from which files, and where they go.

The quantizing itself is llama.cpp's ``llama_model_quantize`` in the runtime process; this module
decides what to ask for and refuses what makes no sense before any native code runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import gguf

from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.model_info import ModelInfo, read_model_info


@dataclass(frozen=True)
class QuantType:
    name: str
    ftype: int  # llama.cpp's llama_ftype
    approx_bpw: float  # bits per weight of a typical 7B model, for choosing (llama.cpp's table)


def _quant(name: str, bpw: float) -> QuantType:
    return QuantType(name, int(gguf.LlamaFileType[f"MOSTLY_{name}"]), bpw)


# From the largest to the smallest; the figures are llama.cpp's quantize tool's own.
QUANT_TYPES: dict[str, QuantType] = {
    q.name: q
    for q in (
        _quant("Q8_0", 8.50),
        _quant("Q6_K", 6.56),
        _quant("Q5_K_M", 5.67),
        _quant("Q5_K_S", 5.54),
        _quant("Q4_K_M", 4.89),
        _quant("Q4_K_S", 4.58),
        _quant("Q4_0", 4.34),
        _quant("Q3_K_M", 3.91),
        _quant("Q2_K", 2.96),
    )
}
# Files llama.cpp quantizes without losing twice: the unquantized ones.
SOURCE_TYPES = ("F32", "F16", "BF16")


class QuantizeRefused(ValueError):
    """``kind``: "not_gguf", "already_quantized", "unknown_type", "exists"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def check_source(path: Path, quant_type: str, allow_requantize: bool = False) -> ModelInfo:
    """The source's header, if it may be quantized to ``quant_type``; else QuantizeRefused."""
    if quant_type not in QUANT_TYPES:
        raise QuantizeRefused(
            "unknown_type",
            f"unknown quantization {quant_type}; choose one of {', '.join(QUANT_TYPES)}",
        )
    try:
        info = read_model_info(path)
    except (GGUFError, OSError) as exc:
        raise QuantizeRefused("not_gguf", f"{path.name}: {exc}") from None
    if info.quantization not in SOURCE_TYPES and not allow_requantize:
        raise QuantizeRefused(
            "already_quantized",
            f"{path.name} is already quantized ({info.quantization}); quantizing it again loses "
            "more quality than quantizing its 16-bit original. Use an F16, BF16 or F32 file, or "
            "insist (--allow-requantize).",
        )
    return info


_PRECISION = re.compile(r"[-._](f32|f16|bf16|fp16|q\d\w*|iq\d\w*)$", re.IGNORECASE)


def output_path(source: Path, quant_type: str, folder: Path) -> Path:
    """``folder/<name>-<TYPE>.gguf``, the source's own precision tag replaced."""
    stem = _PRECISION.sub("", source.stem) or source.stem
    return folder / f"{stem}-{quant_type}.gguf"


_PROGRESS = re.compile(r"^\[\s*(\d+)\s*/\s*(\d+)\]\s+(\S+)")


def parse_progress(line: str) -> tuple[int, int, str] | None:
    """llama.cpp logs ``[  12/ 291] blk.1.attn_q.weight - …`` per tensor: (done, total, name)."""
    m = _PROGRESS.match(line.strip())
    return (int(m[1]), int(m[2]), m[3]) if m else None
