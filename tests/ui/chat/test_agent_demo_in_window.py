"""The agent on the demo model in the real window (offscreen), as a new user gets there: the
welcome's demo model, a collection made in the documents window and attached to the chat, the
composer's agent toggle, a question that needs a lookup and a multiplication (docs/agents.md)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.evaluate.agent_tasks import QUESTIONS, write_demo_docs
from chatapp.core.tools.numbers_in_text import numbers_in
from tests.ui.chat.test_agent_in_window import SHOTS, steps_of
from tests.ui.conftest import WindowFactory, send, wait_idle


@pytest.mark.demo
def test_the_demo_model_looks_up_a_price_and_calculates_the_total(
    qtbot: QtBot, make_window: WindowFactory, demo_path: Path, tmp_path: Path
) -> None:
    os.environ["KOTOBA_EMBED_THREADS"] = "1"
    question, right = QUESTIONS[0]  # 7 chairs at 12,800 yen
    w = make_window()  # a fresh profile: "Use the demo model"
    qtbot.mouseClick(w.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.controller.model is not None, timeout=120_000)
    c = w.controller
    cid = c.new_conversation()
    settings = c.store.conversation(cid).settings
    c.set_settings(replace(settings, sampling=SamplingSettings(temperature=0.0, seed=0)))
    wait_idle(qtbot, w)

    dialog = w.documents.show_dialog()
    assert dialog.controller.create("demo")
    with qtbot.waitSignal(dialog.controller.finished, timeout=300_000) as done:
        dialog.add_paths([write_demo_docs(tmp_path / "demo-docs")])
    assert done.args[0].indexed == 2
    dialog.collection_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.close()
    assert c.store.conversation(cid).settings.documents == ("demo",)

    button = w.chat.composer_box.agent_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and c.store.conversation(cid).settings.agent
    send(qtbot, w, question)
    wait_idle(qtbot, w, timeout=900_000)

    branch = c.store.branch(cid)
    assert branch[0].content == question
    reply = branch[-1]
    assert reply.role == "assistant" and reply.status == "complete", reply.content
    assert int(right) in numbers_in(reply.content), reply.content
    cited = mk.get(reply.meta, mk.SOURCES) or []
    assert any(s.get("title") == "catalog.md" for s in cited), cited
    steps = steps_of(branch)
    calls = [str(mk.get(s.meta, mk.TOOL_CALLS)) for s in steps]
    assert any("search_documents" in t or "read_passage" in t for t in calls)
    assert any("calculator" in t for t in calls)
    shown = w.transcript.toPlainText()
    assert "Searched your documents" in shown and "Calculator:" in shown
    SHOTS.mkdir(parents=True, exist_ok=True)
    w.grab().save(str(SHOTS / "agent-demo-model.png"))
