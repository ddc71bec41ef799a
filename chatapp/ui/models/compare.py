"""The Compare view: quantizations of one model side by side — quality lost, speed gained,
memory saved — and making a smaller quantization from a 16-bit file.

Every evaluation and quantization runs through ``services.ops`` in the engine's lab process;
the GUI thread only shows progress and results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.engine import EngineError, EvaluatingEngine
from chatapp.core.evaluate.quantize import QUANT_TYPES, SOURCE_TYPES, output_path
from chatapp.core.evaluate.reference import SUFFIX as REFERENCE_SUFFIX
from chatapp.core.evaluate.report import to_csv
from chatapp.core.evaluate.results import (
    EvaluationProgress,
    EvaluationResult,
    EvaluationSpec,
    QuantizeProgress,
    QuantizeSpec,
)
from chatapp.core.evaluate.texts import TextError, load_text
from chatapp.core.models.library import LocalModel
from chatapp.ui.background import Operation
from chatapp.ui.models.compare_run import Finished, Step, compare_files, overall_fraction
from chatapp.ui.models.compare_table import ResultsTable
from chatapp.ui.models.perplexity_plot import PerplexityPlot, PlotPoint
from chatapp.ui.services import Services

PATH_ROLE = Qt.ItemDataRole.UserRole


class CompareDialog(QDialog):
    def __init__(
        self, services: Services, models: list[LocalModel], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.results: list[EvaluationResult] = []
        self.operation: Operation[Any] | None = None
        self._stopping = False
        self.setWindowTitle(self.tr("Compare quantizations"))
        self.resize(1100, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Choose the files of one model. Each is measured on the same text: perplexity "
                    "(lower is better), divergence from the reference, speed and memory."
                )
            )
        )
        self.file_list = QListWidget()
        self.file_list.setAccessibleName(self.tr("Files to compare"))
        self.file_list.setMaximumHeight(120)
        layout.addWidget(self.file_list)
        self.add_models(models)
        layout.addLayout(self._options_row())
        layout.addLayout(self._actions_row())
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName(self.tr("Comparison progress"))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Comparison status"))
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = ResultsTable()
        self.plot = PerplexityPlot()
        splitter.addWidget(self.table)
        splitter.addWidget(self.plot)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._quantize_row())
        self._set_running(False)

    def _options_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.text_combo = QComboBox()
        self.text_combo.setAccessibleName(self.tr("Evaluation text"))
        self.text_combo.addItem(self.tr("English: Alice in Wonderland"), "en")
        self.text_combo.addItem(self.tr("Japanese: Botchan (坊っちゃん)"), "ja")
        self.text_combo.addItem(self.tr("A text file…"), "")
        self.text_combo.activated.connect(self._on_text_chosen)
        self.ctx_spin = QSpinBox()
        self.ctx_spin.setRange(64, 8192)
        self.ctx_spin.setSingleStep(256)
        self.ctx_spin.setValue(512)
        self.ctx_spin.setAccessibleName(self.tr("Context length of each window"))
        self.chunks_spin = QSpinBox()
        self.chunks_spin.setRange(0, 10_000)
        self.chunks_spin.setSpecialValueText(self.tr("all"))
        self.chunks_spin.setAccessibleName(self.tr("Windows to evaluate (0: the whole text)"))
        self.reference_combo = QComboBox()
        self.reference_combo.setAccessibleName(self.tr("Reference model for KL divergence"))
        self.speed_check = QCheckBox(self.tr("Measure speed"))
        self.speed_check.setChecked(True)
        for label, widget in [
            (self.tr("Text"), self.text_combo),
            (self.tr("Context"), self.ctx_spin),
            (self.tr("Windows"), self.chunks_spin),
            (self.tr("Reference"), self.reference_combo),
        ]:
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.speed_check)
        row.addStretch(1)
        self._fill_references()
        return row

    def _actions_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Compare"))
        self.start_button.setAccessibleName(self.tr("Start the comparison"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the comparison"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export the results as CSV"))
        for b in (self.start_button, self.stop_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.export_button.clicked.connect(self._on_export)
        return row

    def _quantize_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Make a quantization of the selected file:")))
        self.quant_combo = QComboBox()
        self.quant_combo.setAccessibleName(self.tr("Quantization type"))
        for name, q in QUANT_TYPES.items():
            self.quant_combo.addItem(f"{name} (~{q.approx_bpw:.1f} bits/weight)", name)
        self.quant_combo.setCurrentIndex(list(QUANT_TYPES).index("Q4_K_M"))
        self.quantize_button = QPushButton(self.tr("Make"))
        self.quantize_button.setAccessibleName(self.tr("Make the quantization"))
        self.quantize_button.clicked.connect(self._on_quantize)
        row.addWidget(self.quant_combo)
        row.addWidget(self.quantize_button)
        row.addStretch(1)
        return row

    # --- files ----------------------------------------------------------------------------

    def add_models(self, models: list[LocalModel]) -> None:
        known = {self.file_list.item(i).data(PATH_ROLE) for i in range(self.file_list.count())}
        for m in models:
            if m.info is None or str(m.path) in known:
                continue
            item = QListWidgetItem(
                f"{m.name} — {m.info.quantization}, {m.info.bits_per_weight:.2f} "
                + self.tr("bits/weight")
            )
            item.setData(PATH_ROLE, str(m.path))
            item.setData(PATH_ROLE + 1, m.info.bits_per_weight)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.file_list.addItem(item)
        if self.file_list.count() and self.file_list.currentRow() < 0:
            self.file_list.setCurrentRow(0)
        if hasattr(self, "reference_combo"):
            self._fill_references()

    def _fill_references(self) -> None:
        self.reference_combo.clear()
        self.reference_combo.addItem(self.tr("none"), "")
        items = [self.file_list.item(i) for i in range(self.file_list.count())]
        for item in sorted(items, key=lambda it: -float(it.data(PATH_ROLE + 1))):
            self.reference_combo.addItem(Path(item.data(PATH_ROLE)).name, item.data(PATH_ROLE))
        # The most bits per weight is the best reference at hand.
        self.reference_combo.setCurrentIndex(1 if len(items) > 1 else 0)

    def checked_paths(self) -> list[str]:
        items = [self.file_list.item(i) for i in range(self.file_list.count())]
        return [it.data(PATH_ROLE) for it in items if it.checkState() == Qt.CheckState.Checked]

    @Slot(int)
    def _on_text_chosen(self, index: int) -> None:
        if self.text_combo.itemData(index):
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Evaluation text"), "", self.tr("Text files (*.txt);;All files (*)")
        )
        if path:
            self.text_combo.insertItem(index, Path(path).name, path)
            self.text_combo.setCurrentIndex(index)
        else:
            self.text_combo.setCurrentIndex(0)

    # --- running --------------------------------------------------------------------------

    def _engine(self) -> EvaluatingEngine | None:
        engine = self.services.engine
        if isinstance(engine, EvaluatingEngine):
            return engine
        self.status.setText(self.tr("This engine cannot measure model files."))
        return None

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.quantize_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.export_button.setEnabled(not running and bool(self.results))

    @Slot()
    def start(self) -> None:
        engine = self._engine()
        paths = self.checked_paths()
        if engine is None or not paths:
            if not paths:
                self.status.setText(self.tr("Choose at least one file."))
            return
        try:
            text_name, text = load_text(str(self.text_combo.currentData()))
        except TextError as exc:
            self.status.setText(str(exc))
            return
        reference = str(self.reference_combo.currentData() or "")
        n_ctx = self.ctx_spin.value()
        ref_file = ""
        if reference:
            ref_file = str(
                self.services.paths.cache_dir
                / "references"
                / f"{Path(reference).stem}-{text_name}-{n_ctx}{REFERENCE_SUFFIX}"
            )
            paths = [reference] + [p for p in paths if p != reference]
        base = EvaluationSpec(
            "",
            text,
            text_name,
            n_ctx=n_ctx,
            n_threads=self.services.settings.threads or None,
            max_chunks=self.chunks_spin.value() or None,
            speed=self.speed_check.isChecked(),
        )
        self.results = []
        self._show_results()
        self._stopping = False
        self._set_running(True)
        self.status.setText(self.tr("Starting…"))

        def work(report: Any) -> int:
            return compare_files(engine, base, paths, ref_file, lambda: self._stopping, report)

        self.operation = self.services.ops.run(
            work,
            on_success=self._on_done,
            on_failure=self._on_failed,
            on_progress=self._on_progress,
            name="compare-quantizations",
        )

    @Slot()
    def stop(self) -> None:
        engine = self._engine()
        self._stopping = True
        if engine is not None:
            engine.cancel_lab()
        self.status.setText(self.tr("Stopping…"))

    def _on_progress(self, value: Any) -> None:
        if isinstance(value, Finished):
            self.results.append(value.result)
            self._show_results()
            return
        if isinstance(value, QuantizeProgress):
            self.progress.setValue(int(1000 * value.fraction))
            self.status.setText(
                self.tr("Quantizing: tensor %1 of %2")
                .replace("%1", str(value.done))
                .replace("%2", str(value.total))
            )
            return
        if not isinstance(value, Step) or not isinstance(value.progress, EvaluationProgress):
            return
        p = value.progress
        phases = {
            "load": self.tr("loading"),
            "perplexity": self.tr("perplexity"),
            "speed": self.tr("speed"),
        }
        self.progress.setValue(int(1000 * overall_fraction(value, p)))
        running = f" — PPL {p.perplexity:.3f}" if p.perplexity else ""
        self.status.setText(
            self.tr("%1 (%2 of %3): %4 %5%")
            .replace("%1", value.name)
            .replace("%2", str(value.index + 1))
            .replace("%3", str(value.count))
            .replace("%4", phases[p.phase])
            .replace("%5", f"{100 * p.fraction:.0f}")
            + running
        )

    def _on_done(self, count: int) -> None:
        self._set_running(False)
        self.progress.setValue(1000)
        self.status.setText(
            self.tr("Done: %1 files compared.").replace("%1", str(len(self.results)))
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._set_running(False)
        if isinstance(exc, EngineError) and exc.kind == "cancelled":
            self.status.setText(self.tr("Stopped."))
        else:
            self.status.setText(self.tr("The comparison failed: %1").replace("%1", str(exc)))

    def _show_results(self) -> None:
        self.table.show_results(self.results)
        ref = self.results[0].name if self.results and self.reference_combo.currentData() else ""
        self.plot.set_points(
            [
                PlotPoint(
                    x.quantization, x.file_size, x.perplexity, x.perplexity_error, x.name == ref
                )
                for x in self.results
            ]
        )

    def closeEvent(self, event: Any) -> None:
        if self.stop_button.isEnabled():
            self.stop()
        super().closeEvent(event)

    # --- export and quantize ---------------------------------------------------------------

    def export_csv(self, path: Path) -> None:
        path.write_text(to_csv(self.results), encoding="utf-8")

    @Slot()
    def _on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export CSV"), "comparison.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_csv(Path(path))
            self.status.setText(self.tr("Saved %1").replace("%1", path))

    @Slot()
    def _on_quantize(self) -> None:
        item = self.file_list.currentItem()
        engine = self._engine()
        if item is None or engine is None:
            return
        source = Path(item.data(PATH_ROLE))
        quant = str(self.quant_combo.currentData())
        model = next((m for m in self.services.library.scan() if m.path == source), None)
        insist = False
        if (
            model is not None
            and model.info is not None
            and model.info.quantization not in SOURCE_TYPES
        ):
            answer = QMessageBox.question(
                self,
                self.tr("Already quantized"),
                self.tr(
                    "%1 is already quantized (%2). Quantizing it again loses more quality than "
                    "quantizing its 16-bit original. Quantize anyway?"
                )
                .replace("%1", source.name)
                .replace("%2", model.info.quantization),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            insist = True
        self.quantize(source, quant, insist)

    def quantize(self, source: Path, quant: str, allow_requantize: bool = False) -> None:
        engine = self._engine()
        if engine is None:
            return
        out = output_path(source, quant, self.services.paths.models_dir)
        spec = QuantizeSpec(
            str(source), str(out), quant, self.services.settings.threads or None, allow_requantize
        )
        self._set_running(True)
        self._stopping = False

        def done(_result: Any) -> None:
            self._set_running(False)
            self.progress.setValue(1000)
            self.status.setText(self.tr("Made %1").replace("%1", out.name))
            self.add_models([m for m in self.services.library.scan() if m.path == out])

        self.operation = self.services.ops.run(
            lambda report: engine.quantize(spec, report),
            on_success=done,
            on_failure=self._on_failed,
            on_progress=self._on_progress,
            name="quantize",
        )


def open_compare(parent: QWidget, services: Services, models: list[LocalModel]) -> CompareDialog:
    """Show the Compare view for ``models`` (non-modal: the chat stays usable)."""
    dialog = CompareDialog(services, models, parent)
    dialog.show()
    return dialog
