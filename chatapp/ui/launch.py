"""Build the QApplication and show the main window."""

from __future__ import annotations

from pathlib import Path

from chatapp.core.paths import AppPaths


def run_gui(paths: AppPaths, model: Path | None, argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from chatapp.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Kotoba")
    app.setApplicationDisplayName("Kotoba")
    window = MainWindow(paths, initial_model=model)
    window.show()
    code = app.exec()
    window.shutdown_runtime()
    return int(code)
