"""What the documents feature adds to the main window: a toolbar button and a menu action that
open the documents window, the chat's documents provider, opening a reply's sources, and
indexing left unfinished by the last run."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from chatapp.core.docs.context import DocumentsProvider
from chatapp.core.docs.indexer import IndexProgress
from chatapp.ui.docs.controller import DocumentsController
from chatapp.ui.docs.dialog import DocumentsDialog
from chatapp.ui.docs.open_source import open_source, source_of
from chatapp.ui.icons import icon
from chatapp.ui.services import Services

SERVICE = "documents"  # the key of the DocumentService in Services.extras


class DocumentsPart(QObject):
    def __init__(self, services: Services, chat: Any, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.chat = chat  # the ChatController
        service = services.extras[SERVICE]
        self.controller = DocumentsController(service, services.store, services.ops, self)
        chat.providers.append(
            DocumentsProvider(services.store, service.index, service.retriever, services.engine)
        )
        self.dialog: DocumentsDialog | None = None
        self.button = QPushButton(icon("file-text"), self.tr("Documents…"))
        self.button.setFlat(True)  # as Settings and Models beside it
        self.button.setAccessibleName(self.tr("Open the documents window"))
        self.button.setToolTip(self.tr("Collections of your files that chats can answer from"))
        self.button.clicked.connect(self.show_dialog)
        self.action = QAction(self.tr("Documents…"), self)
        self.action.triggered.connect(self.show_dialog)
        chat.conversation_opened.connect(self._on_conversation_opened)
        self.controller.progress.connect(self._on_progress)
        self.controller.running_changed.connect(self._on_running)
        self.controller.attached_changed.connect(lambda _cid: chat.refresh_plan())
        QTimer.singleShot(0, self.controller.resume_unfinished)

    @Slot()
    def show_dialog(self) -> DocumentsDialog:
        if self.dialog is None:
            self.dialog = DocumentsDialog(self.controller, self.chat.conversation_id, self.window)
        else:
            self.dialog.set_conversation(self.chat.conversation_id)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    @Slot(int)
    def _on_conversation_opened(self, conversation_id: int) -> None:
        if self.dialog is not None:
            self.dialog.set_conversation(conversation_id or None)

    @Slot(object)
    def _on_progress(self, p: IndexProgress) -> None:
        self.button.setText(
            self.tr("Documents (%1 of %2)…")
            .replace("%1", str(min(p.files_done + 1, p.files_total)))
            .replace("%2", str(p.files_total))
        )

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        if not running:
            self.button.setText(self.tr("Documents…"))

    def open_source(self, message_id: int, n: int) -> bool:
        """The transcript's "source" action: open source ``n`` of a reply."""
        source = source_of(self.chat.store.message(message_id).meta, n)
        if source is None:
            return False
        if open_source(source):
            return True
        QMessageBox.warning(
            self.window,
            self.tr("Source"),
            self.tr("%1 could not be opened; it may have been moved or deleted.").replace(
                "%1", str(source.get("path", ""))
            ),
        )
        return False

    def close(self) -> None:
        self.controller.close()
