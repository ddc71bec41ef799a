"""A server in the real window: "Add a server…" from the model picker, chatting, Stop, a drop."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from chatapp.remote.engine import RemoteEngine
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.remote.picker import ADD_KEY
from chatapp.ui.remote.server_dialog import ServerDialog
from tests.support.scripted_sse import HANG, Script, ScriptedServer, delta, sse
from tests.ui.conftest import WindowFactory, send, wait_idle

SHOTS = Path(os.environ.get("KOTOBA_SHOTS", "/tmp/kotoba-shots"))


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer(models=[{"id": "llama-3.1-70b-instruct"}, {"id": "qwen2.5-72b"}])
    server.start()
    yield server
    server.stop()


def add_server(qtbot: QtBot, w: MainWindow, url: str, key: str = "") -> ServerDialog:
    combo = w.model_combo
    index = combo.findData(ADD_KEY)
    assert index >= 0 and combo.itemText(index) == "Add a server…"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what choosing it with the mouse or keyboard does
    dialog = w.model_bar.remote.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.url, url)
    qtbot.keyClicks(dialog.key, key)
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.count() == 2, timeout=10_000)
    return dialog


def accept(qtbot: QtBot, dialog: ServerDialog) -> None:
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_add_a_server_then_chat_with_it(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer, tiny_q4: Path
) -> None:
    w = make_window()
    dialog = add_server(qtbot, w, scripted.url.removesuffix("/v1"), "sk-window-test")
    assert dialog.status.text() == "Models on the server: 2"
    dialog.model.setCurrentIndex(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "server-dialog.png"))
    accept(qtbot, dialog)
    c = w.controller
    qtbot.waitUntil(lambda: c.model is not None, timeout=10_000)
    assert isinstance(c.engine, RemoteEngine)
    assert c.model.name == "qwen2.5-72b"
    assert w.model_combo.currentText().startswith("qwen2.5-72b @ 127.0.0.1:")
    saved = w.model_bar.remote.servers.all()
    assert [s.model for s in saved] == ["qwen2.5-72b"]
    assert "sk-window-test" not in (w.services.paths.config_dir / "servers.json").read_text()

    scripted.add(Script(sse(delta(role="assistant"), delta("Tokyo is the "),
                            delta("capital.", finish="stop"))))  # fmt: skip
    c.new_conversation()
    send(qtbot, w, "What is the capital of Japan?")
    wait_idle(qtbot, w)
    reply = c.store.branch(c.conversation_id)[-1]
    assert reply.content == "Tokyo is the capital." and reply.status == "complete"
    assert reply.model == "qwen2.5-72b"
    assert "Tokyo is the capital." in w.transcript.toPlainText()
    request = scripted.chat_requests()[-1]
    assert request.headers["Authorization"] == "Bearer sk-window-test"
    qtbot.waitUntil(lambda: w.meter.plan is not None)
    assert "≈" in w.meter.toolTip()  # estimated counts: this server has no tokenizer endpoint
    w.grab().save(str(SHOTS / "window-remote.png"))

    # A local file goes back to the local engine; the sessions start afresh.
    w.model_bar.select(str(tiny_q4))
    w.model_bar.load_chosen()
    qtbot.waitUntil(lambda: c.model is not None and c.model.engine == "local", timeout=30_000)
    assert c.engine is w.services.engine


def test_stop_and_a_dropped_connection_in_the_window(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer
) -> None:
    w = make_window()
    accept(qtbot, add_server(qtbot, w, scripted.url))
    c = w.controller
    qtbot.waitUntil(lambda: c.model is not None, timeout=10_000)
    c.new_conversation()

    scripted.add(Script([*sse(delta("Counting: one,"), done=False), HANG]))
    texts: list[str] = []
    c.reply_text.connect(texts.append)
    send(qtbot, w, "Count to a thousand.")
    qtbot.waitUntil(lambda: bool(texts), timeout=10_000)
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w, 2_000)
    stopped = c.store.branch(c.conversation_id)[-1]
    assert stopped.status == "cancelled" and stopped.content == "Counting: one,"

    scripted.add(Script(sse(delta("Half of"), delta(" it"), done=False), drop=True))
    send(qtbot, w, "Again, please.")
    wait_idle(qtbot, w)
    dropped = c.store.branch(c.conversation_id)[-1]
    assert dropped.status == "partial" and dropped.content == "Half of it"
    assert "lost during the reply" in w.notice_label.text()


def test_a_cancelled_dialog_keeps_the_previous_choice(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window(tiny_q4)
    combo = w.model_combo
    assert combo.currentData() == str(tiny_q4)
    index = combo.findData(ADD_KEY)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    dialog = w.model_bar.remote.dialog
    assert dialog is not None
    dialog.reject()
    assert combo.currentData() == str(tiny_q4)


def test_load_does_not_open_the_dialog_by_itself(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    errors: list[str] = []
    w.model_bar.error.connect(errors.append)
    # With no model file, "Add a server…" can be the current entry without being chosen.
    w.model_combo.setCurrentIndex(w.model_combo.findData(ADD_KEY))
    w.model_bar.load_chosen()
    assert w.model_bar.remote.dialog is None
    assert errors == ["Choose a model file first."]
