"""The first-run welcome: the bundled demo model, recommended models, or a local file.

The same visual language as the empty chat (``chat/empty_state.py``): a centred column, cards
that highlight on hover and focus, muted secondary text. Nothing here touches the network;
choosing a recommended model opens the model manager on it. A .gguf dropped anywhere on the
window is imported (the window handles the drop); the drop zone here says so and opens the file
dialog when clicked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.demo_model import DEMO_NAME, DEMO_SIZE
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.recommended import FITS, TIGHT, TOO_BIG, Recommended, load_recommended
from chatapp.ui.app.welcome_cards import WelcomeCard

APP_ICON = Path(__file__).resolve().parents[3] / "resources" / "icons" / "kotoba.svg"

RECOMMENDED_SHOWN = 4  # the rest are in the model manager


def first_models(models: list[Recommended], language: str) -> list[Recommended]:
    """What to offer for a first chat: chat models before vision ones, and in Japanese the
    ones good at Japanese first; otherwise the list's own order (smallest first)."""
    ranked = sorted(models, key=lambda r: (r.vision, language == "ja" and not r.good_at_japanese))
    return ranked[:RECOMMENDED_SHOWN]


class WelcomePage(QWidget):
    demo_chosen = Signal()
    recommended_chosen = Signal(object)  # Recommended
    import_chosen = Signal()
    skipped = Signal()

    def __init__(
        self, demo_available: bool, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.language = language
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Welcome"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        page = QWidget()
        page.setObjectName("chatArea")
        page.setAutoFillBackground(True)
        page.setBackgroundRole(QPalette.ColorRole.Base)
        scroll.setWidget(page)
        row = QHBoxLayout(page)
        column = QWidget()
        column.setMaximumWidth(760)
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setSpacing(12)
        layout.addSpacing(24)
        self._header(layout)
        self._demo(layout, demo_available)
        self._recommended(layout)
        self._local_file(layout)
        self.skip_button = QPushButton(self.tr("Not now"))
        self.skip_button.setFlat(True)
        self.skip_button.setAccessibleName(self.tr("Close the welcome page"))
        self.skip_button.clicked.connect(self.skipped)
        layout.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def _header(self, layout: QVBoxLayout) -> None:
        logo = QLabel()
        logo.setPixmap(QIcon(str(APP_ICON)).pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Welcome to Kotoba"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            self.tr("Chat with language models on this computer, offline. Choose a model to begin.")
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (logo, title, intro):
            layout.addWidget(widget)
        layout.addSpacing(8)

    def _demo(self, layout: QVBoxLayout, available: bool) -> None:
        self.demo_button = WelcomeCard(
            self.tr("Use the demo model (%1, %2, already here)")
            .replace("%1", DEMO_NAME)
            .replace("%2", format_bytes(DEMO_SIZE)),
            self.tr(
                "A small model for trying Kotoba: it answers simple questions in English and "
                "Japanese, calculates exactly and tells the date and time with its tools. "
                "Download a bigger model below for real work."
            ),
            badges=[self.tr("Ready now"), self.tr("Offline")],
            accent=True,
        )
        self.demo_button.setAccessibleName(self.tr("Use the demo model"))
        self.demo_note = self.demo_button.body  # what it can do, on the card
        self.demo_button.setVisible(available)
        self.demo_button.clicked.connect(self.demo_chosen)
        layout.addWidget(self.demo_button)

    def _recommended(self, layout: QVBoxLayout) -> None:
        heading = QLabel(self.tr("Or download a recommended model:"))
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        layout.addSpacing(6)
        layout.addWidget(heading)
        fit_words = {
            FITS: self.tr("fits this computer"),
            TIGHT: self.tr("a tight fit"),
            TOO_BIG: self.tr("too big here"),
        }
        self.models = first_models(load_recommended(language=self.language), self.language)
        self.model_cards: list[WelcomeCard] = []
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, rec in enumerate(self.models):
            badges = [format_bytes(rec.size), fit_words.get(rec.fit(), self.tr("memory unknown"))]
            if rec.good_at_japanese:
                badges.append(self.tr("good at Japanese"))
            card = WelcomeCard(rec.file, rec.summary_for(self.language), badges=badges)
            card.setToolTip(f"{rec.repo} · {rec.params} · {rec.license} · {rec.released}")
            card.setAccessibleName(
                self.tr("Download %1").replace("%1", rec.file) + " — " + ", ".join(badges)
            )
            card.clicked.connect(lambda _=False, r=rec: self._choose(r))
            grid.addWidget(card, i // 2, i % 2)
            self.model_cards.append(card)
        layout.addLayout(grid)

    def _local_file(self, layout: QVBoxLayout) -> None:
        self.import_button = WelcomeCard(
            self.tr("Use a .gguf file from this computer…"),
            self.tr("Drop a .gguf file anywhere on this window, or click to choose one."),
            dashed=True,
        )
        self.import_button.setAccessibleName(self.tr("Import a model file"))
        self.import_button.clicked.connect(self.import_chosen)
        layout.addSpacing(6)
        layout.addWidget(self.import_button)

    def _choose(self, chosen: Recommended) -> None:
        self.recommended_chosen.emit(chosen)
