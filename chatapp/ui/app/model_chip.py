"""The model chip in the toolbar, and the picker it opens.

The chip says what the chat talks to: while a model loads, its name and the progress (the chip
fills up); then name · quantization · context; after a failure, that it failed. Clicking it
opens the picker: the model bar's controls (model, file, chat format, Load) in a popup.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QToolBar, QToolButton, QVBoxLayout, QWidget

from chatapp.core.engine import LoadedModel
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.icons import icon

CHIP_HEIGHT = 30


class ModelPicker(QFrame):
    """A popup holding the model bar's controls; ``shelf`` takes them (a vertical toolbar)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        title = QLabel(self.tr("Model"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.shelf = QToolBar(self.tr("Model"))
        self.shelf.setOrientation(Qt.Orientation.Vertical)
        self.shelf.setMovable(False)
        self.shelf.setMinimumWidth(360)
        layout.addWidget(self.shelf)
        self.setAccessibleName(self.tr("Choose and load a model"))

    def open_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height() + 4)))
        self.show()
        self.activateWindow()


class ModelChip(QToolButton):
    def __init__(self, controller: ChatController, picker: ModelPicker) -> None:
        super().__init__()
        self.picker = picker
        self.setObjectName("modelChip")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(self.tr("Model"))
        self.setToolTip(self.tr("Choose, load and set up the model (click)"))
        self.setIcon(icon("boxes"))
        self.setIconSize(QSize(16, 16))
        self.progress: float | None = None  # while loading
        self.failed = False
        self._set(self.tr("Choose a model"))
        self.clicked.connect(lambda: self.picker.open_below(self))
        controller.model_loading.connect(self._on_loading)
        controller.model_progress.connect(self._on_progress)
        controller.model_loaded.connect(self._on_loaded)
        controller.model_failed.connect(self._on_failed)
        controller.model_too_big.connect(self._on_failed)
        controller.model_loading.connect(lambda _p: self.picker.hide())

    def _set(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self.update()

    @Slot(str)
    def _on_loading(self, source: str) -> None:
        self.progress = 0.0
        self.failed = False
        self._name = Path(source).stem
        self._set(self.tr("Loading %1…").replace("%1", self._name))

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.progress = max(0.0, min(1.0, fraction))
        name = getattr(self, "_name", "")
        percent = f"{round(self.progress * 100)}%"
        self._set(self.tr("Loading %1… %2").replace("%1", name).replace("%2", percent))

    @Slot(object)
    def _on_loaded(self, model: LoadedModel) -> None:
        self.progress = None
        self.failed = False
        n = model.n_ctx
        context = f"{n // 1024}k" if n >= 1024 and n % 1024 == 0 else str(n)
        parts = [model.name, model.quantization, self.tr("%1 context").replace("%1", context)]
        self._set(" · ".join(p for p in parts if p))

    @Slot(str)
    def _on_failed(self, _message: str) -> None:
        self.progress = None
        self.failed = True
        self._set(self.tr("The model did not load — choose another"))

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self.text()) + 16 + 16 + 24 + 24, CHIP_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        base = palette.color(palette.ColorRole.Button)
        border = palette.color(palette.ColorRole.Mid)
        accent = palette.color(palette.ColorRole.Highlight)
        if self.underMouse() or self.hasFocus():
            border = accent
        painter.setPen(border)
        painter.setBrush(base)
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        if self.progress is not None:  # the chip fills up as the model loads
            fill = QColor(accent)
            fill.setAlpha(70)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.save()
            painter.setClipRect(QRectF(rect.left(), rect.top(), rect.width() * self.progress,
                                       rect.height()))  # fmt: skip
            painter.drawRoundedRect(rect, radius, radius)
            painter.restore()
        x = 12
        size = 16
        y = (self.height() - size) // 2
        name = "circle-stop" if self.failed else "boxes"
        icon(name).paint(painter, x, y, size, size)
        painter.setPen(palette.color(palette.ColorRole.ButtonText))
        text_rect = QRectF(x + size + 8, 0, self.width() - x - size - 8 - 28, self.height())
        elided = QFontMetrics(self.font()).elidedText(
            self.text(), Qt.TextElideMode.ElideRight, int(text_rect.width())
        )
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), elided)
        icon("chevron-down").paint(painter, self.width() - 24, y, size, size)
