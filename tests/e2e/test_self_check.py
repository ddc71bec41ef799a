"""``chatapp --self-check`` as a person or a packager runs it: a real process, one JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cpu_variants import expected_auto_variant


def self_check(tmp_path: Path, *args: str) -> tuple[int, dict[str, object], str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "chatapp",
            "--data-dir",
            str(tmp_path / "data"),
            "--self-check",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(lines[0]), proc.stderr


@pytest.mark.demo
def test_default_demo_model(tmp_path: Path, demo_path: Path) -> None:
    # A fresh data folder: the self-check joins the demo model from its installed parts.
    code, result, _ = self_check(tmp_path)
    assert code == 0
    assert result["ok"] is True
    assert result["quantization"] == "Q4_K_M"
    assert result["tokens"] == 16
    assert str(result["model"]).endswith("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    assert isinstance(result["tokens_per_s"], float) and result["tokens_per_s"] > 1
    assert result["error"] is None


def test_tiny_model(tmp_path: Path, tiny_q4: Path) -> None:
    code, result, _ = self_check(tmp_path, "--model", str(tiny_q4))
    assert (code, result["ok"], result["quantization"], result["tokens"]) == (0, True, "Q4_0", 16)
    # The llama.cpp CPU code it ran: the best this machine runs, as the runtime chose it
    assert result["cpu_variant"] == expected_auto_variant()


@pytest.mark.parametrize("damage", ["missing", "not_gguf", "truncated", "empty_reply"])
def test_bad_models_exit_2_with_one_clear_line(
    tmp_path: Path, tiny_q4: Path, tiny_eos: Path, damage: str
) -> None:
    path = tmp_path / "bad.gguf"
    if damage == "not_gguf":
        path.write_text("hello")
    elif damage == "truncated":
        path.write_bytes(tiny_q4.read_bytes()[:1000])
    elif damage == "empty_reply":
        path = tiny_eos
    code, result, _ = self_check(tmp_path, "--model", str(path))
    assert code == 2
    assert result["ok"] is False
    assert isinstance(result["error"], str) and result["error"]
    assert "\n" not in result["error"]
