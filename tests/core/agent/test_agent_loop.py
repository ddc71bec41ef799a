"""The agent loop against a scripted OpenAI-compatible server on 127.0.0.1 (real HTTP, the real
remote engine, a real SQLite store and the real tools): steps, budgets, what is stored."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

from chatapp.core.agent.budget import STEPS, STOPPED, TIME, TOKENS, AgentBudget
from chatapp.core.agent.loop import ANSWER, AgentEvents, AgentRun, StepReport, run_task
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.core.tools.builtin import default_registry
from chatapp.core.tools.registry import Tool, ToolOutput, ToolRegistry
from chatapp.remote.engine import RemoteEngine
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import HANG, Script, ScriptedServer

CALC = ("calculator", {"expression": "2 + 2"})


def session_for(
    store: Store, engine: RemoteEngine, registry: ToolRegistry | None = None, **settings: object
) -> ChatSession:
    base = ConversationSettings(
        sampling=SamplingSettings(temperature=0.0),
        tools_enabled=True,
        tools=("calculator", "clock"),
    )
    cid = store.create_conversation(settings=replace(base, **settings))  # type: ignore[arg-type]
    return ChatSession(store, engine, cid, tools=registry or default_registry())


def roles(store: Store, cid: int) -> list[str]:
    return [m.role for m in store.branch(cid)]


def test_a_server_that_always_asks_for_the_calculator_ends_at_the_step_budget(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    scripted.add(*[tool_step(*CALC, call_id=f"call_{i}") for i in range(6)])
    session = session_for(store, engine)
    result = run_task(session, "What is 2 + 2?", AgentBudget(steps=3))
    assert result.reason == STEPS and not result.answered
    assert "the step budget (3 steps)" in result.text and result.text.strip()
    assert len(scripted.chat_requests()) == 4  # three steps, then the one final request
    final = scripted.chat_requests()[-1].body
    assert final["tool_choice"] == "none"
    assert "The step budget (3 steps) has run out" in final["messages"][-1]["content"]
    cid = session.conversation_id
    assert roles(store, cid) == ["user", *(["assistant", "tool"] * 3), "assistant"]
    reply = store.message(result.message_id or 0)
    assert reply.content == result.text and reply.status == "complete"
    assert mk.get(reply.meta, mk.AGENT_END)["reason"] == STEPS
    tools = [m for m in store.branch(cid) if m.role == "tool"]
    assert all(m.content.startswith("2 + 2 = 4") for m in tools)
    steps = [m for m in store.branch(cid) if mk.get(m.meta, mk.AGENT_STEP)]
    assert [mk.get(m.meta, mk.AGENT_STEP)["n"] for m in steps] == [1, 2, 3]


def test_the_final_answer_after_the_budget_reaches_the_reply_with_the_note(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    scripted.add(tool_step(*CALC), tool_step("clock"), answer_step("It is 4."))
    result = run_task(session_for(store, engine), "2 + 2?", AgentBudget(steps=2))
    assert result.answered and result.reason == STEPS and result.text == "It is 4."
    assert result.note.startswith("The step budget (2 steps) ran out")


def test_two_different_tools_in_turn_each_get_their_result_back(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    scripted.add(
        tool_step(*CALC, thought="First the sum."),
        tool_step("clock", {"days_from_now": 3}, call_id="call_2"),
        answer_step("4, and the date in three days."),
    )
    seen: list[StepReport] = []
    result = run_task(
        session_for(store, engine), "Sum and date?", events=AgentEvents(on_step=seen.append)
    )
    assert result.answered and result.reason == ANSWER
    assert result.text == "4, and the date in three days."
    bodies = [r.body for r in scripted.chat_requests()]
    second = [m for m in bodies[1]["messages"] if m["role"] == "tool"]
    assert [m["content"] for m in second] == ["2 + 2 = 4"]
    third = [m for m in bodies[2]["messages"] if m["role"] == "tool"]
    assert len(third) == 2 and third[0]["content"] == "2 + 2 = 4" and third[1]["content"]
    assert [s.n for s in seen] == [1, 2]
    assert seen[0].thought == "First the sum."
    assert [c.name for s in seen for c in s.calls] == ["calculator", "clock"]
    for body in bodies:
        assert {t["function"]["name"] for t in body["tools"]} == {"calculator", "clock"}


def test_the_time_budget(scripted: ScriptedServer, engine: RemoteEngine, store: Store) -> None:
    scripted.add(tool_step(*CALC, pause=0.6), answer_step("Four."))
    result = run_task(session_for(store, engine), "2 + 2?", AgentBudget(wall_s=0.5))
    assert result.reason == TIME and result.answered and result.text == "Four."
    assert "time budget (0.5 s)" in result.note
    assert len(result.steps) == 1 and result.elapsed_s >= 0.6


def test_the_token_budget(scripted: ScriptedServer, engine: RemoteEngine, store: Store) -> None:
    scripted.add(*[tool_step(*CALC, completion=50) for _ in range(6)])
    result = run_task(session_for(store, engine), "2 + 2?", AgentBudget(tokens=120))
    assert result.reason == TOKENS and len(result.steps) == 3
    assert "the token budget (120 tokens)" in result.text


def test_a_repeated_call_runs_again_and_its_result_says_so(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    scripted.add(tool_step(*CALC), tool_step(*CALC), answer_step("4."))
    session = session_for(store, engine)
    result = run_task(session, "2 + 2?")
    assert result.reason == ANSWER and result.answered and len(result.steps) == 2
    tools = [m.content for m in store.branch(session.conversation_id) if m.role == "tool"]
    assert tools[0] == "2 + 2 = 4"
    assert tools[1].startswith("2 + 2 = 4\n(You made this same call before")


def test_each_step_is_stored_before_the_next_request(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store, tmp_path: Path
) -> None:
    scripted.add(tool_step(*CALC), tool_step("clock"), answer_step("Done."))
    session = session_for(store, engine)
    stored: list[list[str]] = []

    def on_step(step: StepReport) -> None:  # on the worker thread, before the next step
        other = Store(tmp_path / "conversations.sqlite3")  # another connection sees it
        try:
            stored.append(roles(other, session.conversation_id))
        finally:
            other.close()

    run_task(session, "go", events=AgentEvents(on_step=on_step))
    assert stored == [["user", "assistant", "tool"], ["user", *["assistant", "tool"] * 2]]


def test_stop_while_the_model_writes_a_step(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    scripted.add(tool_step(*CALC), Script([HANG]))
    session = session_for(store, engine)
    session.store.add_message(session.conversation_id, "user", "2 + 2?")
    run = AgentRun(session)
    box = []
    worker = threading.Thread(target=lambda: box.append(run.run()))
    worker.start()
    for _ in range(200):
        if len(scripted.chat_requests()) == 2:
            break
        threading.Event().wait(0.02)
    run.stop()
    worker.join(10)
    assert not worker.is_alive()
    result = box[0]
    assert result.reason == STOPPED and not result.answered
    branch = store.branch(session.conversation_id)
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    assert branch[-1].status == "cancelled"
    assert branch[2].content == "2 + 2 = 4"


def test_long_observations_are_compacted_instead_of_overflowing(
    scripted: ScriptedServer, store: Store
) -> None:
    def long_text(arguments: dict[str, object]) -> ToolOutput:
        word = str(arguments.get("word", "x"))
        return ToolOutput(" ".join([word] * 300), f"Wrote {word} 300 times")

    tool = Tool(
        "repeat",
        "Repeat a word",
        {"type": "object", "properties": {"word": {"type": "string"}}},
        long_text,
    )
    engine = RemoteEngine(scripted.url)
    engine.load(LoadSpec("scripted", n_ctx=1024))
    try:
        registry = ToolRegistry([tool])
        session = session_for(store, engine, registry, tools=("repeat",), reply_reserve=128)
        words = ["alpha", "beta", "gamma", "delta", "epsilon"]
        scripted.add(
            *[tool_step("repeat", {"word": w}, call_id=f"c{i}") for i, w in enumerate(words)],
            answer_step("Done."),
        )
        result = run_task(session, "Repeat five words.", AgentBudget(steps=5))
    finally:
        engine.close()
    assert result.answered and result.compaction >= 2
    last = scripted.chat_requests()[-1].body["messages"]
    results = [m["content"] for m in last if m["role"] == "tool"]
    assert len(results) == 5
    assert "left out to save room" in results[0]
    assert results[-1].count("epsilon") == 300  # the newest stays whole
    stored = [m for m in store.branch(session.conversation_id) if m.role == "tool"]
    assert all(len(m.content.split()) == 300 for m in stored)  # the store keeps everything
    assert json.dumps(last).count("alpha") < 10
