"""``chatapp --install-desktop-entry``: make Kotoba appear in the desktop's launcher."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher_command() -> str:
    """The command the launcher runs: the installed script, or this Python with -m chatapp."""
    script = shutil.which("chatapp")
    if script:
        return script
    return f"{sys.executable} -m chatapp"


def render_pngs(svg: Path, target: Path) -> list[Path]:
    """PNG icons in the usual sizes, drawn from the SVG with Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path = target / f"{size}x{size}" / "apps" / "kotoba.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(path))
        written.append(path)
    return written


def install(home: Path | None = None) -> list[Path]:
    home = home or data_home()
    desktop = (RESOURCES / "kotoba.desktop").read_text(encoding="utf-8")
    desktop = desktop.replace("Exec=chatapp", f"Exec={launcher_command()}")
    entry = home / "applications" / "kotoba.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop, encoding="utf-8")
    icons = home / "icons" / "hicolor"
    svg = icons / "scalable" / "apps" / "kotoba.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESOURCES / "icons" / "kotoba.svg", svg)
    pngs = render_pngs(RESOURCES / "icons" / "kotoba.svg", icons)
    metainfo = home / "metainfo" / "io.github.kotoba.Kotoba.metainfo.xml"
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESOURCES / "io.github.kotoba.Kotoba.metainfo.xml", metainfo)
    return [entry, svg, *pngs, metainfo]


def main() -> int:
    try:
        written = install()
    except OSError as exc:
        print(f"error: could not install the desktop entry: {exc}", file=sys.stderr)
        return 1
    print(f"installed {written[0]} and {len(written) - 1} icon and metadata files")
    return 0
