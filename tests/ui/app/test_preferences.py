"""The application settings dialog: validation, persistence, damaged files, the models folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.settings import AppSettings, load_settings, settings_file
from chatapp.ui.app.preferences_dialog import PreferencesDialog
from tests.ui.conftest import WindowFactory


def test_invalid_values_are_refused_with_a_message(qtbot: QtBot) -> None:
    dialog = PreferencesDialog(AppSettings(), "/data", gpu_available=False)
    qtbot.addWidget(dialog)
    assert not dialog.gpu_layers.isVisible()  # no GPU backend in this llama.cpp build
    dialog.models_dir.setText("relative/folder")
    dialog.try_accept()
    assert "full path" in dialog.error_label.text() and dialog.result_settings is None


def test_settings_are_saved_and_applied(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    models = tmp_path / "elsewhere"
    models.mkdir()

    def accept(dialog: PreferencesDialog) -> bool:
        dialog.models_dir.setText(str(models))
        dialog.threads.setValue(2)
        dialog.context.setValue(2048)
        dialog.policy.setCurrentIndex(dialog.policy.findData("rolling"))
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.try_accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", accept)
    w.preferences.open_preferences()
    saved = load_settings(w.paths.config_dir)
    assert (saved.models_dir, saved.threads, saved.default_context, saved.default_policy,
            saved.theme) == (str(models), 2, 2048, "rolling", "dark")  # fmt: skip
    assert w.paths.models_dir == models and w.model_manager.library.models_dir == models
    assert w.dark
    cid = w.controller.new_conversation()
    conv = w.controller.store.conversation(cid)
    assert (conv.settings.n_ctx, conv.settings.policy) == (2048, "rolling")
    w.set_theme("light")


def test_a_damaged_settings_file_falls_back_without_losing_conversations(
    make_window: WindowFactory,
    app_paths,  # type: ignore[no-untyped-def]
) -> None:
    w = make_window()
    cid = w.controller.new_conversation()
    w.controller.store.add_message(cid, "user", "keep me")
    w.close()
    settings_file(app_paths.config_dir).write_text("{ damaged")
    again = make_window()
    assert again.app_settings == AppSettings()
    assert again.controller.store.branch(cid)[0].content == "keep me"


def test_copy_diagnostics(qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import load

    w = make_window(tiny_q4)
    load(qtbot, w)
    text = w.preferences.copy_diagnostics()
    assert QApplication.clipboard().text() == text
    needles = ["Kotoba ", "Python ", "Qt ", "llama-cpp-python 0.3.36", "CPU ", "quantization=Q4_0"]
    for needle in [*needles, "llama.cpp: ", "llama.cpp CPU code: ", "kv_cache_type=f16"]:
        assert needle in text, needle


def test_threads_from_the_preferences_reach_the_runtime(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chatapp.core.hardware import physical_cores
    from tests.ui.conftest import load

    w = make_window()
    w.model_bar.select(str(tiny_q4))
    load(qtbot, w)
    assert w.controller.model is not None
    assert w.controller.model.n_threads == physical_cores()  # automatic: one per core
    assert f"{physical_cores()} threads" in w.model_label.toolTip()

    def one_thread(dialog: PreferencesDialog) -> bool:
        dialog.threads.setValue(1)
        dialog.try_accept()
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", one_thread)
    w.preferences.open_preferences()
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None and not w.controller.loading)
    assert w.controller.model.n_threads == 1  # what the runtime reports it used
    assert "1 threads" in w.model_label.toolTip()
    assert w.controller.model.details["n_threads"] == 1
