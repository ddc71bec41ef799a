"""A tiny random-weight vision projector (``mmproj-*.gguf``) for real llama.cpp image tests.

No vision model can be installed from the package registries, so the tests make one: a
CLIP-style vision transformer with an MLP projector ("mlp", the LLaVA layout), written with
the GGUF keys and tensor names that llama.cpp's CLIP loader (tools/mtmd/clip.cpp and
clip-impl.h) reads. Its output width must equal the text model's embedding width
(``tiny_models.N_EMBD``). A 32 × 32 input in 8 × 8 patches gives 16 image tokens.

``broken`` makes the damaged files the tests need: a projector for a different embedding
width, one whose projector type llama.cpp does not know, and one without its MLP weights.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Literal

import gguf
import numpy as np

from tests.support.tiny_models import N_EMBD

IMAGE_SIZE = 32
PATCH_SIZE = 8
VISION_EMBD = 32
VISION_FF = 48  # not equal to VISION_EMBD: llama.cpp's up/down swap heuristic stays out
VISION_HEADS = 2
VISION_LAYERS = 2
IMAGE_TOKENS = (IMAGE_SIZE // PATCH_SIZE) ** 2
Broken = Literal["width", "type", "tensors"]


def write_tiny_projector(
    path: Path,
    *,
    out_dim: int = N_EMBD,
    seed: int = 5,
    broken: Broken | None = None,
    name: str = "Kotoba Tiny Projector",
) -> Path:
    """Write a projector to ``path`` and return it. About 100 KB, written in milliseconds."""
    rng = np.random.default_rng(seed)
    if broken == "width":
        out_dim = out_dim * 2
    w = gguf.GGUFWriter(str(path), "clip")
    w.add_name(name)
    w.add_file_type(int(gguf.LlamaFileType.ALL_F32))
    w.add_clip_has_vision_encoder(True)
    w.add_clip_projector_type("no-such-projector" if broken == "type" else "mlp")
    w.add_vision_image_size(IMAGE_SIZE)
    w.add_vision_patch_size(PATCH_SIZE)
    w.add_vision_embedding_length(VISION_EMBD)
    w.add_vision_feed_forward_length(VISION_FF)
    w.add_vision_block_count(VISION_LAYERS)
    w.add_vision_head_count(VISION_HEADS)
    w.add_vision_attention_layernorm_eps(1e-6)
    w.add_vision_projection_dim(out_dim)
    w.add_vision_image_mean([0.5, 0.5, 0.5])
    w.add_vision_image_std([0.5, 0.5, 0.5])
    w.add_vision_use_gelu(True)

    def random(name: str, shape: tuple[int, ...], dtype: type = np.float32) -> None:
        w.add_tensor(name, (rng.standard_normal(shape) * 0.1).astype(dtype))

    def norm(name: str, width: int) -> None:
        w.add_tensor(f"{name}.weight", np.ones(width, np.float32))
        w.add_tensor(f"{name}.bias", np.zeros(width, np.float32))

    n_pos = IMAGE_TOKENS + 1  # the patches and the class embedding
    # numpy shapes are GGUF shapes reversed: the patch convolution is [patch, patch, 3, embd].
    random("v.patch_embd.weight", (VISION_EMBD, 3, PATCH_SIZE, PATCH_SIZE), np.float16)
    random("v.patch_embd.bias", (VISION_EMBD,))
    random("v.class_embd", (VISION_EMBD,))
    random("v.position_embd.weight", (n_pos, VISION_EMBD))
    norm("v.pre_ln", VISION_EMBD)
    for i in range(VISION_LAYERS):
        for part in ("q", "k", "v", "out"):
            random(f"v.blk.{i}.attn_{part}.weight", (VISION_EMBD, VISION_EMBD))
            random(f"v.blk.{i}.attn_{part}.bias", (VISION_EMBD,))
        norm(f"v.blk.{i}.ln1", VISION_EMBD)
        norm(f"v.blk.{i}.ln2", VISION_EMBD)
        random(f"v.blk.{i}.ffn_up.weight", (VISION_FF, VISION_EMBD))
        random(f"v.blk.{i}.ffn_up.bias", (VISION_FF,))
        random(f"v.blk.{i}.ffn_down.weight", (VISION_EMBD, VISION_FF))
        random(f"v.blk.{i}.ffn_down.bias", (VISION_EMBD,))
    if broken != "tensors":
        # The LLaVA projector: linear, GELU, linear, into the text model's embedding width.
        random("mm.0.weight", (out_dim, VISION_EMBD))
        random("mm.0.bias", (out_dim,))
        random("mm.2.weight", (out_dim, out_dim))
        random("mm.2.bias", (out_dim,))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def png_bytes(width: int, height: int, seed: int = 0) -> bytes:
    """A real RGB PNG of random pixels, written with zlib (no imaging library needed)."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))
    return png_from_rows(width, height, raw)


def png_from_rows(width: int, height: int, raw: bytes, *, level: int = 6) -> bytes:
    """A PNG from filtered scanlines (each row: a filter byte, then RGB bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, level))
        + chunk(b"IEND", b"")
    )


def png_bomb(side: int = 50_000) -> bytes:
    """A decompression bomb: a ``side`` × ``side`` RGB PNG of zeros, a few MB compressed
    (7.5 GB once decoded at 50,000), and a valid file. Deflating 7.5 GB would take a minute,
    so one block of rows is deflated with a full flush (byte-aligned, no back references) and
    repeated; the zlib trailer is the Adler-32 of that many zero bytes."""
    block_rows = 100
    row = b"\x00" * (1 + 3 * side)
    packer = zlib.compressobj(9)
    first = packer.compress(row * block_rows) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(row * block_rows) + packer.flush(zlib.Z_FULL_FLUSH)
    blocks, rest = divmod(side, block_rows)
    tail = packer.compress(row * rest) + packer.flush(zlib.Z_FULL_FLUSH) if rest else b""
    total = len(row) * side
    # The empty final stored block, then Adler-32 (for zeros: a = 1, b = length mod 65521).
    body = (
        first
        + again * (blocks - 1)
        + tail
        + b"\x03\x00"
        + struct.pack(">I", (total % 65521) << 16 | 1)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
