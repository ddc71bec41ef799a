"""What the screenshot scripts photograph: a fresh data folder whose settings name a language
(also for screenshots_flows.py), and for the one-process scripts (screenshot_welcome.py,
screenshot_lessons.py) a real window on one, for English then Japanese, with its translations
installed and its locale set."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from chatapp.core.paths import AppPaths
from chatapp.ui.app.i18n import install_translations
from chatapp.ui.launch import build_window

if TYPE_CHECKING:
    from chatapp.ui.app.main_window import MainWindow

LANGUAGES = ("en", "ja")


def data_folder(tmp: str, language: str) -> AppPaths:
    """A fresh data folder under ``tmp`` whose settings name ``language`` (as a user who chose
    it in Preferences: new chats get that language's system prompt)."""
    paths = AppPaths.under(tmp).ensure()
    (paths.config_dir / "settings.json").write_text(
        f'{{"version": 1, "values": {{"language": "{language}"}}}}'
    )
    return paths


def window_in_each_language(app: QApplication) -> Iterator[tuple[str, MainWindow]]:
    """(language, window) for each language, the window not shown yet. When the caller asks
    for the next one, the window is closed, its runtime stopped, its data folder deleted and
    the translations removed."""
    for language in LANGUAGES:
        installed = install_translations(app, language) if language == "ja" else []
        QLocale.setDefault(QLocale("ja_JP" if language == "ja" else "en_US"))
        with tempfile.TemporaryDirectory() as tmp:
            w = build_window(data_folder(tmp, language))
            yield language, w
            w.close()
            w.shutdown_runtime()
        for translator in installed:
            app.removeTranslator(translator)


def settle(app: QApplication) -> None:
    """Let the window lay itself out and paint before it is grabbed."""
    for _ in range(20):
        app.processEvents()
