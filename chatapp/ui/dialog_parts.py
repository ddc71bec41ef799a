"""Pieces the settings dialogs share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

T = TypeVar("T")


def add_error_and_buttons(
    dialog: QDialog, layout: QVBoxLayout, on_ok: Callable[[], None], name: str
) -> QLabel:
    """A red error line (empty until a value is refused) and OK/Cancel; returns the error line."""
    error = QLabel()
    error.setStyleSheet("color: #d93025")
    error.setWordWrap(True)
    error.setAccessibleName(name)
    layout.addWidget(error)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error


def accept_if_valid(dialog: QDialog, collect: Callable[[], T], error: QLabel) -> T | None:
    """Close the dialog with the collected values, or show why they are refused."""
    try:
        result = collect()
    except ValueError as exc:
        error.setText(str(exc))
        return None
    dialog.accept()
    return result
