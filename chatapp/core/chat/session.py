"""One open conversation: commit, plan the context, summarize if needed, generate, save.

A session lives as long as its conversation is open, so its token counts stay cached from turn
to turn. Its methods block and run on a worker thread (never the GUI thread); the model is
reached through the ``Engine`` protocol. What happens during a turn is reported through
``TurnEvents`` callbacks, called on that worker thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from chatapp.core.chat import meta
from chatapp.core.chat.cached_counter import CachedCounter
from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.chat.planner import (
    ContextError,
    ContextPlan,
    ContextPlanner,
    CountMemo,
    PlannerSettings,
    SummaryRequest,
    TurnContext,
    build_messages,
    split_turns,
)
from chatapp.core.chat.reasoning import ReasoningClock, split_reasoning
from chatapp.core.chat.reply_writer import ReplyWriter
from chatapp.core.chat.store import Message, PromptMessage, Store
from chatapp.core.chat.summarizer import SummarizeFailed, summarize
from chatapp.core.chat.tool_loop import ToolLoop, offered_tools
from chatapp.core.chat.turn_events import ContextProvider, TurnEvents, TurnResult, TurnStopped
from chatapp.core.engine import (
    PARTIAL_KINDS,
    Engine,
    EngineError,
    GenerationRequest,
    require_model,
)
from chatapp.core.images.image_store import StoredImage
from chatapp.core.tools.registry import Tool, ToolRegistry

# Also importable from here (turn_events.py, cached_counter.py).
__all__ = [
    "CachedCounter", "ChatSession", "ContextProvider", "TurnEvents", "TurnResult", "TurnStopped",
]  # fmt: skip

# Room kept for the tools' descriptions, which the prompt gets besides the planned messages.
TOOL_PROMPT_OVERHEAD = 96


def resumed_prompt(messages: list[PromptMessage], prefix: str) -> list[PromptMessage]:
    """The prompt for continuing a reply: it ends with the reply's text exactly as written.

    The planner sends earlier replies without their reasoning, and an unfinished reply whose
    reasoning is still open would not be sent at all; to go on, the model needs it all.
    """
    out = list(messages)
    if out and out[-1].get("role") == "assistant":
        out[-1] = {**out[-1], "content": prefix}
    else:
        out.append({"role": "assistant", "content": prefix})
    return out


@dataclass
class _Plans:
    """The planner and its count memo, kept for one model."""

    key: str = ""
    memo: CountMemo = field(default_factory=CountMemo)


class ChatSession:
    def __init__(
        self,
        store: Store,
        engine: Engine,
        conversation_id: int,
        providers: Sequence[ContextProvider] = (),
        tools: ToolRegistry | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.conversation_id = conversation_id
        self.counter = CachedCounter(engine, store)
        self.providers = list(providers)
        self.tools = tools
        self._tool_counts: dict[tuple[str, str], int] = {}
        self._plans = _Plans()
        self.last_summary_s = 0.0  # how long the last summary took to write
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Stop the turn in progress at whatever step it is (summary, reply, approval, a tool);
        any thread."""
        self._stopped.set()
        self.engine.cancel()

    # --- what the user does -------------------------------------------------------------

    def send(
        self, text: str, events: TurnEvents | None = None, images: Sequence[StoredImage] = ()
    ) -> TurnResult:
        """Commit the user's message (with its images, already in the store) first, then reply."""
        self.store.add_message(self.conversation_id, "user", text, images=images)
        return self.reply(events)

    def regenerate(self, assistant_id: int, events: TurnEvents | None = None) -> TurnResult:
        """A new reply beside ``assistant_id``; the old one stays as an alternative."""
        self.prepare_regenerate(assistant_id)
        return self.reply(events)

    def prepare_regenerate(self, assistant_id: int) -> None:
        old = self.store.message(assistant_id)
        if old.parent_id is None:
            raise ValueError("this reply answers nothing")
        self.store.set_current_leaf(self.conversation_id, old.parent_id)

    def edit_and_resend(
        self, user_id: int, text: str, events: TurnEvents | None = None
    ) -> TurnResult:
        """A new branch from the edited message; the old branch stays reachable."""
        self.prepare_edit(user_id, text)
        return self.reply(events)

    def prepare_edit(self, user_id: int, text: str) -> int:
        old = self.store.message(user_id)
        return self.store.add_message(self.conversation_id, "user", text, parent_id=old.parent_id)

    def regenerate_summary(self) -> int:
        """Write the latest summary again from the messages it covers (not from itself).

        Returns the new summary's id; raises SummarizeFailed (the old summary stays).
        """
        current = self.store.latest_summary(self.conversation_id)
        if current is None:
            raise SummarizeFailed("this conversation has no summary yet")
        covered = set(current.covered_ids)
        messages = [m for m in self.store.branch(self.conversation_id) if m.id in covered]
        turns = split_turns(messages)
        model = require_model(self.engine)
        text = summarize(self.engine, None, turns, min(200, model.n_ctx // 8))
        return self.store.add_summary(self.conversation_id, current.covered_ids, text, model.name)

    # --- the turn -----------------------------------------------------------------------

    def _active_tools(self) -> list[Tool]:
        cs = self.store.conversation(self.conversation_id).settings
        if self.tools is None or not cs.tools_enabled:
            return []
        return offered_tools(self.tools, cs.tools)

    def _tool_overhead(self, model_key: str) -> int:
        """Tokens the tools' descriptions add to the prompt (counted once per model and set)."""
        tools = self._active_tools()
        if not tools:
            return 0
        text = json.dumps([t.schema() for t in tools], ensure_ascii=False)
        key = (model_key, text)
        if key not in self._tool_counts:
            self._tool_counts = {key: self.counter.count_texts([text])[0] + TOOL_PROMPT_OVERHEAD}
        return self._tool_counts[key]

    def _planner(self, with_tools: bool = True) -> ContextPlanner:
        model = require_model(self.engine)
        if model.key != self._plans.key:
            self._plans = _Plans(model.key)
        cs = self.store.conversation(self.conversation_id).settings
        overhead = self._tool_overhead(model.key) if with_tools else 0
        settings = PlannerSettings(
            n_ctx=min(cs.n_ctx, model.n_ctx),
            reply_reserve=min(cs.reply_reserve, model.n_ctx // 2) + overhead,
            policy=cs.policy,
            high_water=cs.high_water,
            low_water=cs.low_water,
            summary_tokens=min(200, model.n_ctx // 8),
            exact=model.exact_counts,
            keep_reasoning=model.renders_reasoning,
        )
        return ContextPlanner(self.counter, settings, self._plans.memo, self.store.images)

    def _turn_context(self, branch: Sequence[Message]) -> TurnContext | None:
        question = next((m.content for m in reversed(branch) if m.role == "user"), "")
        for provider in self.providers:
            context = provider.context_for(self.conversation_id, question)
            if context is not None and context.parts:
                return context
        return None

    def preview(self) -> ContextPlan:
        """The plan as it stands, for display: nothing is summarized or generated."""
        planner = self._planner()
        conv = self.store.conversation(self.conversation_id)
        branch = self.store.branch(self.conversation_id)
        return planner.plan(
            conv.settings.system_prompt, branch, self.store.latest_summary(self.conversation_id)
        )

    def preview_messages(self) -> list[PromptMessage]:
        """The whole branch as one prompt, nothing left out (what the planner starts from)."""
        cs = self.store.conversation(self.conversation_id).settings
        branch = self.store.branch(self.conversation_id)
        summary = self.store.latest_summary(self.conversation_id)
        return build_messages(
            cs.system_prompt, summary.content if summary else None, split_turns(branch)
        )

    def plan(self, events: TurnEvents | None = None, defer_summary: bool = True) -> ContextPlan:
        """The context plan for replying to the current branch.

        Past the high-water mark the oldest turns are folded into the summary. While the whole
        conversation still fits, that can wait (``defer_summary``): the reply goes first and
        ``prepare_summary`` does it between turns; when it does not fit, it is done now.
        """
        cs = self.store.conversation(self.conversation_id).settings
        planner = self._planner()
        branch = self.store.branch(self.conversation_id)
        context = self._turn_context(branch)
        summary = self.store.latest_summary(self.conversation_id)
        plan = planner.plan(cs.system_prompt, branch, summary, context)
        request = plan.summary_request
        if request is None or (defer_summary and not plan.rolled):
            return plan
        try:
            self._summarize(request, planner.settings.summary_tokens, events)
        except SummarizeFailed as exc:
            planner.settings.policy = "rolling"
            plan = planner.plan(cs.system_prompt, branch, request.previous, context)
            plan.notice = f"Summarizing failed ({exc}); older turns were left out instead."
            plan.notice_code = "summary_failed"
            return plan
        plan = planner.plan(
            cs.system_prompt, branch, self.store.latest_summary(self.conversation_id), context
        )
        plan.summary_request = None  # one summary per turn; whatever remains is rolled
        n = len(request.turns)
        plan.notice = f"{n} older turn{'s' if n != 1 else ''} summarized."
        plan.notice_code, plan.notice_count = "summarized", n
        return plan

    def replan(self, with_tools: bool = True) -> ContextPlan:
        """The plan for the next step of a turn (after tool results): no summarizing mid-turn.
        ``with_tools=False``: without room kept for the tools' descriptions (a last step that
        offers none)."""
        cs = self.store.conversation(self.conversation_id).settings
        branch = self.store.branch(self.conversation_id)
        summary = self.store.latest_summary(self.conversation_id)
        planner = self._planner(with_tools)
        plan = planner.plan(cs.system_prompt, branch, summary, self._turn_context(branch))
        plan.summary_request = None
        return plan

    def prepare_summary(self, events: TurnEvents | None = None) -> int:
        """Between turns: fold into the summary what the next turn would have to.

        Returns how many messages were summarized (0: nothing due). Raises SummarizeFailed,
        also when cancelled (``Engine.cancel``); the conversation is unchanged then.
        """
        cs = self.store.conversation(self.conversation_id).settings
        branch = self.store.branch(self.conversation_id)
        if cs.policy != "summarize" or not branch or branch[-1].role == "user":
            return 0
        planner = self._planner()
        summary = self.store.latest_summary(self.conversation_id)
        plan = planner.plan(cs.system_prompt, branch, summary)
        if plan.summary_request is None:
            return 0
        self._summarize(plan.summary_request, planner.settings.summary_tokens, events)
        self._warm_cache(planner, cs.system_prompt, cs.sampling, branch)
        return len(plan.summary_request.message_ids)

    def _warm_cache(
        self,
        planner: ContextPlanner,
        system_prompt: str,
        sampling: SamplingSettings,
        branch: Sequence[Message],
    ) -> None:
        """Writing the summary left the summarizer's prompt in the model's KV cache. Evaluate
        the conversation as the next prompt will begin — summary, kept turns, up to the end of
        the last reply — so that the next turn evaluates only its new message. Optional work:
        a failure or a cancel (the user sent meanwhile) changes nothing."""
        summary = self.store.latest_summary(self.conversation_id)
        try:
            messages = planner.plan(system_prompt, branch, summary).messages
        except ContextError:
            return
        if not messages or messages[-1]["role"] != "assistant":
            return
        request = GenerationRequest(
            sampling=dataclasses.replace(sampling, max_tokens=1), continue_last=True
        )
        with contextlib.suppress(EngineError):
            self.engine.generate(messages, request)

    def _summarize(
        self, request: SummaryRequest, max_tokens: int, events: TurnEvents | None
    ) -> None:
        """Write and store the summary ``request`` asks for; raises SummarizeFailed."""
        if events is not None and events.on_summarizing is not None:
            events.on_summarizing(len(request.message_ids))
        model = require_model(self.engine)
        previous = request.previous
        started = time.perf_counter()
        text = summarize(
            self.engine, previous.content if previous else None, request.turns, max_tokens
        )
        covered = [*(previous.covered_ids if previous else ()), *request.message_ids]
        self.store.add_summary(self.conversation_id, covered, text, model.name)
        self.last_summary_s = time.perf_counter() - started

    def can_continue(self, message_id: int) -> bool:
        """An unfinished reply at the end of the branch: cut off, stopped or interrupted."""
        m = self.store.message(message_id)
        branch = self.store.branch(self.conversation_id)
        if m.role != "assistant" or not branch or branch[-1].id != message_id:
            return False
        stopped = (m.stats or {}).get("stop_reason") in ("length", "context_full")
        return bool(m.content.strip()) and (m.status in ("partial", "cancelled") or stopped)

    def continue_reply(self, message_id: int, events: TurnEvents | None = None) -> TurnResult:
        """Carry on writing an unfinished reply, in the same message."""
        if not self.can_continue(message_id):
            raise ValueError("only the newest unfinished reply can be continued")
        return self.reply(events, resume_id=message_id)

    def reply(self, events: TurnEvents | None = None, resume_id: int | None = None) -> TurnResult:
        """Reply to the current branch. Raises ContextError before anything is generated.

        With ``resume_id``, the newest message is an unfinished reply that the model continues.
        """
        events = events or TurnEvents()
        self.last_summary_s = 0.0
        self._stopped.clear()
        plan = self.plan(events)
        summary_s = self.last_summary_s
        if self._stopped.is_set():
            raise TurnStopped()
        if events.on_plan is not None:
            events.on_plan(plan)
        conv = self.store.conversation(self.conversation_id)
        model = require_model(self.engine)
        if conv.model != model.name:  # the model that wrote the latest reply (exports name it)
            self.store.set_model(self.conversation_id, model.name)
        tools = self._active_tools() if resume_id is None else []
        if tools:
            assert self.tools is not None
            looped = ToolLoop(self, self.tools, tools, events, self._stopped).run(plan)
            looped.summary_s = summary_s
            return looped
        if resume_id is None:
            writer = ReplyWriter(
                self.store, self.conversation_id, plan.included_ids[-1], model.name
            )
            if plan.sources:  # before the first token: the sources show while it streams
                self.store.update_message(writer.message_id, meta={meta.SOURCES: plan.sources})
        else:
            writer = ReplyWriter.resume(self.store, resume_id)
        if events.on_start is not None:
            events.on_start(writer.message_id)

        clock = ReasoningClock()

        def stream(text: str) -> None:
            clock.feed(text)
            writer.append(text)
            if events.on_text is not None:
                events.on_text(text)

        if resume_id is not None:  # the model goes on from the text as written, tags and all
            plan.messages = resumed_prompt(plan.messages, writer.prefix)
        request = GenerationRequest(
            sampling=conv.settings.sampling, continue_last=resume_id is not None
        )
        try:
            result = self.engine.generate(plan.messages, request, stream)
        except EngineError as exc:
            # A crash or a lost connection keeps what was shown, marked partial; other errors
            # mark the reply failed.
            status = "partial" if exc.kind in PARTIAL_KINDS else "error"
            writer.finish(status, {"error": exc.message, "error_kind": exc.kind})
            return TurnResult(writer.message_id, plan, None, exc, summary_s)
        status = "cancelled" if result.stop_reason == "cancelled" else "complete"
        split = split_reasoning(writer.prefix + result.text)
        reasoning = split.reasoning or result.reasoning
        extras = None
        if reasoning:  # kept beside what other features stored on the reply
            extras = dict(self.store.message(writer.message_id).meta or {})
            seconds = clock.seconds()
            if not split.reasoning:  # a remote engine's reasoning field, timed by the engine
                seconds = result.stats.get("reasoning_s", seconds)
            extras.update({meta.REASONING: reasoning, meta.REASONING_S: seconds})
        stats = {**result.stats, "summary_s": round(summary_s, 3)} if summary_s else result.stats
        try:
            writer.finish(status, stats, split.answer, extras, whole=True)
        except sqlite3.Error as exc:
            error = EngineError("save_failed", f"the reply could not be saved: {exc}")
            return TurnResult(writer.message_id, plan, result, error, summary_s)
        return TurnResult(writer.message_id, plan, result, None, summary_s)
