"""Runs an agent task against a server and prints each stored step as a JSON line, so that a
test can SIGKILL it mid-task and check that the conversation is whole.

``python -m tests.support.agent_child STORE_FILE SERVER_URL TASK``
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from chatapp.core.agent.loop import AgentEvents, StepReport, run_task
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import LoadSpec
from chatapp.core.tools.builtin import default_registry
from chatapp.remote.engine import RemoteEngine


def main(store_file: str, url: str, task: str) -> None:
    store = Store(store_file)
    engine = RemoteEngine(url)
    engine.load(LoadSpec("scripted", n_ctx=4096))
    settings = replace(ConversationSettings(), tools_enabled=True, tools=("calculator",))
    cid = store.create_conversation("killed", settings=settings)
    print(json.dumps({"conversation": cid}), flush=True)

    def on_step(step: StepReport) -> None:
        print(json.dumps({"step": step.n, "results": list(step.result_ids)}), flush=True)

    session = ChatSession(store, engine, cid, tools=default_registry())
    run_task(session, task, events=AgentEvents(on_step=on_step))
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
