"""Desktop integration: a valid .desktop file, icons and metadata, installed per user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def test_desktop_file_passes_desktop_file_validate() -> None:
    validate = shutil.which("desktop-file-validate")
    assert validate, "desktop-file-validate is needed (Debian package desktop-file-utils)"
    result = subprocess.run(
        [validate, str(RESOURCES / "kotoba.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_metainfo_is_well_formed() -> None:
    root = ET.parse(RESOURCES / "io.github.kotoba.Kotoba.metainfo.xml").getroot()
    assert root.findtext("id") == "io.github.kotoba.Kotoba"
    assert root.find("launchable").text == "kotoba.desktop"


def test_install_desktop_entry(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "chatapp", "--install-desktop-entry"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "applications" / "kotoba.desktop"
    text = entry.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert "chatapp" in exec_line and exec_line != "Exec=chatapp"  # an absolute command
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "kotoba.svg").exists()
    for size in (16, 48, 256, 512):
        png = QImage(str(tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "kotoba.png"))
        assert (png.width(), png.height()) == (size, size)
        assert png.pixelColor(size // 2, size // 2).alpha() == 255  # drawn, not empty
    assert (tmp_path / "metainfo" / "io.github.kotoba.Kotoba.metainfo.xml").exists()
    validate = shutil.which("desktop-file-validate")
    assert validate and subprocess.run([validate, str(entry)], capture_output=True).returncode == 0
