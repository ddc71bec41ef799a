"""The model is remembered: it loads at start, --model loads, a chosen file loads and chats."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings, save_settings
from tests.ui.conftest import WindowFactory, load, wait_idle


def loaded(w) -> str | None:  # type: ignore[no-untyped-def]
    return w.controller.model.source if w.controller.model else None


def test_the_last_model_loads_at_the_next_start(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, app_paths: AppPaths
) -> None:
    first = make_window(tiny_q4)
    qtbot.waitUntil(lambda: loaded(first) == str(tiny_q4), timeout=30_000)
    first.close()
    again = make_window()  # no --model: the one used last comes back, in the background
    assert again.pages.currentWidget() is not again.welcome
    qtbot.waitUntil(lambda: loaded(again) == str(tiny_q4), timeout=30_000)
    assert again.model_combo.currentData() == str(tiny_q4)
    wait_idle(qtbot, again)
    again.close()
    settings = load_settings(app_paths.config_dir)
    save_settings(app_paths.config_dir, replace(settings, load_last_model=False))
    off = make_window()
    qtbot.wait(300)
    assert off.controller.model is None and not off.controller.loading


def test_model_argument_loads(qtbot: QtBot, make_window: WindowFactory, tiny_q8: Path) -> None:
    w = make_window(tiny_q8)
    qtbot.waitUntil(lambda: loaded(w) == str(tiny_q8), timeout=30_000)
    assert w.model_label.text() == "tiny · Q8_0"


def test_a_file_chosen_on_the_welcome_page_loads_and_opens_the_chat(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    assert w.pages.currentWidget() is w.welcome
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tiny_q4), ""))

    def use_in_place(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Use where it is").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", use_in_place)
    w.welcome.import_button.click()
    qtbot.waitUntil(lambda: loaded(w) == str(tiny_q4), timeout=30_000)
    assert w.pages.currentIndex() == 0  # the chat, ready
    assert w.send_button.isVisible() and w.send_button.isEnabled()


def test_loading_by_hand_is_remembered(
    qtbot: QtBot, make_window: WindowFactory, tiny_q8: Path, app_paths: AppPaths
) -> None:
    w = make_window()
    w.model_bar.select(str(tiny_q8))
    load(qtbot, w)
    assert load_settings(app_paths.config_dir).last_model == str(tiny_q8)
