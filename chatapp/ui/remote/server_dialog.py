""" "Add a server…": an OpenAI-compatible server's address, an optional API key, and its model.

The model list comes from the server's ``/v1/models``, fetched off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.engine import EngineError
from chatapp.remote.engine import RemoteEngine, RemoteModelEntry, normalize_base_url
from chatapp.ui.background import Operations, Report
from chatapp.ui.dialog_parts import add_error_and_buttons


@dataclass(frozen=True)
class ServerChoice:
    base_url: str
    api_key: str
    model: str
    n_ctx: int  # 0: what the server says
    name: str

    def __repr__(self) -> str:  # the key stays out of any log line that prints this
        return f"ServerChoice({self.base_url!r}, model={self.model!r})"


def fetch_models(base_url: str, api_key: str) -> list[RemoteModelEntry]:
    engine = RemoteEngine(base_url, api_key)
    try:
        return engine.list_models()
    finally:
        engine.close()


class ServerDialog(QDialog):
    models_fetched = Signal(object)  # list[RemoteModelEntry]
    fetch_failed = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a server"))
        self.setMinimumWidth(480)
        self.ops = ops
        self.choice: ServerChoice | None = None
        self._fetching = 0
        intro = QLabel(
            self.tr(
                "Chat with a model served by another program: llama-server, Ollama, LM Studio, "
                "vLLM or any server with an OpenAI-compatible API. Your conversations stay here."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://192.168.1.20:8080/v1")
        self.url.setAccessibleName(self.tr("Server address"))
        form.addRow(self.tr("Address"), self.url)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("optional"))
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setToolTip(
            self.tr(
                "Kept in the system keyring where there is one, else in a file only you can read."
            )
        )
        form.addRow(self.tr("API key"), self.key)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setAccessibleName(self.tr("Model"))
        editor = self.model.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(self.tr("press Get models, or type a name"))
        self.fetch_button = QPushButton(self.tr("Get models"))
        self.fetch_button.setAccessibleName(self.tr("Get the server's models"))
        row = QHBoxLayout()
        row.addWidget(self.model, 1)
        row.addWidget(self.fetch_button)
        form.addRow(self.tr("Model"), row)
        self.context = QSpinBox()
        self.context.setRange(0, 1 << 20)
        self.context.setSingleStep(1024)
        self.context.setSpecialValueText(self.tr("as the server says"))
        self.context.setAccessibleName(self.tr("Context length"))
        self.context.setToolTip(
            self.tr("The server's context length, when it does not say itself (0: ask it).")
        )
        form.addRow(self.tr("Context length"), self.context)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("optional: a name for the model picker"))
        self.name.setAccessibleName(self.tr("Name"))
        form.addRow(self.tr("Name"), self.name)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Server status"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        self.error_label = add_error_and_buttons(
            self, layout, self.try_accept, self.tr("Server error")
        )
        self.fetch_button.clicked.connect(self.fetch)
        self.models_fetched.connect(self._on_models)
        self.fetch_failed.connect(self._on_fetch_failed)

    @Slot()
    def fetch(self) -> None:
        try:
            base_url = normalize_base_url(self.url.text())
        except ValueError:
            self.status.setText(self.tr("The address must look like http://host:port/v1."))
            return
        key = self.key.text().strip()
        self._fetching += 1
        ticket = self._fetching
        self.fetch_button.setEnabled(False)
        self.status.setText(self.tr("Asking the server for its models…"))

        def op(_report: Report) -> list[RemoteModelEntry]:
            return fetch_models(base_url, key)

        def done(models: list[RemoteModelEntry]) -> None:
            if ticket == self._fetching:
                self.models_fetched.emit(models)

        def failed(exc: BaseException) -> None:
            if ticket == self._fetching:
                self.fetch_failed.emit(exc.message if isinstance(exc, EngineError) else str(exc))

        self.ops.run(op, on_success=done, on_failure=failed, name="server-models")

    @Slot(object)
    def _on_models(self, models: list[RemoteModelEntry]) -> None:
        self.fetch_button.setEnabled(True)
        typed = self.model.currentText()
        self.model.clear()
        for entry in models:
            self.model.addItem(entry.id, entry.id)
        if typed and self.model.findText(typed) >= 0:
            self.model.setCurrentIndex(self.model.findText(typed))
        if models:
            self.status.setText(self.tr("Models on the server: %1").replace("%1", str(len(models))))
        else:
            self.status.setText(self.tr("The server lists no models: type the model's name."))

    @Slot(str)
    def _on_fetch_failed(self, message: str) -> None:
        self.fetch_button.setEnabled(True)
        self.status.setText(message)

    def collect(self) -> ServerChoice:
        try:
            base_url = normalize_base_url(self.url.text())
        except ValueError:  # shown under the form
            raise ValueError(self.tr("The address must look like http://host:port/v1.")) from None
        model = self.model.currentText().strip()
        if not model:
            raise ValueError(self.tr("Choose a model (press Get models) or type its name."))
        return ServerChoice(
            base_url, self.key.text().strip(), model, self.context.value(), self.name.text().strip()
        )

    def try_accept(self) -> None:
        # The choice is set before ``accepted`` goes out: its handlers read it.
        try:
            self.choice = self.collect()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()
