"""The model bar: which model to chat with, its chat format, and the load flow.

The list comes from the library (``Library.scan``): models in the models folder, files imported
in place, split models once each, and the bundled demo model until it is set up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QToolBar,
    QWidget,
)

from chatapp.core.engine import LoadedModel
from chatapp.core.models.demo_model import (
    DEMO_FILE_NAME,
    DEMO_NAME,
    demo_available,
    demo_model_path,
)
from chatapp.core.models.templates import FILE_TEMPLATE, KNOWN_FORMATS
from chatapp.ui.background import Report
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.remote.picker import ADD_KEY, RemotePicker
from chatapp.ui.services import Services

DEMO_KEY = "demo:"


class ModelBar(QObject):
    """Builds the toolbar's model controls and runs loading; ``error`` reports problems."""

    error = Signal(str)
    status = Signal(str)  # the "loaded model" text for the status bar
    demo_ready = Signal(str)

    def __init__(
        self,
        services: Services,
        controller: ChatController,
        toolbar: QToolBar,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.controller = controller
        self.window = parent_widget
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.setMinimumWidth(300)
        self.open_button = QPushButton(self.tr("Open model file…"))
        self.open_button.setAccessibleName(self.tr("Open a model file"))
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName(self.tr("Chat format"))
        self.format_combo.setToolTip(
            self.tr("How prompts are written for the model: its own template, or a built-in format")
        )
        self.format_combo.addItem(self.tr("Chat format: automatic"), "")
        for name in KNOWN_FORMATS:
            if name != FILE_TEMPLATE:
                self.format_combo.addItem(name, name)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setAccessibleName(self.tr("Load the chosen model"))
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(160)
        self.load_progress.setVisible(False)
        self.load_progress.setAccessibleName(self.tr("Model loading progress"))
        toolbar.addWidget(QLabel(self.tr("Model: ")))
        toolbar.addWidget(self.model_combo)
        toolbar.addWidget(self.open_button)
        toolbar.addWidget(self.format_combo)
        toolbar.addWidget(self.load_button)
        toolbar.addWidget(self.load_progress)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.load_button.clicked.connect(self.load_chosen)
        c = controller
        c.model_loading.connect(self._on_loading)
        c.model_progress.connect(lambda f: self.load_progress.setValue(int(f * 100)))
        c.model_loaded.connect(self._on_loaded)
        c.model_failed.connect(self._on_failed)
        c.model_too_big.connect(self._on_too_big)
        self.demo_ready.connect(self._on_demo_ready)
        self.remote = RemotePicker(services, controller, self.model_combo, parent_widget)
        self.remote.error.connect(self.error)
        self.remote.saved.connect(self._on_server_saved)

    # --- the list -----------------------------------------------------------------------

    def fill(self, initial: Path | None = None) -> None:
        current = self.model_combo.currentData()
        self.model_combo.clear()
        seen: set[str] = set()
        if initial is not None:
            self.model_combo.addItem(initial.name, str(initial))
            seen.add(str(initial))
        for model in self.services.library.scan():
            if str(model.path) not in seen and model.error is None:
                self.model_combo.addItem(model.name, str(model.path))
                seen.add(str(model.path))
        models_dir = self.services.paths.models_dir
        if not (models_dir / DEMO_FILE_NAME).exists() and demo_available():
            self.model_combo.addItem(self.tr("%1 (demo model)").replace("%1", DEMO_NAME), DEMO_KEY)
        self.remote.add_items()  # saved servers and "Add a server…"
        if initial is None and current is not None:
            index = self.model_combo.findData(current)
            if index >= 0:
                self.model_combo.setCurrentIndex(index)

    def select(self, path: str) -> None:
        index = self.model_combo.findData(path)
        if index < 0:
            self.model_combo.addItem(Path(path).name, path)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)

    def select_demo(self) -> bool:
        index = self.model_combo.findData(DEMO_KEY)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        return index >= 0

    def chosen_format(self) -> str | None:
        return str(self.format_combo.currentData() or "") or None

    # --- loading ------------------------------------------------------------------------

    @Slot()
    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open a model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.select(path)

    @Slot()
    def load_chosen(self) -> None:
        key = self.model_combo.currentData()
        if not key or key == ADD_KEY:
            self.error.emit(self.tr("Choose a model file first."))
            return
        if self.remote.handles(key):
            self.remote.load(str(key))
            return
        if key != DEMO_KEY:
            self.controller.load_model(str(key), chat_format=self.chosen_format())
            return
        self.load_button.setEnabled(False)
        self.status.emit(self.tr("Preparing the demo model…"))
        models_dir = self.services.paths.models_dir

        def op(_report: Report) -> Path | None:
            return demo_model_path(models_dir)

        def done(path: Path | None) -> None:
            if path is None:
                self._on_failed(self.tr("The demo model is not installed."))
            else:
                self.demo_ready.emit(str(path))

        def failed(exc: BaseException) -> None:
            self._on_failed(str(exc))

        self.services.ops.run(op, on_success=done, on_failure=failed, name="demo-model")

    @Slot(str)
    def _on_server_saved(self, key: str) -> None:
        self.fill()
        self.model_combo.setCurrentIndex(self.model_combo.findData(key))
        self.load_chosen()

    @Slot(str)
    def _on_demo_ready(self, path: str) -> None:
        index = self.model_combo.findData(DEMO_KEY)
        if index >= 0:
            self.model_combo.setItemData(index, path)
        self.controller.load_model(path, chat_format=self.chosen_format())

    @Slot(str)
    def _on_loading(self, path: str) -> None:
        self.load_progress.setValue(0)
        self.load_progress.setVisible(True)
        self.load_button.setEnabled(False)
        self.status.emit(self.tr("Loading %1…").replace("%1", Path(path).name))

    @Slot(object)
    def _on_loaded(self, model: LoadedModel) -> None:
        self.load_progress.setVisible(False)
        self.load_button.setEnabled(True)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.load_progress.setVisible(False)
        self.load_button.setEnabled(True)
        self.status.emit(self.tr("No model loaded"))
        self.error.emit(message)

    @Slot(str)
    def _on_too_big(self, message: str) -> None:
        self._on_failed(message)
        last = self.controller.last_load
        answer = QMessageBox.question(
            self.window,
            self.tr("Not enough memory"),
            message
            + "\n\n"
            + self.tr("Load it anyway? The system may become slow or stop the model."),
        )
        if last is not None and answer == QMessageBox.StandardButton.Yes:
            self.controller.load_model(last.source, last.n_ctx, last.chat_format, True)
