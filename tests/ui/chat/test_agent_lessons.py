"""Agent lessons in the real window (offscreen): an agent task on the generated tiny model through
the local runtime, "Mark as failed…" on its answer, the lesson written by the model in the
background and stored, then read, edited and deleted in the Lessons dialog; the opt-in in the
conversation settings."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.agent.lessons import LESSON_CHARS
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.chat.settings_dialog import SettingsDialog
from tests.ui.conftest import WindowFactory, load, send, wait_idle, window_with_new_chat

GREEDY = SamplingSettings(temperature=0.0, seed=0, max_tokens=48)


def test_mark_as_failed_writes_a_lesson_that_is_shown_edited_and_deleted(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w, cid = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    # No tools (random weights call them with garbage): the task's first step is its answer.
    c.set_settings(replace(ConversationSettings(), sampling=GREEDY, tools_enabled=False,
                           agent=True, agent_steps=1))  # fmt: skip
    assert not c.store.conversation(cid).settings.agent_lessons  # opt-in: off until asked
    send(qtbot, w, "What is 2 + 2?")
    wait_idle(qtbot, w, timeout=120_000)
    reply = c.store.branch(cid)[-1]
    assert reply.role == "assistant" and mk.get(reply.meta, mk.AGENT_END), [
        (m.role, m.status, m.content[:60]) for m in c.store.branch(cid)
    ] + [w.chat.notice_label.text()]

    # The answer's "More actions" menu offers it; a plain user message does not.
    w.transcript.jump_to(reply.id)
    row = next(i for i, it in enumerate(w.transcript._model.items)
               if it.message is not None and it.message.id == reply.id)  # fmt: skip
    w.transcript._configure_bar(w.transcript._model.items[row])
    labels = [a.text() for a in w.transcript.bar.more_menu.actions()]
    assert "Mark as failed…" in labels
    user_row = next(i for i, it in enumerate(w.transcript._model.items)
                    if it.message is not None and it.message.role == "user")  # fmt: skip
    w.transcript._configure_bar(w.transcript._model.items[user_row])
    assert "Mark as failed…" not in [a.text() for a in w.transcript.bar.more_menu.actions()]

    w.transcript.run("markfailed", reply.id)
    dialog = w.chat.transcript_actions.mark_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.use_lessons.isChecked()
    dialog.correction.setPlainText("It is 4; use the calculator.")
    dialog.use_lessons.setChecked(True)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: bool(c.store.lessons(cid)) or "No lesson" in
                    w.chat.notice_label.text(), timeout=60_000)  # fmt: skip
    wait_idle(qtbot, w)
    lessons = c.store.lessons(cid)
    assert len(lessons) == 1, w.chat.notice_label.text()
    lesson = lessons[0]
    assert lesson.source_message_id == reply.id
    assert lesson.text and "\n" not in lesson.text and len(lesson.text) <= LESSON_CHARS
    assert c.store.conversation(cid).settings.agent_lessons  # turned on in the dialog
    assert lesson.text in w.chat.notice_label.text()  # shown when it is written

    shown = w.chat.open_lessons()
    assert shown is not None and shown.isVisible()
    assert shown.lesson_texts() == [lesson.text]
    assert "offered these lessons" in shown.state_label.text()
    shown.list.setCurrentRow(0)
    assert shown.edit_button.isEnabled() and shown.delete_button.isEnabled()
    shown.list.item(0).setText("Use the calculator for sums.")  # as the in-place editor commits
    assert c.store.lesson(lesson.id).text == "Use the calculator for sums."
    assert shown.lesson_texts() == ["Use the calculator for sums."]
    shown.list.item(0).setText("   ")  # refused: the stored lesson stays
    assert "cannot be empty" in shown.error_label.text()
    assert c.store.lesson(lesson.id).text == "Use the calculator for sums."
    assert shown.lesson_texts() == ["Use the calculator for sums."]
    shown.list.setCurrentRow(0)
    qtbot.mouseClick(shown.delete_button, Qt.MouseButton.LeftButton)
    assert c.store.lessons(cid) == [] and shown.lesson_texts() == []
    assert not shown.delete_button.isEnabled()


def test_the_opt_in_is_a_checkbox_in_the_conversation_settings_with_the_lessons_button(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    w = make_window()
    c = w.controller
    cid = c.new_conversation()
    c.store.add_lesson(cid, "Check the date before answering.")
    settings = c.store.conversation(cid).settings
    dialog = SettingsDialog(settings, 4096, w, [], lambda: w.chat.open_lessons(dialog))
    qtbot.addWidget(dialog)
    box = dialog.agent_box
    assert not box.lessons.isChecked()
    box.lessons.setChecked(True)
    assert dialog.collect().agent_lessons is True
    dialog.show()
    qtbot.mouseClick(box.lessons_button, Qt.MouseButton.LeftButton)
    shown = w.chat.lessons_dialog
    assert shown is not None and shown.isVisible()
    assert shown.lesson_texts() == ["Check the date before answering."]
    assert "Lessons are off for this chat" in shown.state_label.text()  # not saved yet
    shown.close()
    dialog.try_accept()
    assert dialog.result_settings is not None and dialog.result_settings.agent_lessons
    c.set_settings(dialog.result_settings)
    assert c.store.conversation(cid).settings.agent_lessons


def _agent_answer(w: MainWindow, text: str = "5") -> tuple[int, int]:
    """A chat with a task and an agent's answer, as the loop stores it, opened in the window."""
    c = w.controller
    cid = c.new_conversation()
    c.store.add_message(cid, "user", "2 + 2?")
    end = {"reason": "answer", "answered": True, "steps": 0, "note": ""}
    answer = c.store.add_message(cid, "assistant", text, meta={mk.AGENT_END: end})
    c.open_conversation(cid)
    return cid, answer


def test_without_a_model_marking_as_failed_says_so_in_japanese_and_stores_nothing(
    qtbot: QtBot, make_window: WindowFactory, japanese: None
) -> None:
    w = make_window()
    c = w.controller
    cid, answer = _agent_answer(w, "5\n\n```\nprint(2 + 2)\n```")
    items = w.transcript._model.items
    row = next(i for i, it in enumerate(items) if it.message and it.message.id == answer)
    w.transcript._configure_bar(items[row])
    menu = [a.text() for a in w.transcript.bar.more_menu.actions()]
    assert "失敗としてマーク…" in menu
    assert "コードブロック 1 をコピー: print(2 + 2)" in menu  # the bar's other entries too
    w.transcript.run("markfailed", answer)
    dialog = w.chat.transcript_actions.mark_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "失敗としてマーク" and dialog.write_button.text() == "教訓を書く"
    dialog.correction.setPlainText("4 です。")
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert "教訓は書かれませんでした" in w.chat.notice_label.text()
    assert c.store.lessons(cid) == [] and not c.busy
    shown = w.chat.open_lessons()
    assert shown is not None and shown.windowTitle() == "教訓"
    assert "教訓はまだありません" in shown.list.item(0).text() and shown.lesson_texts() == []
    assert "オフ" in shown.state_label.text()


def test_a_lesson_asked_for_during_work_between_turns_waits_for_it(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    """Work between turns (here one held open until released) keeps the engine: the lesson is
    queued behind it, as a turn is, and written once it ends."""
    w = make_window(tiny_q4)
    load(qtbot, w)
    c = w.controller
    cid, answer = _agent_answer(w)
    wait_idle(qtbot, w)
    qtbot.waitUntil(lambda: c._background is None, timeout=30_000)  # the title, if any
    release = threading.Event()
    c._run_background("preview", lambda _report: release.wait(30), lambda _value: None)
    assert c.mark_failed(answer, None, True)
    assert c.busy and c._queued is not None and c.store.lessons(cid) == []
    release.set()
    qtbot.waitUntil(lambda: bool(c.store.lessons(cid)), timeout=60_000)
    wait_idle(qtbot, w)
    assert c.store.lessons(cid)[0].source_message_id == answer
