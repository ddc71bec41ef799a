"""The first-run welcome: the bundled demo model, recommended models, or a local file.

Nothing here touches the network; choosing a recommended model opens the model manager on it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.demo_model import DEMO_NAME, DEMO_SIZE
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.recommended import FITS, TIGHT, TOO_BIG, Recommended, load_recommended


class WelcomePage(QWidget):
    demo_chosen = Signal()
    recommended_chosen = Signal(object)  # Recommended
    import_chosen = Signal()
    skipped = Signal()

    def __init__(
        self, demo_available: bool, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<h2>Welcome to Kotoba</h2>"))
        intro = QLabel(
            self.tr("Chat with language models on this computer, offline. Choose a model to begin.")
        )
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.demo_button = QPushButton(
            self.tr("Use the demo model (%1, %2, already here)")
            .replace("%1", DEMO_NAME)
            .replace("%2", format_bytes(DEMO_SIZE))
        )
        self.demo_note = QLabel(
            self.tr(
                "A small model for trying Kotoba: it answers simple questions in English and, "
                "less well, in Japanese. Download a bigger model below for real work."
            )
        )
        self.demo_note.setWordWrap(True)
        self.demo_note.setVisible(demo_available)
        self.demo_button.setAccessibleName(self.tr("Use the demo model"))
        self.demo_button.setVisible(demo_available)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.demo_note)
        layout.addWidget(QLabel(self.tr("Or download a recommended model:")))
        self.recommended = QListWidget()
        self.recommended.setAccessibleName(self.tr("Recommended models"))
        self.models = load_recommended(language=language)
        fit_words = {
            FITS: self.tr("fits this computer"),
            TIGHT: self.tr("a tight fit"),
            TOO_BIG: self.tr("too big here"),
        }
        for rec in self.models:
            fit = fit_words.get(rec.fit(), self.tr("memory unknown"))
            japanese = self.tr(" · good at Japanese") if rec.good_at_japanese else ""
            item = QListWidgetItem(
                f"{rec.file}  —  {format_bytes(rec.size)}, {fit}{japanese}\n"
                f"    {rec.summary_for(language)}"
            )
            item.setToolTip(f"{rec.repo} · {rec.params} · {rec.license} · {rec.released}")
            self.recommended.addItem(item)
        layout.addWidget(self.recommended, 1)
        self.get_button = QPushButton(self.tr("Get the selected model…"))
        self.get_button.setAccessibleName(self.tr("Download the selected recommended model"))
        self.import_button = QPushButton(self.tr("Use a .gguf file from this computer…"))
        self.import_button.setAccessibleName(self.tr("Import a model file"))
        self.skip_button = QPushButton(self.tr("Not now"))
        self.skip_button.setAccessibleName(self.tr("Close the welcome page"))
        for button in (self.get_button, self.import_button, self.skip_button):
            layout.addWidget(button)
        self.demo_button.clicked.connect(self.demo_chosen)
        self.import_button.clicked.connect(self.import_chosen)
        self.skip_button.clicked.connect(self.skipped)
        self.get_button.clicked.connect(self._on_get)
        self.recommended.itemActivated.connect(lambda _i: self._on_get())
        if self.models:
            self.recommended.setCurrentRow(0)

    def _on_get(self) -> None:
        row = self.recommended.currentRow()
        if 0 <= row < len(self.models):
            chosen: Recommended = self.models[row]
            self.recommended_chosen.emit(chosen)
