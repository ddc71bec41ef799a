"""Perplexity against file size, one point per quantization, drawn with QPainter."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MB = 1024 * 1024


@dataclass(frozen=True)
class PlotPoint:
    label: str  # the quantization
    size_bytes: int
    perplexity: float
    error: float
    reference: bool = False


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2 or 5 times a power of ten apart)."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    return ticks


class PerplexityPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[PlotPoint] = []
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Perplexity against file size"))

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def set_points(self, points: list[PlotPoint]) -> None:
        self.points = [p for p in points if math.isfinite(p.perplexity)]
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.base())
        text_color = pal.text().color()
        metrics = QFontMetrics(self.font())
        left, bottom = metrics.horizontalAdvance("0000.00") + 14, metrics.height() * 2 + 10
        area = QRectF(left, 12, self.width() - left - 16, self.height() - bottom - 12)
        painter.setPen(QPen(text_color, 1))
        if not self.points:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("Compare to plot perplexity against size"),
            )
            return
        sizes = [p.size_bytes / MB for p in self.points]
        lows = [p.perplexity - p.error for p in self.points]
        highs = [p.perplexity + p.error for p in self.points]
        xt = nice_ticks(min(sizes) * 0.9, max(sizes) * 1.1)
        yt = nice_ticks(min(lows), max(highs))
        x0, x1, y0, y1 = xt[0], xt[-1], yt[0], yt[-1]

        def at(x: float, y: float) -> QPointF:
            fx = (x - x0) / (x1 - x0) if x1 > x0 else 0.5
            fy = (y - y0) / (y1 - y0) if y1 > y0 else 0.5
            return QPointF(area.left() + fx * area.width(), area.bottom() - fy * area.height())

        grid = QColor(text_color)
        grid.setAlpha(40)
        for x in xt:
            tick = at(x, y0)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(tick, QPointF(tick.x(), area.top()))
            painter.setPen(text_color)
            label = f"{x:g}"
            painter.drawText(
                QPointF(
                    tick.x() - metrics.horizontalAdvance(label) / 2,
                    area.bottom() + metrics.height(),
                ),
                label,
            )
        for y in yt:
            tick = at(x0, y)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(tick, QPointF(area.right(), tick.y()))
            painter.setPen(text_color)
            label = f"{y:g}"
            painter.drawText(
                QPointF(
                    area.left() - metrics.horizontalAdvance(label) - 6,
                    tick.y() + metrics.ascent() / 2,
                ),
                label,
            )
        painter.setPen(QPen(text_color, 1))
        painter.drawRect(area)
        caption = self.tr("file size (MB) →   ↑ perplexity (lower is better)")
        painter.drawText(
            QRectF(
                area.left(),
                area.bottom() + metrics.height() + 2,
                area.width(),
                metrics.height() + 4,
            ),
            Qt.AlignmentFlag.AlignCenter,
            caption,
        )
        accent = pal.highlight().color()
        ordered = sorted(self.points, key=lambda q: q.size_bytes)
        painter.setPen(QPen(accent, 1.5))
        for a, b in itertools.pairwise(ordered):
            painter.drawLine(
                at(a.size_bytes / MB, a.perplexity), at(b.size_bytes / MB, b.perplexity)
            )
        for p in ordered:
            c = at(p.size_bytes / MB, p.perplexity)
            top, low = (
                at(p.size_bytes / MB, p.perplexity + p.error),
                at(p.size_bytes / MB, p.perplexity - p.error),
            )
            painter.setPen(QPen(accent, 1.5))
            painter.drawLine(top, low)
            painter.drawLine(QPointF(c.x() - 4, top.y()), QPointF(c.x() + 4, top.y()))
            painter.drawLine(QPointF(c.x() - 4, low.y()), QPointF(c.x() + 4, low.y()))
            painter.setBrush(accent if not p.reference else pal.base())
            painter.drawEllipse(c, 5, 5)
            painter.setPen(text_color)
            painter.drawText(QPointF(c.x() + 8, c.y() - 6), p.label)
        painter.end()
