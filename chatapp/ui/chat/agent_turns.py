"""Agent mode in the window: a reply that runs the core agent loop (chatapp/core/agent).

Mixed into ``ChatController``. When the conversation's settings have ``agent`` on, a new reply
is an ``AgentRun`` on a worker thread through the background operations helper, as a tool
reply is; its events come back as the same signals (``tool_step`` after each stored step and
result, ``reply_started``/``reply_text`` while a step is written). The task may use the
conversation's tools (MCP tools ask for approval per call, with "allow for this task"), its
document collections (``search_documents``, ``read_passage``) and the user's other chats
(``search_chats``). Stop stops the step in progress; what was stored stays.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, SignalInstance

from chatapp.core.agent.budget import STEPS, TIME, TOKENS, AgentBudget
from chatapp.core.agent.chat_tools import ChatSearch
from chatapp.core.agent.doc_tools import DocumentTools
from chatapp.core.agent.loop import AgentEvents, AgentResult, AgentRun
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.chat.turn_events import TurnEvents, TurnResult
from chatapp.core.tools.registry import Tool
from chatapp.ui.background import Operation, Operations, Report
from chatapp.ui.services import Services

DOCUMENTS = "documents"  # services.extras key of the DocumentService (ui/launch.py)


def budget_words(budget: AgentBudget, reason: str) -> str:
    """The budget that ended a task, in the UI language (core's ``describe`` is English)."""
    # QCoreApplication.translate spelled out each time: lupdate finds no alias of it.
    if reason == STEPS:
        text = QCoreApplication.translate("AgentTurns", "The step budget (%1 steps)")
        return text.replace("%1", str(budget.steps))
    if reason == TIME:
        text = QCoreApplication.translate("AgentTurns", "The time budget (%1 s)")
        return text.replace("%1", f"{budget.wall_s:g}")
    if reason == TOKENS:
        text = QCoreApplication.translate("AgentTurns", "The token budget (%1 tokens)")
        return text.replace("%1", f"{budget.tokens:,}")
    return reason


class AgentTurns:
    # The controller's state and signals that these methods use.
    store: Store
    ops: Operations
    services: Services
    conversation_id: int | None
    _turn: Operation[Any] | None
    _agent: AgentRun | None
    notice: SignalInstance
    transcript_changed: SignalInstance
    conversations_changed: SignalInstance

    if TYPE_CHECKING:  # provided by ChatController

        def _finish_turn(self, result: TurnResult) -> None: ...
        def _turn_failed(self, exc: BaseException) -> None: ...
        def _update_busy(self) -> None: ...

    def agent_mode(self, conversation_id: int) -> bool:
        return self.store.conversation(conversation_id).settings.agent

    def set_agent_mode(self, on: bool) -> None:
        """Agent mode on or off for the open conversation (stored with its settings)."""
        cid = self.conversation_id
        if cid is None:
            return
        settings = self.store.conversation(cid).settings
        if settings.agent != on:
            self.store.set_settings(cid, replace(settings, agent=on))

    def agent_tools(self, conversation_id: int) -> list[Tool]:
        """The agent's own tools for a task: the chat's collections, then the other chats."""
        tools: list[Tool] = []
        names = self.store.conversation(conversation_id).settings.documents
        documents = self.services.extras.get(DOCUMENTS)
        if names and documents is not None:
            tools += DocumentTools(documents.index, documents.retriever, names).tools()
        others = (c for c in self.store.list_conversations() if c.id != conversation_id)
        if any(c.current_leaf is not None for c in others):  # nothing to search otherwise
            tools.append(ChatSearch(self.store, lambda: conversation_id).tool())
        return tools

    def _start_agent(self, session: ChatSession, events: TurnEvents) -> None:
        cid = session.conversation_id
        budget = AgentBudget(steps=self.store.conversation(cid).settings.agent_steps)
        run = AgentRun(session, budget, AgentEvents(turn=events), own_tools=self.agent_tools(cid))
        self._agent = run

        def op(_report: Report) -> AgentResult:
            return run.run()

        def done(result: AgentResult) -> None:
            self._finish_agent(result, budget)

        self._turn = self.ops.run(
            op, on_success=done, on_failure=self._agent_failed, name="agent-task"
        )
        self._update_busy()

    def stop_agent(self) -> bool:
        """Stop the task in progress (any step: writing, a tool, an approval); False: none."""
        if self._agent is None:
            return False
        self._agent.stop()
        return True

    def _agent_failed(self, exc: BaseException) -> None:
        self._agent = None
        self._turn_failed(exc)

    def _finish_agent(self, result: AgentResult, budget: AgentBudget) -> None:
        self._agent = None
        if result.message_id is None:  # stopped between steps: the steps stored stay
            self._turn = None
            self.transcript_changed.emit()
            self.notice.emit(
                QCoreApplication.translate("AgentTurns", "Stopped. The steps done so far are kept.")
            )
            self.conversations_changed.emit()
            self._update_busy()
            return
        assert result.plan is not None
        turn = TurnResult(result.message_id, result.plan, None, result.error)
        turn.tool_message_ids = [i for s in result.steps for i in s.result_ids]
        self._finish_turn(turn)
        if result.note and result.error is None:
            ended = QCoreApplication.translate(
                "AgentTurns", "%1 ran out, so the model was asked to answer without tools."
            )
            self.notice.emit(ended.replace("%1", budget_words(budget, result.reason)))
