"""Sidebar: new, rename, delete with undo, duplicate, export, import, search and jump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from chatapp.ui.chat.sidebar_paint import MATCH_ROLE, PINNED_ROLE, SNIPPET_ROLE
from tests.ui.conftest import WindowFactory


def fill(w, n: int = 2) -> list[int]:  # type: ignore[no-untyped-def]
    store = w.controller.store
    ids = []
    for i in range(n):
        cid = store.create_conversation()
        store.add_message(cid, "user", f"question number {i} about photosynthesis")
        store.add_message(cid, "assistant", f"answer number {i}")
        ids.append(cid)
    w.controller.conversations_changed.emit()
    return ids


def test_new_chat_with_ctrl_n(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    cid = w.controller.conversation_id
    assert cid is not None and w.sidebar.conversation_ids() == [cid]
    assert w.composer.hasFocus()


def test_open_rename(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    a, _b = fill(w)
    item = w.sidebar.tree.topLevelItem(2)  # header "Today", then newest first
    w.sidebar.tree.itemClicked.emit(item, 0)
    assert w.controller.conversation_id == a
    assert "question number 0" in w.transcript.toPlainText()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Plants", True))
    qtbot.keyClick(w, Qt.Key.Key_F2)
    assert w.controller.store.conversation(a).title == "Plants"
    assert w.sidebar.tree.topLevelItem(2).text(0) == "Plants"


def test_delete_then_undo_then_delete_for_good(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    a, b = fill(w)
    w.controller.open_conversation(a)
    w.chat.actions_.delete()
    assert a not in w.sidebar.conversation_ids()
    assert w.undo_button.isVisible()
    w.undo_button.click()
    assert a in w.sidebar.conversation_ids() and w.controller.conversation_id == a
    w.chat.actions_.delete()
    w.chat.actions_._undo_timer.setInterval(10)
    w.chat.actions_._undo_timer.start()
    qtbot.waitUntil(lambda: not w.undo_button.isVisible(), timeout=2_000)
    assert [c.id for c in w.controller.store.list_conversations()] == [b]


def test_duplicate(make_window: WindowFactory) -> None:
    w = make_window()
    (a,) = fill(w, 1)
    w.controller.open_conversation(a)
    w.chat.actions_.duplicate()
    copy = w.controller.conversation_id
    assert copy != a
    store = w.controller.store
    assert [m.content for m in store.branch(copy)] == [m.content for m in store.branch(a)]
    assert store.conversation(copy).title.endswith("(copy)")


def test_export_and_import(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    (a,) = fill(w, 1)
    w.controller.open_conversation(a)
    store = w.controller.store
    store.rename(a, 'What is the capital of France? "A/B" test')
    proposed: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        proposed.append(Path(suggested).name)
        return str(tmp_path / f"out{Path(suggested).suffix}"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    for kind in ("md", "json"):
        w.chat.actions_.export(kind)
        assert (tmp_path / f"out.{kind}").exists()
        assert str(tmp_path / f"out.{kind}") in w.statusBar().currentMessage()  # confirmed
    assert proposed == [
        "What is the capital of France A B test.md",
        "What is the capital of France A B test.json",
    ]
    assert "## You" in (tmp_path / "out.md").read_text()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "out.json"), "")
    )
    w.chat.actions_.ask_import()
    qtbot.waitUntil(lambda: len(w.sidebar.conversation_ids()) == 2, timeout=30_000)
    qtbot.waitUntil(lambda: w.controller.conversation_id != a, timeout=30_000)
    imported = w.controller.conversation_id
    assert imported is not None
    assert store.conversation(imported).title.endswith("(imported)")
    bad = tmp_path / "bad.json"
    data = json.loads((tmp_path / "out.json").read_text())
    data["messages"][0]["role"] = ""
    bad.write_text(json.dumps(data))
    assert w.chat.actions_.import_path(bad).wait(30)
    qtbot.waitUntil(lambda: "not a Kotoba conversation" in w.notice_label.text(), timeout=30_000)
    assert len(w.controller.store.list_conversations()) == 2  # nothing written


def test_search_and_jump(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    store = w.controller.store
    fill(w, 2)
    target_conv = store.create_conversation("long one")
    target = 0
    for i in range(200):
        mid = store.add_message(target_conv, "user" if i % 2 == 0 else "assistant", f"filler {i}")
        if i == 10:
            store.update_message(mid, content="the hidden 東京タワー fact")
            target = mid
    w.controller.conversations_changed.emit()
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.sidebar.search_box.hasFocus()
    # Japanese arrives from an input method as a committed string (QTest cannot type it).
    commit = QInputMethodEvent()
    commit.setCommitString("東京タワー")
    QApplication.sendEvent(w.sidebar.search_box, commit)
    assert w.sidebar.search_box.text() == "東京タワー"
    qtbot.waitUntil(lambda: w.sidebar.results.isVisible(), timeout=2_000)
    item = w.sidebar.results.topLevelItem(0)
    snippet = item.data(0, SNIPPET_ROLE)
    start, length = item.data(0, MATCH_ROLE)
    assert "[" not in item.text(0) and snippet[start : start + length] == "東京タワー"
    w.sidebar.results.itemClicked.emit(item, 0)
    assert w.controller.conversation_id == target_conv
    view = w.transcript
    assert "the hidden 東京タワー fact" in view.toPlainText()
    qtbot.waitUntil(lambda: target in view.visible_message_ids(), timeout=2_000)  # scrolled to
    assert view.message_ids()[-1] not in view.visible_message_ids()  # not at the end
    assert view.highlighted_id == target  # and marked, as painted:
    card = view.row_rect(target).adjusted(0, 8, 0, -8)
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    x, y = int((card.center().x() - 200) * dpr), int((card.top() + 4) * dpr)
    assert image.pixelColor(x, y).name() == view.delegate.palette.highlight
    w.sidebar.search_box.clear()
    qtbot.waitUntil(lambda: w.sidebar.tree.isVisible(), timeout=2_000)
    assert target


def test_hover_actions_pin_rename_and_delete(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = make_window()
    a, b = fill(w)
    tree = w.sidebar.tree

    def click_button(conversation_id: int, name: str) -> None:
        item = w.sidebar._item(conversation_id)
        assert item is not None
        row = tree.visualItemRect(item)
        qtbot.mouseMove(tree.viewport(), row.center())
        pinned = bool(item.data(0, PINNED_ROLE))
        rect = dict(w.sidebar.delegate._buttons(row, pinned))[name]
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(20)  # the action runs once the click is through

    click_button(a, "pin")  # the older one goes on top, under "Pinned"
    assert w.controller.store.conversation(a).pinned
    assert tree.topLevelItem(0).text(0) == "Pinned" and w.sidebar.conversation_ids() == [a, b]
    click_button(a, "unpin")
    assert w.sidebar.conversation_ids() == [b, a]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Leaves", True))
    click_button(a, "rename")
    assert w.controller.store.conversation(a).title == "Leaves"
    click_button(b, "delete")
    assert b not in w.sidebar.conversation_ids() and w.undo_button.isVisible()
    # The open conversation is the selected row; Delete on the keyboard deletes it too.
    assert w.sidebar.current_id() == w.controller.conversation_id == a
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert a not in w.sidebar.conversation_ids()
