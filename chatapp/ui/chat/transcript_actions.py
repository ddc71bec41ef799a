"""What the transcript's buttons do: Regenerate, Continue, Edit, Delete, the alternatives' arrows,
a document source, and the summary card (open and edit, summarize again)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from chatapp.ui.chat.controller import ChatController
from chatapp.ui.chat.edit_dialog import EditDialog
from chatapp.ui.chat.lessons_dialog import MarkFailedDialog
from chatapp.ui.chat.summary_dialog import SummaryDialog
from chatapp.ui.docs.window_part import DocumentsPart


class TranscriptActions(QObject):
    def __init__(
        self, controller: ChatController, documents: DocumentsPart, window: QWidget
    ) -> None:
        super().__init__(window)
        self.controller = controller
        self.documents = documents
        self.window = window
        self.edit_dialog: EditDialog | None = None
        self.summary_editor: Any = None
        self.mark_dialog: MarkFailedDialog | None = None  # the open "Mark as failed" question

    @Slot(str, int, int)
    def on_action(self, verb: str, message_id: int, _extra: int) -> None:
        c = self.controller
        store = c.store
        if verb == "regenerate":
            c.regenerate(message_id)
        elif verb == "source":
            self.documents.open_source(message_id, _extra)
        elif verb == "continue":
            c.continue_reply(message_id)
        elif verb == "edit":
            old = store.message(message_id).content
            dialog = EditDialog(old, self.window)
            self.edit_dialog = dialog
            if dialog.exec() and dialog.text().strip() and dialog.text() != old:
                c.edit_and_resend(message_id, dialog.text())
        elif verb == "delete":
            answer = QMessageBox.question(
                self.window, self.tr("Delete message"), self.tr("Delete this message?")
            )
            if answer == QMessageBox.StandardButton.Yes:
                c.delete_message(message_id)
        elif verb in ("previous", "next"):
            c.show_sibling(message_id, -1 if verb == "previous" else 1)
        elif verb == "summary":
            self.open_summary(message_id)
        elif verb == "resummarize":
            c.regenerate_summary()
        elif verb == "markfailed":
            self.mark_failed(message_id)

    def mark_failed(self, message_id: int) -> None:
        """Ask for an optional correction (the dialog stays non-blocking), then the lesson."""
        cid = self.controller.store.message(message_id).conversation_id
        on = self.controller.store.conversation(cid).settings.agent_lessons
        dialog = MarkFailedDialog(on, self.window)
        self.mark_dialog = dialog

        def accepted() -> None:
            self.mark_dialog = None
            checked = dialog.use_lessons.isChecked()
            self.controller.mark_failed(message_id, dialog.correction_text(), checked)

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(lambda: setattr(self, "mark_dialog", None))
        dialog.open()

    def open_summary(self, summary_id: int) -> None:
        cid = self.controller.conversation_id
        summary = self.controller.store.latest_summary(cid) if cid else None
        if summary is None or summary.id != summary_id:
            return
        dialog = SummaryDialog(summary.content, self.window)
        self.summary_editor = dialog.editor
        if dialog.exec() and dialog.text() != summary.content.strip():
            self.controller.edit_summary(summary.id, dialog.text())

    def copy_last_reply(self) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            return
        replies = [m for m in self.controller.store.branch(cid) if m.role == "assistant"]
        if replies:
            QApplication.clipboard().setText(replies[-1].content)
