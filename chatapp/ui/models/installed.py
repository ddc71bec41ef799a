"""The Installed tab: the models in the library, with load, delete, reveal and import.

The list is the library's (``Library.scan``): the models folder, files imported in place, split
models once each, and the bundled demo model until it is set up. The models folder is watched,
so a model that appears there (the demo being set up, a download from the command line) is
listed without a restart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.demo_model import DEMO_FILE_NAME, demo_available
from chatapp.core.models.draft_choice import draft_candidates
from chatapp.core.models.library import LocalModel
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.model_info import format_params
from chatapp.core.models.projector_choices import ProjectorChoices
from chatapp.core.models.projectors import is_projector_name
from chatapp.core.models.speculative_choices import ModelSpeculative, SpeculativeChoices
from chatapp.ui.app.model_bar import DEMO_KEY  # load_requested carries it for the demo model
from chatapp.ui.models import words
from chatapp.ui.models.downloads_view import elastic
from chatapp.ui.models.projector_dialog import ProjectorDialog
from chatapp.ui.models.speculative_dialog import SpeculativeDialog, mode_names
from chatapp.ui.models.worker import Worker
from chatapp.ui.services import Services

RESCAN_DELAY_MS = 300


class InstalledTab(QWidget):
    """``buttons`` is the row of actions under the table: add a button there to add an action."""

    load_requested = Signal(str)  # a model path, or DEMO_KEY
    import_requested = Signal()
    library_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.library = services.library
        self.projectors = ProjectorChoices(services.paths.config_dir)
        self.speculative = SpeculativeChoices(services.paths.config_dir)
        self.worker = Worker(services.ops)
        self.models: list[LocalModel] = []
        self.demo_row = -1  # the row of the demo model not yet set up, if shown
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 8)
        # Rows are chosen with the arrow keys and Tab moves on (cell-by-cell Tab navigation
        # would keep the focus in the table: a keyboard trap).
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName(self.tr("Installed models"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Architecture"), self.tr("Parameters"),
            self.tr("Quantization"), self.tr("Bits/weight"), self.tr("Size"),
            self.tr("Context"), self.tr("Chat template"),
        ])  # fmt: skip
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        self.buttons = QHBoxLayout()
        self.load_button = QPushButton(self.tr("Load"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.reveal_button = QPushButton(self.tr("Show in folder"))
        self.import_button = QPushButton(self.tr("Import .gguf…"))
        self.projector_button = QPushButton(self.tr("Projector…"))
        self.speculative_button = QPushButton(self.tr("Speculative…"))
        for b, name in [
            (self.load_button, self.tr("Load the selected model")),
            (self.delete_button, self.tr("Delete the selected model")),
            (self.reveal_button, self.tr("Show the selected model in the file manager")),
            (self.import_button, self.tr("Import a local model file")),
            (self.projector_button, self.tr("Choose the vision projector of the selected model")),
            (
                self.speculative_button,
                self.tr("Choose how the selected model guesses ahead (speculative decoding)"),
            ),
        ]:
            b.setAccessibleName(name)
            self.buttons.addWidget(b)
        layout.addLayout(self.buttons)
        self.status = elastic(QLabel(""))
        self.status.setAccessibleName(self.tr("Installed models status"))
        layout.addWidget(self.status)
        self.load_button.clicked.connect(self._on_load)
        self.delete_button.clicked.connect(self._on_delete)
        self.reveal_button.clicked.connect(self._on_reveal)
        self.import_button.clicked.connect(self.import_requested)
        self.projector_button.clicked.connect(self._on_projector)
        self.projector_button.setEnabled(False)
        self.speculative_button.clicked.connect(self._on_speculative)
        self.speculative_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemDoubleClicked.connect(lambda _i: self._on_load())
        self.watcher = QFileSystemWatcher(self)
        self.rescan = QTimer(self)
        self.rescan.setSingleShot(True)
        self.rescan.setInterval(RESCAN_DELAY_MS)  # a copy or a download is a burst of events
        self.watcher.directoryChanged.connect(lambda _path: self.rescan.start())
        self.rescan.timeout.connect(self.refresh)

    def _watch(self) -> None:
        folder = str(self.library.models_dir)
        if self.watcher.directories() != [folder]:
            if self.watcher.directories():
                self.watcher.removePaths(self.watcher.directories())
            self.watcher.addPath(folder)

    def refresh(self) -> None:
        self._watch()
        self.models = self.library.scan()
        table = self.table
        demo = demo_available() and not (self.library.models_dir / DEMO_FILE_NAME).exists()
        table.setRowCount(len(self.models) + (1 if demo else 0))
        for r, m in enumerate(self.models):
            self._fill(r, m)
        self.demo_row = len(self.models) if demo else -1
        if demo:
            name = QTableWidgetItem(self.tr("Demo model (bundled; set up when first loaded)"))
            name.setToolTip(DEMO_FILE_NAME)
            table.setItem(self.demo_row, 0, name)
            for c in range(1, table.columnCount()):
                table.setItem(self.demo_row, c, QTableWidgetItem(""))
        self.library_changed.emit()

    def _fill(self, r: int, m: LocalModel) -> None:
        i = m.info
        name = m.name + (self.tr(" (in place)") if m.in_place else "")
        if m.unverified:
            name += "  ⚠ " + self.tr("unverified")
        projector = None if is_projector_name(m.name) else self.projectors.resolve(m.path)
        if is_projector_name(m.name):
            name += "  [" + self.tr("vision projector") + "]"
        elif projector is not None:
            name += "  [" + self.tr("vision") + "]"
        cells = [name]
        if i is None:
            cells += [self.tr("unusable: %1").replace("%1", m.error or "")] + [""] * 6
        else:
            fallback = self.tr("fallback")  # not inside the f-string: lupdate would miss it
            template = self.tr("from the file") if i.chat_format_source == "file" else (
                f"{i.chat_format} ({fallback})"
            )  # fmt: skip
            cells += [i.architecture, i.size_label or format_params(i.n_params), i.quantization,
                      f"{i.bits_per_weight:.2f}", format_bytes(m.size),
                      str(i.context_length), template]  # fmt: skip
        tips = []
        if m.unverified:
            tips.append(self.tr("Downloaded, but the Hub gave no checksum to verify it against."))
        if projector is not None:
            tips.append(
                self.tr("Sees images with %1 (loaded with it)").replace("%1", projector.name)
            )
        own = self.speculative.choice(m.path)
        if own is not None:
            tips.append(self.tr("Speculative decoding: %1").replace("%1", self._describe(own)))
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0 and tips:
                item.setToolTip("\n".join(tips))
            self.table.setItem(r, c, item)

    def _describe(self, own: ModelSpeculative) -> str:
        """A model's own speculative decoding, in words."""
        name = mode_names()[own.mode]
        if own.mode in ("auto", "draft"):
            draft = (
                Path(own.draft).name if own.draft else self.tr("a smaller model of the same family")
            )
            name = self.tr("%1 with %2").replace("%1", name).replace("%2", draft)
        return name

    def selected_model(self) -> LocalModel | None:
        row = self.table.currentRow()
        return self.models[row] if 0 <= row < len(self.models) else None

    @Slot()
    def _on_selection(self) -> None:
        model = self.selected_model()
        usable = model is not None and model.info is not None and not is_projector_name(model.name)
        self.projector_button.setEnabled(usable)
        self.speculative_button.setEnabled(usable)

    @Slot()
    def _on_projector(self) -> None:
        model = self.selected_model()
        if model is None or model.info is None or is_projector_name(model.name):
            return
        row = self.table.currentRow()
        if ProjectorDialog(model.path, self.projectors, self).exec():
            self.refresh()
            self.table.selectRow(row)
            chosen = self.projectors.resolve(model.path)
            self.status.setText(
                self.tr("%1 loads with %2 from its next load").replace("%1", model.name)
                .replace("%2", chosen.name) if chosen is not None
                else self.tr("%1 loads text only from its next load").replace("%1", model.name)
            )  # fmt: skip

    @Slot()
    def _on_speculative(self) -> None:
        model = self.selected_model()
        if model is None or model.info is None or is_projector_name(model.name):
            return
        row = self.table.currentRow()
        candidates = draft_candidates(self.models, model.path)
        dialog = SpeculativeDialog(
            model.path, self.speculative, candidates, self.services.settings, self
        )
        if dialog.exec():
            self.refresh()
            self.table.selectRow(row)
            own = self.speculative.choice(model.path)
            self.status.setText(
                self.tr("%1 uses %2 from its next load").replace("%1", model.name)
                .replace("%2", self._describe(own)) if own is not None
                else self.tr("%1 decodes as in Preferences from its next load")
                .replace("%1", model.name)
            )  # fmt: skip

    @Slot()
    def _on_load(self) -> None:
        if self.demo_row >= 0 and self.table.currentRow() == self.demo_row:
            self.load_requested.emit(DEMO_KEY)
            return
        model = self.selected_model()
        if model is not None and model.info is not None:
            self.load_requested.emit(str(model.path))

    @Slot()
    def _on_delete(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        what = self.tr("Forget %1? The file stays where it is.") if model.in_place else self.tr(
            "Delete %1 (%2) from the disk?"
        )  # fmt: skip
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete model"))
        box.setText(what.replace("%1", model.name).replace("%2", format_bytes(model.size)))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)  # a destructive action: No on Enter
        box.exec()
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.library.remove(model)
            self.refresh()

    @Slot()
    def _on_reveal(self) -> None:
        model = self.selected_model()
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    def import_path(self, path: Path, copy: bool = True) -> None:
        self.status.setText(self.tr("Importing %1…").replace("%1", path.name))

        def done(_result: object) -> None:
            self.refresh()
            self.status.setText(self.tr("Imported %1").replace("%1", path.name))

        def failed(exc: BaseException) -> None:
            self.status.setText(
                self.tr("Could not import %1: %2")
                .replace("%1", path.name)
                .replace("%2", words.failure(exc))
            )

        self.worker.run(lambda: self.library.import_file(path, copy), done, failed)
