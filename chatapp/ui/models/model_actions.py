"""What the window does with models: load one at start, the welcome page's and the manager's
choices, a ``.gguf`` dropped on the window or chosen with Import, and what the chat page shows
when a load ends or is needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QObject, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from chatapp.core.engine import LoadedModel
from chatapp.ui.app.model_bar import ModelBar
from chatapp.ui.app.settings_keeping import keep_settings
from chatapp.ui.background import Report
from chatapp.ui.chat.attachments import image_files
from chatapp.ui.chat.chat_page import ChatPage
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.models.manager import DEMO_KEY, ModelManagerPane
from chatapp.ui.services import Services


class ModelActions(QObject):
    def __init__(
        self,
        services: Services,
        controller: ChatController,
        model_bar: ModelBar,
        manager: ModelManagerPane,
        chat: ChatPage,
        window: QWidget,
        show_models: Callable[[bool], None],
    ) -> None:
        super().__init__(window)
        self.services = services
        self.controller = controller
        self.model_bar = model_bar
        self.manager = manager
        self.chat = chat
        self.window = window
        self.show_models = show_models
        chat.composer_box.cta_button.clicked.connect(model_bar.load_chosen)
        chat.transcript.empty_state.model_requested.connect(self._on_model_requested)
        controller.model_loaded.connect(self._on_model_loaded)
        controller.model_needed.connect(self._on_model_needed)
        controller.model_failed.connect(self._on_model_failed)
        model_bar.error.connect(chat.show_error)
        model_bar.status.connect(chat.status_panel.set_text)
        manager.load_requested.connect(self._on_manager_load)
        manager.library_changed.connect(model_bar.fill)
        manager.import_requested.connect(self.ask_import)

    def load_at_start(self, initial: Path | None) -> bool:
        """Load ``--model``, else the model used last (in the background); True if loading."""
        s = self.services.settings
        if initial is not None:
            path, chat_format = initial, None
        elif s.load_last_model and s.last_model and Path(s.last_model).is_file():
            path, chat_format = Path(s.last_model), s.last_chat_format or None
        else:
            return False
        self.model_bar.select(str(path))
        self.controller.load_model(str(path), chat_format=chat_format)
        return True

    def _remember_model(self, model: LoadedModel) -> None:
        spec = self.controller.last_load
        if model.engine != "local" or spec is None:
            return
        chat_format = spec.chat_format or ""
        s = self.services.settings
        if (s.last_model, s.last_chat_format) == (model.source, chat_format):
            return
        error = keep_settings(
            self.services, self.controller, last_model=model.source, last_chat_format=chat_format
        )
        if error:
            self.chat.show_error(error)

    @Slot()
    def on_welcome_demo(self) -> None:
        self.model_bar.select_demo()
        self.show_models(False)
        self.model_bar.load_chosen()

    @Slot(object)
    def on_welcome_recommended(self, rec: Any) -> None:
        """Open the manager on the repository: the first request happens now, by choice."""
        self.show_models(True)
        self.manager.open_repository(rec.repo, rec.file)

    @Slot(str)
    def _on_manager_load(self, path: str) -> None:
        if path == DEMO_KEY:
            self.on_welcome_demo()  # sets the demo up, then loads it
        else:
            self.model_bar.select(path)
            self.controller.load_model(path)
        self.show_models(False)

    @Slot()
    def _on_model_requested(self) -> None:
        if self.model_bar.model_combo.currentData():
            self.model_bar.load_chosen()
        else:
            self.show_models(True)

    # --- dropping and importing ---------------------------------------------------------

    @staticmethod
    def accepts_drop(mime: QMimeData) -> bool:
        """Images (for the message being written) or only ``.gguf`` files."""
        if image_files(mime) or mime.hasImage():
            return True
        urls = mime.urls()
        return bool(urls) and all(
            u.isLocalFile() and u.toLocalFile().lower().endswith(".gguf") for u in urls
        )

    def drop(self, mime: QMimeData) -> None:
        if self.chat.images.take(mime):
            return
        for url in mime.urls():
            self.import_model(Path(url.toLocalFile()))

    @Slot()
    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import a model"),
            str(Path.home()),
            self.tr("GGUF models (*.gguf)"),
        )
        if path:
            self.import_model(Path(path))

    def import_model(self, path: Path) -> None:
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Import model"))
        box.setText(self.tr("Add %1 to the library?").replace("%1", path.name))
        copy = box.addButton(self.tr("Copy into the library"), QMessageBox.ButtonRole.AcceptRole)
        in_place = box.addButton(self.tr("Use where it is"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() not in (copy, in_place):
            return
        library = self.services.library
        as_copy = box.clickedButton() is copy

        def op(_report: Report) -> Path:
            return library.import_file(path, as_copy)

        def done(installed: Path) -> None:
            # Chosen to chat with: load it and go back to the chat.
            self.manager.refresh_installed()
            self.model_bar.fill()
            self.model_bar.select(str(installed))
            self.show_models(False)
            self.chat.leave_welcome()
            self.controller.load_model(str(installed), chat_format=self.model_bar.chosen_format())

        def failed(exc: BaseException) -> None:
            self.chat.show_error(
                self.tr("Could not import %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )

        self.services.ops.run(op, on_success=done, on_failure=failed, name="import-model")

    # --- a load's end ---------------------------------------------------------------------

    @Slot(str)
    def _on_model_failed(self, _message: str) -> None:
        model = self.controller.model
        if model is not None:  # the file was refused before the working model was unloaded
            chat = self.chat
            chat.status_panel.show_model(model)
            chat.show_notice(self.tr("Still chatting with %1.").replace("%1", model.name))
            chat.notice_label.setText(
                f"⚠ {self.controller.load_error} " + chat.notice_label.text()[2:]
            )

    @Slot()
    def _on_model_needed(self) -> None:
        """Something was written with no model to answer: nothing is saved; offer one."""
        self.chat.show_error(self.tr("Load a model to get a reply. Your message is still here."))
        self.chat.composer_box.cta_button.setFocus()

    @Slot(object)
    def _on_model_loaded(self, model: LoadedModel) -> None:
        self.chat.notice_label.setVisible(False)  # an earlier load error no longer applies
        self.chat.status_panel.show_model(model)
        self._remember_model(model)
        self.chat.leave_welcome()
        self.chat.count_draft()
