"""An agent task on the generated tiny model through the real runtime: its template has no
tool calls, so every step is the runtime's ReAct step under a llama.cpp grammar."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from chatapp.core.agent.budget import STEPS, AgentBudget
from chatapp.core.agent.loop import ANSWER, run_task
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.tools.builtin import default_registry
from chatapp.runtime.local_engine import LocalEngine


def test_a_task_on_the_grammar_path_stores_thoughts_and_ends(
    tiny_engine: LocalEngine, tmp_path: Path
) -> None:
    """A random-weight model: whatever it does, each task ends with a reply, every step has its
    thought from the grammar and its result; over a few seeds some step calls the tool."""
    assert tiny_engine.model is not None and not tiny_engine.model.native_tools
    store = Store(tmp_path / "conversations.sqlite3")
    stepped = 0
    try:
        for seed in range(4):
            settings = replace(
                ConversationSettings(),
                sampling=SamplingSettings(temperature=1.0, max_tokens=16, seed=seed),
                system_prompt="",
                tools_enabled=True,
                tools=("clock",),  # the tiny model's tokens are letters: one short tool fits
                n_ctx=2048,
                reply_reserve=64,
            )
            cid = store.create_conversation(settings=settings)
            session = ChatSession(store, tiny_engine, cid, tools=default_registry())
            result = run_task(session, "hello cat", AgentBudget(steps=2))
            assert result.error is None, result.error
            assert result.reason in (STEPS, ANSWER) and result.text.strip()
            branch = store.branch(cid)
            steps = [m for m in branch if mk.get(m.meta, mk.AGENT_STEP)]
            assert len(steps) == len(result.steps)
            for step, report in zip(steps, result.steps, strict=True):
                thought = mk.get(step.meta, mk.AGENT_STEP)["thought"]
                assert thought and step.content == thought == report.thought  # the grammar's
                assert report.calls and report.calls[0].name == "clock"
            assert sum(1 for m in branch if m.role == "tool") == len(result.steps)
            assert branch[-1].id == result.message_id and branch[-1].status == "complete"
            assert result.tokens > 0
            stepped += bool(result.steps)
    finally:
        store.close()
    assert stepped
