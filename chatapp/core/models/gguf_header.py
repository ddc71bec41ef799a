"""A bounded reader for GGUF file headers.

It reads the key/value metadata and the tensor table without loading any weights, and checks
every count and length against the file size before trusting it, so that a damaged or hostile
file ends in a :class:`GGUFError` with a clear message instead of a huge allocation or a crash
in native code. Large arrays (the vocabulary) are skipped and summarized, not materialized.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_DIMS = 4
# Arrays up to this many items are kept as values; longer ones become ArraySummary.
SMALL_ARRAY = 64
MAX_KEY_BYTES = 65_535

_SCALARS: dict[int, str] = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i",
    6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d",
}  # fmt: skip
_STRING, _ARRAY = 8, 9
_TYPE_NAMES = {
    0: "uint8", 1: "int8", 2: "uint16", 3: "int16", 4: "uint32", 5: "int32", 6: "float32",
    7: "bool", 8: "string", 9: "array", 10: "uint64", 11: "int64", 12: "float64",
}  # fmt: skip


class GGUFError(ValueError):
    """The file is not a GGUF model this app can use; the message says why, for a person."""


@dataclass(frozen=True)
class ArraySummary:
    """A metadata array too long to keep: its element type and length."""

    element_type: str
    count: int


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int
    n_elements: int
    n_bytes: int


@dataclass
class GGUFHeader:
    path: Path
    version: int
    file_size: int
    metadata: dict[str, Any]
    tensors: list[TensorInfo] = field(default_factory=list)
    alignment: int = DEFAULT_ALIGNMENT
    data_offset: int = 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(key, default)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    def arch_value(self, suffix: str, default: Any = None) -> Any:
        """The architecture-specific key, e.g. ``llama.context_length`` for ``context_length``."""
        return self.metadata.get(f"{self.architecture}.{suffix}", default)


class _Cursor:
    def __init__(self, buf: mmap.mmap | bytes, size: int) -> None:
        self.buf = buf
        self.size = size
        self.pos = 0

    def need(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise GGUFError(
                f"the file is truncated or damaged: {what} needs {n} bytes at offset {self.pos}, "
                f"but the file has {self.size} bytes"
            )

    def scalar(self, fmt: str, what: str) -> Any:
        n = struct.calcsize(fmt)
        self.need(n, what)
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += n
        return value

    def string(self, what: str, limit: int | None = None) -> str:
        length = self.scalar("<Q", f"the length of {what}")
        if limit is not None and length > limit:
            raise GGUFError(f"the file is damaged: {what} claims {length} bytes")
        self.need(length, what)
        raw = bytes(self.buf[self.pos : self.pos + length])
        self.pos += length
        return raw.decode("utf-8", errors="replace")


def _read_value(cur: _Cursor, vtype: int, key: str) -> Any:
    if vtype in _SCALARS:
        return cur.scalar(_SCALARS[vtype], f"the value of {key}")
    if vtype == _STRING:
        return cur.string(f"the value of {key}")
    if vtype == _ARRAY:
        etype = cur.scalar("<I", f"the array type of {key}")
        count = cur.scalar("<Q", f"the array length of {key}")
        if etype == _ARRAY:
            raise GGUFError(f"the file is damaged: {key} is a nested array")
        if etype == _STRING:
            # Each string is at least its 8-byte length prefix.
            cur.need(count * 8, f"the {count} strings of {key}")
            if count <= SMALL_ARRAY:
                return [cur.string(f"an item of {key}") for _ in range(count)]
            _skip_strings(cur, count, key)
            return ArraySummary("string", count)
        if etype not in _SCALARS:
            raise GGUFError(f"the file is damaged: {key} has an unknown element type {etype}")
        width = struct.calcsize(_SCALARS[etype])
        cur.need(count * width, f"the {count} items of {key}")
        if count <= SMALL_ARRAY:
            fmt = "<" + _SCALARS[etype][1] * count
            values = list(struct.unpack_from(fmt, cur.buf, cur.pos))
            cur.pos += count * width
            return values
        cur.pos += count * width
        return ArraySummary(_TYPE_NAMES[etype], count)
    raise GGUFError(f"the file is damaged: {key} has an unknown value type {vtype}")


_U64 = struct.Struct("<Q")


def _skip_strings(cur: _Cursor, count: int, key: str) -> None:
    """Skip ``count`` length-prefixed strings; vocabularies have 100,000s, so the loop is tight."""
    unpack, buf, size, pos = _U64.unpack_from, cur.buf, cur.size, cur.pos
    for _ in range(count):
        if pos + 8 > size:
            break
        pos += 8 + unpack(buf, pos)[0]
    else:
        if pos <= size:
            cur.pos = pos
            return
    cur.pos = min(pos, size)
    cur.need(1, f"the strings of {key}")


def _tensor_bytes(name: str, shape: tuple[int, ...], ggml_type: int) -> tuple[int, int]:
    try:
        qtype = gguf.GGMLQuantizationType(ggml_type)
        block, type_size = gguf.GGML_QUANT_SIZES[qtype]
    except (ValueError, KeyError):
        raise GGUFError(f"tensor {name!r} has an unknown type {ggml_type}") from None
    n_elements = 1
    for dim in shape:
        if dim <= 0:
            raise GGUFError(f"tensor {name!r} has an invalid dimension {dim}")
        n_elements *= dim
        if n_elements >= 2**62:
            raise GGUFError(f"tensor {name!r} is impossibly large {shape}")
    if shape[0] % block:
        raise GGUFError(f"tensor {name!r} row of {shape[0]} is not a multiple of {block}")
    return n_elements, n_elements // block * type_size


# Keys llama.cpp reads without checking their type as carefully as we would like.
_STRING_ARRAYS = ("tokenizer.ggml.tokens", "tokenizer.ggml.merges")
_NUMBER_ARRAYS = {"tokenizer.ggml.scores": ("float32",), "tokenizer.ggml.token_type": ("int32",)}


def _check_known_keys(path: Path, metadata: dict[str, Any]) -> None:
    def fail(key: str, want: str) -> GGUFError:
        return GGUFError(f"{path.name} is damaged: {key} should be {want}")

    arch = metadata.get("general.architecture")
    if arch is not None and not isinstance(arch, str):
        raise fail("general.architecture", "text")
    for key in _STRING_ARRAYS:
        value = metadata.get(key)
        if value is None:
            continue
        ok = (isinstance(value, ArraySummary) and value.element_type == "string") or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise fail(key, "a list of strings")
    n_tokens = _length(metadata.get("tokenizer.ggml.tokens"))
    for key, kinds in _NUMBER_ARRAYS.items():
        value = metadata.get(key)
        if value is None:
            continue
        if isinstance(value, ArraySummary):
            if value.element_type not in kinds:
                raise fail(key, f"an array of {kinds[0]}")
        elif not isinstance(value, list) or any(isinstance(v, str) for v in value):
            raise fail(key, "an array of numbers")
        if n_tokens is not None and _length(value) != n_tokens:
            raise GGUFError(f"{path.name} is damaged: {key} does not match the vocabulary size")
    if isinstance(arch, str):
        for suffix in ("block_count", "embedding_length", "context_length"):
            value = metadata.get(f"{arch}.{suffix}")
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value <= 0
            ):
                raise fail(f"{arch}.{suffix}", "a positive whole number")


def _length(value: Any) -> int | None:
    if isinstance(value, ArraySummary):
        return value.count
    if isinstance(value, list):
        return len(value)
    return None


class HeaderIncomplete(GGUFError):
    """The bytes at hand end before the header does (fetch more and try again)."""


def parse_header_bytes(data: bytes, file_size: int, name: str) -> GGUFHeader:
    """Parse the start of a remote file: ``data`` holds its first bytes, ``file_size`` its size."""
    try:
        return _parse(Path(name), data, file_size, available=len(data))
    except GGUFError as exc:
        if len(data) < file_size and "needs" in str(exc):
            raise HeaderIncomplete(str(exc)) from None
        raise


def read_gguf_header(path: str | os.PathLike[str]) -> GGUFHeader:
    """Parse and validate a GGUF header. Raises GGUFError (or OSError for I/O problems)."""
    path = Path(path)
    if not path.exists():
        raise GGUFError(f"no such file: {path}")
    if path.is_dir():
        raise GGUFError(f"{path} is a folder, not a model file")
    size = path.stat().st_size
    if size < 24:
        raise GGUFError(f"{path.name} is not a GGUF model ({size} bytes is too small)")
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        return _parse(path, buf, size)


def _parse(
    path: Path, buf: mmap.mmap | bytes, size: int, available: int | None = None
) -> GGUFHeader:
    """``size``: the file's size; ``available``: how much of it ``buf`` holds (all by default)."""
    cur = _Cursor(buf, size if available is None else available)
    if bytes(buf[:4]) != MAGIC:
        raise GGUFError(f"{path.name} is not a GGUF model (it does not start with 'GGUF')")
    cur.pos = 4
    version = cur.scalar("<I", "the version")
    if version not in SUPPORTED_VERSIONS:
        raise GGUFError(f"{path.name} uses GGUF version {version}; supported: 2 and 3")
    n_tensors = cur.scalar("<Q", "the tensor count")
    n_kv = cur.scalar("<Q", "the metadata count")
    # The smallest possible key/value is 8 (key length) + 1 (key) + 4 (type) + 1 (value) bytes;
    # the smallest tensor record is 8 + 1 + 4 + 8 + 4 + 8. Counts beyond that cannot be true.
    if n_kv * 14 > size or n_tensors * 33 > size:
        raise GGUFError(
            f"{path.name} is damaged: it claims {n_tensors} tensors and {n_kv} metadata entries"
        )
    metadata: dict[str, Any] = {}
    for _ in range(n_kv):
        key = cur.string("a metadata key", limit=MAX_KEY_BYTES)
        vtype = cur.scalar("<I", f"the type of {key}")
        if key in metadata:
            raise GGUFError(f"{path.name} is damaged: the key {key!r} appears twice")
        metadata[key] = _read_value(cur, vtype, key)
    _check_known_keys(path, metadata)
    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise GGUFError(f"{path.name} is damaged: alignment {alignment!r} is not a power of two")
    tensors: list[TensorInfo] = []
    for _ in range(n_tensors):
        name = cur.string("a tensor name", limit=MAX_KEY_BYTES)
        n_dims = cur.scalar("<I", f"the dimensions of {name}")
        if not 1 <= n_dims <= MAX_DIMS:
            raise GGUFError(f"tensor {name!r} has {n_dims} dimensions")
        shape = tuple(cur.scalar("<Q", f"a dimension of {name}") for _ in range(n_dims))
        ggml_type = cur.scalar("<I", f"the type of {name}")
        offset = cur.scalar("<Q", f"the offset of {name}")
        n_elements, n_bytes = _tensor_bytes(name, shape, ggml_type)
        tensors.append(TensorInfo(name, shape, ggml_type, offset, n_elements, n_bytes))
    data_offset = -(-cur.pos // alignment) * alignment
    for t in tensors:
        end = data_offset + t.offset + t.n_bytes
        if t.offset % alignment or end > size:
            raise GGUFError(
                f"{path.name} is truncated or damaged: tensor {t.name!r} ends at byte {end}, "
                f"the file has {size}"
            )
    return GGUFHeader(path, version, size, metadata, tensors, alignment, data_offset)
