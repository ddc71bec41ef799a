"""The transcript's cards: keyboard actions, one entry per streamed reply, thinking blocks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from chatapp.core.chat import meta
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from tests.support.thinking_models import ANSWER, REASONING, write_thinking_model
from tests.ui.conftest import WindowFactory, load, send, wait_idle, window_with_new_chat


def focused(qtbot: QtBot) -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_actions_are_reachable_by_keyboard_alone(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    store = w.controller.store
    cid = w.controller.new_conversation()
    question = store.add_message(cid, "user", "What is a list?")
    store.add_message(cid, "assistant", "An ordered collection: `[1, 2, 3]`.")
    w.chat.render_transcript()
    view = w.transcript
    # Tab from the sidebar until the transcript has the focus: its newest message is current.
    w.sidebar.tree.setFocus()
    for _ in range(8):
        if view.hasFocus():
            break
        qtbot.keyClick(focused(qtbot), Qt.Key.Key_Tab)
    assert view.hasFocus()
    assert view.bar.isVisible()  # the actions appear on the focused message
    names = [b.accessibleName() for b in view.bar.visible_buttons()]
    assert names == ["Copy", "Regenerate", "Delete"]
    assert all(b.toolTip() for b in view.bar.visible_buttons())
    # Up: the question; its actions follow the focus.
    qtbot.keyClick(view, Qt.Key.Key_Up)
    names = [b.accessibleName() for b in view.bar.visible_buttons()]
    assert names == ["Copy", "Edit and send again", "Delete"]
    # Tab into the actions; Enter runs the one with the focus.
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert focused(qtbot).accessibleName() == "Copy"
    QApplication.clipboard().clear()
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Return)
    assert QApplication.clipboard().text() == "What is a list?"
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Tab)
    assert focused(qtbot).accessibleName() == "Delete"
    asked: list[str] = []

    def question_box(*args, **_kw):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question_box)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Return)
    assert asked and question not in [m.id for m in store.branch(cid)]
    # Esc goes back to the message; Tab past the last action leaves for the composer.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.bar.isAncestorOf(focused(qtbot))
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Escape)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    for _ in view.bar.visible_buttons():
        qtbot.keyClick(focused(qtbot), Qt.Key.Key_Tab)
    assert w.composer.hasFocus()


def test_hover_shows_the_actions_of_that_message(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    store = w.controller.store
    cid = w.controller.new_conversation()
    first = store.add_message(cid, "user", "first")
    store.add_message(cid, "assistant", "second")
    w.chat.render_transcript()
    view = w.transcript
    assert not view.bar.isVisible()
    rect = view.row_rect(first)
    qtbot.mouseMove(view.viewport(), rect.center())
    qtbot.waitUntil(view.bar.isVisible, timeout=2_000)
    assert rect.contains(view.bar.geometry().center())
    assert view.bar.buttons["edit"].isVisible()


def assistant_entries(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("Assistant"))


def test_a_streamed_reply_shows_once_during_and_after(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w = make_window(tiny_q4)
    load(qtbot, w)
    seen: list[tuple[int, bool]] = []

    def look(*_args: object) -> None:
        text = w.transcript.toPlainText()
        seen.append((assistant_entries(text), "interrupted" in text))

    w.controller.new_conversation()  # a short reply: the machine may be busy
    w.controller.set_settings(ConversationSettings(sampling=SamplingSettings(max_tokens=48)))
    w.controller.plan_ready.connect(look)
    w.controller.reply_text.connect(look)
    w.transcript.flushed.connect(look)
    send(qtbot, w, "hello cat")
    # A window busy for a moment (a long chat to lay out, a slow machine): the plan and the
    # new reply's first events are handled after the reply was written to the store.
    store, cid = w.controller.store, w.controller.conversation_id
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and store.branch(cid)[-1].role != "assistant":
        time.sleep(0.01)
    wait_idle(qtbot, w)
    look()
    assert len(seen) > 3
    # The plan comes before the reply exists; from the first token on there is exactly one.
    assert all(n <= 1 for n, _ in seen) and seen[-1][0] == 1
    assert not any(interrupted for _, interrupted in seen)


def test_a_streamed_thinking_block_collapses_when_the_answer_starts_and_is_not_resent(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    model = write_thinking_model(tmp_path / "thinker.gguf")
    w = make_window(model)
    load(qtbot, w)
    view = w.transcript
    states: list[tuple[bool, bool, str]] = []
    view.flushed.connect(lambda _t: states.append(view.live_state()))  # each paint of new text
    lay_out = view._flush_stream  # and each lay-out made at once (a paint may come later, on a

    def recorded() -> None:  # busy machine after the next lay-out: it would see only that one)
        lay_out()
        states.append(view.live_state())

    view._flush_stream = recorded  # type: ignore[method-assign]
    w.controller.new_conversation()  # a plain stream: tools would decide first, out of sight
    w.controller.set_settings(ConversationSettings(tools_enabled=False))
    send(qtbot, w, "Where is the cat?")
    wait_idle(qtbot, w)
    # Streamed live while written (open, no answer yet), closed once the answer started.
    states = [s for s in states if s != (False, False, "")]  # before the first token
    assert states[0] == (True, True, ""), states
    assert states[-1] == (False, False, ANSWER)
    c = w.controller
    reply = c.store.branch(c.conversation_id)[-1]
    assert reply.content == ANSWER and reply.meta[meta.REASONING] == REASONING
    text = view.toPlainText()
    assert "Thought for" in text and REASONING not in text
    # Left out of a copy while closed; in it once opened.
    view.run("copy", reply.id)
    assert QApplication.clipboard().text() == ANSWER
    view.run("reasoning", reply.id)
    assert REASONING in view.toPlainText()
    view.run("copy", reply.id)
    assert QApplication.clipboard().text() == f"{REASONING}\n\n{ANSWER}"
    # The next turn's prompt holds the answer, not the reasoning (the template drops it).
    send(qtbot, w, "And the dog?")
    wait_idle(qtbot, w)
    prompt = json.dumps(c.last_plan.messages)
    assert ANSWER in prompt and "mat" not in prompt


def test_a_long_chat_opens_at_its_end(make_window: WindowFactory, app_paths) -> None:  # type: ignore[no-untyped-def]
    from chatapp.core.chat.store import Store

    store = Store(app_paths.data_dir / "conversations.sqlite3")
    cid = store.create_conversation("long")
    last = 0
    for i in range(300):
        last = store.add_message(cid, "user" if i % 2 == 0 else "assistant", f"message {i}\n" * 3)
    store.close()
    w = make_window()  # a restart: the newest conversation opens
    assert w.controller.conversation_id == cid
    assert last in w.transcript.visible_message_ids()


def test_clicking_a_code_blocks_copy_button(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    store = w.controller.store
    cid = w.controller.new_conversation()
    store.add_message(cid, "user", "code please")
    reply = store.add_message(cid, "assistant", "Here:\n\n```python\nprint('hi')\n```\n")
    w.chat.render_transcript()
    view = w.transcript
    row = view.row_rect(reply)
    layout = view._layout_of_row(1)
    code = next(b for b in layout.blocks if b.kind == "code")
    origin = view.delegate.content_origin(row, view.item(1))
    button = layout.copy_button_rect(code.rect).translated(origin).center().toPoint()
    QApplication.clipboard().clear()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(button))
    assert QApplication.clipboard().text() == "print('hi')\n"


def test_continue_is_offered_on_the_newest_cut_off_reply_and_writes_on_in_it(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w, cid = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    c.set_settings(ConversationSettings(sampling=SamplingSettings(temperature=0.0, max_tokens=8)))
    wait_idle(qtbot, w)
    store = c.store
    store.add_message(cid, "user", "Tell me a story.")
    earlier = store.add_message(cid, "assistant", "Once upon a", status="partial")
    store.add_message(cid, "user", "Go on, please.")
    cut = store.add_message(cid, "assistant", "The end was near")
    store.update_message(cut, stats={"stop_reason": "context_full"})
    c.open_conversation(cid)
    view = w.transcript

    def names_on(message_id: int) -> list[str]:
        view.setFocus()
        view.setCurrentIndex(view.model().index(view.model().row_of(("m", message_id)), 0))
        qtbot.waitUntil(view.bar.isVisible, timeout=2_000)
        return [b.accessibleName() for b in view.bar.visible_buttons()]

    assert "Continue the reply" not in names_on(earlier)  # not the newest: it cannot go on
    assert "Continue the reply" in names_on(cut)  # stopped by a full context: it can
    # Keyboard alone: Tab into the actions, to Continue, Enter.
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    for _ in range(6):
        if focused(qtbot).accessibleName() == "Continue the reply":
            break
        qtbot.keyClick(focused(qtbot), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: c.busy, timeout=5_000)
    wait_idle(qtbot, w)
    branch = store.branch(cid)
    assert branch[-1].id == cut and len(branch) == 4  # the same message, no new one
    assert branch[-1].content.startswith("The end was near")
    assert len(branch[-1].content) > len("The end was near")


def test_an_example_prompt_fills_the_composer_and_sends_nothing(
    qtbot: QtBot, make_window: WindowFactory, tiny_q4: Path
) -> None:
    w, cid = window_with_new_chat(qtbot, make_window, tiny_q4)
    c = w.controller
    empty = w.transcript.empty_state
    qtbot.waitUntil(lambda: empty.isVisible() and bool(empty.cards), timeout=5_000)
    card = next(card for card in empty.cards if card.isVisible())
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert w.composer.toPlainText() == card.prompt and w.composer.hasFocus()
    assert c.store.branch(cid) == [] and not c.busy  # filled in, for the user to send or edit
    card.setFocus()  # and from the keyboard
    w.composer.clear()
    qtbot.keyClick(card, Qt.Key.Key_Space)
    assert w.composer.toPlainText() == card.prompt


def ink_rows(card: QWidget) -> int:
    """How many pixel rows, top of the first glyph to the bottom of the last, the painted
    text covers inside the card's border (the text is what differs from the card's fill)."""
    image = card.grab().toImage()
    fill = QColor(image.pixel(image.width() // 2, 3)).lightness()
    rows = [
        y
        for y in range(3, image.height() - 3)
        if any(
            abs(QColor(image.pixel(x, y)).lightness() - fill) > 60
            for x in range(8, image.width() - 8)
        )
    ]
    return rows[-1] - rows[0] + 1 if rows else 0


def test_example_prompts_show_their_whole_text_after_the_welcome_page(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """The cards are laid out while the welcome page hides them; shown later, each shows all
    of its text, wrapped at its width (two-line prompts were clipped to one line's height)."""
    w = make_window(None)
    w.resize(1280, 800)
    qtbot.wait(200)
    w.leave_welcome()
    empty = w.transcript.empty_state
    qtbot.waitUntil(lambda: empty.isVisible() and all(c.isVisible() for c in empty.cards))
    qtbot.wait(200)
    lines = []
    for card in empty.cards:
        metrics = QFontMetrics(card.font())
        wrapped = metrics.boundingRect(
            QRect(0, 0, card.width() - 24, 100_000), int(Qt.TextFlag.TextWordWrap), card.prompt
        )
        lines.append(wrapped.height() // metrics.lineSpacing())
        assert card.height() >= wrapped.height() + 20, card.prompt
        # Every line painted: the ink covers most of the wrapped text's height (the clipped
        # cards showed one line's height of it).
        assert ink_rows(card) >= 0.7 * wrapped.height(), card.prompt
    assert max(lines) >= 2  # some prompts do wrap at this width
