"""An agent answer that leaves out the request's figure, in the real window (offscreen) on a
scripted server: the held answer is a step of its own, folded to one line that says why, and
the task goes on to the calculation and the answer."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from chatapp.core.chat import meta as mk
from chatapp.core.paths import AppPaths
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import ScriptedServer
from tests.ui.chat.test_agent_in_window import SHOTS
from tests.ui.chat.test_agent_safety_in_window import (
    agent_chat_on_server,
    assert_consistent,
    scripted,
    steps_of,
)
from tests.ui.conftest import WindowFactory, send, wait_idle

__all__ = ["scripted"]  # the fixture


def test_a_held_answer_is_a_step_that_says_why(
    qtbot: QtBot, make_window: WindowFactory, scripted: ScriptedServer, app_paths: AppPaths
) -> None:
    w, cid = agent_chat_on_server(qtbot, make_window, scripted, app_paths, tools=("calculator",))
    c = w.controller
    scripted.add(
        tool_step("calculator", {"expression": "240 * 1"}, "c1"),
        answer_step("A ride costs 240 yen."),  # leaves out the 5: held back
        tool_step("calculator", {"expression": "240 * 5"}, "c2"),
        answer_step("Five rides cost 1,200 yen."),
    )
    send(qtbot, w, "What do 5 rides cost at 240 yen a ride?")
    wait_idle(qtbot, w, 30_000)
    branch = c.store.branch(cid)
    assert_consistent(branch)
    steps = steps_of(branch)
    assert [s.content for s in steps] == ["", "A ride costs 240 yen.", ""]
    assert mk.get(steps[1].meta, mk.AGENT_STEP)["check"] == {"unused": ["5"]}
    assert branch[-1].content == "Five rides cost 1,200 yen." and branch[-1].status == "complete"
    shown = w.transcript.toPlainText()
    assert "Answer checked: it did not use 5 from your request" in shown
    assert shown.count("Five rides cost 1,200 yen.") == 1
    assert sum("tools" in r.body for r in scripted.chat_requests()) == 4  # (and a title)
    SHOTS.mkdir(parents=True, exist_ok=True)
    w.grab().save(str(SHOTS / "agent-answer-check.png"))
