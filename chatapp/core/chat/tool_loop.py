"""A reply that may use tools: generate → tool calls → approval → run → results → generate again.

Every step is stored before the next begins: the assistant message that asks for tools (its
calls in ``meta``), then one ``tool`` message per call (see ``chatapp.core.chat.meta``), then
the next reply. After ``max_tool_steps`` rounds, or when the model repeats a call it already
made, the model is asked to answer without tools. Stop is honoured while generating, while
waiting for approval and while a tool runs (a slow tool is left to finish on its own).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from chatapp.core.chat import meta as mk
from chatapp.core.chat.language import text_language
from chatapp.core.chat.planner import ContextError, ContextPlan
from chatapp.core.chat.reasoning import ReasoningClock, split_reasoning
from chatapp.core.chat.reply_writer import ReplyWriter
from chatapp.core.chat.turn_events import TurnEvents, TurnResult
from chatapp.core.engine import (
    PARTIAL_KINDS,
    EngineError,
    GenerationRequest,
    GenerationResult,
    ToolCall,
    require_model,
)
from chatapp.core.tools.approval import ALLOW_ALWAYS, ALLOW_TASK, DENY, ApprovalRequest
from chatapp.core.tools.registry import (
    REPLY_LANGUAGE,
    Tool,
    ToolRegistry,
    ToolRun,
    error_output,
    parse_arguments,
)

if TYPE_CHECKING:
    from chatapp.core.chat.session import ChatSession

POLL_S = 0.02  # how often a running tool checks for Stop
NO_ANSWER = (
    "No answer: after {n} tool round{s} ({why}) the model was asked to answer without tools "
    "and still asked for a tool."
)


def offered_tools(registry: ToolRegistry, names: Sequence[str]) -> list[Tool]:
    """The conversation's chosen tools that exist now (an MCP server may be gone)."""
    return registry.tools(list(names))


def call_meta(calls: Sequence[ToolCall]) -> list[dict[str, Any]]:
    """Calls in the OpenAI shape stored in an assistant message's meta."""
    return [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
        for c in calls
    ]


@dataclass
class ToolOutcome:
    run: ToolRun
    approval: str  # "automatic", "allowed", "task", "always", "declined" or "stopped"
    stopped: bool = False


class ToolLoop:
    def __init__(
        self,
        session: ChatSession,
        registry: ToolRegistry,
        tools: list[Tool],
        events: TurnEvents,
        stop: threading.Event,
    ) -> None:
        self.session = session
        self.store = session.store
        self.engine = session.engine
        self.cid = session.conversation_id
        self.registry = registry
        self.tools = tools
        self.names = [t.name for t in tools]
        self.events = events
        self.stop = stop
        self._clock = ReasoningClock()  # of the generation in progress
        self.tool_message_ids: list[int] = []
        self.in_task = False  # an agent task: approval may be "allow for this task"
        self.task_allowed: set[str] = set()  # tools allowed for this task (this loop)

    # --- the loop -----------------------------------------------------------------------

    def run(self, plan: ContextPlan) -> TurnResult:
        settings = self.store.conversation(self.cid).settings
        schemas = tuple(t.schema() for t in self.tools)
        seen: set[tuple[str, str]] = set()
        answer_now = False
        for step in range(settings.max_tool_steps + 1):
            offer = schemas
            if step:
                try:
                    plan = self.session.replan()
                except ContextError:
                    # The results leave no room for the tools' descriptions: the answer is
                    # asked for without them (an error here is the turn's, as before any step).
                    plan, offer, answer_now = self.session.replan(with_tools=False), (), True
                if self.events.on_plan is not None:
                    self.events.on_plan(plan)
            last = answer_now or step == settings.max_tool_steps or self.stop.is_set()
            request = GenerationRequest(
                sampling=settings.sampling, tools=offer, tool_choice="none" if last else "auto"
            )
            writer, result, error = self._generate(plan, request)
            if error is not None or result is None:
                ids = self.tool_message_ids
                return TurnResult(writer.message_id, plan, None, error, tool_message_ids=ids)
            calls = () if last or self.stop.is_set() else result.tool_calls
            if not calls:
                status = "cancelled" if result.stop_reason == "cancelled" else "complete"
                extras = None
                if status == "complete" and result.tool_calls and not result.text.strip():
                    # Asked to answer, the model still asked for tools: never an empty reply.
                    limit = step == settings.max_tool_steps
                    why = "the limit" if limit else "it repeated a call"
                    note = NO_ANSWER.format(n=step, s="s" if step != 1 else "", why=why)
                    result = replace(result, text=note)
                    reason = "tool_steps" if limit else "repeat"
                    extras = {mk.NO_ANSWER: {"reason": reason, "rounds": step}}
                return self._finish(writer, plan, result, status, extras)
            writer.finish("complete", result.stats, result.text, {mk.TOOL_CALLS: call_meta(calls)})
            if self.events.on_tool_calls is not None:
                self.events.on_tool_calls(writer.message_id)
            for call in calls:
                outcome = self._run_call(call)
                self._store_result(outcome)
                key = (call.name, _normalized(call.arguments))
                answer_now = answer_now or key in seen
                seen.add(key)
            if self.stop.is_set():
                stopped = GenerationResult("", "cancelled", result.stats)
                return TurnResult(
                    writer.message_id, plan, stopped, tool_message_ids=self.tool_message_ids
                )
        raise AssertionError("the last step asks for no tools")  # pragma: no cover

    def _generate(
        self, plan: ContextPlan, request: GenerationRequest
    ) -> tuple[ReplyWriter, GenerationResult | None, EngineError | None]:
        model = require_model(self.engine)
        writer = ReplyWriter(self.store, self.cid, plan.included_ids[-1], model.name)
        if self.events.on_start is not None:
            self.events.on_start(writer.message_id)

        self._clock = clock = ReasoningClock()

        def stream(text: str) -> None:
            clock.feed(text)
            writer.append(text)
            if self.events.on_text is not None:
                self.events.on_text(text)

        try:
            return writer, self.engine.generate(plan.messages, request, stream), None
        except EngineError as exc:
            # As in a plain reply: a crash or a lost connection keeps what was shown.
            status = "partial" if exc.kind in PARTIAL_KINDS else "error"
            writer.finish(status, {"error": exc.message, "error_kind": exc.kind})
            return writer, None, exc

    def _finish(
        self,
        writer: ReplyWriter,
        plan: ContextPlan,
        result: GenerationResult,
        status: str,
        extras: dict[str, Any] | None = None,
    ) -> TurnResult:
        if plan.sources:  # the passages the answer may cite, as in a reply without tools
            extras = {**(extras or {}), mk.SOURCES: plan.sources}
        # A reasoning model's thinking goes beside the answer, as in a reply without tools.
        split = split_reasoning(result.text)
        reasoning = split.reasoning or result.reasoning
        if reasoning:
            seconds = (
                self._clock.seconds() if split.reasoning else result.stats.get("reasoning_s", 0.0)
            )
            extras = {**(extras or {}), mk.REASONING: reasoning, mk.REASONING_S: seconds}
        try:
            writer.finish(status, result.stats, split.answer, extras)
        except sqlite3.Error as exc:
            error = EngineError("save_failed", f"the reply could not be saved: {exc}")
            return TurnResult(
                writer.message_id, plan, result, error, tool_message_ids=self.tool_message_ids
            )
        return TurnResult(writer.message_id, plan, result, tool_message_ids=self.tool_message_ids)

    # --- one call -----------------------------------------------------------------------

    def _run_call(self, call: ToolCall) -> ToolOutcome:
        tool = self.registry.get(call.name) if call.name in self.names else None
        approval = "automatic"
        if tool is not None and tool.needs_approval:
            approval = self._ask(call, tool)
            if approval == "stopped":  # Stop while asking: not the user's denial
                return ToolOutcome(self._stopped(call, tool), approval, stopped=True)
            if approval == "declined":
                run = ToolRun(call, error_output("the user declined this call"), {}, 0.0, tool)
                return ToolOutcome(run, approval)
        if self.stop.is_set():
            return ToolOutcome(self._stopped(call, tool), approval, stopped=True)
        done = threading.Event()
        box: list[ToolRun] = []

        language = self._language()

        def work() -> None:
            REPLY_LANGUAGE.set(language)  # this thread's own context
            try:
                box.append(self.registry.run(call, self.names))
            finally:
                done.set()

        threading.Thread(target=work, name=f"tool-{call.name}", daemon=True).start()
        while not done.wait(POLL_S):
            if self.stop.is_set():
                return ToolOutcome(self._stopped(call, tool), approval, stopped=True)
        return ToolOutcome(box[0], approval)

    def _language(self) -> str:
        """The language of the user's last message (what the tool's words should be in)."""
        for message in reversed(self.store.branch(self.cid)):
            if message.role == "user":
                return text_language(message.content)
        return ""

    @staticmethod
    def _stopped(call: ToolCall, tool: Tool | None) -> ToolRun:
        return ToolRun(call, error_output("stopped by the user"), {}, 0.0, tool)

    def _ask(self, call: ToolCall, tool: Tool) -> str:
        settings = self.store.conversation(self.cid).settings
        if tool.name in settings.tools_always_allowed:
            return "always"
        if tool.name in self.task_allowed:
            return "task"
        ask = self.events.on_approval
        try:
            arguments = parse_arguments(call.arguments)
        except ValueError:
            arguments = {"(not JSON)": call.arguments}
        decision = DENY
        if ask is not None and not self.stop.is_set():
            request = ApprovalRequest(
                self.cid, tool.name, tool.label, tool.source, arguments, self.in_task
            )
            decision = ask(request)
        if self.stop.is_set():  # Stop while asking (it answers the question with "deny")
            return "stopped"
        if decision == DENY:
            return "declined"
        if decision == ALLOW_ALWAYS:
            allowed = (*settings.tools_always_allowed, tool.name)
            self.store.set_settings(self.cid, replace(settings, tools_always_allowed=allowed))
            return "always"
        if decision == ALLOW_TASK and self.in_task:
            self.task_allowed.add(tool.name)
            return "task"
        return "allowed"

    def _store_result(self, outcome: ToolOutcome) -> None:
        run = outcome.run
        tool = run.tool
        data: dict[str, Any] = {
            mk.TOOL_CALL_ID: run.call.id,
            mk.TOOL_NAME: run.call.name,
            mk.TOOL_DISPLAY: run.output.display or f"{run.call.name}: {run.output.content[:80]}",
            mk.TOOL_DISPLAY_DATA: run.output.display_data,
            mk.TOOL_TITLE: tool.label if tool is not None else run.call.name,
            mk.TOOL_SOURCE: tool.source if tool is not None else "",
            mk.TOOL_APPROVAL: outcome.approval,
            mk.TOOL_ARGUMENTS: run.arguments,
            mk.TOOL_ERROR: run.output.error,
            mk.TOOL_DURATION_MS: round(run.duration_ms, 3),
        }
        status = "cancelled" if outcome.stopped else "complete"
        message_id = self.store.add_message(
            self.cid, "tool", run.output.content, status=status, meta=data
        )
        self.tool_message_ids.append(message_id)
        if self.events.on_tool_result is not None:
            self.events.on_tool_result(message_id)


def _normalized(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments or "{}"), sort_keys=True)
    except ValueError:
        return arguments
