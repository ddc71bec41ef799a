"""The log file and the "Copy diagnostics" report for bug reports."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

LOG_FILE = "kotoba.log"
CPU_FLAGS = ("avx", "avx2", "avx512f", "fma", "f16c", "bmi2", "amx_tile", "neon", "sse4_2")


def setup_logging(log_dir: Path) -> Path:
    """A rotating log in the user log folder (1 MB x 3)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1 << 20, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def cpu_features() -> list[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [platform.processor() or platform.machine()]
    flags: set[str] = set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            flags.update(line.split(":", 1)[1].split())
            break
    return [f for f in CPU_FLAGS if f in flags]


def report(qt_version: str, model_info: dict[str, Any] | None, log_path: Path | None) -> str:
    lines = [
        f"Kotoba {_version('kotoba-chat')}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        f"Qt {qt_version}, PySide6 {_version('PySide6-Essentials')}",
        f"llama-cpp-python {_version('llama_cpp_python')}, "
        f"huggingface-hub {_version('huggingface-hub')}",
        f"CPU {platform.machine()}: {' '.join(cpu_features()) or 'unknown features'}",
    ]
    if model_info:
        keys = ("name", "architecture", "quantization", "bits_per_weight", "n_ctx", "n_threads",
                "chat_format", "chat_format_source", "file_size", "flash_attn",
                "kv_cache_type")  # fmt: skip
        lines.append("Model: " + ", ".join(f"{k}={model_info.get(k)}" for k in keys))
        if model_info.get("cpu_variant"):  # which build of llama.cpp's CPU code runs
            lines.append(f"llama.cpp CPU code: {model_info['cpu_variant']}")
        if model_info.get("system_info"):
            lines.append(f"llama.cpp: {model_info['system_info']}")
    else:
        lines.append("Model: none loaded")
    if log_path is not None:
        lines.append(f"Log: {log_path}")
    return "\n".join(lines)
