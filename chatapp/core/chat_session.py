"""One conversation's turns: commit, plan the context, summarize if needed, generate, save.

Runs on a worker thread (never the GUI thread); the model is reached through ``ModelBackend``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chatapp.core.backend import BackendError, GenerationResult, ModelBackend
from chatapp.core.context import ContextPlan, ContextPlanner, PlannerSettings, split_turns
from chatapp.core.reply_writer import ReplyWriter
from chatapp.core.store import Message, Store
from chatapp.core.summarizer import SummarizeFailed, summarize


class CachedCounter:
    """Exact prompt counts from the backend; per-message counts cached in the store per model."""

    def __init__(self, backend: ModelBackend, store: Store) -> None:
        self.backend = backend
        self.store = store
        self._memory: dict[int, int] = {}

    def count_prompt(self, messages: list[dict[str, str]]) -> int:
        return self.backend.count_prompt(messages)

    def count_messages(self, messages: Sequence[Message]) -> list[int]:
        key = self.backend.model_key
        missing = [m.id for m in messages if m.id not in self._memory]
        if missing:
            self._memory.update(self.store.token_counts(missing, key))
        todo = [m for m in messages if m.id not in self._memory]
        if todo:
            counts = self.backend.count_texts([m.content for m in todo])
            fresh = {m.id: n for m, n in zip(todo, counts, strict=True)}
            # Partial replies still grow: only settled messages go to the shared cache.
            self.store.save_token_counts(
                {m.id: fresh[m.id] for m in todo if m.status != "partial"}, key
            )
            self._memory.update(fresh)
        return [self._memory[m.id] for m in messages]


@dataclass
class TurnResult:
    message_id: int
    plan: ContextPlan
    result: GenerationResult | None
    error: BackendError | None = None


class ChatSession:
    def __init__(self, store: Store, backend: ModelBackend, conversation_id: int) -> None:
        self.store = store
        self.backend = backend
        self.conversation_id = conversation_id
        self.counter = CachedCounter(backend, store)

    # --- what the user does -------------------------------------------------------------

    def send(
        self,
        text: str,
        on_text: Callable[[str], None] | None = None,
        on_plan: Callable[[ContextPlan], None] | None = None,
    ) -> TurnResult:
        """Commit the user's message first, then reply to it."""
        self.store.add_message(self.conversation_id, "user", text)
        return self.reply(on_text, on_plan)

    def regenerate(
        self, assistant_id: int, on_text: Callable[[str], None] | None = None
    ) -> TurnResult:
        """A new reply beside ``assistant_id``; the old one stays as an alternative."""
        old = self.store.message(assistant_id)
        if old.parent_id is None:
            raise ValueError("this reply answers nothing")
        self.store.set_current_leaf(self.conversation_id, old.parent_id)
        return self.reply(on_text)

    def edit_and_resend(
        self, user_id: int, text: str, on_text: Callable[[str], None] | None = None
    ) -> TurnResult:
        """A new branch from the edited message; the old branch stays reachable."""
        old = self.store.message(user_id)
        self.store.add_message(self.conversation_id, "user", text, parent_id=old.parent_id)
        return self.reply(on_text)

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
        tokens = min(200, self.backend.n_ctx // 8)
        text = summarize(self.backend, None, turns, tokens)
        return self.store.add_summary(
            self.conversation_id, current.covered_ids, text, self.backend.model_name
        )

    # --- the turn -----------------------------------------------------------------------

    def preview(self) -> ContextPlan:
        """The plan as it stands, for display: nothing is summarized or generated."""
        _settings, planner = self._planner()
        conv = self.store.conversation(self.conversation_id)
        branch = self.store.branch(self.conversation_id)
        return planner.plan(
            conv.settings.system_prompt, branch, self.store.latest_summary(self.conversation_id)
        )

    def _planner(self) -> tuple[PlannerSettings, ContextPlanner]:
        cs = self.store.conversation(self.conversation_id).settings
        settings = PlannerSettings(
            n_ctx=min(cs.n_ctx, self.backend.n_ctx),
            reply_reserve=min(cs.reply_reserve, self.backend.n_ctx // 2),
            policy=cs.policy,
            high_water=cs.high_water,
            low_water=cs.low_water,
            summary_tokens=min(200, self.backend.n_ctx // 8),
        )
        return settings, ContextPlanner(self.counter, settings)

    def plan(self) -> ContextPlan:
        """The context plan for replying to the current branch, summarizing first if asked."""
        conv = self.store.conversation(self.conversation_id)
        cs = conv.settings
        settings, planner = self._planner()
        branch = self.store.branch(self.conversation_id)
        plan = planner.plan(
            cs.system_prompt, branch, self.store.latest_summary(self.conversation_id)
        )
        request = plan.summary_request
        if request is None:
            return plan
        previous = request.previous
        try:
            text = summarize(
                self.backend,
                previous.content if previous else None,
                request.turns,
                settings.summary_tokens,
            )
        except SummarizeFailed as exc:
            settings.policy = "rolling"
            plan = planner.plan(cs.system_prompt, branch, previous)
            plan.notice = f"Summarizing failed ({exc}); older turns were left out instead."
            return plan
        covered = [*(previous.covered_ids if previous else ()), *request.message_ids]
        self.store.add_summary(self.conversation_id, covered, text, self.backend.model_name)
        plan = planner.plan(
            cs.system_prompt, branch, self.store.latest_summary(self.conversation_id)
        )
        plan.summary_request = None  # one summary per turn; whatever remains is rolled
        n = len(request.turns)
        plan.notice = f"{n} older turn{'s' if n != 1 else ''} summarized."
        return plan

    def reply(
        self,
        on_text: Callable[[str], None] | None = None,
        on_plan: Callable[[ContextPlan], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> TurnResult:
        """Reply to the current branch. ``on_start`` gets the new reply's message id."""
        plan = self.plan()  # raises ContextError before anything is generated
        if on_plan is not None:
            on_plan(plan)
        branch_leaf = plan.included_ids[-1]
        conv = self.store.conversation(self.conversation_id)
        writer = ReplyWriter(self.store, self.conversation_id, branch_leaf, self.backend.model_name)
        if on_start is not None:
            on_start(writer.message_id)

        def stream(text: str) -> None:
            writer.append(text)
            if on_text is not None:
                on_text(text)

        try:
            result = self.backend.generate(plan.messages, conv.settings.sampling, stream)
        except BackendError as exc:
            # A crash keeps what was shown, marked partial; other errors mark the reply failed.
            status = "partial" if exc.kind == "crashed" else "error"
            writer.finish(status, {"error": exc.message})
            return TurnResult(writer.message_id, plan, None, exc)
        status = "cancelled" if result.stop_reason == "cancelled" else "complete"
        try:
            writer.finish(status, result.stats, result.text)
        except sqlite3.Error as exc:
            error = BackendError("save_failed", f"the reply could not be saved: {exc}")
            return TurnResult(writer.message_id, plan, result, error)
        return TurnResult(writer.message_id, plan, result)
