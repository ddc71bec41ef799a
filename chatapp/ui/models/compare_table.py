"""The Compare view's results table: one row a file, the columns of ``core.evaluate.report``."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from chatapp.core.evaluate.report import COLUMNS, cells
from chatapp.core.evaluate.results import EvaluationResult


class ResultsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        # Rows are chosen with the arrow keys and Tab moves on (cell-by-cell Tab navigation
        # would keep the focus in the table: a keyboard trap).
        self.setTabKeyNavigation(False)
        self.setAccessibleName(self.tr("Comparison results"))
        self.setHorizontalHeaderLabels(self._headings())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def _headings(self) -> list[str]:
        words = {
            "name": self.tr("File"),
            "quantization": self.tr("Quant"),
            "bpw": self.tr("Bits/weight"),
            "size": self.tr("Size"),
            "memory": self.tr("Memory"),
            "perplexity": self.tr("Perplexity ± error"),
            "kld": self.tr("KLD mean"),
            "kld_p99": self.tr("KLD p99"),
            "top1": self.tr("Same top token"),
            "prompt_tps": self.tr("Prompt tok/s"),
            "generation_tps": self.tr("Generation tok/s"),
        }
        return [words[key] for key, _ in COLUMNS]

    def show_results(self, results: list[EvaluationResult]) -> None:
        self.setRowCount(len(results))
        for r, result in enumerate(results):
            texts = cells(result)
            for c, (key, _heading) in enumerate(COLUMNS):
                item = QTableWidgetItem(texts[key])
                if key == "name" and result.reference_name is None and result.kld_mean is None:
                    item.setToolTip(self.tr("no reference"))
                self.setItem(r, c, item)
