"""Composer (IME, Enter, token count, call to action) and the settings panel's validation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.ui.chat.composer import Composer
from chatapp.ui.chat.settings_dialog import SettingsDialog
from tests.ui.conftest import WindowFactory, load, wait_idle


def test_enter_that_confirms_an_ime_composition_does_not_send(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    sent: list[str] = []
    composer.send_requested.connect(sent.append)
    preedit = QInputMethodEvent("にほんご", [])
    QApplication.sendEvent(composer, preedit)
    assert composer.composing
    qtbot.keyClick(composer, Qt.Key.Key_Return)  # confirms the conversion: not a send
    assert sent == []
    commit = QInputMethodEvent()
    commit.setCommitString("日本語")
    QApplication.sendEvent(composer, commit)
    assert not composer.composing and composer.toPlainText() == "日本語"
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    assert sent == ["日本語"]


def test_empty_enter_sends_nothing(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    sent: list[str] = []
    composer.send_requested.connect(sent.append)
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    assert sent == []


def test_call_to_action_without_a_model(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window()
    w.pages.setCurrentIndex(0)
    assert w.cta_button.isVisible() and not w.send_button.isVisible()
    w.model_bar.select(str(tiny_q4))
    qtbot.mouseClick(w.cta_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=30_000)
    assert w.send_button.isVisible() and not w.cta_button.isVisible()
    assert "Q4_0" in w.model_label.text()


def test_live_token_count_of_the_draft(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    qtbot.keyClicks(w.composer, "hello world")
    expected = w.controller.engine.client.count_tokens(["hello world"])[0]
    qtbot.waitUntil(lambda: w.token_label.text() == f"{expected} tokens", timeout=5_000)


def test_message_too_long_gets_a_clear_error_and_is_kept(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    w.controller.new_conversation()
    w.controller.set_settings(ConversationSettings(n_ctx=256, reply_reserve=64))
    wait_idle(qtbot, w)
    w.chat.send("cat " * 400)
    wait_idle(qtbot, w)
    assert "Nothing was cut" in w.notice_label.text()
    assert [m.role for m in w.controller.store.branch(w.controller.conversation_id)] == ["user"]


def test_settings_dialog_rejects_invalid_values(qtbot: QtBot) -> None:
    dialog = SettingsDialog(ConversationSettings(), max_context=2048)
    qtbot.addWidget(dialog)
    dialog.seed.setText("banana")
    dialog.try_accept()
    assert "seed" in dialog.error_label.text()
    assert dialog.result_settings is None
    dialog.seed.setText("42")
    dialog.max_tokens.setValue(4000)
    dialog.try_accept()
    assert "Max tokens" in dialog.error_label.text()
    dialog.max_tokens.setValue(300)
    dialog.n_ctx.setValue(100)
    dialog.try_accept()
    assert "at least 256" in dialog.error_label.text()
    dialog.n_ctx.setValue(1024)
    dialog.top_p.setValue(0.0)
    dialog.try_accept()
    assert "Top-p" in dialog.error_label.text()
    dialog.top_p.setValue(0.9)
    dialog.system_prompt.setPlainText("Be terse.")
    dialog.policy.setCurrentIndex(1)
    dialog.try_accept()
    s = dialog.result_settings
    assert s is not None
    assert (s.system_prompt, s.sampling.seed, s.sampling.max_tokens, s.n_ctx, s.policy) == (
        "Be terse.", 42, 300, 1024, "rolling",
    )  # fmt: skip
    assert dialog.n_ctx.maximum() == 2048  # cannot exceed what the model was trained for


def test_settings_are_saved_per_conversation(
    qtbot: QtBot,
    make_window: WindowFactory,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    w = make_window()
    cid = w.controller.new_conversation()

    def accept(dialog):  # type: ignore[no-untyped-def]
        dialog.system_prompt.setPlainText("You speak like a pirate.")
        dialog.try_accept()
        return True

    monkeypatch.setattr(SettingsDialog, "exec", accept)
    w.chat.open_settings()
    assert w.controller.store.conversation(cid).settings.system_prompt == "You speak like a pirate."
