"""A calculation with a figure from nowhere is asked about once, then runs if asked again; one
with the task's and the results' figures runs at once (the loop against a scripted server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.agent.grounding import (
    figures,
    grounding_note,
    left_out_figures,
    unseen_figures,
    unseen_note,
)
from chatapp.core.agent.loop import run_task
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.core.tools.builtin import default_registry
from chatapp.remote.engine import RemoteEngine
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import ScriptedServer


def test_figures_are_read_without_separators() -> None:
    assert figures("12,800 yen × 7, or 3.50 each") == {"12800", "7", "3.5"}
    assert figures("12 boxes of M64 bolts for room B2, Qwen2.5") == {"12"}
    known = ["How much do 7 chairs cost?", "[1] The chair costs 12,800 yen per unit."]
    assert unseen_figures('{"expression": "7 * 12800"}', known) == []
    assert unseen_figures('{"expression": "7 * 1000 + 38500"}', known) == ["1000", "38500"]
    assert unseen_figures('{"expression": "12800 * 7 / 100"}', known) == []  # everyday 100
    assert unseen_figures("not json", known) == []
    assert "(call search_documents or read_passage)" in unseen_note(
        ["1000"], ["search_documents", "read_passage"]
    )
    assert "(with a tool)" in unseen_note(["1000"])
    japanese = ["会議室を５時間、1時間3万円で借りると？"]
    assert unseen_figures('{"expression": "5 * 3 * 10000"}', japanese) == []
    assert unseen_figures('{"expression": "5 * 3200"}', japanese) == ["3200"]


def test_a_small_number_in_place_of_the_tasks_figure_is_asked_about() -> None:
    known = ["会議室Bを5時間借りるといくらですか？", "[1] 会議室Bの料金は1時間あたり3,200円です。"]
    assert unseen_figures('{"expression": "3,200 * 4"}', known) == ["4"]
    assert left_out_figures('{"expression": "3,200 * 4"}', known) == ["5"]
    note = grounding_note('{"expression": "3200 * 4"}', known, ["search_documents"])
    assert note == (
        "Not calculated: the task's 5 is not in this calculation, which uses 4 instead (4 appears "
        "nowhere in the task or in the results). Calculate with the task's 5."
    )
    assert grounding_note('{"expression": "3200 * 5"}', known) == ""
    # every figure of the task used: small constants pass as before
    assert grounding_note('{"expression": "3200 * 5 / 2"}', known) == ""
    # a task figure found in a result counts as used (M6 is the bolt's name)
    bolts = ["What do 12 boxes of M6 hex bolts cost?", "[1] M6 hex bolts cost 640 yen per box."]
    assert grounding_note('{"expression": "640 * 12"}', bolts) == ""


@pytest.fixture
def session(scripted: ScriptedServer, tmp_path: Path) -> Iterator[ChatSession]:
    engine = RemoteEngine(scripted.url)
    engine.load(LoadSpec("scripted", n_ctx=4096))
    store = Store(tmp_path / "conversations.sqlite3")
    settings = replace(
        ConversationSettings(),
        sampling=SamplingSettings(temperature=0.0),
        tools_enabled=True,
        tools=("calculator",),
    )
    cid = store.create_conversation(settings=settings)
    yield ChatSession(store, engine, cid, tools=default_registry())
    store.close()
    engine.close()


def tool_results(session: ChatSession) -> list[str]:
    return [m.content for m in session.store.branch(session.conversation_id) if m.role == "tool"]


def test_a_made_up_price_is_asked_about_then_the_same_call_runs(
    scripted: ScriptedServer, session: ChatSession
) -> None:
    made_up = tool_step("calculator", {"expression": "7 * 1000"}, "c1")
    scripted.add(made_up, tool_step("calculator", {"expression": "7 * 1000"}, "c2"))
    scripted.add(answer_step("7,000 yen."))
    result = run_task(session, "How much do 7 chairs cost?")
    assert result.text == "7,000 yen." and len(result.steps) == 2
    first, second = tool_results(session)
    assert "1000 appears nowhere in the task" in first and "7000" not in first
    assert "= 7000" in second and "same call before" not in second  # asked again: it runs
    assert len(scripted.chat_requests()) == 3


def test_figures_from_the_task_run_at_once(scripted: ScriptedServer, session: ChatSession) -> None:
    scripted.add(tool_step("calculator", {"expression": "354 * 139"}), answer_step("49,206."))
    result = run_task(session, "What is 354 times 139?")
    assert result.text == "49,206." and len(result.steps) == 1
    assert tool_results(session) == ["354 × 139 = 49206"]


def test_a_quantity_of_its_own_is_asked_about_then_the_tasks_runs(
    scripted: ScriptedServer, session: ChatSession
) -> None:
    scripted.add(tool_step("calculator", {"expression": "3200 * 4"}, "c1"))
    scripted.add(tool_step("calculator", {"expression": "3200 * 5"}, "c2"))
    scripted.add(answer_step("16,000円です。"))
    result = run_task(session, "1時間3,200円の会議室を5時間借りるといくらですか？")
    assert result.text == "16,000円です。" and len(result.steps) == 2
    first, second = tool_results(session)
    assert "the task's 5 is not in this calculation, which uses 4 instead" in first
    assert second == "3200 × 5 = 16000"
    # the step after that note must calculate again (the request names the calculator)
    bodies = [r.body for r in scripted.chat_requests()]
    assert bodies[1]["tool_choice"] == {"type": "function", "function": {"name": "calculator"}}
    assert bodies[2]["tool_choice"] == "auto"


def test_a_search_that_echoes_the_task_does_not_find_its_figures() -> None:
    from chatapp.core.agent.grounding import found_in
    from chatapp.core.engine import ToolCall

    task = "会議室Bを5時間借りるといくらですか？"
    search = ToolCall("c1", "search_documents", '{"query": "会議室Bを5時間借りるといくらですか？"}')
    result = f"1 passage for '{task}':\n[1] 会議室Bの料金は1時間あたり3,200円です。"
    found = found_in(result, search)
    assert "5" not in figures(found) and "3200" in figures(found)
    call = '{"expression": "(3,200 * 4)"}'
    assert left_out_figures(call, [task, found]) == ["5"]
    assert unseen_figures(call, [task, found]) == ["4"]
    calculation = ToolCall("c2", "calculator", '{"expression": "3200 * 5"}')
    assert found_in("3200 * 5 = 16000", calculation) == "3200 * 5 = 16000"  # kept whole
