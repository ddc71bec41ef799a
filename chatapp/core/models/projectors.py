"""Vision projectors beside models: which ``mmproj-*.gguf`` belongs to a model file.

Hub repositories of vision models keep the projector next to the weights
(``mmproj-SmolVLM-256M-Instruct-f16.gguf`` beside ``SmolVLM-256M-Instruct-Q8_0.gguf``), and
downloads put both in the models folder. A projector pairs with a model when its output width
equals the model's embedding width; among those, the one whose name shares most with the
model's wins. The user's own choice goes first (``projector_choices``).
"""

from __future__ import annotations

import os
from pathlib import Path

from chatapp.core.images.projector import ProjectorInfo, read_projector
from chatapp.core.models.gguf_header import GGUFError, read_gguf_header


def is_projector_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(".gguf") and "mmproj" in lower


def _common(a: str, b: str) -> int:
    a, b = a.lower(), b.lower()
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _stem(name: str) -> str:
    stem = Path(name).stem.lower()
    for prefix in ("mmproj-", "mmproj_", "mmproj."):
        stem = stem.removeprefix(prefix)
    return stem.replace("-mmproj", "").replace("_mmproj", "")


def embedding_width(model: str | os.PathLike[str]) -> int:
    try:
        header = read_gguf_header(model)
    except (GGUFError, OSError):
        return 0
    value = header.arch_value("embedding_length", 0)
    return int(value) if isinstance(value, int) else 0


def projectors_in(folder: Path) -> list[ProjectorInfo]:
    out: list[ProjectorInfo] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        if is_projector_name(path.name) and path.is_file():
            try:
                out.append(read_projector(path))
            except (GGUFError, OSError):
                continue
    return out


def find_projector(model: str | os.PathLike[str]) -> Path | None:
    """The projector in the model's folder that fits it, or None."""
    path = Path(model)
    if is_projector_name(path.name):
        return None
    width = embedding_width(path)
    fitting = [p for p in projectors_in(path.parent) if width and p.output_dim == width]
    if not fitting:
        return None
    best = max(fitting, key=lambda p: _common(_stem(Path(p.path).name), path.stem))
    return Path(best.path)
