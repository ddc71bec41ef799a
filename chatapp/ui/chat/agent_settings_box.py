"""The agent part of the conversation settings: lessons from failed tasks (opt-in) and the
chat's lessons, to read, edit and delete (lessons_dialog.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QPushButton, QWidget

from chatapp.core.chat.conversation_settings import ConversationSettings


class AgentSettingsBox(QGroupBox):
    def __init__(
        self,
        settings: ConversationSettings,
        open_lessons: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Agent"))
        layout = QHBoxLayout(self)
        self.lessons = QCheckBox(self.tr("Learn lessons from answers I mark as failed"))
        self.lessons.setToolTip(
            self.tr(
                "After you mark an agent's answer as failed, the model writes one lesson; later "
                "agent tasks in this chat are offered the lessons"
            )
        )
        self.lessons.setChecked(settings.agent_lessons)
        layout.addWidget(self.lessons, 1)
        self.lessons_button = QPushButton(self.tr("Lessons…"))
        self.lessons_button.setAccessibleName(self.tr("Show this chat's lessons"))
        self.lessons_button.setVisible(open_lessons is not None)
        if open_lessons is not None:
            self.lessons_button.clicked.connect(open_lessons)
        layout.addWidget(self.lessons_button)

    def apply(self, settings: ConversationSettings) -> ConversationSettings:
        return replace(settings, agent_lessons=self.lessons.isChecked())
