"""The first run: a welcome page offers the demo model, recommended models or a local file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.fake_hub import FakeHub
from tests.ui.conftest import WindowFactory


@pytest.fixture
def hub(local_hub: FakeHub) -> FakeHub:
    return local_hub


def test_first_run_shows_the_welcome_without_any_request(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub
) -> None:
    w = make_window()
    assert w.pages.currentWidget() is w.welcome
    assert w.welcome.demo_button.isVisible()
    assert w.welcome.recommended.count() >= 5
    assert any(
        "fits" in w.welcome.recommended.item(i).text() for i in range(w.welcome.recommended.count())
    )
    qtbot.wait(200)
    assert hub.requests == []


@pytest.mark.gemma
def test_demo_from_the_welcome(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=60_000)
    assert w.pages.currentIndex() == 0 and "Q4_K_M" in w.model_label.text()


def test_recommended_opens_the_manager_and_only_then_asks_the_hub(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, tiny_q4: Path
) -> None:
    w = make_window()
    first = w.welcome.models[0]
    hub.add_file(first.repo, first.file, tiny_q4)
    assert hub.requests == []
    w.welcome.recommended.setCurrentRow(0)
    qtbot.mouseClick(w.welcome.get_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentWidget() is w.model_manager
    qtbot.waitUntil(lambda: w.model_manager.files_table.rowCount() == 1, timeout=10_000)
    assert hub.requests and w.model_manager.files_table.currentRow() == 0


def test_not_now_goes_to_the_chat(qtbot: QtBot, make_window: WindowFactory) -> None:
    w = make_window()
    qtbot.mouseClick(w.welcome.skip_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentIndex() == 0 and w.cta_button.isVisible()
