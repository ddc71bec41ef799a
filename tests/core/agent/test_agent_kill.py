"""A process killed in the middle of an agent task (SIGKILL while the model writes step 3):
every stored step survives, the conversation is consistent, and a new task goes on from it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from chatapp.core.agent.loop import ANSWER, run_task
from chatapp.core.chat import meta as mk
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.core.tools.builtin import default_registry
from chatapp.remote.engine import RemoteEngine
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import HANG, Script, ScriptedServer

ROOT = Path(__file__).resolve().parents[3]


def test_a_kill_mid_task_loses_no_stored_step(tmp_path: Path) -> None:
    server = ScriptedServer(tokenizer="llama.cpp").start()
    try:
        server.add(
            tool_step("calculator", {"expression": "6 * 7"}),
            tool_step("calculator", {"expression": "42 + 1"}, "call_2"),
            Script([HANG]),
        )
        db = tmp_path / "conversations.sqlite3"
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.support.agent_child", str(db), server.url, "Count."],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdout is not None
        lines = [json.loads(child.stdout.readline()) for _ in range(3)]
        cid = lines[0]["conversation"]
        assert [line.get("step") for line in lines[1:]] == [1, 2]
        deadline = time.monotonic() + 30
        while len(server.chat_requests()) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(server.chat_requests()) == 3  # step 3 is being written
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        server.release.set()

        store = Store(db)
        try:
            assert store.integrity_ok()
            branch = store.branch(cid)
            assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant", "tool",
                                                "assistant"]  # fmt: skip
            assert [m.content for m in branch if m.role == "tool"] == ["6 × 7 = 42", "42 + 1 = 43"]
            steps = [mk.get(m.meta, mk.AGENT_STEP)["n"] for m in branch if m.meta and
                     mk.get(m.meta, mk.AGENT_STEP)]  # fmt: skip
            assert steps == [1, 2]
            assert branch[-1].status == "partial" and branch[-1].content == ""

            server.release.clear()
            server.add(answer_step("43."))
            engine = RemoteEngine(server.url)
            engine.load(LoadSpec("scripted", n_ctx=4096))
            try:
                session = ChatSession(store, engine, cid, tools=default_registry())
                result = run_task(session, "And the count?")
            finally:
                engine.close()
            assert result.answered and result.reason == ANSWER and result.text == "43."
            sent = server.chat_requests()[-1].body["messages"]
            assert [m["content"] for m in sent if m["role"] == "tool"] == [
                "6 × 7 = 42",
                "42 + 1 = 43",
            ]
            assert sent[-1] == {"role": "user", "content": "And the count?"}
        finally:
            store.close()
    finally:
        server.stop()
