"""Installed → Projector…: the user picks which projector a model loads with (or none), the
real runtime loads that one, and a projector of another width is refused in the dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from chatapp.core.models.projector_choices import ProjectorChoices
from chatapp.core.paths import AppPaths
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.models.projector_dialog import ProjectorDialog
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import write_tiny_projector
from tests.ui.conftest import WindowFactory, wait_idle


@pytest.fixture
def library(app_paths: AppPaths, tmp_path: Path) -> Path:
    d = app_paths.models_dir
    write_tiny_projector(d / "mmproj-tiny-vl-f32.gguf")
    write_tiny_projector(d / "mmproj-other-f16.gguf", seed=9)
    write_tiny_projector(tmp_path / "mmproj-wide.gguf", broken="width")
    return write_tiny_model(d / "tiny-vl-Q8_0.gguf", "Q8_0")


def pick(monkeypatch: pytest.MonkeyPatch, action: Callable[[ProjectorDialog], None]) -> list[str]:
    """The dialog runs ``action`` instead of a modal loop; the errors it showed are returned."""
    shown: list[str] = []

    def exec_(dialog: ProjectorDialog) -> int:
        action(dialog)
        shown.append(dialog.error.text())
        return int(dialog.result())

    monkeypatch.setattr(ProjectorDialog, "exec", exec_)
    return shown


def choose_row(text: str) -> Callable[[ProjectorDialog], None]:
    def action(dialog: ProjectorDialog) -> None:
        items = [dialog.list.item(r).text() for r in range(dialog.list.count())]
        dialog.list.setCurrentRow(next(r for r, t in enumerate(items) if text in t))
        box = dialog.findChild(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Ok).click()

    return action


def load_selected(qtbot: QtBot, w: MainWindow, row: int) -> None:
    w.model_manager.installed_table.selectRow(row)
    qtbot.mouseClick(w.model_manager.load_model_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=30_000)
    wait_idle(qtbot, w)


def test_choose_a_projector_then_none_and_the_runtime_follows(
    qtbot: QtBot, make_window: WindowFactory, library: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    w = make_window()
    tab = w.model_manager.installed
    qtbot.waitUntil(lambda: any(m.path == library for m in tab.models), timeout=5_000)
    row = next(r for r, m in enumerate(tab.models) if m.path == library)
    tab.table.selectRow(row)
    assert tab.projector_button.isEnabled()
    other = w.paths.models_dir / "mmproj-other-f16.gguf"

    pick(monkeypatch, choose_row("mmproj-other-f16.gguf"))
    qtbot.mouseClick(tab.projector_button, Qt.MouseButton.LeftButton)
    assert "mmproj-other-f16.gguf" in tab.status.text()
    assert "mmproj-other-f16.gguf" in tab.table.item(row, 0).toolTip()
    load_selected(qtbot, w, row)
    model = w.controller.model
    assert model is not None and Path(model.details["vision"]["path"]) == other.resolve()
    assert w.images.button.isEnabled()

    pick(monkeypatch, choose_row("text only"))
    qtbot.mouseClick(tab.projector_button, Qt.MouseButton.LeftButton)
    assert "[" not in tab.table.item(row, 0).text()  # no vision badge any more
    load_selected(qtbot, w, row)
    model = w.controller.model
    assert model is not None and not model.details.get("vision")
    assert not w.images.button.isEnabled() and "cannot see images" in w.images.button.toolTip()

    # Kept for the next start; back to automatic from the dialog's first row.
    assert ProjectorChoices(w.paths.config_dir).choice(library) == ""
    pick(monkeypatch, choose_row("Automatic: mmproj-tiny-vl-f32.gguf"))
    qtbot.mouseClick(tab.projector_button, Qt.MouseButton.LeftButton)
    assert ProjectorChoices(w.paths.config_dir).choice(library) is None
    assert "[" in tab.table.item(row, 0).text()


def test_a_projector_of_another_width_is_one_line_in_the_dialog(
    qtbot: QtBot, make_window: WindowFactory, library: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    w = make_window()
    tab = w.model_manager.installed
    qtbot.waitUntil(lambda: any(m.path == library for m in tab.models), timeout=5_000)
    tab.table.selectRow(next(r for r, m in enumerate(tab.models) if m.path == library))
    wide = tmp_path / "mmproj-wide.gguf"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(wide), ""))

    def other_file(dialog: ProjectorDialog) -> None:
        dialog.other_button.click()
        dialog.reject()

    shown = pick(monkeypatch, other_file)
    qtbot.mouseClick(tab.projector_button, Qt.MouseButton.LeftButton)
    assert "belongs to another model" in shown[0] and "\n" not in shown[0]
    assert ProjectorChoices(w.paths.config_dir).choice(library) is None
