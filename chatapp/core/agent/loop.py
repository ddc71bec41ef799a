"""One agent task: plan → act → observe, step by step, until an answer or a budget's end.

The task is the conversation's last user message. Each step is a generation offered the
conversation's tools (``GenerationRequest.react``: the runtime's ReAct step for models without
native tool calls). A step that asks for tools is stored (its thought as the text, its calls
and ``agent_step`` in meta), then each call runs as in the tool loop (approval, Stop, errors as
results) and its result is stored, all before the next step is planned: a killed process
loses nothing that was done. A step without calls is the answer.

When the task has documents to search, its first step is taken for the model: a search of
them for the task itself (``FIRST_SEARCH_THOUGHT``), stored and shown as any step is. A small
model shown the passages works from their figures; asked first, it tends to guess one.

A call the model made before in the task runs again (the model asked for it), and its result
says so. When a budget runs out (steps, wall time, tokens; see budget.py), the model is asked
once more, without tools, for its answer; the reply's ``agent_end`` says
which budget ended the task. If that reply is empty (a server that keeps asking for tools), the
reply is a sentence saying so and naming the budget, never empty. Stop ends the task where it
is; what was stored stays. When the conversation has ``agent_lessons`` on, its lessons
(lessons.py) join the agent's note, counted in the context budget with it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from chatapp.core.agent import grounding
from chatapp.core.agent.answer_check import (
    after_held_answer,
    answer_check,
    check_note,
)
from chatapp.core.agent.budget import STOPPED, AgentBudget, BudgetMeter
from chatapp.core.agent.doc_tools import SEARCH_DOCUMENTS
from chatapp.core.agent.lessons import lessons_note
from chatapp.core.agent.planning import plan_step
from chatapp.core.agent.step_prompts import (
    EMPTY,
    FINAL_NUDGE,
    REPEAT_NOTE,
    agent_note,
    end_note,
    extra_reserve,
    no_answer_text,
    normalized,
    with_agent_note,
    with_final_nudge,
)
from chatapp.core.chat import meta as mk
from chatapp.core.chat.planner import ContextPlan
from chatapp.core.chat.reply_writer import ReplyWriter
from chatapp.core.chat.tool_loop import ToolLoop, ToolOutcome, call_meta, offered_tools
from chatapp.core.chat.turn_events import TurnEvents
from chatapp.core.engine import EngineError, GenerationRequest, GenerationResult, ToolCall
from chatapp.core.tools.builtin import CALCULATOR
from chatapp.core.tools.registry import Tool, ToolRegistry, ToolRun, error_output

if TYPE_CHECKING:
    from chatapp.core.chat.session import ChatSession

ANSWER = "answer"
FIRST_SEARCH_THOUGHT = "First, I look the request up in your documents."
FIRST_SEARCH_ID = "agent-first-search"


@dataclass(frozen=True)
class StepReport:
    """One step as it was stored: the assistant message, its calls and their results."""

    n: int
    message_id: int
    thought: str
    calls: tuple[ToolCall, ...]
    result_ids: tuple[int, ...]
    generation_s: float
    tools_s: float


@dataclass
class AgentEvents:
    """What a task reports while it runs (on the worker thread); ``turn`` as in a chat turn."""

    turn: TurnEvents = field(default_factory=TurnEvents)
    on_step: Callable[[StepReport], None] | None = None  # a step and its results were stored
    on_budget: Callable[[str, str], None] | None = None  # (reason, note): asking for the answer


@dataclass
class AgentResult:
    message_id: int | None  # the final reply (None: stopped or failed before one)
    text: str
    answered: bool  # the model wrote an answer (within the budgets, or when asked at the end)
    reason: str  # ANSWER, EMPTY, or the budget that ended the task (budget.py), or STOPPED
    note: str  # which budget ended the task, in a sentence ("" when the model just answered)
    steps: list[StepReport]
    tokens: int
    elapsed_s: float
    sources: list[dict[str, Any]] = field(default_factory=list)  # passages the task used
    error: EngineError | None = None
    plan: ContextPlan | None = None
    compaction: int = 0  # the highest compaction level a step's plan needed


class AgentRun:
    """Runs the task at the end of ``session``'s conversation; ``stop`` from any thread."""

    def __init__(
        self,
        session: ChatSession,
        budget: AgentBudget | None = None,
        events: AgentEvents | None = None,
        registry: ToolRegistry | None = None,
        clock: Callable[[], float] = time.monotonic,
        own_tools: Sequence[Tool] = (),
    ) -> None:
        self.session = session
        self.store = session.store
        self.cid = session.conversation_id
        self.budget = budget or AgentBudget()
        self.budget.validate()
        self.events = events or AgentEvents()
        self.registry = registry or session.tools or ToolRegistry()
        if own_tools:  # the agent's own tools (documents, chats): offered whatever the settings
            self.registry = ToolRegistry([*self.registry.tools(), *own_tools])
        self.own_names = [t.name for t in own_tools]
        self.clock = clock
        self.stopped = threading.Event()
        self.steps: list[StepReport] = []
        self.sources: dict[int, dict[str, Any]] = {}
        self.compaction = 0
        self.reserve = 0  # tokens a step's prompt holds besides the planned messages
        self.observed: list[str] = []  # the results' texts, for grounding.py
        self.calculated: list[str] = []  # the calculator's results, for answer_check.py
        self.grounding_asked: set[tuple[str, str]] = set()
        self.lessons = ""  # the lessons note of this task (lessons.py), when lessons are on
        self.checked: tuple[str, str] | None = None  # (answer held back, the question on it)
        self.calculate_next = False  # the step after a held answer calls the calculator

    def stop(self) -> None:
        self.stopped.set()
        self.session.engine.cancel()

    def tools(self) -> list[Tool]:
        settings = self.store.conversation(self.cid).settings
        names = [*(settings.tools if settings.tools_enabled else ()), *self.own_names]
        return offered_tools(self.registry, names)

    # --- the task -----------------------------------------------------------------------

    def run(self) -> AgentResult:
        meter = BudgetMeter(self.budget, self.clock)
        tools = self.tools()
        loop = ToolLoop(self.session, self.registry, tools, self.events.turn, self.stopped)
        loop.in_task = True
        schemas = tuple(t.schema() for t in tools)
        settings = self.store.conversation(self.cid).settings
        self.session.plan(self.events.turn)  # summarizes first when it must
        # Lessons of earlier failed tasks (opt-in): in the note, so counted in the budget.
        lessons = lessons_note(self.store.lessons(self.cid)) if settings.agent_lessons else ""
        note = agent_note(tools) + (f"\n\n{lessons}" if lessons else "")
        self.lessons = lessons
        self.reserve = extra_reserve(self.session, tools, note)
        plan = self._plan()
        model = self.session.engine.model
        if model is not None and self.store.conversation(self.cid).model != model.name:
            self.store.set_model(self.cid, model.name)
        seen: set[tuple[str, str]] = set()
        if any(t.name == SEARCH_DOCUMENTS for t in tools) and not self.stopped.is_set():
            self._first_search(loop, meter, plan, seen)
            plan = self._plan()
        while True:
            reason = STOPPED if self.stopped.is_set() else meter.ended()
            if reason == STOPPED:
                return self._result(meter, None, "", False, STOPPED, "", plan)
            if reason is not None or not tools:
                if reason is None:  # nothing to call: the first step is the answer
                    request = GenerationRequest(sampling=settings.sampling)
                    return self._step_answer(loop, meter, self._with_lessons(plan), request)
                return self._final(loop, meter, schemas, reason)
            choice = CALCULATOR if self.calculate_next else "auto"
            self.calculate_next = False
            request = GenerationRequest(
                sampling=settings.sampling, tools=schemas, tool_choice=choice, react=True
            )
            started = time.perf_counter()
            prompt = self._with_check(with_agent_note(plan, note))
            writer, result, error = loop._generate(prompt, request)
            generation_s = time.perf_counter() - started
            if error is not None or result is None:
                return self._result(meter, writer.message_id, "", False, "error", "", plan, error)
            meter.spend(result.stats)
            if self.stopped.is_set() or result.stop_reason == "cancelled":
                writer.finish("cancelled", result.stats, result.text)
                return self._result(meter, writer.message_id, "", False, STOPPED, "", plan)
            calls = result.tool_calls
            if not calls:
                check = self._check(tools, result)
                if not check:
                    return self._answered(writer, result, meter, plan)
                meter.steps += 1
                self._hold(writer, result, check, generation_s)
                plan = self._plan()
                continue
            meter.steps += 1
            self._act(loop, writer, result, calls, seen, generation_s)
            if self.stopped.is_set():
                return self._result(meter, None, "", False, STOPPED, "", plan)
            plan = self._plan()

    def _first_search(
        self, loop: ToolLoop, meter: BudgetMeter, plan: ContextPlan, seen: set[tuple[str, str]]
    ) -> None:
        """The first step, taken for the model: the documents searched for the task."""
        task = self._known()[0]
        arguments = json.dumps({"query": " ".join(task.split())[:500]}, ensure_ascii=False)
        call = ToolCall(FIRST_SEARCH_ID, SEARCH_DOCUMENTS, arguments)
        model = self.session.engine.model
        writer = ReplyWriter(
            self.store, self.cid, plan.included_ids[-1], model.name if model else None
        )
        if self.events.turn.on_start is not None:
            self.events.turn.on_start(writer.message_id)
        result = GenerationResult(FIRST_SEARCH_THOUGHT, "tool_calls", {}, (call,))
        meter.steps += 1
        self._act(loop, writer, result, (call,), seen, 0.0)

    def _check(self, tools: list[Tool], result: GenerationResult) -> dict[str, list[str]]:
        """Why an answer is held (answer_check.py), {} to take it: checked once."""
        if self.checked is not None or result.stop_reason == "cancelled":
            return {}
        if not any(t.name == CALCULATOR for t in tools) or not result.text.strip():
            return {}
        return answer_check(self._known()[0], result.text, self.observed, self.calculated)

    def _hold(
        self,
        writer: ReplyWriter,
        result: GenerationResult,
        check: dict[str, list[str]],
        generation_s: float,
    ) -> None:
        """Keep the answer as a step and ask the model about the figures it left out."""
        n = len(self.steps) + 1
        text = result.text.strip()
        step = {"n": n, "thought": text, "check": check}
        writer.finish("complete", result.stats, text, {mk.AGENT_STEP: step})
        self.checked = (text, check_note(check))
        self.calculate_next = True
        report = StepReport(n, writer.message_id, text, (), (), generation_s, 0.0)
        self.steps.append(report)
        if self.events.on_step is not None:
            self.events.on_step(report)

    def _with_check(self, plan: ContextPlan) -> ContextPlan:
        """The question on a held-back answer, after it, in this task's prompts (prompt only)."""
        if self.checked is None:
            return plan
        return replace(plan, messages=after_held_answer(plan.messages, *self.checked))

    def _known(self) -> list[str]:
        """The task and what the task's results said (grounding.py)."""
        task = next((m for m in reversed(self.store.branch(self.cid)) if m.role == "user"), None)
        return [task.content if task is not None else "", *self.observed]

    def _with_lessons(self, plan: ContextPlan) -> ContextPlan:
        """An answer without tools still sees the lessons (the steps see the whole note)."""
        return with_agent_note(plan, self.lessons) if self.lessons else plan

    def _announce(self, plan: ContextPlan) -> None:
        if self.events.turn.on_plan is not None:
            self.events.turn.on_plan(plan)

    def _plan(self) -> ContextPlan:
        plan, level = plan_step(self.session, self.reserve)
        self.compaction = max(self.compaction, level)
        self._announce(plan)
        return plan

    def _act(
        self,
        loop: ToolLoop,
        writer: ReplyWriter,
        result: GenerationResult,
        calls: tuple[ToolCall, ...],
        seen: set[tuple[str, str]],
        generation_s: float,
    ) -> None:
        """Store the step, run its calls and store their results."""
        n = len(self.steps) + 1
        thought = (result.text or result.reasoning).strip()
        extras = {mk.TOOL_CALLS: call_meta(calls), mk.AGENT_STEP: {"n": n, "thought": thought}}
        writer.finish("complete", result.stats, thought, extras)
        if self.events.turn.on_tool_calls is not None:
            self.events.turn.on_tool_calls(writer.message_id)
        started = time.perf_counter()
        before = len(loop.tool_message_ids)
        for call in calls:
            key = (call.name, normalized(call.arguments))
            why, again = grounding.grounding_check(call, self._known(), self.own_names)
            if why and key not in self.grounding_asked:  # asked once; the same call again runs
                output = error_output(why)
                run = ToolRun(call, output, {}, 0.0, self.registry.get(call.name))
                outcome = ToolOutcome(run, "automatic")
                loop._store_result(outcome)  # not a result to take figures from
                self.grounding_asked.add(key)
                self.calculate_next = again  # it left out a figure of the task
                continue
            outcome = loop._run_call(call)
            if key in seen:
                output = outcome.run.output
                output = replace(output, content=output.content + REPEAT_NOTE)
                outcome = replace(outcome, run=replace(outcome.run, output=output))
            seen.add(key)
            loop._store_result(outcome)
            self.observed.append(grounding.found_in(outcome.run.output.content, call))
            if call.name in grounding.GROUNDED_TOOLS and not outcome.run.output.error:
                self.calculated.append(outcome.run.output.content)
            for source in outcome.run.output.display_data.get("sources") or ():
                if isinstance(source, dict) and isinstance(source.get("n"), int):
                    self.sources[source["n"]] = source
        step = StepReport(
            n,
            writer.message_id,
            thought,
            calls,
            tuple(loop.tool_message_ids[before:]),
            generation_s,
            time.perf_counter() - started,
        )
        self.steps.append(step)
        if self.events.on_step is not None:
            self.events.on_step(step)

    # --- the end ------------------------------------------------------------------------

    def _step_answer(
        self, loop: ToolLoop, meter: BudgetMeter, plan: ContextPlan, request: GenerationRequest
    ) -> AgentResult:
        writer, result, error = loop._generate(plan, request)
        if error is not None or result is None:
            return self._result(meter, writer.message_id, "", False, "error", "", plan, error)
        meter.spend(result.stats)
        return self._answered(writer, result, meter, plan)

    def _final(
        self, loop: ToolLoop, meter: BudgetMeter, schemas: tuple[Any, ...], reason: str
    ) -> AgentResult:
        """Ask once for the answer without tools; the reply is never empty."""
        note = end_note(self.budget, reason)
        if self.events.on_budget is not None:
            self.events.on_budget(reason, note)
        plan = self._plan()
        what = self.budget.describe(reason)
        nudge = FINAL_NUDGE.format(budget=what[0].upper() + what[1:])
        asked = self._with_lessons(plan)
        asked = replace(asked, messages=with_final_nudge(asked.messages, nudge))
        settings = self.store.conversation(self.cid).settings
        request = GenerationRequest(sampling=settings.sampling, tools=schemas, tool_choice="none")
        writer, result, error = loop._generate(asked, request)
        if error is not None or result is None:
            return self._result(meter, writer.message_id, "", False, reason, note, plan, error)
        meter.spend(result.stats)
        text = result.text.strip()
        cancelled = result.stop_reason == "cancelled"
        answered = bool(text)
        if not answered and not cancelled:
            text = no_answer_text(self.budget, reason, self.steps, self.store)
        status = "cancelled" if cancelled else "complete"
        self._finish(writer, status, result.stats, text, reason, answered, note)
        return self._result(meter, writer.message_id, text, answered, reason, note, plan)

    def _answered(
        self, writer: ReplyWriter, result: GenerationResult, meter: BudgetMeter, plan: ContextPlan
    ) -> AgentResult:
        cancelled = result.stop_reason == "cancelled"
        text = result.text.strip()
        reason, answered = ANSWER, bool(text)
        if not text and not cancelled:
            reason = EMPTY
            text = no_answer_text(self.budget, EMPTY, self.steps, self.store)
        status = "cancelled" if cancelled else "complete"
        self._finish(writer, status, result.stats, text, reason, answered, "")
        return self._result(meter, writer.message_id, text, answered, reason, "", plan)

    def _finish(
        self,
        writer: ReplyWriter,
        status: str,
        stats: dict[str, Any],
        text: str,
        reason: str,
        answered: bool,
        note: str,
    ) -> None:
        end = {"reason": reason, "answered": answered, "steps": len(self.steps), "note": note}
        extras: dict[str, Any] = {mk.AGENT_END: end}
        sources = self.used_sources(text)
        if sources:
            extras[mk.SOURCES] = sources
        writer.finish(status, stats, text, extras)

    def used_sources(self, text: str) -> list[dict[str, Any]]:
        """The passages the answer cites as [n]; all that were found if it cites none."""
        found = [self.sources[n] for n in sorted(self.sources)]
        cited = [s for s in found if f"[{s['n']}]" in text]
        return cited or found

    def _result(
        self,
        meter: BudgetMeter,
        message_id: int | None,
        text: str,
        answered: bool,
        reason: str,
        note: str,
        plan: ContextPlan,
        error: EngineError | None = None,
    ) -> AgentResult:
        return AgentResult(
            message_id,
            text,
            answered,
            reason,
            note,
            list(self.steps),
            meter.tokens,
            meter.elapsed_s,
            self.used_sources(text),
            error,
            plan,
            self.compaction,
        )


def run_task(
    session: ChatSession,
    task: str,
    budget: AgentBudget | None = None,
    events: AgentEvents | None = None,
) -> AgentResult:
    """Commit ``task`` as the user's message, then run it."""
    session.store.add_message(session.conversation_id, "user", task)
    return AgentRun(session, budget, events).run()
