"""Installed → Projector…: choose which vision projector a model loads with.

The choices: automatic (the projector beside the model that fits it, named), none (text
only), each projector in the model's folder of the model's width, or another file, which is
checked before it is accepted (a projector of another width is one line in the dialog, and
nothing is stored).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.images.projector import ProjectorError, ProjectorInfo
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.projector_choices import (
    NONE,
    ProjectorChoices,
    check_pair,
    fitting_projectors,
)
from chatapp.core.models.projectors import find_projector
from chatapp.ui.dialog_parts import add_error_and_buttons

AUTOMATIC = "auto"  # the item data of the automatic choice (NONE is "", a path is a path)


class ProjectorDialog(QDialog):
    def __init__(
        self, model: Path, choices: ProjectorChoices, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.choices = choices
        self.setWindowTitle(self.tr("Vision projector"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Which projector %1 loads with: it lets the model see images.").replace(
                "%1", model.name
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Projectors"))
        layout.addWidget(self.list)
        self.other_button = QPushButton(self.tr("Other file…"))
        self.other_button.setAccessibleName(self.tr("Choose a projector file"))
        self.other_button.clicked.connect(self._on_other)
        layout.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.error = add_error_and_buttons(self, layout, self.accept, self.tr("Projector error"))
        self._fill()

    def _add(self, text: str, data: str, tip: str = "") -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        if tip:
            item.setToolTip(tip)
        self.list.addItem(item)
        return item

    def _describe(self, info: ProjectorInfo) -> str:
        path = Path(info.path)
        size = format_bytes(path.stat().st_size) if path.exists() else ""
        return f"{path.name}  ({info.projector_type}, {size})"

    def _fill(self) -> None:
        auto = find_projector(self.model)
        self._add(
            self.tr("Automatic: %1").replace("%1", auto.name)
            if auto is not None
            else self.tr("Automatic: none fits in the model's folder"),
            AUTOMATIC,
        )
        self._add(self.tr("None: text only"), NONE)
        for info in fitting_projectors(self.model):
            self._add(self._describe(info), str(Path(info.path).resolve()), info.path)
        chosen = self.choices.choice(self.model)
        if chosen and self._row_of(chosen) < 0 and Path(chosen).is_file():
            self._add(Path(chosen).name, chosen, chosen)  # a file outside the folder
        row = 0 if chosen is None else self._row_of(chosen)
        self.list.setCurrentRow(max(0, row))

    def _row_of(self, data: str) -> int:
        for r in range(self.list.count()):
            if self.list.item(r).data(Qt.ItemDataRole.UserRole) == data:
                return r
        return -1

    def _on_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a vision projector"), str(self.model.parent),
            self.tr("Projector files (*.gguf)"),
        )  # fmt: skip
        if not path:
            return
        try:
            info = check_pair(self.model, path)
        except ProjectorError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        data = str(Path(path).resolve())
        row = self._row_of(data)
        if row < 0:
            self._add(self._describe(info), data, path)
            row = self.list.count() - 1
        self.list.setCurrentRow(row)

    def accept(self) -> None:
        item = self.list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else AUTOMATIC
        try:
            if data == AUTOMATIC:
                self.choices.reset(self.model)
            else:
                self.choices.choose(self.model, None if data == NONE else data)
        except (ProjectorError, OSError) as exc:  # the file changed since it was listed
            self.error.setText(str(exc))
            return
        super().accept()
