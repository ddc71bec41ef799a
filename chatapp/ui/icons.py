"""Icons from the bundled Lucide set (resources/icons/lucide, ISC), tinted to the theme.

Lucide draws with ``stroke="currentColor"``; each paint fills in the application palette's
text colour (or a colour given), so one icon follows a switch between light and dark, stays
sharp at any scale (it is drawn from the SVG at the size asked for), and looks disabled when
its button is.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons" / "lucide"


@cache
def _svg(name: str) -> bytes:
    return (ICON_DIR / f"{name}.svg").read_bytes()


@cache
def _renderer(name: str, color: str) -> QSvgRenderer:
    return QSvgRenderer(_svg(name).replace(b"currentColor", color.encode("ascii")))


def _palette_color(mode: QIcon.Mode) -> QColor:
    group = (
        QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
    )
    role = (
        QPalette.ColorRole.HighlightedText
        if mode == QIcon.Mode.Selected
        else QPalette.ColorRole.ButtonText
    )
    return QGuiApplication.palette().color(group, role)


class _TintedSvg(QIconEngine):
    def __init__(self, name: str, color: str | None) -> None:
        super().__init__()
        self._name = name
        self._color = color

    def _color_for(self, mode: QIcon.Mode) -> str:
        if self._color is not None and mode != QIcon.Mode.Disabled:
            return self._color
        return _palette_color(mode).name()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self._name, self._color_for(mode)).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), pixmap.size()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _TintedSvg(self._name, self._color)

    def key(self) -> str:
        return "kotoba-tinted-svg"


def icon(name: str, color: str | None = None) -> QIcon:
    """The Lucide icon ``name`` (a file in ICON_DIR without .svg), in the theme's text colour."""
    if not (ICON_DIR / f"{name}.svg").exists():
        raise KeyError(f"no icon {name!r} in {ICON_DIR}")
    return QIcon(_TintedSvg(name, color))
