"""What the user does to whole conversations: rename, duplicate, delete, export, import."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from chatapp.core.chat.store import ImportError_
from chatapp.ui.background import Operation
from chatapp.ui.chat.controller import ChatController

log = logging.getLogger("kotoba.import")
UNDO_MS = 10_000
# Characters no file system takes in a name (Windows is the strictest), and control characters.
UNSAFE = set('\\/:*?"<>|') | {chr(i) for i in range(32)}


def export_file_name(title: str) -> str:
    """A file name from a title: its words, without what file systems refuse."""
    name = "".join(" " if ch in UNSAFE else ch for ch in title)
    name = " ".join(name.split()).strip(" .")
    return name[:80].rstrip(" .") or "conversation"


class ConversationActions(QObject):
    error = Signal(str)
    message = Signal(str, int)  # a status bar message and how long to show it (ms)
    list_changed = Signal()
    undo_available = Signal(bool)

    def __init__(self, controller: ChatController, window: QWidget) -> None:
        super().__init__(window)
        self.controller = controller
        self.window = window
        self.pending_delete: int | None = None
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_MS)
        self._undo_timer.timeout.connect(self.finish_delete)

    def rename(self) -> bool:
        cid = self.controller.conversation_id
        if cid is None:
            return False
        old = self.controller.store.conversation(cid).title
        title, ok = QInputDialog.getText(
            self.window, self.tr("Rename"), self.tr("Title:"), text=old
        )
        if ok and title.strip():
            self.controller.rename(cid, title)
            return True
        return False

    def duplicate(self) -> None:
        cid = self.controller.conversation_id
        if cid is not None and not self.controller.busy:
            self.controller.open_conversation(self.controller.duplicate(cid))

    def delete(self) -> None:
        cid = self.controller.conversation_id
        if cid is None or self.controller.busy:
            return
        self.finish_delete()
        self.pending_delete = cid
        others = [c.id for c in self.controller.store.list_conversations() if c.id != cid]
        self.controller.open_conversation(others[0] if others else None)
        self.list_changed.emit()
        self.undo_available.emit(True)
        self.message.emit(self.tr("Conversation deleted."), UNDO_MS)
        self._undo_timer.start()

    def undo_delete(self) -> None:
        cid, self.pending_delete = self.pending_delete, None
        self._undo_timer.stop()
        self.undo_available.emit(False)
        self.message.emit("", 0)
        if cid is not None:
            self.controller.open_conversation(cid)
            self.list_changed.emit()

    def finish_delete(self) -> None:
        cid, self.pending_delete = self.pending_delete, None
        self.undo_available.emit(False)
        if cid is not None:
            self.controller.store.delete_conversation(cid)

    def export(self, kind: str) -> Path | None:
        cid = self.controller.conversation_id
        if cid is None:
            return None
        store = self.controller.store
        title = store.conversation(cid).title or self.tr("Conversation")
        filters = self.tr("Markdown (*.md)") if kind == "md" else self.tr("JSON (*.json)")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export conversation"),
            str(Path(folder or Path.home()) / f"{export_file_name(title)}.{kind}"),
            filters,
        )
        if not path:
            return None
        if kind == "md":
            text = store.export_markdown(cid)
        else:
            text = json.dumps(store.export_json(cid), ensure_ascii=False, indent=2)
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.error.emit(self.tr("Could not save: %1").replace("%1", exc.strerror or str(exc)))
            return None
        self.message.emit(self.tr("Exported to %1").replace("%1", path), 8000)
        return Path(path)

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import a conversation"),
            str(Path.home()),
            self.tr("JSON (*.json)"),
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> Operation[int]:
        """Read, check and write the file on a worker thread (a big or hostile file must not
        freeze the window); the new conversation opens, or the error shows, when it is done."""
        pattern = self.tr("%1 (imported)")
        self.message.emit(self.tr("Importing %1…").replace("%1", path.name), 0)
        return self.controller.ops.run(
            lambda _report: self.controller.import_file(path, pattern),
            on_success=self._imported,
            on_failure=lambda exc: self._import_failed(path, exc),
            name="import",
        )

    def _imported(self, cid: int) -> None:
        self.message.emit("", 0)
        self.controller.conversations_changed.emit()
        self.controller.open_conversation(cid)

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self.message.emit("", 0)
        if isinstance(exc, OSError):
            why = exc.strerror or str(exc)
        elif isinstance(exc, ImportError_):
            why = str(exc)
        else:  # a bug or MemoryError: said once in the log, briefly to the user
            log.error("import of %s failed", path, exc_info=exc)
            why = self.tr("unexpected error (%1)").replace("%1", type(exc).__name__)
        self.error.emit(
            self.tr("Could not import %1: %2").replace("%1", path.name).replace("%2", why)
        )
