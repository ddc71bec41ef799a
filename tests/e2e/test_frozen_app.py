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
