"""What a chat turn reports while it runs, what it returns, and what may feed it context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from chatapp.core.chat.planner import ContextPlan, TurnContext
from chatapp.core.engine import EngineError, GenerationResult
from chatapp.core.tools.approval import ApprovalRequest


class TurnStopped(Exception):
    """The user stopped the turn before its reply began (while it was being prepared)."""


class ContextProvider(Protocol):
    """Supplies context for one turn (retrieved documents) from the question asked."""

    def context_for(self, conversation_id: int, question: str) -> TurnContext | None: ...


@dataclass
class TurnEvents:
    """What a turn reports while it runs (on the worker thread)."""

    on_plan: Callable[[ContextPlan], None] | None = None
    on_summarizing: Callable[[int], None] | None = None  # how many messages are summarized
    on_start: Callable[[int], None] | None = None  # the new reply's message id
    on_text: Callable[[str], None] | None = None
    # Tools: an assistant message asking for tools was stored; a tool result was stored.
    on_tool_calls: Callable[[int], None] | None = None
    on_tool_result: Callable[[int], None] | None = None
    # Asked (and waited for) before a tool that needs approval runs: "allow_once",
    # "allow_always" or "deny" (chatapp.core.tools.approval). None: such calls are declined.
    on_approval: Callable[[ApprovalRequest], str] | None = None


@dataclass
class TurnResult:
    message_id: int
    plan: ContextPlan
    result: GenerationResult | None
    error: EngineError | None = None
    summary_s: float = 0.0  # time spent summarizing before the reply
    tool_message_ids: list[int] = field(default_factory=list)  # results stored on the way
