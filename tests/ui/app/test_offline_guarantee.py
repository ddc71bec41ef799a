"""A whole session makes no network connection: start, load, chat, search, settings, quit."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.ui.chat.settings_dialog import SettingsDialog
from tests.ui.conftest import WindowFactory, load, send, wait_idle

WATCH = {"on": False, "seen": []}


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not WATCH["on"]:
        return
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) != socket.AF_UNIX:
            WATCH["seen"].append(("connect", address))
    elif event in ("socket.getaddrinfo", "socket.gethostbyname"):
        WATCH["seen"].append((event, args[:2]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one only looks while WATCH is on


def test_a_whole_session_stays_offline(
    qtbot: QtBot,
    make_window: WindowFactory,
    tiny_q4: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    WATCH["on"], WATCH["seen"] = True, []
    try:
        w = make_window(tiny_q4)
        load(qtbot, w)
        send(qtbot, w, "hello")
        wait_idle(qtbot, w)
        qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(w.sidebar.search_box, "hello")
        qtbot.waitUntil(lambda: w.sidebar.results.isVisible(), timeout=2_000)

        def accept(dialog):  # type: ignore[no-untyped-def]
            dialog.temperature.setValue(0.3)
            dialog.try_accept()
            return True

        monkeypatch.setattr(SettingsDialog, "exec", accept)
        w.open_settings()
        w.show_models(True)  # opening the model manager is not a request either
        w.show_models(False)
        w.close()
        qtbot.wait(100)
    finally:
        WATCH["on"] = False
    assert WATCH["seen"] == []


def test_the_guard_sees_a_connection() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    address = server.getsockname()
    WATCH["on"], WATCH["seen"] = True, []
    try:
        socket.create_connection(address, timeout=2).close()
    finally:
        WATCH["on"] = False
        server.close()
    assert ("connect", address) in WATCH["seen"]
