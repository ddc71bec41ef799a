"""The standalone application, built once with PyInstaller for the end-to-end tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frozen")
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "ERROR", "--distpath", str(out / "dist"),
         "--workpath", str(out / "build"), str(ROOT / "packaging" / "kotoba.spec")],
        check=True, cwd=ROOT, timeout=900, capture_output=True,
    )  # fmt: skip
    return out / "dist" / "kotoba" / "kotoba"
