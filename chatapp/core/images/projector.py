"""A vision projector (``mmproj-*.gguf``) from its GGUF header: what it is, which text models
it fits, and how many prompt tokens an image costs with it.

The token counts follow llama.cpp's image preprocessing (tools/mtmd/clip.cpp) per projector
type: fixed-size encoders cost (image size / patch size)² tokens, divided by the merge factor
squared where patches are merged; dynamic-resolution ones (Qwen2-VL family) cost by the
image's own size within the projector's pixel limits; tiling ones (SmolVLM/Idefics3, MiniCPM-V,
LLaVA-1.6) add a tile's worth per slice. Fixed-size types are exact; the others are the
count the runtime's planner budgets with (the runtime measures the exact count on use).
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass
from typing import Any

from chatapp.core.models.gguf_header import GGUFError, GGUFHeader, read_gguf_header

CLIP_ARCH = "clip"
LLAVA_TYPES = ("mlp", "mlp_norm", "ldp", "ldpv2")
QWEN_TYPES = ("qwen2vl_merger", "qwen2.5vl_merger", "qwen3vl_merger", "qwen2.5o")
# llama.cpp's defaults for the Qwen-VL family (clip.cpp: set_limit_image_tokens(8, 4096)).
QWEN_MIN_TOKENS, QWEN_MAX_TOKENS = 8, 4096


class ProjectorError(GGUFError):
    """The file is not a vision projector Kotoba can use; the message says why."""


@dataclass(frozen=True)
class ProjectorInfo:
    path: str
    projector_type: str  # clip.projector_type: "mlp", "gemma3", "idefics3", "qwen2.5vl_merger"…
    image_size: int
    patch_size: int
    output_dim: int  # must equal the text model's embedding width
    merge: int = 1  # patches merged per side (Gemma 3: 4, Qwen-VL: 2, Idefics3: scale factor)
    longest_edge: int = 0  # Idefics3: the image is tiled up to this longest edge
    grid: bool = False  # LLaVA-1.6 style tiles (image_grid_pinpoints)
    query_num: int = 0  # MiniCPM-V: tokens per slice
    min_pixels: int = 0
    max_pixels: int = 0
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProjectorInfo:
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields})

    @property
    def base_tokens(self) -> int:
        """Tokens of one tile (the whole image for fixed-size encoders)."""
        side = max(1, self.image_size // max(1, self.patch_size))
        if self.projector_type in ("ldp", "ldpv2"):
            return (side // 2) ** 2
        if self.query_num:
            return self.query_num
        return max(1, side // max(1, self.merge)) ** 2


def _int(header: GGUFHeader, key: str, default: int = 0) -> int:
    value = header.get(key, default)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _output_dim(header: GGUFHeader) -> int:
    """The projector's output width: the declared projection_dim, else the last mm tensor's."""
    declared = _int(header, "clip.vision.projection_dim")
    mm = [t for t in header.tensors if t.name.startswith("mm.") and t.name.endswith(".bias")]
    if mm:
        last = max(mm, key=lambda t: t.name)
        return int(last.shape[0])
    return declared


# Tensors llama.cpp's graphs use without checking (a file without them crashes the runtime):
# checked here first, so that a damaged projector is one clear line instead.
_REQUIRED = {
    "mlp": ("mm.0.weight", "mm.0.bias", "v.patch_embd.weight", "v.position_embd.weight"),
    "mlp_norm": ("mm.0.weight", "mm.1.weight", "mm.3.weight", "mm.4.weight"),
    "ldp": ("mm.model.mlp.1.weight", "mm.model.mlp.3.weight"),
    "ldpv2": ("mm.model.mlp.0.weight", "mm.model.mlp.2.weight", "mm.model.peg.0.weight"),
    "gemma3": ("mm.input_projection.weight", "mm.soft_emb_norm.weight"),
    "idefics3": ("mm.model.fc.weight",),
    "qwen2vl_merger": ("mm.0.weight", "mm.2.weight"),
    "qwen2.5vl_merger": ("mm.0.weight", "mm.2.weight"),
}
_LAYER = ("attn_q", "attn_k", "attn_v", "attn_out", "ffn_up", "ffn_down", "ln1", "ln2")


def _check_tensors(header: GGUFHeader, kind: str) -> None:
    names = {t.name for t in header.tensors}
    need = list(_REQUIRED.get(kind, ()))
    if kind in LLAVA_TYPES:  # the LLaVA graph runs every layer but the last
        layers = _int(header, "clip.vision.block_count")
        need += [f"v.blk.{i}.{part}.weight" for i in range(max(0, layers - 1)) for part in _LAYER]
    missing = [n for n in need if n not in names]
    if missing:
        raise ProjectorError(
            f"{header.path.name} is damaged: the {kind} projector lacks the tensor {missing[0]}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
        )


def projector_info(header: GGUFHeader) -> ProjectorInfo:
    if header.architecture != CLIP_ARCH:
        raise ProjectorError(
            f"{header.path.name} is a {header.architecture} model, not a vision projector "
            "(mmproj) file"
        )
    if not header.get("clip.has_vision_encoder", False):
        raise ProjectorError(f"{header.path.name} has no vision encoder (an audio projector?)")
    kind = str(header.get("clip.projector_type") or header.get("clip.vision.projector_type") or "")
    if not kind:
        raise ProjectorError(f"{header.path.name} does not say which projector type it is")
    image_size = _int(header, "clip.vision.image_size")
    patch_size = _int(header, "clip.vision.patch_size")
    if image_size <= 0 or patch_size <= 0:
        raise ProjectorError(f"{header.path.name} has no image size or patch size")
    _check_tensors(header, kind)
    merge = _int(header, "clip.vision.projector.scale_factor") or _int(
        header, "clip.vision.spatial_merge_size"
    )
    if not merge:
        merge = {"gemma3": 4, "idefics3": 1}.get(kind, 2 if kind in QWEN_TYPES else 1)
    query = 0
    if kind == "resampler":
        query = _int(header, "clip.minicpmv_query_num") or (
            64 if _int(header, "clip.minicpmv_version") >= 3 else 96
        )
    return ProjectorInfo(
        path=str(header.path),
        projector_type=kind,
        image_size=image_size,
        patch_size=patch_size,
        output_dim=_output_dim(header),
        merge=merge,
        longest_edge=_int(header, "clip.vision.preproc_image_size"),
        grid="clip.vision.image_grid_pinpoints" in header.metadata,
        query_num=query,
        min_pixels=_int(header, "clip.vision.image_min_pixels"),
        max_pixels=_int(header, "clip.vision.image_max_pixels"),
        name=str(header.get("general.name") or ""),
    )


def read_projector(path: str | os.PathLike[str]) -> ProjectorInfo:
    """Read and check a projector file's header; raises ProjectorError (a GGUFError) or OSError."""
    return projector_info(read_gguf_header(path))


def image_tokens(info: ProjectorInfo, width: int, height: int) -> int:
    """Prompt tokens an image of ``width`` × ``height`` pixels takes with this projector."""
    kind = info.projector_type
    if kind in QWEN_TYPES:
        unit = info.patch_size * info.merge
        low = info.min_pixels or QWEN_MIN_TOKENS * unit * unit
        high = info.max_pixels or QWEN_MAX_TOKENS * unit * unit
        pixels = max(1, width * height)
        scale = math.sqrt(min(max(pixels, low), high) / pixels)
        w = max(unit, round(width * scale / unit) * unit)
        h = max(unit, round(height * scale / unit) * unit)
        return (w // unit) * (h // unit) + 2  # llama.cpp wraps it in vision start/end tokens
    base = info.base_tokens
    if kind == "idefics3" and info.longest_edge > info.image_size:
        longest = max(width, height)
        edge = min(info.longest_edge, -(-longest // info.image_size) * info.image_size)
        scale = edge / max(1, longest)
        cols = -(-round(width * scale) // info.image_size)
        rows = -(-round(height * scale) // info.image_size)
        tiles = cols * rows
        return base * (tiles + 1) if tiles > 1 else base
    if kind == "resampler" or info.grid:
        tiles = min(9, -(-width // info.image_size) * -(-height // info.image_size))
        return base * (tiles + 1) if tiles > 1 else base
    return base
