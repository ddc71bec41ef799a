"""The Installed tab: the models in the library, with load, delete, reveal and import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.library import LocalModel
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.model_info import format_params
from chatapp.ui.models.worker import Worker
from chatapp.ui.services import Services


class InstalledTab(QWidget):
    """``buttons`` is the row of actions under the table: add a button there to add an action."""

    load_requested = Signal(str)
    import_requested = Signal()
    library_changed = Signal()
    message = Signal(str)  # a result to show the user

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = services.library
        self.worker = Worker(services.ops)
        self.models: list[LocalModel] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 8)
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
        for b, name in [
            (self.load_button, self.tr("Load the selected model")),
            (self.delete_button, self.tr("Delete the selected model")),
            (self.reveal_button, self.tr("Show the selected model in the file manager")),
            (self.import_button, self.tr("Import a local model file")),
        ]:
            b.setAccessibleName(name)
            self.buttons.addWidget(b)
        layout.addLayout(self.buttons)
        self.load_button.clicked.connect(self._on_load)
        self.delete_button.clicked.connect(self._on_delete)
        self.reveal_button.clicked.connect(self._on_reveal)
        self.import_button.clicked.connect(self.import_requested)
        self.table.itemDoubleClicked.connect(lambda _i: self._on_load())

    def refresh(self) -> None:
        self.models = self.library.scan()
        table = self.table
        table.setRowCount(len(self.models))
        for r, m in enumerate(self.models):
            i = m.info
            cells = [m.name + (self.tr(" (in place)") if m.in_place else "")]
            if i is None:
                cells += [self.tr("unusable: %1").replace("%1", m.error or "")] + [""] * 6
            else:
                template = self.tr("from the file") if i.chat_format_source == "file" else (
                    f"{i.chat_format} ({self.tr('fallback')})"
                )  # fmt: skip
                cells += [i.architecture, i.size_label or format_params(i.n_params), i.quantization,
                          f"{i.bits_per_weight:.2f}", format_bytes(m.size),
                          str(i.context_length), template]  # fmt: skip
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        self.library_changed.emit()

    def selected_model(self) -> LocalModel | None:
        row = self.table.currentRow()
        return self.models[row] if 0 <= row < len(self.models) else None

    @Slot()
    def _on_load(self) -> None:
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
        text = what.replace("%1", model.name).replace("%2", format_bytes(model.size))
        if (
            QMessageBox.question(self, self.tr("Delete model"), text)
            == QMessageBox.StandardButton.Yes
        ):
            self.library.remove(model)
            self.refresh()

    @Slot()
    def _on_reveal(self) -> None:
        model = self.selected_model()
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    def import_path(self, path: Path, copy: bool = True) -> None:
        def done(_result: object) -> None:
            self.refresh()
            self.message.emit(self.tr("Imported %1").replace("%1", path.name))

        def failed(exc: BaseException) -> None:
            self.message.emit(
                self.tr("Could not import %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )

        self.worker.run(lambda: self.library.import_file(path, copy), done, failed)
