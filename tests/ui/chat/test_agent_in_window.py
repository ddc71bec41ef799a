"""Agent mode in the real window (offscreen): the composer's toggle, a task on a real model
through the local runtime, its steps folded in the transcript."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.store import Message
from chatapp.ui.app.main_window import MainWindow
from tests.ui.conftest import WindowFactory, load, send, wait_idle

SHOTS = Path(os.environ.get("KOTOBA_SHOTS", "/tmp/kotoba-shots"))
GREEDY = SamplingSettings(temperature=0.0, seed=0, max_tokens=128)


def agent_on(qtbot: QtBot, w: MainWindow, tools: tuple[str, ...], steps: int = 8) -> int:
    """A new chat with ``tools``, agent mode turned on with the composer's toggle."""
    c = w.controller
    cid = c.new_conversation()
    c.set_settings(replace(ConversationSettings(), sampling=GREEDY, tools_enabled=True,
                           tools=tools, agent_steps=steps))  # fmt: skip
    wait_idle(qtbot, w)
    button = w.chat.composer_box.agent_button
    assert button.isVisible() and not button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and c.store.conversation(cid).settings.agent
    return cid


def steps_of(branch: list[Message]) -> list[Message]:
    return [m for m in branch if m.role == "assistant" and mk.get(m.meta, mk.AGENT_STEP)]


def test_an_agent_task_in_the_window_folds_its_steps(
    qtbot: QtBot, make_window: WindowFactory, smollm2: Path
) -> None:
    """SmolLM2-135M (no native tool calls: the runtime's ReAct step under a grammar), greedy,
    with the calculator: each step is one line in the transcript, the result folded into it."""
    w = make_window(smollm2)
    load(qtbot, w)
    c = w.controller
    cid = agent_on(qtbot, w, ("calculator",), steps=2)  # it repeats its call: docs/agents.md
    first_parent: list[Message] = []

    def on_start(message_id: int) -> None:
        if not first_parent:
            parent = c.store.message(message_id).parent_id
            assert parent is not None
            first_parent.append(c.store.message(parent))

    c.reply_started.connect(on_start)
    send(qtbot, w, "What is 354 * 139?")
    # Committed before anything is generated: the message is stored when Enter returns.
    assert [(m.role, m.content) for m in c.store.branch(cid)] == [("user", "What is 354 * 139?")]
    assert c.busy
    wait_idle(qtbot, w, timeout=600_000)
    assert first_parent and first_parent[0].content == "What is 354 * 139?"
    branch = c.store.branch(cid)
    steps = steps_of(branch)
    assert steps, [(m.role, m.content) for m in branch]
    calls = [json.loads(mk.get(s.meta, mk.TOOL_CALLS)[0]["function"]["arguments"]) for s in steps]
    assert calls[0] == {"expression": "354 * 139"}
    results = [m for m in branch if m.role == "tool"]
    assert len(results) == len(steps)
    reply = branch[-1]
    assert reply.role == "assistant" and reply.status == "complete" and reply.content.strip()
    assert mk.get(reply.meta, mk.AGENT_END)["steps"] == len(steps)

    items = w.transcript._model.items
    rows = [i for i in items if i.message is not None]
    assert [i.message.role for i in rows if i.message] == ["user", *["assistant"] * len(steps),
                                                          "assistant"]  # fmt: skip
    assert all(i.compact and len(i.observations) == 1 for i in rows[1:-1])
    shown = w.transcript.toPlainText()
    assert shown.count("Calculator: 354 × 139 = 49,206") == len(steps)  # one line a step
    assert "Observation" not in shown  # folded
    assert reply.content.strip().splitlines()[0] in shown

    w.transcript.toggle_fold(steps[0].id, "tools")  # open the first step
    shown = w.transcript.toPlainText()
    assert "Thought" in shown and "Call · calculator" in shown and "Observation" in shown
    assert '"expression": "354 * 139"' in shown
    SHOTS.mkdir(parents=True, exist_ok=True)
    w.grab().save(str(SHOTS / "agent-mode.png"))

    w.transcript.toggle_fold(steps[0].id, "tools")
    c.open_conversation(c.new_conversation())  # a new chat: agent mode is off there
    assert not w.chat.composer_box.agent_button.isChecked()
    c.open_conversation(cid)
    assert w.chat.composer_box.agent_button.isChecked()
