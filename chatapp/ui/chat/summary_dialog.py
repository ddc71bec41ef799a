"""The dialog that shows the running summary and lets the user edit it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class SummaryDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Summary of earlier messages"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "The model sees this summary instead of the earlier messages (they stay saved). "
                "Correct it if it got something wrong."
            )
        )
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(text)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setAccessibleName(self.tr("Summary text"))
        label.setBuddy(self.editor)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText().strip()
