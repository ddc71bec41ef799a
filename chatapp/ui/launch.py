"""Build the QApplication and show the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chatapp.core.paths import AppPaths


def run_gui(
    paths: AppPaths,
    model: Path | None,
    argv: list[str],
    on_shown: Callable[[], None] | None = None,
) -> int:
    """Run the app until its window closes. ``on_shown`` runs once the window is on screen."""
    import logging

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from chatapp.core.diagnostics import setup_logging
    from chatapp.core.settings import load_settings
    from chatapp.ui.i18n import install_translations
    from chatapp.ui.main_window import MainWindow

    setup_logging(paths.log_dir)
    logging.getLogger("kotoba").info("starting; data in %s", paths.data_dir)
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    install_translations(app, load_settings(paths.config_dir).language)
    app.setApplicationName("Kotoba")
    app.setApplicationDisplayName("Kotoba")
    app.setDesktopFileName("kotoba")
    window = MainWindow(paths, initial_model=model)
    window.show()
    if on_shown is not None:
        QTimer.singleShot(0, on_shown)
    code = app.exec()
    window.shutdown_runtime()
    return int(code)
