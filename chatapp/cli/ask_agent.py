"""``chatapp ask --agent "task"``: the agent loop on the command line.

The model plans, acts and observes over the tools (``--tools``: calc, clock, MCP tools and
search_chats; with ``--docs NAME``, search_documents and read_passage over those collections,
instead of pasting passages before the reply) until it answers or a budget runs out
(``--tool-steps``, 8 by default, ``--time-budget``, ``--token-budget``). Each step goes to
stderr (its thought, each call and result); the answer goes to stdout, then its sources. Exit
0 with an answer; without one (a budget ran out and the model still gave none), the reply that
says so is printed and one line on stderr names the budget, exit 1.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

from chatapp.core.agent.budget import AgentBudget
from chatapp.core.agent.chat_tools import SEARCH_CHATS, ChatSearch
from chatapp.core.agent.doc_tools import READ_PASSAGE, SEARCH_DOCUMENTS
from chatapp.core.agent.loop import AgentEvents, AgentResult, AgentRun, StepReport
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.session import ChatSession, TurnEvents
from chatapp.core.chat.store import Store
from chatapp.core.paths import AppPaths
from chatapp.core.tools.builtin import CALCULATOR, CLOCK, resolve_names
from chatapp.core.tools.registry import Tool, ToolRegistry

AGENT_TOOLS = (SEARCH_DOCUMENTS, READ_PASSAGE, SEARCH_CHATS)
DEFAULT_TOOLS = f"{CALCULATOR},{CLOCK}"
DEFAULT_STEPS = 8
CONVERSATIONS_FILE = "conversations.sqlite3"


class AgentError(Exception):
    """A problem worth one line on stderr."""


def add_agent_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agent", action="store_true",
        help="plan, act and observe over the tools until an answer (steps on stderr)",
    )  # fmt: skip
    parser.add_argument(
        "--time-budget", type=float, default=600.0, metavar="S",
        help="--agent: seconds the task may take (600)",
    )  # fmt: skip
    parser.add_argument(
        "--token-budget", type=int, default=16384, metavar="N",
        help="--agent: tokens the model may write in all steps (16384)",
    )  # fmt: skip


def agent_budget(args: argparse.Namespace) -> AgentBudget:
    steps = args.tool_steps if args.tool_steps is not None else DEFAULT_STEPS
    budget = AgentBudget(steps, args.time_budget, args.token_budget)
    try:
        budget.validate()
    except ValueError as exc:
        raise AgentError(str(exc)) from None
    return budget


def split_tool_names(text: str) -> tuple[str, list[str]]:
    """(the names ``open_tools`` resolves, the agent's own tools named)."""
    names = resolve_names(text or DEFAULT_TOOLS)
    own = [n for n in names if n in AGENT_TOOLS]
    return ",".join(n for n in names if n not in AGENT_TOOLS), own


@dataclass
class AgentTools:
    """The agent's own tools for one task, and what to close afterwards."""

    tools: list[Tool] = field(default_factory=list)
    closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for thing in self.closers:
            thing.close()


def open_agent_tools(paths: AppPaths, args: argparse.Namespace, own: list[str]) -> AgentTools:
    out = AgentTools()
    try:
        if args.docs or SEARCH_DOCUMENTS in own or READ_PASSAGE in own:
            out.tools += _document_tools(paths, args, out)
        if SEARCH_CHATS in own:
            path = paths.data_dir / CONVERSATIONS_FILE
            if not path.is_file():
                raise AgentError(f"search_chats: there are no conversations yet ({path})")
            chats = Store(path)
            out.closers.append(chats)
            out.tools.append(ChatSearch(chats).tool())
    except BaseException:
        out.close()
        raise
    return out


def _document_tools(paths: AppPaths, args: argparse.Namespace, out: AgentTools) -> list[Tool]:
    from chatapp.cli.docs import service
    from chatapp.core.agent.doc_tools import DocumentTools
    from chatapp.core.docs.index import IndexError_

    svc = service(paths)
    out.closers.append(svc)
    names = list(args.docs) or [c.name for c in svc.index.collections()]
    for name in names:
        try:
            svc.index.collection(name)
        except IndexError_ as exc:
            raise AgentError(str(exc)) from None
    if not names:
        raise AgentError("there are no document collections: chatapp docs add PATH…")
    return DocumentTools(svc.index, svc.retriever, names).tools()


def step_events(turn: TurnEvents, store: Store, err: TextIO) -> AgentEvents:
    """The thought of each step before its calls (the calls and results print themselves)."""
    show_calls = turn.on_tool_calls

    def on_calls(message_id: int) -> None:
        step = mk.get(store.message(message_id).meta, mk.AGENT_STEP, {})
        thought = " ".join(str(step.get("thought", "")).split())
        print(f"[step {step.get('n', '?')}] {thought or '(no thought)'}", file=err, flush=True)
        if show_calls is not None:
            show_calls(message_id)

    def on_budget(_reason: str, note: str) -> None:
        print(f"[agent] {note}", file=err, flush=True)

    def on_step(report: StepReport) -> None:
        if report.calls:
            return  # printed with its calls
        step = mk.get(store.message(report.message_id).meta, mk.AGENT_STEP, {})
        check = step.get("check") or {}
        thought = " ".join(report.thought.split())
        if check.get("restated"):
            figures = ", ".join(str(f) for f in check["restated"])
            why = f"it gave no result, only {figures} from the request"
        else:
            why = "it did not use " + ", ".join(str(f) for f in check.get("unused") or [])
        line = f"[step {report.n}] {thought} (answer checked: {why})"
        print(line, file=err, flush=True)

    return AgentEvents(
        turn=replace(turn, on_tool_calls=on_calls), on_step=on_step, on_budget=on_budget
    )


def run_agent(
    session: ChatSession, task: str, budget: AgentBudget, turn: TurnEvents, err: TextIO
) -> AgentResult:
    store = session.store
    store.add_message(session.conversation_id, "user", task)
    run = AgentRun(session, budget, step_events(turn, store, err))
    try:
        return run.run()
    except KeyboardInterrupt:
        run.stop()
        raise


def report(result: AgentResult, budget: AgentBudget, out: TextIO, err: TextIO) -> int:
    """The answer on stdout and its sources; the exit code."""
    if result.error is not None:
        raise AgentError(result.error.message)
    print(result.text, file=out, flush=True)
    for source in result.sources:
        where = f", page {source['page']}" if source.get("page") is not None else ""
        print(f"[{source['n']}] {source['path']}{where}", file=out)
    n = len(result.steps)
    figures = f"{n} step{'s' if n != 1 else ''}, {result.tokens} tokens, {result.elapsed_s:.1f} s"
    if result.answered:
        print(f"[agent] answered after {figures}", file=err)
        return 0
    if result.reason == "stopped":
        raise AgentError("stopped")
    why = "the model gave an empty answer" if result.reason == "empty" else (
        f"{budget.describe(result.reason)} ran out and the model gave no answer"
    )  # fmt: skip
    print(f"chatapp ask: no answer: {why} ({figures})", file=err)
    return 1


def run_in(
    paths: AppPaths,
    args: argparse.Namespace,
    tools: Any,
    store: Store,
    engine: Any,
    settings: ConversationSettings,
) -> int:
    """The task in the one-shot conversation of ``chatapp ask`` (``tools``: its AskTools)."""
    budget = agent_budget(args)
    own = open_agent_tools(paths, args, list(args.agent_tools))
    try:
        registry = tools.registry or ToolRegistry()
        for tool in own.tools:
            registry.add(tool)
        names = (*tools.names, *(t.name for t in own.tools if t.name not in tools.names))
        settings = replace(settings, tools_enabled=bool(names), tools=names, documents=())
        conversation = store.create_conversation(settings=settings)
        session = ChatSession(store, engine, conversation, tools=registry)
        turn = replace(tools, names=names).events(TurnEvents(), store)
        result = run_agent(session, args.question, budget, turn, tools.err)
    finally:
        own.close()
    return report(result, budget, sys.stdout, tools.err)
