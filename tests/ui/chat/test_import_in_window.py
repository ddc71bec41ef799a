"""Importing a hostile conversation file from the window: the work runs off the GUI thread, the
window keeps answering while the file stalls, and the error is shown in the window (real Qt
widgets offscreen, real SQLite store, real files and a real named pipe)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory


def test_a_stalled_then_hostile_file_leaves_the_window_responsive(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    w = make_window()
    store = w.controller.store
    before = len(store.list_conversations())
    pipe = tmp_path / "stall.json"
    os.mkfifo(pipe)  # a "file" that gives nothing until we say so
    op = w.chat.actions_.import_path(pipe)
    assert "Importing stall.json" in w.statusBar().currentMessage()

    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=30_000)  # the event loop runs meanwhile
    assert not op.finished.is_set()  # ... while the import still waits for its file
    w.controller.new_conversation()  # and the window still does what the user asks
    qtbot.waitUntil(lambda: len(store.list_conversations()) == before + 1, timeout=30_000)
    timer.stop()

    def feed() -> None:
        with pipe.open("wb") as fh:
            fh.write(b"[" * 300_000 + b"]" * 300_000)

    writer = threading.Thread(target=feed)
    writer.start()
    assert op.wait(60)
    writer.join(30)
    qtbot.waitUntil(lambda: "nests deeper than" in w.notice_label.text(), timeout=30_000)
    assert "stall.json" in w.notice_label.text()
    assert len(store.list_conversations()) == before + 1  # only the user's new one


def test_a_huge_file_is_refused_by_name_and_limit(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    w = make_window()
    store = w.controller.store
    before = len(store.list_conversations())
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.truncate(1024**3)  # 1 GB (sparse)
    assert w.chat.actions_.import_path(huge).wait(60)
    qtbot.waitUntil(lambda: "huge.json" in w.notice_label.text(), timeout=30_000)
    assert "1.0 GB" in w.notice_label.text() and "100.0 MB" in w.notice_label.text()
    assert len(store.list_conversations()) == before
    assert "Importing" not in w.statusBar().currentMessage()
