"""Fixtures for driving the real window offscreen with a real runtime."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.ui.app.i18n import install_translations
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.launch import build_window

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, app_paths: AppPaths) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(model: Path | None = None, paths: AppPaths | None = None) -> MainWindow:
        w = build_window(paths or app_paths, model)
        # Downloads still running at teardown would make closing ask (a modal box): stop them.
        qtbot.addWidget(w, before_close_func=lambda w: w.model_manager.downloads_view.stop_all())
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=5_000)  # window shortcuts need it
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


def load(qtbot: QtBot, w: MainWindow) -> None:
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=30_000)


def window_with_new_chat(
    qtbot: QtBot, make_window: WindowFactory, model: Path
) -> tuple[MainWindow, int]:
    """A window on ``model``, loaded with its Load button, in a new conversation (and its id)."""
    w = make_window(model)
    load(qtbot, w)
    return w, w.controller.new_conversation()


def send(qtbot: QtBot, w: MainWindow, text: str) -> None:
    w.composer.setFocus()
    if text.isascii():
        qtbot.keyClicks(w.composer, text)
    else:  # QTest types Latin-1 only (it aborts on other characters): insert, as an IME commits
        w.composer.insertPlainText(text)
    qtbot.keyClick(w.composer, Qt.Key.Key_Return)


def wait_idle(qtbot: QtBot, w: MainWindow, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: not w.controller.busy and not w.controller.loading, timeout=timeout)


@pytest.fixture
def japanese(qtbot: QtBot) -> Iterator[None]:
    """The Japanese translations installed and the Japanese locale, as for a user in Japan."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    QLocale.setDefault(QLocale("ja_JP"))
    installed = install_translations(app, "ja")
    yield
    for translator in installed:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale("en_US"))
