"""Agent lessons in the window: "Mark as failed…" on an agent's answer (an optional correction),
and the conversation's lessons, to read, edit in place and delete (core/agent/lessons.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.chat.store import Store


class MarkFailedDialog(QDialog):
    """What went wrong, optionally; OK asks the model for a lesson (in the background)."""

    def __init__(self, lessons_on: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark as failed"))
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "The model writes one lesson from this task and its answer. You can read, edit "
                "or delete it in the chat's lessons."
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        correction_label = QLabel(self.tr("Correction (optional)"))
        self.correction = QPlainTextEdit()
        self.correction.setPlaceholderText(self.tr("What the right answer or approach was"))
        self.correction.setAccessibleName(self.tr("Correction (optional)"))
        self.correction.setTabChangesFocus(True)
        correction_label.setBuddy(self.correction)
        layout.addWidget(correction_label)
        layout.addWidget(self.correction, 1)
        self.use_lessons = QCheckBox(self.tr("Offer lessons to later agent tasks in this chat"))
        self.use_lessons.setChecked(lessons_on)
        layout.addWidget(self.use_lessons)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = buttons.addButton(
            self.tr("Write a lesson"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.write_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.correction.setFocus()

    def correction_text(self) -> str | None:
        return self.correction.toPlainText().strip() or None


class LessonsDialog(QDialog):
    """The conversation's lessons: double-click (or Edit) to change one, Delete to remove it.
    Every change is saved at once; a refused text shows why and the stored lesson stays."""

    def __init__(self, store: Store, conversation_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conversation_id = conversation_id
        self.setWindowTitle(self.tr("Lessons"))
        self.resize(600, 380)
        layout = QVBoxLayout(self)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Lessons of this chat"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #d93025")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit"))
        self.delete_button = QPushButton(self.tr("Delete"))
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.list.currentRowChanged.connect(lambda _row: self._sync_buttons())
        self.list.itemChanged.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        on = self.store.conversation(self.conversation_id).settings.agent_lessons
        self.state_label.setText(
            self.tr("Later agent tasks in this chat are offered these lessons.")
            if on
            else self.tr(
                "Lessons are off for this chat: turn them on in the conversation settings to "
                "offer these to later agent tasks."
            )
        )
        self.list.blockSignals(True)
        self.list.clear()
        for lesson in self.store.lessons(self.conversation_id):
            item = QListWidgetItem(lesson.text)
            item.setData(Qt.ItemDataRole.UserRole, lesson.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        if not self.list.count():
            empty = QListWidgetItem(self.tr("No lessons yet. Mark an agent's answer as failed…"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self.list.blockSignals(False)
        self._sync_buttons()

    def lesson_texts(self) -> list[str]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return [i.text() for i in items if i.data(Qt.ItemDataRole.UserRole) is not None]

    def _current_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def _sync_buttons(self) -> None:
        chosen = self._current_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    @Slot()
    def edit_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and self._current_id() is not None:
            self.list.editItem(item)

    @Slot()
    def delete_current(self) -> None:
        lesson_id = self._current_id()
        if lesson_id is None:
            return
        self.store.delete_lesson(lesson_id)
        self.error_label.clear()
        self.reload()

    def set_text(self, lesson_id: int, text: str) -> bool:
        """Save a lesson's new text; False (and the reason shown) when it is refused."""
        if not text.strip():
            self.error_label.setText(self.tr("A lesson cannot be empty; it was not changed."))
            self.reload()
            return False
        try:
            self.store.edit_lesson(lesson_id, text)
        except (ValueError, KeyError) as exc:
            self.error_label.setText(self.tr("The lesson was not changed: ") + str(exc))
            self.reload()
            return False
        self.error_label.clear()
        self.reload()
        return True

    @Slot(QListWidgetItem)
    def _on_changed(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.set_text(int(value), item.text())
