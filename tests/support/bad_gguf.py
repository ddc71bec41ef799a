"""A corpus of malformed GGUF files, each damaged in one way."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

from tests.support import gguf_bytes as gb
from tests.support.tiny_models import write_tiny_model


def _valid(tmp: Path) -> bytes:
    return write_tiny_model(tmp / "valid.gguf", "Q4_0").read_bytes()


def _data_end(path: Path) -> int:
    from chatapp.core.models.gguf_header import read_gguf_header

    h = read_gguf_header(path)
    return max(h.data_offset + t.offset + t.n_bytes for t in h.tensors)


def _arch() -> bytes:
    return gb.kv_str("general.architecture", "llama")


BUILDERS: dict[str, Callable[[Path], bytes]] = {
    "wrong_magic": lambda t: b"GGUX" + _valid(t)[4:],
    "version_1": lambda t: b"GGUF" + struct.pack("<I", 1) + _valid(t)[8:],
    "version_4": lambda t: b"GGUF" + struct.pack("<I", 4) + _valid(t)[8:],
    "tensor_count_2_64": lambda t: gb.header(2**64 - 1, 1) + _arch() + b"\0" * 64,
    "kv_count_2_64": lambda t: gb.header(0, 2**64 - 1) + _arch() + b"\0" * 64,
    "string_length_2_64": lambda t: gb.header(0, 1) + struct.pack("<Q", 2**64 - 5) + b"x" * 64,
    "dims_overflow": lambda t: (
        gb.header(1, 1) + _arch() + gb.tensor_info("w", (2**40, 2**40, 2**40)) + b"\0" * 64
    ),
    "dim_zero": lambda t: gb.header(1, 1) + _arch() + gb.tensor_info("w", (0, 32)) + b"\0" * 64,
    "negative_dim": lambda t: (
        gb.header(1, 1) + _arch() + gb.tensor_info("w", (2**64 - 32,)) + b"\0" * 64
    ),
    "empty": lambda t: b"",
    "truncated_half": lambda t: _valid(t)[: len(_valid(t)) // 2],
    "one_byte_short": lambda t: _valid(t)[: _data_end(t / "valid.gguf") - 1],
    "alignment_3": lambda t: (
        gb.header(0, 2) + _arch() + gb.kv_u32("general.alignment", 3) + b"\0" * 64
    ),
    "duplicate_keys": lambda t: gb.header(0, 2) + _arch() + _arch() + b"\0" * 64,
    "tokenizer_wrong_type": lambda t: write_tiny_model(
        t / "ints.gguf", "Q4_0", tokens_as_numbers=True
    ).read_bytes(),
    "unknown_tensor_type": lambda t: (
        gb.header(1, 1) + _arch() + gb.tensor_info("w", (32,), 999) + b"\0" * 64
    ),
    "tensor_past_end": lambda t: (
        gb.header(1, 1) + _arch() + gb.tensor_info("w", (32,), 0, 4096) + b"\0" * 64
    ),
    "too_many_dims": lambda t: (
        gb.header(1, 1) + _arch() + gb.tensor_info("w", (1,) * 9) + b"\0" * 64
    ),
    "unknown_value_type": lambda t: (
        gb.header(0, 1) + gb.gguf_string("k") + struct.pack("<I", 99) + b"\0" * 64
    ),
    "nested_array": lambda t: (
        gb.header(0, 1) + gb.gguf_string("k") + struct.pack("<IIQ", 9, 9, 1) + b"\0" * 64
    ),
    "not_gguf_at_all": lambda t: b"PK\x03\x04" + b"zip file, not a model " * 10,
}


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    scratch = folder / "scratch"
    scratch.mkdir(exist_ok=True)
    out = {}
    for name, build in BUILDERS.items():
        path = folder / f"{name}.gguf"
        path.write_bytes(build(scratch))
        out[name] = path
    return out
