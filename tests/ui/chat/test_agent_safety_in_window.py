"""Agent mode's safety in the real window (offscreen): an MCP tool the user denies mid-task,
"allow for this task" ending with its task, and Stop during a step.

The model is a scripted OpenAI-compatible server on 127.0.0.1 (real HTTP, the real remote
engine: a real model's choice of tool cannot be dictated), or SmolLM2-135M through the local
runtime; the MCP server is the real one in tests/support/mcp_server.py over stdio, started by the
window's own tool service from mcp.json; the store is the real SQLite file, read again through
a new connection and a new window.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.store import Message, Store
from chatapp.core.engine import LoadSpec
from chatapp.core.paths import AppPaths
from chatapp.core.tools.approval import ALLOW_ONCE, DENY, ApprovalRequest
from chatapp.remote.engine import RemoteEngine
from chatapp.ui.app.main_window import MainWindow
from chatapp.ui.tools.approval_dialog import ApprovalDialog
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_remote import scripted_server
from tests.support.scripted_sse import HANG, Script, ScriptedServer, delta, sse
from tests.ui.conftest import WindowFactory, send, wait_idle, window_with_new_chat

ROOT = Path(__file__).resolve().parents[3]
DECLINED = "Error: the user declined this call"
STOPPED_NOTICE = "Stopped. The steps done so far are kept."


def write_mcp_config(paths: AppPaths, auto_approve: tuple[str, ...] = ()) -> None:
    server: dict[str, Any] = {
        "command": sys.executable,
        "args": ["-m", "tests.support.mcp_server"],
        "cwd": str(ROOT),
        "timeout": 60,
    }
    if auto_approve:
        server["autoApprove"] = list(auto_approve)
    text = json.dumps({"mcpServers": {"notes": server}})
    (paths.config_dir / "mcp.json").write_text(text, encoding="utf-8")


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    with scripted_server(tokenizer="llama.cpp") as server:
        yield server


def agent_chat_on_server(
    qtbot: QtBot,
    make_window: WindowFactory,
    scripted: ScriptedServer,
    paths: AppPaths,
    tools: tuple[str, ...] = ("word_count",),
    auto_approve: tuple[str, ...] = (),
) -> tuple[MainWindow, int]:
    """The window chatting with the scripted server, its MCP server configured (``auto_approve``
    as in write_mcp_config) and connected, in a new agent chat offering ``tools`` (and its id)."""
    write_mcp_config(paths, auto_approve)
    w = make_window()
    c = w.controller
    assert c.use_engine(RemoteEngine(scripted.url))
    c.load(LoadSpec("scripted", 4096))
    qtbot.waitUntil(lambda: c.model is not None, timeout=10_000)
    assert c.tools.mcp.wait_ready(60)
    assert c.tools.registry.get("word_count") is not None, c.tools.statuses()
    cid = c.new_conversation()
    settings = replace(ConversationSettings(), sampling=SamplingSettings(temperature=0.0),
                       tools_enabled=True, tools=tools, agent=True, agent_steps=6)  # fmt: skip
    c.set_settings(settings)
    return w, cid


def next_dialog(qtbot: QtBot, w: MainWindow, previous: ApprovalDialog | None) -> ApprovalDialog:
    chat = w.chat

    def shown() -> bool:
        d = chat.approval_dialog
        return d is not None and d is not previous and d.isVisible()

    qtbot.waitUntil(shown, timeout=10_000)
    assert chat.approval_dialog is not None
    return chat.approval_dialog


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def steps_of(branch: list[Message]) -> list[Message]:
    return [m for m in branch if m.role == "assistant" and mk.get(m.meta, mk.AGENT_STEP)]


def assert_consistent(branch: list[Message]) -> None:
    """Every step is whole: complete, each call answered by one tool message (its id, in
    order, right after it); nothing is left half-written ("partial")."""
    assert all(m.status != "partial" for m in branch), [(m.role, m.status) for m in branch]
    for i, m in enumerate(branch[1:], 1):
        assert m.parent_id == branch[i - 1].id
    for i, m in enumerate(branch):
        if m.role == "tool":
            assert branch[i - 1].role in ("assistant", "tool")
        calls = mk.get(m.meta, mk.TOOL_CALLS) if m.role == "assistant" else None
        if not calls:
            continue
        assert m.status == "complete" and mk.get(m.meta, mk.AGENT_STEP)
        results = branch[i + 1 : i + 1 + len(calls)]
        assert [r.role for r in results] == ["tool"] * len(calls)
        assert [mk.get(r.meta, mk.TOOL_CALL_ID) for r in results] == [c["id"] for c in calls]


def shape(branch: list[Message]) -> list[tuple[Any, ...]]:
    return [(m.id, m.parent_id, m.role, m.content, m.status) for m in branch]


def test_a_denied_mcp_call_is_the_steps_observation_and_allow_for_this_task_ends_with_it(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer, app_paths: AppPaths
) -> None:
    w, cid = agent_chat_on_server(qtbot, make_window, scripted, app_paths)
    c = w.controller
    asked: list[ApprovalRequest] = []
    c.approvals.requested.connect(asked.append)
    scripted.add(
        tool_step("word_count", {"text": "one two three"}, "c1", thought="Count the words."),
        tool_step("word_count", {"text": "one two"}, "c2", thought="Try a shorter text."),
        tool_step("word_count", {"text": "a b c d"}, "c3"),
        answer_step("The texts have 2 and 4 words."),
    )
    send(qtbot, w, "Count the words, please.")

    dialog = next_dialog(qtbot, w, None)
    assert (
        dialog.tool_label.text().endswith("(word_count)") and dialog.server_label.text() == "notes"
    )
    assert '"text": "one two three"' in dialog.arguments.toPlainText()
    click(qtbot, dialog.deny_button)
    dialog = next_dialog(qtbot, w, dialog)  # the next step asks again: a denial allows nothing
    assert '"text": "one two"' in dialog.arguments.toPlainText()
    click(qtbot, dialog.task_button)
    wait_idle(qtbot, w, 30_000)  # the third call runs without asking
    assert len(asked) == 2 and all(r.in_task and r.source == "mcp:notes" for r in asked)

    branch = c.store.branch(cid)
    assert [m.role for m in branch] == ["user", *["assistant", "tool"] * 3, "assistant"]
    denied = branch[2]
    assert denied.content == DECLINED and denied.status == "complete"
    assert denied.parent_id == branch[1].id  # the first step's observation
    assert mk.get(denied.meta, mk.TOOL_CALL_ID) == "c1"
    assert mk.get(denied.meta, mk.TOOL_APPROVAL) == "declined"
    assert mk.get(denied.meta, mk.TOOL_ERROR) is True
    assert mk.get(branch[1].meta, mk.AGENT_STEP) == {"n": 1, "thought": "Count the words."}
    assert [branch[4].content, branch[6].content] == ["2 words", "4 words"]
    assert [mk.get(branch[i].meta, mk.TOOL_APPROVAL) for i in (4, 6)] == ["task", "task"]
    answer = branch[-1]
    assert answer.content == "The texts have 2 and 4 words." and answer.status == "complete"
    assert mk.get(answer.meta, mk.AGENT_END)["steps"] == 3
    assert_consistent(branch)
    # The model was told: the next step's request carries the denial as the call's result.
    second = scripted.chat_requests()[1].body["messages"]
    told = [m for m in second if m.get("role") == "tool"]
    assert [(m.get("tool_call_id"), m.get("content")) for m in told] == [("c1", DECLINED)]
    shown = w.transcript.toPlainText()
    assert "declined" in shown and "(failed)" in shown
    assert c.store.conversation(cid).settings.tools_always_allowed == ()

    # The next task asks again: "allow for this task" ended with the task. The chat's title is
    # asked for after the first task; once it has been, the next script is the task's own.
    qtbot.waitUntil(
        lambda: any("tools" not in r.body for r in scripted.chat_requests()), timeout=30_000
    )
    scripted.add(tool_step("word_count", {"text": "x y"}, "c4"), answer_step("Two words."))
    send(qtbot, w, "And this one?")
    dialog = next_dialog(qtbot, w, dialog)
    assert '"text": "x y"' in dialog.arguments.toPlainText()
    assert len(asked) == 3 and asked[-1].in_task
    click(qtbot, dialog.allow_button)
    wait_idle(qtbot, w, 30_000)
    branch = c.store.branch(cid)
    assert [m.content for m in branch[-3:]] == ["", "2 words", "Two words."]
    assert mk.get(branch[-2].meta, mk.TOOL_APPROVAL) == "allowed"
    assert_consistent(branch)
    before = shape(branch)

    # Reopened: another connection to the file, then a new window on the same folder.
    other = Store(app_paths.data_dir / "conversations.sqlite3")
    try:
        again = other.branch(cid)
        assert shape(again) == before
        assert [m.meta for m in again] == [m.meta for m in branch]
        assert_consistent(again)
    finally:
        other.close()
    w.close()
    w2 = make_window()
    w2.controller.open_conversation(cid)
    assert shape(w2.controller.store.branch(cid)) == before
    shown = w2.transcript.toPlainText()
    assert "declined" in shown and "The texts have 2 and 4 words." in shown
    assert "Two words." in shown


def test_stop_while_an_mcp_tool_runs_keeps_the_step_and_the_next_message_works(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer, app_paths: AppPaths
) -> None:
    w, cid = agent_chat_on_server(  # hang runs without asking
        qtbot, make_window, scripted, app_paths, ("hang", "word_count"), auto_approve=("hang",)
    )
    c = w.controller
    stored: list[int] = []
    c.tool_step.connect(stored.append)
    scripted.add(tool_step("hang", {"seconds": 3600}, "h1", thought="Wait for it."))
    send(qtbot, w, "Wait an hour, then count.")
    qtbot.waitUntil(lambda: len(stored) == 1, timeout=10_000)  # the step is stored: it runs
    assert c.busy
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w, 5_000)
    assert not c.busy and w.composer.isEnabled()
    assert STOPPED_NOTICE in w.notice_label.text()
    branch = c.store.branch(cid)
    assert [m.role for m in branch] == ["user", "assistant", "tool"]
    assert branch[0].content == "Wait an hour, then count."
    assert mk.get(branch[1].meta, mk.AGENT_STEP) == {"n": 1, "thought": "Wait for it."}
    assert branch[2].status == "cancelled" and branch[2].content == "Error: stopped by the user"
    assert_consistent(branch)

    scripted.add(answer_step("Stopped waiting; nothing was counted."))
    send(qtbot, w, "Never mind.")
    wait_idle(qtbot, w, 30_000)
    branch = c.store.branch(cid)
    assert [m.role for m in branch] == ["user", "assistant", "tool", "user", "assistant"]
    assert branch[-1].content == "Stopped waiting; nothing was counted."
    assert branch[-1].status == "complete"
    sent = scripted.chat_requests()[-1].body["messages"]
    assert [m["role"] for m in sent if m["role"] != "system"] == [
        "user", "assistant", "tool", "user"]  # fmt: skip
    assert sent[[m["role"] for m in sent].index("tool")]["tool_call_id"] == "h1"
    assert_consistent(branch)


def test_stop_while_a_step_streams_from_a_server(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer, app_paths: AppPaths
) -> None:
    w, cid = agent_chat_on_server(qtbot, make_window, scripted, app_paths)
    c = w.controller
    texts: list[str] = []
    c.reply_text.connect(texts.append)
    writing = Script([*sse(delta(role="assistant", content="I will count"), done=False), HANG])
    scripted.add(writing)
    send(qtbot, w, "Count the words in 'a b c'.")
    qtbot.waitUntil(lambda: "".join(texts) == "I will count", timeout=10_000)
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w, 5_000)
    branch = c.store.branch(cid)
    assert [m.role for m in branch] == ["user", "assistant"]
    stopped = branch[-1]
    # What was shown stays, marked stopped; it is no step (no calls, no step number).
    assert stopped.status == "cancelled" and stopped.content == "I will count"
    assert not mk.get(stopped.meta, mk.AGENT_STEP) and not mk.get(stopped.meta, mk.TOOL_CALLS)
    assert_consistent(branch)

    scripted.add(answer_step("Three words."))
    send(qtbot, w, "Just answer.")
    wait_idle(qtbot, w, 30_000)
    branch = c.store.branch(cid)
    assert [m.role for m in branch] == ["user", "assistant", "user", "assistant"]
    assert branch[-1].content == "Three words." and branch[-1].status == "complete"
    assert_consistent(branch)


def test_stop_while_a_local_model_writes_a_step(
    qtbot: QtBot, make_window: WindowFactory, smollm2: Path
) -> None:
    """SmolLM2-135M through the local runtime (its ReAct step under a grammar): Stop as the
    first step begins, then a new task in the same chat runs to its answer."""
    w, cid = window_with_new_chat(qtbot, make_window, smollm2)
    c = w.controller
    greedy = SamplingSettings(temperature=0.0, seed=0, max_tokens=48)
    c.set_settings(replace(ConversationSettings(), sampling=greedy, tools_enabled=True,
                           tools=("calculator",), agent=True, agent_steps=1))  # fmt: skip
    wait_idle(qtbot, w)
    started: list[int] = []
    c.reply_started.connect(started.append)
    send(qtbot, w, "What is 354 * 139?")
    qtbot.waitUntil(lambda: bool(started), timeout=60_000)
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w, 30_000)
    branch = c.store.branch(cid)
    assert branch[0].content == "What is 354 * 139?"
    assert_consistent(branch)
    assert branch[-1].status == "cancelled", [(m.role, m.status, m.content) for m in branch]
    assert not mk.get(branch[-1].meta, mk.AGENT_STEP)  # the step stopped is not a step
    assert not any(m.status == "complete" and m.role == "assistant" and mk.get(m.meta, mk.AGENT_END)
                   for m in branch)  # fmt: skip

    send(qtbot, w, "What is 2 + 3?")
    wait_idle(qtbot, w, 600_000)
    branch = c.store.branch(cid)
    user = max(i for i, m in enumerate(branch) if m.role == "user")
    assert branch[user].content == "What is 2 + 3?"
    reply = branch[-1]
    assert reply.role == "assistant" and reply.status == "complete" and reply.content.strip()
    assert mk.get(reply.meta, mk.AGENT_END)
    assert_consistent(branch)


def test_stop_while_the_approval_question_is_open(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer, app_paths: AppPaths
) -> None:
    """Stop with the question open closes it; the call is stored as stopped, not as declined
    by the user (which the model would read as the user's answer), and nothing runs."""
    w, cid = agent_chat_on_server(qtbot, make_window, scripted, app_paths)
    c = w.controller
    calls = [
        {"index": i, "id": f"s{i}", "type": "function",
         "function": {"name": "word_count", "arguments": json.dumps({"text": t})}}
        for i, t in enumerate(["a b", "c d e"])
    ]  # fmt: skip
    two_calls = sse(delta(role="assistant"), delta(tool_calls=calls), delta(finish="tool_calls"))
    scripted.add(Script(two_calls))
    send(qtbot, w, "Count both.")
    dialog = next_dialog(qtbot, w, None)
    qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w, 5_000)
    assert not dialog.isVisible()
    branch = c.store.branch(cid)
    assert [m.role for m in branch] == ["user", "assistant", "tool", "tool"]
    for result in branch[2:]:
        assert result.content == "Error: stopped by the user" and result.status == "cancelled"
    assert_consistent(branch)
    assert len(scripted.chat_requests()) == 1

    # The next task asks again (the Stop denied only the questions of its own task).
    scripted.add(tool_step("word_count", {"text": "f g"}, "s2"), answer_step("Two words."))
    send(qtbot, w, "Count again.")
    dialog = next_dialog(qtbot, w, dialog)
    click(qtbot, dialog.allow_button)
    wait_idle(qtbot, w, 30_000)
    branch = c.store.branch(cid)
    assert [m.content for m in branch[-2:]] == ["2 words", "Two words."]
    assert_consistent(branch)


def test_a_stop_just_before_a_question_leaves_no_question_waiting(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """The worker checks for Stop, then asks: a Stop between the two (the broker had nothing
    to cancel yet) used to leave the question waiting for the user after Stop. Now a cancel
    holds until the next turn starts."""
    w = make_window()
    broker = w.controller.approvals
    request = ApprovalRequest(1, "word_count", "Word count", "mcp:notes", {"text": "a"}, True)
    answers: list[str] = []
    broker.cancel()  # Stop pressed: no question open yet
    worker = threading.Thread(target=lambda: answers.append(broker.ask(request)))
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and answers == [DENY]
    assert w.chat.approval_dialog is None  # never shown
    broker.reset()  # what the next turn does first
    worker = threading.Thread(target=lambda: answers.append(broker.ask(request)))
    worker.start()
    dialog = next_dialog(qtbot, w, None)
    click(qtbot, dialog.allow_button)
    worker.join(10)
    assert answers == [DENY, ALLOW_ONCE]
