from __future__ import annotations

import struct
from pathlib import Path

import pytest

from chatapp.core.models.gguf_header import ArraySummary, GGUFError, read_gguf_header
from tests.support import gguf_bytes as gb
from tests.support.tiny_models import CONTEXT_LENGTH, N_LAYER


def write(tmp_path: Path, data: bytes, name: str = "m.gguf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reads_tiny_model_metadata_and_tensors(tiny_q4: Path) -> None:
    h = read_gguf_header(tiny_q4)
    assert h.version == 3
    assert h.architecture == "llama"
    assert h.arch_value("context_length") == CONTEXT_LENGTH
    assert h.arch_value("block_count") == N_LAYER
    assert isinstance(h.get("tokenizer.ggml.tokens"), ArraySummary)
    assert h.get("tokenizer.ggml.tokens").count > 256
    names = {t.name for t in h.tensors}
    assert {"token_embd.weight", "output.weight", "blk.1.ffn_down.weight"} <= names
    last = max(h.tensors, key=lambda t: t.offset)
    assert h.data_offset + last.offset + last.n_bytes <= h.file_size


def test_minimal_valid_file(tmp_path: Path) -> None:
    h = read_gguf_header(write(tmp_path, gb.minimal_file()))
    assert h.tensors[0].shape == (32,)
    assert h.tensors[0].n_bytes == 128


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "too small"),
        (b"PK\x03\x04" + b"\0" * 60, "does not start with 'GGUF'"),
        (gb.header(0, 0, version=1) + b"\0" * 8, "version 1"),
        (gb.header(0, 0, version=4) + b"\0" * 8, "version 4"),
        (gb.header(0, 2**64 - 1) + b"\0" * 8, "claims"),
        (gb.header(2**63, 0) + b"\0" * 8, "claims"),
        (gb.header(0, 1) + struct.pack("<Q", 2**64 - 2) + b"x" * 16, "damaged"),
        (
            gb.header(0, 2) + gb.kv_u32("a", 1) + gb.kv_u32("a", 2),
            "appears twice",
        ),
        (
            gb.header(0, 1) + gb.kv_u32("general.alignment", 3) + b"\0" * 8,
            "not a power of two",
        ),
        (
            gb.header(1, 0) + gb.tensor_info("w", (2**40, 2**40, 2**40)) + b"\0" * 32,
            "impossibly large",
        ),
        (gb.header(1, 0) + gb.tensor_info("w", (0,)) + b"\0" * 32, "invalid dimension"),
        (gb.header(1, 0) + gb.tensor_info("w", (32,), ggml_type=999) + b"\0" * 32, "unknown type"),
    ],
)
def test_damaged_headers_get_clear_errors(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(GGUFError, match=message):
        read_gguf_header(write(tmp_path, data))


@pytest.mark.parametrize("keep", [0.5, 0.9, -1])
def test_truncated_files_are_rejected(tmp_path: Path, tiny_q4: Path, keep: float) -> None:
    data = tiny_q4.read_bytes()
    h = read_gguf_header(tiny_q4)
    data_end = max(h.data_offset + t.offset + t.n_bytes for t in h.tensors)
    cut = data_end - 1 if keep == -1 else int(len(data) * keep)  # -1: one byte short
    with pytest.raises(GGUFError, match="truncated"):
        read_gguf_header(write(tmp_path, data[:cut]))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(GGUFError, match="no such file"):
        read_gguf_header(tmp_path / "nope.gguf")
    with pytest.raises(GGUFError, match="folder"):
        read_gguf_header(tmp_path)
