"""Models → Installed lists what the library has, and follows it when it changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from chatapp.core.models.demo_model import DEMO_FILE_NAME
from chatapp.core.models.library import unverified_mark
from tests.support.fake_hub import FakeHub
from tests.support.manager_driver import download, open_repo
from tests.ui.conftest import WindowFactory


def names(pane: object) -> list[str]:
    table = pane.installed_table  # type: ignore[attr-defined]
    return [table.item(r, 0).text() for r in range(table.rowCount())]


def test_split_models_once_in_place_imports_and_unverified_marks(
    qtbot: QtBot, make_window: WindowFactory, tiny_files: dict[str, Path], tmp_path: Path
) -> None:
    w = make_window()
    folder = w.paths.models_dir
    data = tiny_files["Q4_0"].read_bytes()
    (folder / "split-Q4_0-00001-of-00002.gguf").write_bytes(data)
    (folder / "split-Q4_0-00002-of-00002.gguf").write_bytes(b"second part")
    shutil.copy(tiny_files["Q8_0"], folder / "fetched.Q8_0.gguf")
    unverified_mark(folder / "fetched.Q8_0.gguf").write_text("{}")
    w.services.library.import_file(tiny_files["Q4_0"], copy=False)
    pane = w.model_manager
    qtbot.waitUntil(lambda: len(pane.models) == 3, timeout=5_000)  # the folder is watched
    shown = names(pane)
    assert sum("split-Q4_0" in n for n in shown) == 1
    assert any("(in place)" in n for n in shown)
    fetched = next(n for n in shown if "fetched" in n)
    assert "unverified" in fetched
    combo = [w.model_combo.itemText(i) for i in range(w.model_combo.count())]
    assert sum("split-Q4_0" in t for t in combo) == 1  # the toolbar lists the same library


def test_a_model_that_appears_in_the_folder_is_listed_everywhere(
    qtbot: QtBot, make_window: WindowFactory, tiny_files: dict[str, Path]
) -> None:
    """E.g. `chatapp models download` in a terminal, or the demo model being set up."""
    w = make_window()
    pane = w.model_manager
    target = w.paths.models_dir / "from-the-cli.Q4_0.gguf"
    shutil.copy(tiny_files["Q4_0"], target.with_suffix(".part"))
    target.with_suffix(".part").rename(target)
    qtbot.waitUntil(lambda: any(m.name == target.name for m in pane.models), timeout=5_000)
    qtbot.waitUntil(lambda: w.model_combo.findData(str(target)) >= 0, timeout=2_000)


@pytest.mark.demo
def test_the_demo_model_is_in_installed_before_and_after_it_is_set_up(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    w = make_window()
    pane = w.model_manager
    assert len([n for n in names(pane) if "demo" in n.lower()]) == 1
    assert pane.models == []  # not yet in the library: the first run still welcomes
    assert w.pages.currentWidget() is w.welcome
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(m.name == DEMO_FILE_NAME for m in pane.models), timeout=60_000)
    assert sum("demo" in n.lower() or DEMO_FILE_NAME in n for n in names(pane)) == 1
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=120_000)


def test_delete_asks_with_no_as_the_default(
    qtbot: QtBot, make_window: WindowFactory, tiny_files: dict[str, Path], answer: list
) -> None:
    w = make_window()
    shutil.copy(tiny_files["Q4_0"], w.paths.models_dir / "keep.Q4_0.gguf")
    pane = w.model_manager
    qtbot.waitUntil(lambda: len(pane.models) == 1, timeout=5_000)
    pane.installed_table.selectRow(0)
    qtbot.mouseClick(pane.delete_model_button, Qt.MouseButton.LeftButton)
    (box,) = answer
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert (w.paths.models_dir / "keep.Q4_0.gguf").exists()  # Enter would have kept it


def test_import_errors_show_on_the_installed_tab(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model at all")
    w = make_window()
    pane = w.model_manager
    w.show_models(True)
    pane.tabs.setCurrentIndex(0)
    pane.import_path(junk)
    qtbot.waitUntil(lambda: "Could not import" in pane.installed.status.text(), timeout=5_000)
    assert "junk.gguf" in pane.installed.status.text()
    assert pane.installed.status.isVisible()


def test_an_unverified_download_is_marked_in_the_list(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    hub.repos[repo].files["tiny-chat.Q4_0.gguf"].digests = False
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, "tiny-chat.Q4_0.gguf")
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)
    assert "unverified" in row.info.text()
    qtbot.waitUntil(lambda: any("unverified" in n for n in names(pane)), timeout=5_000)
