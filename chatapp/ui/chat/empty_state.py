"""What a new chat shows: the model, what it is good at, and prompts to start from.

With no model loaded, it shows the one button that gets one (load the chosen model, or open
the model manager when there is none). Clicking an example puts it in the composer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.engine import LoadedModel
from chatapp.core.models.recommended import load_recommended
from chatapp.ui.icons import icon


class PromptCard(QPushButton):
    """An example prompt: a flat card that wraps its text.

    The card paints its own text: a word-wrapped label in a layout inside a button kept the
    height it had been given while its page was hidden, and clipped two-line prompts.
    """

    MARGIN_X, MARGIN_Y = 12, 10
    FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = text
        self.setObjectName("promptCard")
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _text_rect(self, width: int, height: int = 100_000) -> QRect:
        return QRect(self.MARGIN_X, self.MARGIN_Y, width - 2 * self.MARGIN_X, height)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:  # the text wraps; the card grows
        text = self.fontMetrics().boundingRect(self._text_rect(width), self.FLAGS, self.prompt)
        return text.height() + 2 * self.MARGIN_Y

    def sizeHint(self) -> QSize:
        return QSize(260, self.heightForWidth(260))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(120))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = self.heightForWidth(event.size().width())
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the panel from the style sheet; the text, wrapped, below
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        rect = self._text_rect(self.width(), self.height() - 2 * self.MARGIN_Y)
        painter.drawText(rect, self.FLAGS, self.prompt)


class EmptyState(QWidget):
    prompt_chosen = Signal(str)
    model_requested = Signal()  # "the one button that gets one"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        column = QWidget()
        column.setMaximumWidth(640)
        layout = QVBoxLayout(column)
        layout.setSpacing(10)
        self.logo = QLabel()
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("muted")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blurb = QLabel()
        self.blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blurb.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("primary")
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.button.clicked.connect(self.model_requested)
        self.try_label = QLabel(self.tr("Try one of these:"))
        self.try_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.cards: list[PromptCard] = []
        for i, text in enumerate(self.examples()):
            card = PromptCard(text)
            card.clicked.connect(lambda _c=False, t=text: self.prompt_chosen.emit(t))
            grid.addWidget(card, i // 2, i % 2)
            self.cards.append(card)
        for widget in (self.logo, self.title, self.details, self.blurb):
            layout.addWidget(widget)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.try_label)
        layout.addLayout(grid)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
        self._shown: tuple[object, ...] | None = None
        self._paint_logo()
        self.set_model(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "logo"):  # a new theme
            self._paint_logo()

    def _paint_logo(self) -> None:
        self.logo.setPixmap(icon("bot", self.palette().color(QPalette.ColorRole.Text).name())
                            .pixmap(QSize(40, 40)))  # fmt: skip

    def examples(self) -> list[str]:
        return [
            self.tr("Explain how a rainbow forms, in three sentences."),
            self.tr("Write a short, friendly email asking to move our meeting to Friday."),
            self.tr("Give me five ideas for a rainy Sunday afternoon."),
            self.tr("Translate into English: 今日はいい天気ですね。散歩に行きましょう。"),
        ]

    def set_model(
        self,
        model: LoadedModel | None,
        candidate: str = "",
        loading: bool = False,
        language: str = "en",
    ) -> None:
        """Show ``model``; without one, the button loads ``candidate`` (a name) or finds one."""
        shown = (model, candidate, loading, language)
        if shown == self._shown:  # called on every state change: nothing to lay out again
            return
        self._shown = shown
        self.button.setVisible(model is None)
        self.button.setEnabled(not loading)
        self.details.setVisible(model is not None)
        if model is not None:
            self.title.setText(model.name)
            self.details.setText(
                " · ".join(x for x in (model.quantization, self._context(model)) if x)
            )
            self.blurb.setText(self.good_at(model, language))
            return
        if loading:
            self.title.setText(self.tr("Loading %1…").replace("%1", candidate))
            self.blurb.setText(self.tr("The chat is ready as soon as the model is."))
            self.button.setText(self.tr("Loading…"))
        elif candidate:
            self.title.setText(self.tr("No model loaded"))
            self.blurb.setText(
                self.tr("Load a model to start chatting; nothing leaves this computer.")
            )
            self.button.setText(self.tr("Load %1").replace("%1", candidate))
        else:
            self.title.setText(self.tr("No model yet"))
            self.blurb.setText(
                self.tr("Kotoba chats with language models on this computer. Get one to start.")
            )
            self.button.setText(self.tr("Get a model…"))
        self.button.setAccessibleName(self.button.text())

    def _context(self, model: LoadedModel) -> str:
        n = model.n_ctx
        size = f"{n // 1024}k" if n >= 1024 and n % 1024 == 0 else str(n)
        return self.tr("%1 context").replace("%1", size)

    def good_at(self, model: LoadedModel, language: str) -> str:
        """What the model is good at: its curated summary if it is a recommended one."""
        name = Path(model.source).name.lower()
        for rec in load_recommended(language=language):
            if rec.file.lower() == name:
                return rec.summary_for(language)
        if model.chat_format_source in ("architecture", "default"):
            return self.tr(
                "A base model without a chat template: it continues text more than it follows "
                "instructions."
            )
        params = model.parameters or 0
        if params and params < 1_000_000_000:
            return self.tr("Small and quick: short answers, simple questions, rewording.")
        if params and params < 4_000_000_000:
            return self.tr("Everyday questions, summaries, drafts and translations.")
        if params:
            return self.tr("Longer answers, writing, reasoning and code.")
        return self.tr("Ask anything; replies are written on this computer.")
