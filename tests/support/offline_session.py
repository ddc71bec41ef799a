"""Child process for the offline test: a whole session of the real app, with its network watched.

``python -m tests.support.offline_session DATA_DIR MODEL`` runs the app as ``chatapp`` does
(``run_gui``: instance lock, translations, the window) with ``KOTOBA_NETWORK_AUDIT`` from the
environment, and drives it: the model given loads at start, a message is sent and answered,
the chats are searched, the conversation settings and the preferences are changed, every tab of
the model manager is shown, the window is closed. It prints one JSON line: what happened.

With ``KOTOBA_PROVE_GUARD=HOST:PORT`` both processes also connect to HOST:PORT on purpose — the
app once its model is loaded, the runtime process once its audit hook is in place — to prove
that the guard sees a connection in each.

Keep the top-level imports light: the runtime process (``spawn``) imports this module again as
``__mp_main__``.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROVE = "KOTOBA_PROVE_GUARD"
Condition = Callable[[], bool]


def _address() -> tuple[str, int] | None:
    value = os.environ.get(PROVE)
    if not value:
        return None
    host, _, port = value.rpartition(":")
    return host, int(port)


def _connect(address: tuple[str, int]) -> None:
    socket.create_connection(address, timeout=5).close()


def _runtime_connects_once_watched(address: tuple[str, int]) -> None:
    # The runtime installs its audit hook first thing, then imports the model host.
    deadline = time.monotonic() + 60
    while "chatapp.runtime.model_host" not in sys.modules and time.monotonic() < deadline:
        time.sleep(0.01)
    _connect(address)


if __name__ == "__mp_main__" and _address() is not None:  # in the runtime process
    threading.Thread(target=_runtime_connects_once_watched, args=(_address(),), daemon=True).start()


def after(seconds: float) -> Condition:
    start = time.monotonic()
    return lambda: time.monotonic() - start > seconds


def session(w: Any, result: dict[str, Any]) -> Iterator[Condition]:
    """The user's steps; each ``yield`` waits until its condition holds."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
    from chatapp.ui.app.preferences_dialog import PreferencesDialog
    from chatapp.ui.chat.settings_dialog import SettingsDialog

    c = w.controller
    yield lambda: c.model is not None  # --model loads at start
    result["runtime_pid"] = c.engine.client.pid
    address = _address()
    if address is not None:
        _connect(address)
    c.new_conversation()
    c.set_settings(ConversationSettings(sampling=SamplingSettings(max_tokens=16, seed=1)))
    yield lambda: not c.busy
    w.composer.setFocus()
    QTest.keyClicks(w.composer, "hello")
    QTest.keyClick(w.composer, Qt.Key.Key_Return)
    yield lambda: not c.busy and not c.loading
    result["reply"] = c.store.branch(c.conversation_id)[-1].status
    QTest.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(w.sidebar.search_box, "hello")
    yield lambda: w.sidebar.results.isVisible()
    result["search_results"] = w.sidebar.results.topLevelItemCount()

    def accept_settings(dialog: Any) -> bool:
        dialog.temperature.setValue(0.3)
        dialog.try_accept()
        return True

    def accept_preferences(dialog: Any) -> bool:
        dialog.try_accept()
        return True

    SettingsDialog.exec = accept_settings  # type: ignore[method-assign,assignment]
    PreferencesDialog.exec = accept_preferences  # type: ignore[method-assign,assignment]
    w.chat.open_settings()
    result["temperature"] = c.store.conversation(c.conversation_id).settings.sampling.temperature
    w.preferences.open_preferences()
    w.show_models(True)
    tabs = w.model_manager.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        yield after(0.3)  # whatever a tab does when shown
    result["manager_tabs"] = tabs.count()
    w.show_models(False)
    if address is not None:
        yield after(1.0)  # time for the runtime's connection
    result["hf_hub_offline"] = os.environ.get("HF_HUB_OFFLINE")
    w.close()


def main() -> int:
    from dataclasses import replace

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from chatapp.core.network_audit import install_from_environment
    from chatapp.core.paths import AppPaths
    from chatapp.core.settings import load_settings, save_settings
    from chatapp.ui.app.main_window import MainWindow
    from chatapp.ui.launch import run_gui

    result: dict[str, Any] = {"pid": os.getpid(), "audited": install_from_environment()}
    paths = AppPaths.under(sys.argv[1]).ensure()
    # One thread for the tiny model: this CPU is shared.
    save_settings(paths.config_dir, replace(load_settings(paths.config_dir), threads=1))
    timer = QTimer()

    def drive() -> None:
        window = next(x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow))
        steps = session(window, result)
        waiting: list[Condition] = [next(steps)]
        deadline = time.monotonic() + 90

        def tick() -> None:
            try:
                while waiting[0]():
                    waiting[0] = next(steps)
            except StopIteration:
                timer.stop()
                return
            except Exception as exc:  # noqa: BLE001 - reported to the test, then quit
                result["error"] = f"{type(exc).__name__}: {exc}"
                timer.stop()
                window.close()
                return
            if time.monotonic() > deadline:
                result["error"] = "the session did not finish in time"
                timer.stop()
                window.close()

        timer.timeout.connect(tick)
        timer.start(20)

    result["exit_code"] = run_gui(paths, Path(sys.argv[2]), [sys.argv[0]], on_shown=drive)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
