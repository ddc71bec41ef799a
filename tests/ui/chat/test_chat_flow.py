"""Send, stream, stop, regenerate, branches, edit, delete, copy: the real window, a real runtime."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.ui.chat.edit_dialog import EditDialog
from tests.support.chats import add_turns
from tests.ui.conftest import WindowFactory, load, send, wait_idle, window_with_new_chat


def test_send_commits_first_then_streams_a_reply(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w, _ = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    # Tools off: a plain reply (the random tiny model may call the clock).
    c.set_settings(ConversationSettings(tools_enabled=False))
    streamed: list[str] = []
    committed: list[list[tuple[str, str]]] = []

    def on_text(text: str) -> None:
        if not committed:
            other = sqlite3.connect(c.store.path)
            committed.append(other.execute("SELECT role, content FROM messages").fetchall())
            other.close()
        streamed.append(text)

    c.reply_text.connect(on_text)
    send(qtbot, w, "hello cat")
    assert w.composer.toPlainText() == ""
    wait_idle(qtbot, w)
    assert committed[0][0] == ("user", "hello cat")
    branch = c.store.branch(c.conversation_id)
    assert [m.role for m in branch] == ["user", "assistant"]
    assert branch[1].content == "".join(streamed) and branch[1].status == "complete"
    assert "hello cat" in w.transcript.toPlainText()
    assert "tok/s" in w.figures_label.text()
    assert w.chat.last_announcement == "Reply finished"  # announced to screen readers
    assert w.meter.plan is not None and w.meter.plan.prompt_tokens > 0
    assert w.sidebar.conversation_ids() == [c.conversation_id]


def test_shift_enter_adds_a_line(qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path) -> None:
    w = make_window(tiny_q4)
    qtbot.keyClicks(w.composer, "one")
    qtbot.keyClick(w.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(w.composer, "two")
    assert w.composer.toPlainText() == "one\ntwo"
    assert w.controller.conversation_id is None  # nothing was sent


@pytest.mark.gemma
def test_stop_with_escape(qtbot: QtBot, make_window: WindowFactory, gemma_path: Path) -> None:
    w, _ = window_with_new_chat(qtbot, make_window, gemma_path)
    c = w.controller
    c.set_settings(  # a plain stream (no tool decision first)
        ConversationSettings(sampling=SamplingSettings(max_tokens=1500), tools_enabled=False)
    )
    texts: list[str] = []
    c.reply_text.connect(texts.append)
    send(qtbot, w, "Tell me a very long story about the sea.")
    qtbot.waitUntil(lambda: bool(texts), timeout=30_000)
    assert w.stop_button.isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    wait_idle(qtbot, w, 5_000)
    reply = c.store.branch(c.conversation_id)[-1]
    assert reply.status == "cancelled"
    assert reply.content == "".join(texts)
    assert "stopped" in w.transcript.toPlainText()
    assert not w.stop_button.isEnabled()


def test_stop_before_the_reply_starts_keeps_the_message_and_writes_no_reply(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    """Enter returns before the turn starts (next pass of the event loop); Escape in between
    stops it: the message stays, no reply is written, the window says so and is idle."""
    w = make_window(tiny_q4)
    load(qtbot, w)
    c = w.controller
    notices: list[str] = []
    c.notice.connect(notices.append)
    started: list[int] = []
    c.reply_started.connect(started.append)
    send(qtbot, w, "hello")
    assert c.busy and w.stop_button.isEnabled()  # busy at once: nothing else can start
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert not c.busy
    qtbot.wait(300)  # the pass that would have started the turn
    wait_idle(qtbot, w)
    assert not started
    assert [(m.role, m.content) for m in c.store.branch(c.conversation_id)] == [("user", "hello")]
    assert notices == ["Stopped before the reply began."]
    assert w.send_button.isEnabled()


def test_closing_right_after_enter_starts_no_reply_and_leaves_no_runtime(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    """The window closes between Enter and the pass that would start the turn: the message is
    kept, and nothing starts the runtime again after it was shut down."""
    w = make_window(tiny_q4)
    load(qtbot, w)
    c = w.controller
    started: list[int] = []
    c.reply_started.connect(started.append)
    send(qtbot, w, "hello")
    w.close()
    qtbot.wait(500)  # the pass that would have started the turn, and more
    assert not started and not c.busy
    assert not c.services.engine.client.is_running  # type: ignore[attr-defined]
    other = sqlite3.connect(c.store.path)  # the window's store is closed with it
    assert other.execute("SELECT role, content FROM messages").fetchall() == [("user", "hello")]
    other.close()


def click_action(w, verb: str, message_id: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    w.transcript.anchorClicked.emit(QUrl(f"action:{verb}/{message_id}"))


def test_regenerate_branches_and_navigation(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    c = w.controller
    # Tools off (a new chat has them on): the random tiny model sometimes called the clock, and
    # a reply was then a tool step and an answer rather than one sibling.
    c.new_conversation()
    c.set_settings(ConversationSettings(tools_enabled=False))
    send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    assert [m.role for m in c.store.branch(c.conversation_id)] == ["user", "assistant"]
    first = c.store.branch(c.conversation_id)[-1]
    sampling = SamplingSettings(seed=99, temperature=3.0)
    c.set_settings(ConversationSettings(sampling=sampling, tools_enabled=False))
    click_action(w, "regenerate", first.id)
    wait_idle(qtbot, w)
    second = c.store.branch(c.conversation_id)[-1]
    assert second.id != first.id and c.store.siblings(first.id) == [first.id, second.id]
    assert "2/2" in w.transcript.toPlainText()
    click_action(w, "previous", second.id)
    assert c.store.branch(c.conversation_id)[-1].id == first.id
    assert "1/2" in w.transcript.toPlainText()
    click_action(w, "next", first.id)
    assert c.store.branch(c.conversation_id)[-1].id == second.id


def test_edit_and_resend_keeps_the_old_branch(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    c = w.controller
    send(qtbot, w, "first try")
    wait_idle(qtbot, w)
    user = c.store.branch(c.conversation_id)[0]
    shown: list[EditDialog] = []

    def type_and_send(dialog: EditDialog) -> int:
        shown.append(dialog)
        assert dialog.editor.toPlainText() == "first try"
        dialog.editor.setPlainText("second try")
        dialog.send_button.click()  # the real button of the real dialog
        return int(dialog.result())

    monkeypatch.setattr(EditDialog, "exec", type_and_send)
    click_action(w, "edit", user.id)
    dialog = shown[0]
    assert dialog.send_button.text() == "Send" and dialog.width() >= 600
    assert dialog.editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    wait_idle(qtbot, w)
    branch = c.store.branch(c.conversation_id)
    assert next(m.content for m in branch) == "second try" and len(branch) == 2
    assert c.store.siblings(branch[0].id) == [user.id, branch[0].id]
    click_action(w, "previous", branch[0].id)
    assert c.store.branch(c.conversation_id)[0].content == "first try"


def test_delete_message(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    c = w.controller
    send(qtbot, w, "to be deleted")
    wait_idle(qtbot, w)
    reply = c.store.branch(c.conversation_id)[-1]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click_action(w, "delete", reply.id)
    wait_idle(qtbot, w)
    assert [m.role for m in c.store.branch(c.conversation_id)] == ["user"]


def test_copy_message_code_block_and_last_reply(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window(tiny_q4)
    c = w.controller
    cid = c.new_conversation()
    user = c.store.add_message(cid, "user", "show code")
    reply = c.store.add_message(cid, "assistant", "Here:\n\n```python\nprint('hi')\n```\n")
    w.chat.render_transcript()
    clipboard = QApplication.clipboard()
    click_action(w, "copy", user)
    assert clipboard.text() == "show code"
    from PySide6.QtCore import QUrl

    w.transcript.anchorClicked.emit(QUrl(f"action:copycode/{reply}/0"))
    assert clipboard.text() == "print('hi')\n"
    clipboard.clear()
    qtbot.keyClick(
        w, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert clipboard.text().startswith("Here:")


def test_summary_marker_open_and_edit(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w, cid = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    ids = add_turns(c.store, cid, 3)
    c.store.add_message(cid, "user", "new question")
    c.store.add_summary(cid, ids[:4], "Earlier the user asked two questions.", "tiny")
    c.refresh_plan()
    qtbot.waitUntil(lambda: c.last_plan is not None and not c.busy, timeout=10_000)
    text = w.transcript.toPlainText()
    assert "Summary of 4 earlier messages" in text
    assert text.count("summarized") == 4
    summary = c.store.latest_summary(cid)

    def edit_dialog(dialog):  # type: ignore[no-untyped-def]
        w.chat.transcript_actions.summary_editor.setPlainText("The user asked about ferrets.")
        return True

    monkeypatch.setattr("PySide6.QtWidgets.QDialog.exec", edit_dialog)
    click_action(w, "summary", summary.id)
    edited = c.store.latest_summary(cid)
    assert edited.edited and edited.content == "The user asked about ferrets."
    qtbot.waitUntil(lambda: not c.busy, timeout=10_000)
    assert "(edited)" in w.transcript.toPlainText()


def test_regenerate_summary_from_the_transcript(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w, cid = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    ids = add_turns(c.store, cid, 3, topic="about cats")
    c.store.add_message(cid, "user", "new question")
    c.store.add_summary(cid, ids[:4], "A summary the user edited.", "tiny", edited=True)
    first = c.store.latest_summary(cid)
    click_action(w, "resummarize", first.id)
    qtbot.waitUntil(lambda: c.store.latest_summary(cid).id != first.id, timeout=20_000)
    wait_idle(qtbot, w)
    again = c.store.latest_summary(cid)
    assert again.covered_ids == first.covered_ids and not again.edited and again.content


def test_a_send_renders_the_transcript_once(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    """The first message of a chat renders the branch; later ones are appended to what is shown
    without reading it again; the plan and the stream add no full render."""
    w, _ = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    c.set_settings(ConversationSettings(sampling=SamplingSettings(max_tokens=16)))
    wait_idle(qtbot, w)
    for i, text in enumerate(("hello cat", "the dog is on the mat", "a cat and a dog")):
        before = w.chat.render_count
        send(qtbot, w, text)
        wait_idle(qtbot, w)
        assert w.chat.render_count - before == (1 if i == 0 else 0), text
        shown = w.transcript.message_ids()
        assert shown == [m.id for m in c.store.branch(c.conversation_id)], text
        assert text in w.transcript.toPlainText()


def test_switching_branches_back_keeps_the_version_chosen_below(
    make_window: WindowFactory,
) -> None:
    w = make_window()
    c = w.controller
    store = c.store
    cid = c.new_conversation()
    question = store.add_message(cid, "user", "first question")
    first = store.add_message(cid, "assistant", "first answer", parent_id=question)
    store.add_message(cid, "assistant", "second answer", parent_id=question)  # regenerated
    edited = store.add_message(cid, "user", "edited question", parent_id=None)
    store.add_message(cid, "assistant", "answer to the edit", parent_id=edited)
    store.set_current_leaf(cid, first)  # the reader chose the first answer (1/2)
    c.transcript_changed.emit()
    click_action(w, "next", question)  # over to the edited question…
    assert store.branch(cid)[0].id == edited
    click_action(w, "previous", edited)  # …and back: the answer chosen there is still shown
    assert [m.id for m in store.branch(cid)] == [question, first]
    assert "Assistant  1/2" in w.transcript.toPlainText()
