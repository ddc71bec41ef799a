"""Installed → Speculative…: how one model guesses ahead, over Preferences (docs/speculative.md).

The choices: as in Preferences (named), Off, Auto, Prompt lookup or Draft model; for Auto and
Draft model, the draft: a smaller model of the same family (the best candidate, named) or one
of the library's candidates (``draft_choice.draft_candidates``: the same architecture and
vocabulary size, at most half the size; the runtime compares every token when it loads the
pair). Draft model with no candidate in the library is one line in the dialog, and nothing is
stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.library import LocalModel
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.speculative_choices import (
    NEEDS_DRAFT,
    ModelSpeculative,
    SpeculativeChoices,
)
from chatapp.core.settings import SPECULATIVE, AppSettings
from chatapp.ui.dialog_parts import add_error_and_buttons

PREFERENCES = ""  # the item data of "as in Preferences" (the modes are SPECULATIVE's)


def mode_names() -> dict[str, str]:
    """The speculative modes in the user's language."""
    return {
        "off": QCoreApplication.translate("SpeculativeDialog", "Off"),
        "auto": QCoreApplication.translate(
            "SpeculativeDialog", "Auto (what this computer measured faster)"
        ),
        "lookup": QCoreApplication.translate("SpeculativeDialog", "Prompt lookup"),
        "draft": QCoreApplication.translate("SpeculativeDialog", "Draft model"),
    }


class SpeculativeDialog(QDialog):
    """``candidates``: the library's drafts for ``model``, the best first."""

    def __init__(
        self,
        model: Path,
        choices: SpeculativeChoices,
        candidates: Sequence[LocalModel],
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.choices = choices
        self.candidates = list(candidates)
        self.setWindowTitle(self.tr("Speculative decoding"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "How %1 guesses ahead in replies at temperature 0; the reply stays the same. "
                "Takes effect with its next load."
            ).replace("%1", model.name)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Speculative decoding"))
        names = mode_names()
        self.mode.addItem(
            self.tr("As in Preferences (%1)").replace("%1", names[settings.speculative]),
            PREFERENCES,
        )
        for key in SPECULATIVE:
            self.mode.addItem(names[key], key)
        form.addRow(self.tr("Method"), self.mode)
        self.draft = QComboBox()
        self.draft.setAccessibleName(self.tr("Draft model"))
        best = self.candidates[0].name if self.candidates else None
        self.draft.addItem(
            self.tr("A smaller model of the same family: %1").replace("%1", best)
            if best is not None
            else self.tr("A smaller model of the same family: none in the library"),
            "",
        )
        for m in self.candidates:
            self.draft.addItem(f"{m.name}  ({format_bytes(m.size)})", str(m.path))
        form.addRow(self.tr("Draft model"), self.draft)
        layout.addLayout(form)
        self.note = QLabel(
            self.tr(
                "Offered as drafts: the library's models of the same architecture and "
                "vocabulary at most half this model's size."
            )
        )
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.error = add_error_and_buttons(
            self, layout, self.accept, self.tr("Speculative decoding error")
        )
        self._show(choices.choice(model))
        self.mode.currentIndexChanged.connect(self._update)
        self._update()

    def _show(self, chosen: ModelSpeculative | None) -> None:
        if chosen is None:
            return
        self.mode.setCurrentIndex(max(0, self.mode.findData(chosen.mode)))
        if chosen.draft:
            index = self.draft.findData(chosen.draft)
            if index < 0:  # no longer a candidate (deleted, moved): keep the choice visible
                self.draft.addItem(Path(chosen.draft).name, chosen.draft)
                index = self.draft.count() - 1
            self.draft.setCurrentIndex(index)

    def _update(self) -> None:
        self.draft.setEnabled(self.mode.currentData() in NEEDS_DRAFT)
        self.error.setText("")

    def accept(self) -> None:
        mode = str(self.mode.currentData())
        draft = str(self.draft.currentData() or "") if mode in NEEDS_DRAFT else ""
        if mode == "draft" and not draft and not self.candidates:
            self.error.setText(
                self.tr(
                    "No model in the library can be the draft of %1: download a smaller model "
                    "of the same family, or choose Prompt lookup."
                ).replace("%1", self.model.name)
            )
            return
        try:
            if mode == PREFERENCES:
                self.choices.reset(self.model)
            else:
                self.choices.choose(self.model, ModelSpeculative(mode, draft))
        except (ValueError, OSError) as exc:
            self.error.setText(str(exc))
            return
        super().accept()
