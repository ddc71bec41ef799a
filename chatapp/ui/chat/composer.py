"""The message composer: Enter sends, Shift+Enter adds a line, input methods are respected."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class Composer(QPlainTextEdit):
    """Emits ``send_requested`` with the text on Enter.

    While an input method is composing (Japanese kana-to-kanji conversion, for instance), the
    Enter that confirms the composition belongs to the input method and must not send: the
    preedit string tells us a composition is open.
    """

    send_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._composing = False
        # Takes pasted images (ui/chat/attachments.py); True when it took the clipboard.
        self.paste_handler: Callable[[QMimeData], bool] | None = None
        self.setAccessibleName(self.tr("Message"))
        self.setAccessibleDescription(
            self.tr("Type a message; Enter sends, Shift+Enter adds a line")
        )
        self.setPlaceholderText(self.tr("Type a message. Enter sends, Shift+Enter adds a line."))
        self.setTabChangesFocus(True)

    def has_attachments(self) -> bool:
        """Images wait to be sent (a message may be only a picture)."""
        return bool(getattr(self, "attachments_count", 0))

    @property
    def composing(self) -> bool:
        return self._composing

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        handler = self.paste_handler
        if handler is not None and (source.hasImage() or source.hasUrls()) and handler(source):
            return
        super().insertFromMimeData(source)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self._composing = bool(event.preeditString())
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self._composing:
            event.accept()  # the input method confirms its conversion: neither send nor newline
            return
        plain = not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if enter and plain and not event.isAutoRepeat():
            text = self.toPlainText().strip()
            if text or self.has_attachments():
                self.send_requested.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)
