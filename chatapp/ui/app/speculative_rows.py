"""The Preferences rows of speculative decoding: the method and the draft model
(docs/speculative.md)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout

from chatapp.core.settings import SPECULATIVE, AppSettings

EXPLAIN_WIDTH = 360  # pixels


class SpeculativeRows:
    """``drafts``: the library's models as (path, name), offered as the draft."""

    def __init__(
        self, form: QFormLayout, settings: AppSettings, drafts: Sequence[tuple[str, str]]
    ) -> None:
        labels = {
            "off": QCoreApplication.translate("SpeculativeRows", "Off"),
            "auto": QCoreApplication.translate(
                "SpeculativeRows", "Auto (what this computer measured faster)"
            ),
            "lookup": QCoreApplication.translate("SpeculativeRows", "Prompt lookup"),
            "draft": QCoreApplication.translate("SpeculativeRows", "Draft model"),
        }
        self.mode = QComboBox()
        self.mode.setAccessibleName(
            QCoreApplication.translate("SpeculativeRows", "Speculative decoding")
        )
        for key in SPECULATIVE:
            self.mode.addItem(labels[key], key)
        self.mode.setCurrentIndex(SPECULATIVE.index(settings.speculative))
        self.draft = QComboBox()
        self.draft.setAccessibleName(QCoreApplication.translate("SpeculativeRows", "Draft model"))
        self.draft.addItem(
            QCoreApplication.translate("SpeculativeRows", "A smaller model of the same family"), ""
        )
        for path, name in drafts:
            self.draft.addItem(name, path)
        if settings.draft_model:
            index = self.draft.findData(settings.draft_model)
            if index < 0:  # a file no longer in the library: keep the choice visible
                self.draft.addItem(settings.draft_model, settings.draft_model)
                index = self.draft.count() - 1
            self.draft.setCurrentIndex(index)
        self.explain = QLabel(
            QCoreApplication.translate(
                "SpeculativeRows",
                "Replies at temperature 0 are written several tokens at a time: the model checks "
                "cheap guesses (copied from the prompt, or from a small draft model with the same "
                "vocabulary), so the reply is the same, and Auto uses what this computer measured "
                "to be faster.",
            )
            + " "
            + QCoreApplication.translate(
                "SpeculativeRows",
                "A model can have its own choice in Models… → Installed → Speculative…",
            )
        )
        self.explain.setWordWrap(True)
        # A dialog's minimum size ignores a wrapped label's height for its width, and the form
        # squeezed the text to two clipped lines: never narrower, and tall enough at that width.
        self.explain.setMinimumWidth(EXPLAIN_WIDTH)
        self.explain.setMinimumHeight(self.explain.heightForWidth(EXPLAIN_WIDTH))
        self.mode.currentIndexChanged.connect(self._update)
        self._update()
        box = QVBoxLayout()
        box.addWidget(self.mode)
        box.addWidget(self.draft)
        box.addWidget(self.explain)
        form.addRow(QCoreApplication.translate("SpeculativeRows", "Speculative decoding"), box)

    def _update(self) -> None:
        self.draft.setEnabled(self.mode.currentData() in ("auto", "draft"))

    def values(self) -> dict[str, str]:
        return {
            "speculative": str(self.mode.currentData()),
            "draft_model": str(self.draft.currentData() or ""),
        }
