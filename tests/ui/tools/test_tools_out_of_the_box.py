"""A new chat in the window answers the seed's own example with the calculator (issue 25)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.chat.language import SYSTEM_PROMPTS
from chatapp.core.evaluate.tool_questions import numbers_in
from tests.ui.conftest import WindowFactory, send, wait_idle


@pytest.mark.demo
def test_a_new_chat_calculates_with_its_tools_on(
    qtbot: QtBot, make_window: WindowFactory, demo_path: Path
) -> None:
    w = make_window()  # a fresh profile, as a new user has: "Use the demo model"
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=120_000)
    c = w.controller
    cid = c.new_conversation()
    settings = c.store.conversation(cid).settings
    assert settings.tools_enabled and settings.tools == ("calculator", "clock")  # nothing to set
    assert settings.system_prompt in SYSTEM_PROMPTS.values()
    c.set_settings(replace(settings, sampling=SamplingSettings(temperature=0.0, seed=0)))
    wait_idle(qtbot, w)
    send(qtbot, w, "３５４×１３９は？")
    wait_idle(qtbot, w, timeout=300_000)
    branch = c.store.branch(cid)
    assert branch[0].content == "３５４×１３９は？"  # stored as typed
    calls = [m for m in branch if mk.get(m.meta, mk.TOOL_CALLS)]
    assert calls and "calculator" in str(mk.get(calls[0].meta, mk.TOOL_CALLS))
    reply = branch[-1]
    assert reply.role == "assistant" and reply.status == "complete"
    assert 49206 in numbers_in(reply.content), reply.content
