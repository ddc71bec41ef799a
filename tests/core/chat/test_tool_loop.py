"""The tool loop around generation: steps stored in order, approval, limits, Stop, MCP."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.session import ChatSession, TurnEvents
from chatapp.core.chat.store import Store
from chatapp.core.engine import GenerationResult
from chatapp.core.tools.approval import ALLOW_ALWAYS, ALLOW_ONCE, DENY, ApprovalRequest
from chatapp.core.tools.builtin import default_registry
from chatapp.core.tools.mcp_client import McpManager
from chatapp.core.tools.mcp_config import McpServerConfig
from chatapp.core.tools.registry import ToolRegistry
from tests.support.scripted_engine import ScriptedEngine, call, tool_messages

ROOT = Path(__file__).resolve().parents[3]
TOOLS_ON = ConversationSettings(tools_enabled=True)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


def session(store: Store, engine: ScriptedEngine, registry: ToolRegistry | None = None,
            settings: ConversationSettings = TOOLS_ON) -> ChatSession:  # fmt: skip
    cid = store.create_conversation(settings=settings)
    return ChatSession(store, engine, cid, tools=registry or default_registry())


def test_a_tool_turn_is_stored_step_by_step(store: Store) -> None:
    engine = ScriptedEngine(
        [[call("calculator", '{"expression": "354 * 139"}')], "354 × 139 is 49,206."]
    )
    s = session(store, engine)
    stored_before_next: list[list[str]] = []
    events = TurnEvents(
        on_tool_result=lambda _mid: stored_before_next.append(
            [m.role for m in store.branch(s.conversation_id)]
        )
    )
    result = s.send("What is 354 * 139?", events)
    branch = store.branch(s.conversation_id)
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    assert stored_before_next == [["user", "assistant", "tool"]]
    asking, answer = branch[1], branch[3]
    assert asking.meta[mk.TOOL_CALLS][0]["function"]["name"] == "calculator"
    tool = branch[2]
    assert tool.content == "354 × 139 = 49206"
    assert tool.meta[mk.TOOL_DISPLAY] == "Calculator: 354 × 139 = 49,206"
    assert tool.meta[mk.TOOL_CALL_ID] == "call_1" and tool.meta[mk.TOOL_APPROVAL] == "automatic"
    assert result.message_id == answer.id and answer.content == "354 × 139 is 49,206."
    assert result.tool_message_ids == [tool.id]
    # the second generation saw the call and its result, in the OpenAI shape
    second = engine.requests[1][0]
    assert second[-2]["tool_calls"][0]["id"] == "call_1"
    assert second[-1] == {"role": "tool", "content": "354 × 139 = 49206",
                          "tool_call_id": "call_1", "name": "calculator"}  # fmt: skip
    assert [r.tool_choice for _m, r in engine.requests] == ["auto", "auto"]
    assert {t["function"]["name"] for t in engine.requests[0][1].tools} == {"calculator", "clock"}


def test_tools_off_means_no_tools_offered(store: Store) -> None:
    engine = ScriptedEngine(["plain answer"])
    s = session(store, engine, settings=ConversationSettings(tools_enabled=False))
    s.send("hi")
    assert engine.requests[0][1].tools == ()


def test_the_last_step_must_answer(store: Store) -> None:
    calls = [[call("clock", "{}", f"call_{i}")] for i in range(3)]
    engine = ScriptedEngine([calls[0], calls[1], "done"])
    s = session(store, engine, settings=replace(TOOLS_ON, max_tool_steps=2))
    s.send("what time is it, again and again?")
    assert [r.tool_choice for _m, r in engine.requests] == ["auto", "auto", "none"]


def test_results_that_leave_no_room_for_the_tools_still_get_an_answer(store: Store) -> None:
    """A small context: the question fits beside the tools' descriptions, the question with
    the call and its result does not. The answer is asked for without the tools (before: the
    turn ended on the tool result with a 'needs N tokens' notice and no reply)."""
    engine = ScriptedEngine([[call("calculator", '{"expression": "354 * 139"}')], "49,206."])
    engine.model = replace(engine.model, n_ctx=1200)  # type: ignore[arg-type]
    s = session(store, engine)
    planner = s._planner()
    budget = planner.settings.n_ctx - planner.settings.reply_reserve
    system = store.conversation(s.conversation_id).settings.system_prompt
    base = engine.count([{"role": "system", "content": system}, {"role": "user", "content": ""}])
    question = "please " * (budget - base.tokens - 10) + "what is 354 * 139?"
    result = s.send(question)
    branch = store.branch(s.conversation_id)
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    assert result.error is None and branch[-1].content == "49,206."
    first, last = engine.requests[0][1], engine.requests[1][1]
    assert first.tools and first.tool_choice == "auto"
    assert last.tools == () and last.tool_choice == "none"


def test_a_repeated_call_makes_the_model_answer(store: Store) -> None:
    same = '{"expression": "2+2"}'
    engine = ScriptedEngine([[call("calculator", same)], [call("calculator", same, "c2")], "4"])
    s = session(store, engine)
    s.send("2+2?")
    assert [r.tool_choice for _m, r in engine.requests] == ["auto", "auto", "none"]


def test_unknown_tools_and_bad_arguments_reach_the_model(store: Store) -> None:
    engine = ScriptedEngine([[call("weather"), call("calculator", "{oops", "c2")], "sorry"])
    s = session(store, engine)
    s.send("weather?")
    results = tool_messages(engine.requests)
    assert "no tool named 'weather'" in results[0]["content"]
    assert "not valid JSON" in results[1]["content"]


def mcp_manager(tmp_path: Path, timeout: float = 30.0) -> McpManager:
    registry = default_registry()
    manager = McpManager(registry, tmp_path / "logs")
    config = McpServerConfig(
        name="notes", command=sys.executable, args=("-m", "tests.support.mcp_server"),
        cwd=str(ROOT), timeout_s=timeout,
    )  # fmt: skip
    manager.start([config])
    assert manager.wait_ready(60)
    return manager


def test_an_mcp_tool_runs_after_approval(store: Store, tmp_path: Path) -> None:
    manager = mcp_manager(tmp_path)
    try:
        asked: list[ApprovalRequest] = []

        def approve(request: ApprovalRequest) -> str:
            asked.append(request)
            return ALLOW_ONCE

        engine = ScriptedEngine([[call("word_count", '{"text": "a b c d"}')], "Four words."])
        s = session(store, engine, manager.registry, replace(TOOLS_ON, tools=("word_count",)))
        s.send("How many words?", TurnEvents(on_approval=approve))
        (request,) = asked
        assert request.server == "notes" and request.arguments == {"text": "a b c d"}
        tool = next(m for m in store.branch(s.conversation_id) if m.role == "tool")
        assert tool.content == "4 words" and tool.meta[mk.TOOL_APPROVAL] == "allowed"
        assert tool.meta[mk.TOOL_SOURCE] == "mcp:notes"
    finally:
        manager.close()


def test_denied_and_always_allowed(store: Store, tmp_path: Path) -> None:
    manager = mcp_manager(tmp_path)
    try:
        decisions = [DENY, ALLOW_ALWAYS]
        asked: list[str] = []

        def decide(request: ApprovalRequest) -> str:
            asked.append(request.tool)
            return decisions.pop(0)

        engine = ScriptedEngine([
            [call("shout", '{"text": "no"}')], "ok",
            [call("shout", '{"text": "yes"}')], "ok",
            [call("shout", '{"text": "again"}')], "ok",
        ])  # fmt: skip
        s = session(store, engine, manager.registry, replace(TOOLS_ON, tools=("shout",)))
        events = TurnEvents(on_approval=decide)
        s.send("first", events)
        assert "declined" in tool_messages(engine.requests)[0]["content"]
        s.send("second", events)
        s.send("third", events)  # allowed for this chat: not asked again
        assert asked == ["shout", "shout"]
        conv = store.conversation(s.conversation_id)
        assert conv.settings.tools_always_allowed == ("shout",)
        assert tool_messages(engine.requests)[-1]["content"] == "AGAIN"
    finally:
        manager.close()


def test_a_hanging_mcp_server_times_out_and_the_model_is_told(store: Store, tmp_path: Path) -> None:
    manager = mcp_manager(tmp_path, timeout=1.0)
    try:
        engine = ScriptedEngine([[call("hang")], "The server did not answer."])
        s = session(store, engine, manager.registry, replace(TOOLS_ON, tools=("hang",)))
        s.send("wait for it", TurnEvents(on_approval=lambda _r: ALLOW_ONCE))
        (result,) = tool_messages(engine.requests)
        assert result["content"] == "Error: the MCP server 'notes' did not answer within 1 seconds"
    finally:
        manager.close()


def test_stop_while_a_tool_runs(store: Store, tmp_path: Path) -> None:
    manager = mcp_manager(tmp_path, timeout=60)
    try:
        engine = ScriptedEngine([[call("hang")], "never reached"])
        s = session(store, engine, manager.registry, replace(TOOLS_ON, tools=("hang",)))
        threading.Timer(1.0, s.stop).start()
        result = s.send("wait", TurnEvents(on_approval=lambda _r: ALLOW_ONCE))
        assert result.result is not None and result.result.stop_reason == "cancelled"
        assert len(engine.requests) == 1  # nothing generated after the stop
        tool = next(m for m in store.branch(s.conversation_id) if m.role == "tool")
        assert tool.status == "cancelled" and "stopped by the user" in tool.content
    finally:
        manager.close()


def test_stop_during_generation_ends_the_turn(store: Store) -> None:
    def stopped() -> GenerationResult:
        s.stop()
        return GenerationResult("partial", "cancelled", {}, (call("clock"),))

    engine = ScriptedEngine([stopped, "never"])
    s = session(store, engine)
    result = s.send("time?")
    assert result.result is not None and result.result.stop_reason == "cancelled"
    assert [m.role for m in store.branch(s.conversation_id)] == ["user", "assistant"]
    assert store.message(result.message_id).status == "cancelled"
