"""The Compare view from the model manager: real evaluations in the lab process, offscreen."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.models.compare import CompareDialog
from tests.support.tiny_models import write_tiny_model
from tests.ui.conftest import WindowFactory


def open_compare(qtbot: QtBot, w: MainWindow, names: list[str]) -> CompareDialog:
    pane = w.model_manager
    w.show_models(True)
    pane.refresh_installed()
    table = pane.installed_table
    table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r, m in enumerate(pane.models):
        if m.name in names:
            table.selectionModel().select(table.model().index(r, 0), flags)
    qtbot.mouseClick(pane.compare_button, Qt.MouseButton.LeftButton)
    dialog = pane.compare
    assert isinstance(dialog, CompareDialog)
    assert sorted(Path(p).name for p in dialog.checked_paths()) == sorted(names)
    return dialog


def test_compare_tiny_quantizations_table_plot_and_csv(
    qtbot: QtBot, make_window: WindowFactory, app_paths: AppPaths, tmp_path: Path,
) -> None:  # fmt: skip
    f16 = write_tiny_model(app_paths.models_dir / "tiny-F16.gguf", "F16", logit_scale=0.1)
    w = make_window()
    dialog = open_compare(qtbot, w, ["tiny-F16.gguf"])
    # Make the 8- and 4-bit files from the F16 one, from the view, into the library.
    for quant in ("Q8_0", "Q4_0"):
        dialog.quant_combo.setCurrentIndex(dialog.quant_combo.findData(quant))
        qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=60_000)
        assert (app_paths.models_dir / f"tiny-{quant}.gguf").exists(), dialog.status.text()
    assert dialog.file_list.count() == 3
    assert dialog.reference_combo.currentData() == str(f16)  # the most bits per weight
    dialog.ctx_spin.setValue(128)
    dialog.chunks_spin.setValue(6)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=120_000)
    assert dialog.table.rowCount() == 3, dialog.status.text()
    by_quant = {r.quantization: r for r in dialog.results}
    assert set(by_quant) == {"F16", "Q8_0", "Q4_0"}
    assert by_quant["Q8_0"].kld_mean < by_quant["Q4_0"].kld_mean  # type: ignore[operator]
    quant_col = [dialog.table.item(r, 1).text() for r in range(3)]
    assert quant_col[0] == "F16" and "±" in dialog.table.item(1, 5).text()
    assert len(dialog.plot.points) == 3 and dialog.plot.points[0].reference
    assert dialog.progress.value() == 1000
    out = tmp_path / "comparison.csv"
    dialog.export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["quantization"] for r in rows] == ["F16", "Q8_0", "Q4_0"]
    assert float(rows[2]["kld_mean"]) > float(rows[1]["kld_mean"]) > 0
    shot = Path(os.environ.get("KOTOBA_SCREENSHOTS", tmp_path)) / "compare-tiny.png"
    assert dialog.grab().save(str(shot))


def test_requantizing_asks_first(
    qtbot: QtBot, make_window: WindowFactory, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tiny_model(app_paths.models_dir / "tiny-Q8_0.gguf", "Q8_0")
    w = make_window()
    dialog = open_compare(qtbot, w, ["tiny-Q8_0.gguf"])
    asked: list[str] = []

    def no(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)
    assert asked and "already quantized (Q8_0)" in asked[0]
    assert dialog.start_button.isEnabled() and len(list(app_paths.models_dir.glob("*.gguf"))) == 1


@pytest.mark.gemma
def test_evaluating_the_demo_model_shows_progress_and_stops_within_a_second(
    qtbot: QtBot, make_window: WindowFactory, app_paths: AppPaths, gemma_path: Path
) -> None:
    (app_paths.models_dir / gemma_path.name).symlink_to(gemma_path)
    w = make_window()
    dialog = open_compare(qtbot, w, [gemma_path.name])
    assert dialog.reference_combo.currentData() == ""  # one file: nothing to compare against
    dialog.text_combo.setCurrentIndex(dialog.text_combo.findData("ja"))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "perplexity" in dialog.status.text() and dialog.progress.value() > 0,
                    timeout=60_000)  # fmt: skip
    assert "PPL" in dialog.status.text()
    t0 = time.perf_counter()
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=5_000)
    assert time.perf_counter() - t0 < 1.0
    assert dialog.status.text() == "Stopped." and dialog.results == []
    # The lab stopped the evaluation itself: its process is still there for the next one.
    engine = w.services.engine
    assert engine.lab.client.is_running  # type: ignore[attr-defined]
