"""The plan of an agent step: the session's planner over the branch with old observations
compacted (observations.py), level by level, until it fits without leaving turns out.

Per-message counts are cached by message id; a compacted message is counted by its new text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chatapp.core.agent.observations import LEVELS, compacted, task_start
from chatapp.core.chat.planner import ContextError, ContextPlan, ContextPlanner, TokenCounter
from chatapp.core.chat.store import Message, PromptMessage

if TYPE_CHECKING:
    from chatapp.core.chat.session import ChatSession


@dataclass
class CompactCounter:
    """The session's counter, except for compacted messages (counted by their text)."""

    base: TokenCounter
    changed: dict[int, str] = field(default_factory=dict)  # message id → compacted text
    _counts: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return self.base.exact

    def count_prompt(self, messages: list[PromptMessage]) -> int:
        return self.base.count_prompt(messages)

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        return self.base.count_texts(texts)

    def count_images(self, messages: Sequence[Message]) -> list[int]:
        return self.base.count_images(messages)

    def count_messages(self, messages: Sequence[Message]) -> list[int]:
        plain = [m for m in messages if self.changed.get(m.id) != m.content]
        counts = dict(zip([m.id for m in plain], self.base.count_messages(plain), strict=True))
        todo = [m for m in messages if m.id not in counts and (m.id, m.content) not in self._counts]
        if todo:
            fresh = self.base.count_texts([m.content for m in todo])
            self._counts.update({(m.id, m.content): n for m, n in zip(todo, fresh, strict=True)})
        return [counts.get(m.id, self._counts.get((m.id, m.content), 0)) for m in messages]


def plan_step(session: ChatSession, extra_reserve: int = 0) -> tuple[ContextPlan, int]:
    """The plan for the task's next step, and the compaction level it needed (0: none).

    ``extra_reserve``: tokens the engine adds to the prompt besides the planned messages (the
    agent's note, the ReAct instruction and examples)."""
    store, cid = session.store, session.conversation_id
    settings = store.conversation(cid).settings
    branch = store.branch(cid)
    start = task_start(branch)
    summary = store.latest_summary(cid)
    base = session._planner()
    counter = CompactCounter(base.counter)
    reserve = base.settings.reply_reserve + extra_reserve
    planner_settings = dataclasses.replace(base.settings, reply_reserve=reserve)
    planner = ContextPlanner(counter, planner_settings, base.memo, base.images)
    error: ContextError | None = None
    fallback: tuple[ContextPlan, int] | None = None
    for level in range(LEVELS):
        messages = compacted(branch, start, level)
        originals = {m.id: m.content for m in branch}
        counter.changed = {m.id: m.content for m in messages if originals[m.id] != m.content}
        try:
            plan = planner.plan(settings.system_prompt, messages, summary)
        except ContextError as exc:
            if exc.kind != "too_long":
                raise
            error = exc
            continue
        plan.summary_request = None  # no summarizing in the middle of a task
        if not plan.rolled:
            return plan, level
        fallback = (plan, level)  # earlier turns left out: see whether compacting spares them
    if fallback is not None:
        return fallback
    assert error is not None
    raise error
