"""The minimal window, driven like a person would, with a real runtime process."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.paths import AppPaths
from chatapp.runtime import protocol as p
from chatapp.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, app_paths: AppPaths) -> MainWindow:
    def make(model: Path) -> MainWindow:
        w = MainWindow(app_paths, initial_model=model)
        qtbot.addWidget(w)
        w.show()
        return w

    return make  # type: ignore[return-value]


def load(qtbot: QtBot, w: MainWindow) -> None:
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.loaded_path is not None, timeout=30_000)


def send(qtbot: QtBot, w: MainWindow, text: str) -> None:
    qtbot.keyClicks(w.composer, text)
    qtbot.mouseClick(w.send_button, Qt.MouseButton.LeftButton)


def test_load_type_and_stream_a_reply(qtbot: QtBot, window, tiny_q4: Path) -> None:  # type: ignore[no-untyped-def]
    w = window(tiny_q4)
    assert w.stop_button.isEnabled() is False
    load(qtbot, w)
    assert "Q4_0" in w.status_label.text()
    streamed: list[str] = []
    w.bridge.tokens.connect(lambda _rid, text: streamed.append(text))
    send(qtbot, w, "hello cat")
    assert w.composer.toPlainText() == ""
    qtbot.waitUntil(lambda: not w.generating, timeout=30_000)
    assert streamed
    assert w.messages[0] == {"role": "user", "content": "hello cat"}
    assert w.messages[1]["role"] == "assistant"
    assert w.messages[1]["content"] == "".join(streamed)
    assert "".join(streamed) in w.transcript.toPlainText()
    assert w.send_button.isEnabled()
    w.close()


@pytest.mark.gemma
def test_stop_button_stops_the_reply(qtbot: QtBot, window, gemma_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = window(gemma_path)
    load(qtbot, w)
    done: list[p.GenerationDone] = []
    w.bridge.generation_done.connect(done.append)
    send(qtbot, w, "Tell me a very long story about the sea.")
    qtbot.waitUntil(lambda: len(w.reply_parts) > 0, timeout=30_000)
    assert w.stop_button.isEnabled()
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert done[0].stats.stop_reason == p.STOP_CANCELLED
    assert not w.stop_button.isEnabled()
    assert w.messages[-1]["content"] == done[0].text
    w.close()


@pytest.mark.gemma
def test_runtime_crash_keeps_the_window_and_the_words(
    qtbot: QtBot,
    window,
    gemma_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    w = window(gemma_path)
    load(qtbot, w)
    send(qtbot, w, "Tell me a very long story about the sea.")
    qtbot.waitUntil(lambda: len(w.reply_parts) > 0, timeout=30_000)
    os.kill(w.client.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not w.generating, timeout=3_000)
    assert "SIGKILL" in w.status_label.text()
    assert w.messages[0]["content"] == "Tell me a very long story about the sea."
    assert w.messages[1]["content"]  # the partial reply is kept
    # Sending again restarts the runtime, reloads the model and replies.
    send(qtbot, w, "And now a short one.")
    qtbot.waitUntil(lambda: w.generating, timeout=30_000)
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.generating, timeout=10_000)
    assert [m["role"] for m in w.messages] == ["user", "assistant", "user", "assistant"]
    w.close()


def test_bad_model_file_shows_an_error(qtbot: QtBot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 40)
    w = window(bad)
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.loading, timeout=10_000)
    assert w.loaded_path is None
    assert "damaged" in w.status_label.text()
    assert w.load_button.isEnabled()
    w.close()


@pytest.mark.gemma
def test_demo_model_is_offered_and_loads(qtbot: QtBot, app_paths: AppPaths) -> None:
    w = MainWindow(app_paths)
    qtbot.addWidget(w)
    assert "demo" in w.model_combo.currentText()
    qtbot.mouseClick(w.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.loaded_path is not None, timeout=60_000)
    assert Path(w.loaded_path).parent == app_paths.models_dir
    assert "Q4_K_M" in w.status_label.text()
    w.close()
