"""The window's one state machine: no model, loading, ready, generating, failed — every control
follows it, and nothing is written when no model can answer."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from chatapp.ui.chat.controller import ModelState
from tests.ui.conftest import WindowFactory, load, send, wait_idle


def test_no_model_writes_nothing_and_asks_for_one(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    w.pages.setCurrentIndex(0)
    c = w.controller
    assert c.state == ModelState.NO_MODEL
    assert w.cta_button.isVisible() and not w.send_button.isVisible()
    send(qtbot, w, "is anyone there")
    send(qtbot, w, "hello?")
    assert c.store.list_conversations() == []  # no unanswered turns pile up
    assert "hello?" in w.composer.toPlainText()  # the words stay in the composer
    assert "Load a model" in w.notice_label.text()


def test_a_refused_file_keeps_the_working_model(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, tmp_path: Path
) -> None:
    w = make_window(tiny_q4)
    c = w.controller
    qtbot.waitUntil(lambda: c.state == ModelState.READY, timeout=30_000)
    bad = tmp_path / "notes.gguf"
    bad.write_text("this is not a model")
    c.load_model(str(bad))
    assert c.state == ModelState.LOADING and not w.send_button.isEnabled()
    qtbot.waitUntil(lambda: not c.loading, timeout=30_000)
    assert c.load_error and "notes.gguf" not in w.model_label.text()
    assert c.state == ModelState.READY and w.send_button.isEnabled()
    assert c.model is not None and c.model.source == str(tiny_q4)
    assert "Still chatting with" in w.notice_label.text()
    send(qtbot, w, "hello cat")
    assert c.state == ModelState.GENERATING
    assert w.stop_button.isEnabled() and not w.send_button.isEnabled()
    wait_idle(qtbot, w)
    branch = c.store.branch(c.conversation_id)
    # Answered (tools are on in a new chat: the random tiny model may call the clock first).
    assert branch[0].role == "user" and branch[-1].role == "assistant"
    assert branch[-1].status == "complete" and {m.role for m in branch[1:-1]} <= {
        "assistant",
        "tool",
    }


def test_a_failed_load_without_a_model_is_a_failed_state_and_a_good_load_clears_it(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, tmp_path: Path
) -> None:
    w = make_window()
    w.pages.setCurrentIndex(0)
    c = w.controller
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 40)
    c.load_model(str(bad))
    qtbot.waitUntil(lambda: c.state == ModelState.FAILED, timeout=30_000)
    assert w.cta_button.isVisible() and not w.send_button.isVisible()
    assert w.notice_label.isVisible()
    w.model_bar.select(str(tiny_q4))
    load(qtbot, w)
    assert c.state == ModelState.READY and w.send_button.isEnabled()
    assert not w.notice_label.isVisible()  # the old error is gone
