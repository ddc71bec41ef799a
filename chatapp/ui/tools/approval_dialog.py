"""Asks before a tool runs: the tool, the server it comes from and the exact arguments."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.tools.approval import (
    ALLOW_ALWAYS,
    ALLOW_ONCE,
    ALLOW_TASK,
    DENY,
    ApprovalRequest,
)


class ApprovalDialog(QDialog):
    """``decision`` is ALLOW_ONCE, ALLOW_TASK (in an agent task), ALLOW_ALWAYS or DENY (also
    when closed)."""

    def __init__(self, request: ApprovalRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Allow this tool?"))
        self.decision = DENY
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The model wants to run a tool with these arguments."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.tool_label = QLabel(f"{request.title} ({request.tool})")
        form.addRow(self.tr("Tool"), self.tool_label)
        self.server_label = QLabel(request.server or self.tr("built in"))
        form.addRow(self.tr("Server"), self.server_label)
        layout.addLayout(form)
        self.arguments = QPlainTextEdit(request.arguments_text)
        self.arguments.setReadOnly(True)
        self.arguments.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.arguments.setAccessibleName(self.tr("Arguments"))
        self.arguments.setMinimumSize(420, 140)
        layout.addWidget(self.arguments)
        buttons = QDialogButtonBox()
        self.allow_button = QPushButton(self.tr("Allow once"))
        self.task_button = QPushButton(self.tr("Allow for this task"))
        self.always_button = QPushButton(self.tr("Always allow in this chat"))
        self.deny_button = QPushButton(self.tr("Deny"))
        buttons.addButton(self.allow_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.task_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.always_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.deny_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.task_button.setVisible(request.in_task)  # after addButton, which shows it
        self.allow_button.clicked.connect(lambda: self._decide(ALLOW_ONCE))
        self.task_button.clicked.connect(lambda: self._decide(ALLOW_TASK))
        self.always_button.clicked.connect(lambda: self._decide(ALLOW_ALWAYS))
        self.deny_button.clicked.connect(lambda: self._decide(DENY))
        self.deny_button.setDefault(True)  # Enter must not run a tool by accident
        self.deny_button.setFocus()
        layout.addWidget(buttons)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        if decision == DENY:
            self.reject()
        else:
            self.accept()
