"""The first run: a welcome page offers the demo model, recommended models or a local file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from tests.support.fake_hub import FakeHub
from tests.ui.conftest import WindowFactory, send, wait_idle


@pytest.fixture
def hub(local_hub: FakeHub) -> FakeHub:
    return local_hub


def test_first_run_shows_the_welcome_without_any_request(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub
) -> None:
    w = make_window()
    assert w.pages.currentWidget() is w.welcome
    assert w.welcome.demo_button.isVisible()
    cards = w.welcome.model_cards
    assert len(cards) >= 4 and len(cards) == len(w.welcome.models)
    assert any("fits this computer" in c.badges for c in cards)
    assert any("good at Japanese" in c.badges for c in cards)
    assert all(c.focusPolicy() & Qt.FocusPolicy.TabFocus for c in cards)  # keyboard-reachable
    qtbot.wait(200)
    assert hub.requests == []


@pytest.mark.demo
def test_the_demo_from_the_welcome_answers_a_first_question(
    qtbot: QtBot, make_window: WindowFactory, demo_path: Path
) -> None:
    """A new user's first conversation: "Use the demo model", then a question; greedy."""
    w = make_window()  # a fresh profile: the demo is joined from its parts on first use
    assert "Qwen2.5-Coder 1.5B Instruct" in w.welcome.demo_button.text()
    demo = w.welcome.demo_button  # the card paints its body and shows it as its tooltip
    assert demo.isVisible() and "trying" in demo.body.text() and "trying" in demo.toolTip()
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=120_000)
    assert w.pages.currentIndex() == 0 and "Q4_K_M" in w.model_label.text()
    c = w.controller
    c.new_conversation()
    c.set_settings(ConversationSettings(sampling=SamplingSettings(temperature=0.0, seed=0)))
    wait_idle(qtbot, w)
    send(qtbot, w, "What is the capital of Japan?")
    wait_idle(qtbot, w, timeout=180_000)
    reply = c.store.branch(c.conversation_id)[-1]
    assert reply.role == "assistant" and reply.status == "complete"
    assert "Tokyo" in reply.content


def test_recommended_opens_the_manager_and_only_then_asks_the_hub(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, tiny_q4: Path
) -> None:
    w = make_window()
    first = w.welcome.models[0]
    hub.add_file(first.repo, first.file, tiny_q4)
    assert hub.requests == []
    w.welcome.model_cards[0].setFocus()
    qtbot.keyClick(w.welcome.model_cards[0], Qt.Key.Key_Space)  # the keyboard, as a mouse would
    assert w.pages.currentWidget() is w.model_manager
    qtbot.waitUntil(lambda: w.model_manager.files_table.rowCount() == 1, timeout=10_000)
    assert hub.requests and w.model_manager.files_table.currentRow() == 0


def test_not_now_goes_to_the_chat(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    qtbot.mouseClick(w.welcome.skip_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentIndex() == 0 and w.cta_button.isVisible()
