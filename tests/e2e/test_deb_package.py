"""The app's .deb, built from the frozen app and unpacked into a throwaway root.

`make package-check` (packaging/check_install.py) installs the real packages with apt as root;
this is the part CI can afford: build_deb.py's stage, control fields and Depends, `dpkg-deb -x`,
the unpacked files, and the unpacked app's self-check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# build_app draws the icons with a QGuiApplication; in this process it would outlive the test
# and make every later QWidget abort ("must construct a QApplication"), so it runs in its own.
BUILD = (
    "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import build_deb; "
    "deb, _ = build_deb.build_app(Path(sys.argv[2]), Path(sys.argv[3]), '0.0.1', "
    "Path(sys.argv[4]), '1'); print(deb)"
)


@pytest.fixture(scope="module")
def unpacked(frozen_app: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("deb")
    bundle = frozen_app.parent
    args = [str(ROOT / "packaging"), str(bundle), str(work / "dist"), str(work / "stage")]
    built = subprocess.run(
        [sys.executable, "-c", BUILD, *args], capture_output=True, text=True, timeout=1200
    )
    assert built.returncode == 0, built.stderr[-2000:]
    deb = Path(built.stdout.strip().splitlines()[-1])
    root = work / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return deb, root


def field(deb: Path, name: str) -> str:
    result = subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True)
    return result.stdout.strip()


def test_control_fields_name_the_package_and_measured_depends(unpacked: tuple[Path, Path]) -> None:
    deb, _ = unpacked
    assert field(deb, "Package") == "kotoba" and field(deb, "Architecture") == "amd64"
    assert field(deb, "Recommends") == "kotoba-demo-model (= 0.0.1)"
    depends = [d.strip() for d in field(deb, "Depends").split(",")]
    assert "libc6" in depends and all(d and " " not in d for d in depends), depends


def test_the_unpacked_tree_is_an_installed_app(unpacked: tuple[Path, Path]) -> None:
    _, root = unpacked
    launcher = root / "usr" / "bin" / "kotoba"
    assert launcher.read_text().splitlines()[-1] == 'exec /opt/kotoba/kotoba "$@"'
    assert os.access(launcher, os.X_OK) and os.access(root / "opt/kotoba/kotoba", os.X_OK)
    entry = root / "usr/share/applications/kotoba.desktop"
    assert "Exec=kotoba" in entry.read_text(encoding="utf-8")
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert checked.returncode == 0 and not checked.stdout, checked.stdout
    assert (root / "usr/share/icons/hicolor/scalable/apps/kotoba.svg").is_file()
    assert (root / "usr/share/icons/hicolor/256x256/apps/kotoba.png").is_file()
    metainfo = next((root / "usr/share/metainfo").glob("*.xml"))
    assert "<binary>kotoba</binary>" in metainfo.read_text(encoding="utf-8")
    copyright_text = (root / "usr/share/doc/kotoba/copyright").read_text()
    assert "LGPL" in copyright_text and "MIT" in copyright_text
    assert list((root / "opt/kotoba/_internal").rglob("*.qm")), "translations not bundled"


def test_the_unpacked_app_passes_its_self_check(
    unpacked: tuple[Path, Path], tiny_q4: Path, tmp_path: Path
) -> None:
    _, root = unpacked
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [str(root / "opt/kotoba/kotoba"), "--data-dir", str(tmp_path / "data"), "--self-check",
         "--model", str(tiny_q4)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True and report["tokens"] == 16
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written there
