"""Build GGUF byte strings by hand, to make damaged files on purpose."""

from __future__ import annotations

import struct


def gguf_string(s: str | bytes) -> bytes:
    raw = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(raw)) + raw


def kv_u32(key: str, value: int) -> bytes:
    return gguf_string(key) + struct.pack("<II", 4, value)


def kv_str(key: str, value: str) -> bytes:
    return gguf_string(key) + struct.pack("<I", 8) + gguf_string(value)


def header(n_tensors: int, n_kv: int, version: int = 3, magic: bytes = b"GGUF") -> bytes:
    return magic + struct.pack("<IQQ", version, n_tensors, n_kv)


def tensor_info(name: str, shape: tuple[int, ...], ggml_type: int = 0, offset: int = 0) -> bytes:
    out = gguf_string(name) + struct.pack("<I", len(shape))
    out += b"".join(struct.pack("<Q", d) for d in shape)
    return out + struct.pack("<IQ", ggml_type, offset)


def minimal_file(*, kvs: list[bytes] | None = None, tensor_bytes: int = 128) -> bytes:
    """A structurally valid GGUF: one F32 tensor of 32 values, padded to 32-byte alignment."""
    kvs = kvs if kvs is not None else [kv_str("general.architecture", "llama")]
    body = header(1, len(kvs)) + b"".join(kvs) + tensor_info("w", (32,), 0, 0)
    body += b"\0" * (-len(body) % 32)
    return body + b"\0" * tensor_bytes
