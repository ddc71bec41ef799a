"""The composition root: builds every service once and hands them to the window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from chatapp.core.paths import AppPaths

if TYPE_CHECKING:  # Qt is imported only once the window is wanted (see chatapp.app)
    from chatapp.ui.app.main_window import MainWindow
    from chatapp.ui.services import Services


def build_services(paths: AppPaths) -> Services:
    """Every service the window needs. Call on the GUI thread (the dispatcher is a QObject)."""
    from chatapp.core.chat.store import Store
    from chatapp.core.models.downloads import Downloads
    from chatapp.core.models.library import Library
    from chatapp.core.settings import load_settings
    from chatapp.core.tools.service import ToolService
    from chatapp.runtime.embedding import DOCUMENTS_FILE, DocumentService
    from chatapp.runtime.local_engine import LocalEngine
    from chatapp.ui.background import Operations
    from chatapp.ui.bridge import GuiDispatcher
    from chatapp.ui.services import TOOLS, Services

    settings = load_settings(paths.config_dir)
    paths = paths.with_models_dir(settings.models_dir or None)
    dispatcher = GuiDispatcher()
    tools = ToolService(paths.config_dir, paths.log_dir)
    tools.start()  # MCP servers connect in the background
    services = Services(
        paths=paths,
        settings=settings,
        store=Store(paths.data_dir / "conversations.sqlite3"),
        engine=LocalEngine(log_path=paths.runtime_log, cpu_state_path=paths.runtime_cpu_state),
        library=Library(paths.models_dir, paths.cache_dir, paths.data_dir),
        downloads=Downloads(paths.data_dir / "downloads", paths.models_dir),
        dispatcher=dispatcher,
        ops=Operations(dispatcher),
    )
    # Beside the conversations; DocumentsPart (ui/docs) uses and closes it.
    services.extras["documents"] = DocumentService(
        paths.data_dir / DOCUMENTS_FILE, paths.runtime_log
    )
    services.extras[TOOLS] = tools
    return services


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
    from chatapp.core.instance_lock import AlreadyRunning, InstanceLock
    from chatapp.core.settings import load_settings
    from chatapp.ui.app.i18n import install_translations
    from chatapp.ui.app.single_instance import InstanceServer, ask_running_instance

    setup_logging(paths.log_dir)
    log = logging.getLogger("kotoba")
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    lock = InstanceLock(paths.data_dir)
    try:
        lock.acquire()
    except AlreadyRunning:
        # One Kotoba per data folder: bring the running one forward instead.
        answered = ask_running_instance(lock.name)
        log.info("already running on %s; brought it forward: %s", paths.data_dir, answered)
        print(f"Kotoba is already running with {paths.data_dir}", file=sys.stderr)
        return 0
    log.info("starting; data in %s", paths.data_dir)
    install_translations(app, load_settings(paths.config_dir).language)
    app.setApplicationName("Kotoba")
    app.setApplicationDisplayName("Kotoba")
    app.setDesktopFileName("kotoba")
    window = build_window(paths, model)
    instances = InstanceServer(lock.name, window)
    instances.activate_requested.connect(window.bring_forward)
    window.show()
    log.info("window shown")
    if on_shown is not None:
        QTimer.singleShot(0, on_shown)
    try:
        code = app.exec()
        window.shutdown_runtime()
    finally:
        lock.release()
    return int(code)


def build_window(paths: AppPaths, model: Path | None = None) -> MainWindow:
    """The main window with its services (the app, the tests and the benchmarks use this)."""
    from PySide6.QtCore import QTimer

    from chatapp.ui.app.main_window import MainWindow
    from chatapp.ui.gc_pause import freeze_startup_objects

    window = MainWindow(build_services(paths), initial_model=model)
    # Once start-up is over (the first pass of the event loop): full garbage collections
    # walk only what was made after it, and stop stalling the window mid-reply.
    QTimer.singleShot(0, freeze_startup_objects)
    return window
