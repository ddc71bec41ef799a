"""Where a message is written: the composer in a rounded box, in the transcript's column.

Under the text: the context meter (where the eye already is), the draft's token count, and
the buttons — Send, Stop, or the one that gets a model.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from chatapp.ui.chat.composer import Composer
from chatapp.ui.chat.context_meter import ContextMeter
from chatapp.ui.icons import icon

MAX_LINES = 8


class ComposerBox(QWidget):
    def __init__(self, meter: ContextMeter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meter = meter
        self.frame = QFrame()
        self.frame.setObjectName("composerFrame")
        self.composer = Composer()
        self.composer.setObjectName("composerEdit")
        self.composer.setFrameShape(QFrame.Shape.NoFrame)
        self.composer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.composer.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()
        self.send_button = QPushButton(icon("arrow-up", "#ffffff"), self.tr("Send"))
        self.send_button.setObjectName("primary")
        self.send_button.setAccessibleName(self.tr("Send the message"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.stop_button = QPushButton(icon("circle-stop"), self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the reply"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.cta_button = QPushButton(
            icon("boxes", "#ffffff"), self.tr("Load a model to start chatting")
        )
        self.cta_button.setObjectName("primary")
        self.cta_button.setAccessibleName(self.tr("Load a model to start chatting"))
        self.agent_button = QPushButton(icon("sparkles"), self.tr("Agent"))
        self.agent_button.setCheckable(True)
        self.agent_button.setAccessibleName(self.tr("Agent mode"))
        self.agent_button.setToolTip(
            self.tr(
                "Agent mode for this chat: the model looks things up in the chat's documents and "
                "earlier chats and uses tools, step by step, before it answers"
            )
        )
        self.token_label = QLabel("")
        self.token_label.setObjectName("muted")
        self.token_label.setAccessibleName(self.tr("Tokens in the message"))
        for button in (self.send_button, self.stop_button, self.cta_button, self.agent_button):
            button.setIconSize(QSize(16, 16))
        meter.setFixedWidth(240)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(meter)
        row.addWidget(self.token_label)
        row.addStretch(1)
        row.addWidget(self.agent_button)
        for button in (self.cta_button, self.stop_button, self.send_button):
            row.addWidget(button)
        self._row = row
        inner = QVBoxLayout(self.frame)
        inner.setContentsMargins(10, 8, 8, 8)
        inner.addWidget(self.composer)
        inner.addLayout(row)
        self._inner = inner
        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 4, 16, 12)
        outer.addStretch(1)
        outer.addWidget(self.frame, 100)
        outer.addStretch(1)

    def _fit(self, *_args: object) -> None:
        """Two lines at least; grows with the text up to eight lines, then scrolls."""
        line = QFontMetrics(self.composer.font()).lineSpacing()
        lines = max(2, min(MAX_LINES, int(self.composer.document().size().height())))
        margins = self.composer.contentsMargins()
        doc_margin = 2 * self.composer.document().documentMargin()
        height = lines * line + doc_margin + margins.top() + margins.bottom()
        self.composer.setFixedHeight(int(height))

    def add_attachments(self, strip: QWidget, button: QWidget) -> None:
        """The attached images above the text, the attach button beside the meter."""
        self._inner.insertWidget(0, strip)
        self._row.insertWidget(0, button)

    def set_column_width(self, width: int) -> None:
        """As wide as the transcript's reading column."""
        self.frame.setMaximumWidth(width)
