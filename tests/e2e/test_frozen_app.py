"""The standalone application: build it with PyInstaller and run its self-check."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from chatapp.runtime import cpu_variant as cv
from tests.support.cpu_variants import expected_auto_variant

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_test_of_the_built_app(frozen_app: Path) -> None:
    result = subprocess.run(
        [str(ROOT / "packaging" / "smoke_test.sh"), str(frozen_app)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True and report["tokens"] == 16
    # The app carries every CPU variant of the build and picks as the installed wheel does
    assert report["cpu_variant"] == expected_auto_variant()
    internal = frozen_app.parent / "_internal" / "llama_cpp" / "lib"
    assert {p.name for p in internal.glob("libggml-cpu-*.so")} == {
        p.name for p in cv.llama_lib_dir().glob("libggml-cpu-*.so")
    }


def test_built_app_refuses_a_bad_model_with_exit_2(frozen_app: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [str(frozen_app), "--data-dir", str(tmp_path / "d"), "--self-check", "--model", str(bad)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 2 and "not a GGUF model" in result.stdout


def test_every_subcommand_runs_in_the_built_app(frozen_app: Path, tmp_path: Path) -> None:
    """The subcommands are imported by name, which PyInstaller cannot see (they were missing:
    `kotoba ask --help` was a ModuleNotFoundError traceback)."""
    from chatapp.cli import COMMANDS

    for command in COMMANDS:
        result = subprocess.run(
            [str(frozen_app), "--data-dir", str(tmp_path / "d"), command, "--help"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, (command, result.stderr[-500:])
        assert "usage:" in result.stdout and "Traceback" not in result.stderr


def test_the_built_app_relays_an_mcp_server_and_stops_a_flood(
    frozen_app: Path, tmp_path: Path
) -> None:
    """MCP stdio servers run behind ``kotoba --mcp-relay`` in the app (core/tools/mcp_relay)."""
    reason = tmp_path / "reason"
    relay = [str(frozen_app), "--mcp-relay", "--reason", str(reason), "--"]
    fine = subprocess.run([*relay, "python3", "-c", "print(input())"], input="hello\n",
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert fine.returncode == 0 and fine.stdout == "hello\n" and not reason.exists()
    flood = "import sys; sys.stdout.write('x' * (17 << 20))"
    flooded = subprocess.run([*relay, "python3", "-c", flood], capture_output=True, timeout=60)
    assert flooded.returncode == 1 and len(flooded.stdout) <= 17 << 20
    assert "larger than 16 MB" in reason.read_text(encoding="utf-8")
