"""The context-window planner: which messages go into the next prompt, and what it costs.

A prompt is made of typed segments: the system prompt, the running summary, context supplied
for this turn (retrieved documents), and the turns themselves (user, assistant and tool
messages). Every decision is checked by counting the rendered prompt (chat template included)
with the engine; per-message counts (cached per model) only guide the search. An ordinary turn
costs one count: the system prompt's and the summary's counts are remembered across turns, and
the last turn is checked on its own only when the whole prompt does not fit.

With an engine whose counts are estimates (``exact`` false), the budget keeps a safety margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from chatapp.core.chat.count_memo import CountMemo
from chatapp.core.chat.prompt_parts import (
    Turn,
    TurnContext,
    build_messages,
    context_text,
    prompt_message,
    split_turns,
)
from chatapp.core.chat.store import Message, PromptMessage, Summary
from chatapp.core.images.image_store import ImageStore
from chatapp.core.images.prompt_images import with_paths

# With estimated counts, this share of the budget stays free in case the estimate is low.
ESTIMATE_MARGIN = 0.10
# Also importable from here: the prompt's parts (prompt_parts.py) and the count memo.
__all__ = [
    "ContextError", "ContextPlan", "ContextPlanner", "CountMemo", "PlannerSettings",
    "SummaryRequest", "TokenCounter", "Turn", "TurnContext", "build_messages",
    "prompt_message", "split_turns",
]  # fmt: skip
SEGMENT_KINDS = ("system", "summary", "documents", "tools", "images", "history")


class TokenCounter(Protocol):
    @property
    def exact(self) -> bool:
        """Counts come from the model's own tokenizer (not an estimate)."""

    def count_prompt(self, messages: list[PromptMessage]) -> int:
        """Tokens of the prompt these messages render to, template overhead included."""

    def count_messages(self, messages: Sequence[Message]) -> list[int]:
        """Tokens of each message's text (may be cached)."""

    def count_texts(self, texts: Sequence[str]) -> list[int]: ...

    def count_images(self, messages: Sequence[Message]) -> list[int]:
        """Tokens each message's images take."""


class ContextError(Exception):
    """The next prompt cannot be built; ``kind`` and ``params`` let the UI word it."""

    def __init__(self, kind: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.kind = kind  # "too_long" (one message), "full" (policy stop) or "empty"
        self.params = params


@dataclass
class SummaryRequest:
    """The planner wants these turns folded into the running summary before replying."""

    previous: Summary | None
    turns: list[Turn]

    @property
    def message_ids(self) -> list[int]:
        return [i for t in self.turns for i in t.ids]


@dataclass
class ContextPlan:
    messages: list[PromptMessage]  # what the model will see
    included_ids: list[int]
    outside_ids: list[int]  # on disk and on screen, but not in the prompt
    summarized_ids: list[int]  # outside, but represented by the summary
    dropped_ids: list[int]  # outside and not represented
    prompt_tokens: int
    segments: dict[str, int]  # tokens per kind (SEGMENT_KINDS); they add up to prompt_tokens
    reserve: int
    n_ctx: int
    exact: bool = True
    summary: Summary | None = None
    summary_request: SummaryRequest | None = None
    notice: str | None = None  # in English (the CLI); the window words it from the two below
    notice_code: str = ""  # "left_out", "summarized" or "summary_failed"
    notice_count: int = 0  # the turns it is about
    policy: str = "summarize"
    context_parts: int = 0  # how many parts of the turn context were kept
    rolled: bool = False  # turns were left out because the whole conversation did not fit
    sources: list[dict[str, Any]] = field(default_factory=list)  # of the kept parts

    @property
    def system_tokens(self) -> int:
        return self.segments.get("system", 0)

    @property
    def summary_tokens(self) -> int:
        return self.segments.get("summary", 0)

    @property
    def history_tokens(self) -> int:
        return self.segments.get("history", 0) + self.segments.get("tools", 0)

    @property
    def free_tokens(self) -> int:
        return max(0, self.n_ctx - self.reserve - self.prompt_tokens)


@dataclass
class PlannerSettings:
    n_ctx: int
    reply_reserve: int = 512
    policy: str = "summarize"
    high_water: float = 0.85
    low_water: float = 0.50
    summary_tokens: int = 200  # the most a summary may take
    exact: bool = True
    keep_reasoning: bool = False  # the chat template renders earlier reasoning itself

    @property
    def budget(self) -> int:
        room = self.n_ctx - self.reply_reserve
        return room if self.exact else int(room * (1 - ESTIMATE_MARGIN))


@dataclass
class _Layout:
    """One candidate prompt: the summary, the turns kept, and the turn context kept."""

    summary: Summary | None
    kept: list[Turn]
    outside: list[Turn] = field(default_factory=list)
    context_parts: int = 0


class ContextPlanner:
    def __init__(
        self,
        counter: TokenCounter,
        settings: PlannerSettings,
        memo: CountMemo | None = None,
        images: ImageStore | None = None,
    ) -> None:
        self.images = images  # where the plan's images are, for the engine (prompt_images.py)
        self.counter = counter
        self.settings = settings
        self.memo = memo or CountMemo()
        self._context: TurnContext | None = None

    def plan(
        self,
        system_prompt: str,
        branch: Sequence[Message],
        summary: Summary | None = None,
        context: TurnContext | None = None,
    ) -> ContextPlan:
        s = self.settings
        self._context = context
        turns = split_turns(branch)
        if not turns:
            raise ContextError("empty", "there is nothing to reply to")
        summary = self._applicable(summary, turns)
        covered = set(summary.covered_ids) if summary else set()
        summarized = [t for t in turns if set(t.ids) <= covered and not t.pinned]
        live = [t for t in turns if t not in summarized]
        if not live:  # the summary covers the newest message: it cannot stand in for it
            summary, summarized, live = None, [], turns

        parts = self._context_parts(system_prompt, live[-1])
        full = self._count(system_prompt, summary, live, parts)
        if full > s.budget:
            self._check_last_turn(system_prompt, live[-1])
        if s.policy == "stop":
            if full > s.budget:
                raise ContextError(
                    "full",
                    f"This conversation needs {full} tokens, but the context holds {s.budget} "
                    f"(context length {s.n_ctx} minus {s.reply_reserve} kept for the reply). "
                    "Start a new chat, raise the context length, or choose the rolling or "
                    "summarize policy.",
                    needed=full,
                    budget=s.budget,
                    n_ctx=s.n_ctx,
                    reserve=s.reply_reserve,
                )
            return self._report(system_prompt, _Layout(summary, live, summarized, parts), full)

        if s.policy == "summarize" and full > s.high_water * s.budget:
            request = self._summary_request(system_prompt, summary, live, full)
            if request is not None:
                layout = _Layout(summary, live, summarized, parts)
                if full <= s.budget:
                    plan = self._report(system_prompt, layout, full)
                    plan.summary_request = request
                    return plan  # fits for now; the summary keeps the next turns fast
                # Over budget: until the summary exists, this is the rolling plan.
                rolled = self._rolling(system_prompt, summary, live, summarized, parts)
                rolled.summary_request = request
                return rolled

        if full <= s.budget:
            return self._report(system_prompt, _Layout(summary, live, summarized, parts), full)
        return self._rolling(system_prompt, summary, live, summarized, parts)

    # --- policies -----------------------------------------------------------------------

    def _rolling(
        self,
        system_prompt: str,
        summary: Summary | None,
        live: list[Turn],
        summarized: list[Turn],
        parts: int,
    ) -> ContextPlan:
        budget = self.settings.budget
        estimates = self._turn_estimates(system_prompt, summary, live)
        total = sum(estimates) + self._count(system_prompt, summary, [], 0)
        total += self._count(system_prompt, None, live[-1:], parts) - self._count(
            system_prompt, None, live[-1:], 0
        )
        droppable = [i for i, t in enumerate(live[:-1]) if not t.pinned]
        dropped: set[int] = set()
        # Jump close using the estimates, then confirm with exact counts one turn at a time.
        for i in droppable:
            if total <= budget:
                break
            dropped.add(i)
            total -= estimates[i]
        while True:
            kept = [t for i, t in enumerate(live) if i not in dropped]
            exact = self._count(system_prompt, summary, kept, parts)
            if exact <= budget:
                break
            more = [i for i in droppable if i not in dropped]
            if not more:
                if parts > 0:  # the turn's context gives way before the pinned messages
                    parts -= 1
                    continue
                raise ContextError(
                    "too_long",
                    f"The pinned messages and your message need {exact} tokens, but the context "
                    f"holds {budget}. Unpin something, shorten the message or raise the context "
                    "length.",
                    needed=exact,
                    budget=budget,
                    pinned=True,
                )
            dropped.add(more[0])
        outside = summarized + [live[i] for i in sorted(dropped)]
        plan = self._report(system_prompt, _Layout(summary, kept, outside, parts), exact)
        plan.rolled = bool(dropped)
        n = len(dropped)
        plan.notice = f"{n} older turn{'s' if n != 1 else ''} left out of the context window."
        plan.notice_code, plan.notice_count = "left_out", n
        return plan

    def _summary_request(
        self, system_prompt: str, summary: Summary | None, live: list[Turn], full: int
    ) -> SummaryRequest | None:
        """Pick the oldest turns whose removal brings the prompt under the low-water mark."""
        s = self.settings
        target = s.low_water * s.budget
        estimates = self._turn_estimates(system_prompt, summary, live)
        grow = 0 if summary else s.summary_tokens  # a first summary adds its own length
        total = full + grow
        chosen: list[Turn] = []
        for turn, size in zip(live[:-1], estimates[:-1], strict=True):
            if total <= target:
                break
            if turn.pinned:
                continue
            chosen.append(turn)
            total -= size
        return SummaryRequest(summary, chosen) if chosen else None

    # --- the turn's context -------------------------------------------------------------

    def _context_parts(self, system_prompt: str, last: Turn) -> int:
        """How many parts of the turn context fit its budget (never crowding out the turn)."""
        context = self._context
        if context is None or not context.parts:
            return 0
        sizes = self.counter.count_texts(list(context.parts))
        header = self.counter.count_texts([context.header])[0] if context.header else 0
        s = self.settings
        base = self._count(system_prompt, None, [last], 0)
        room = min(context.max_tokens, s.budget - base) - header
        kept, used = 0, 0
        for size in sizes:
            if used + size + 2 > room:
                break
            used += size + 2  # the blank line between parts
            kept += 1
        return kept

    # --- counting -----------------------------------------------------------------------

    def _count(
        self,
        system_prompt: str,
        summary: Summary | None,
        turns: Sequence[Turn],
        parts: int,
    ) -> int:
        text = summary.content if summary else None
        messages = build_messages(
            system_prompt,
            text,
            turns,
            context_text(self._context, parts),
            self.settings.keep_reasoning,
        )
        if not messages:
            return 0
        key = CountMemo.key(messages)
        cached = self.memo.get(key)
        if cached is None:
            cached = self.counter.count_prompt(messages)
            self.memo.put(key, cached)
        return cached

    def _turn_estimates(
        self, system_prompt: str, summary: Summary | None, turns: list[Turn]
    ) -> list[int]:
        """Estimated tokens per turn: its text plus an even share of the template overhead."""
        flat = [m for t in turns for m in t.messages]
        counts = self.counter.count_messages(flat)
        full = self._count(system_prompt, summary, turns, 0)
        base = self._count(system_prompt, summary, [], 0)
        overhead = max(0.0, (full - base - sum(counts)) / max(1, len(flat)))
        out, i = [], 0
        for t in turns:
            n = len(t.messages)
            out.append(int(sum(counts[i : i + n]) + overhead * n + 0.5))
            i += n
        return out

    def _check_last_turn(self, system_prompt: str, last: Turn) -> None:
        s = self.settings
        needed = self._count(system_prompt, None, [last], 0)
        if needed > s.budget:
            raise ContextError(
                "too_long",
                f"Your message needs {needed} tokens with the system prompt, but the context "
                f"holds {s.budget} (context length {s.n_ctx} minus {s.reply_reserve} kept for "
                "the reply). Shorten it, split it, or raise the context length. Nothing was cut.",
                needed=needed,
                budget=s.budget,
                n_ctx=s.n_ctx,
                reserve=s.reply_reserve,
            )

    @staticmethod
    def _applicable(summary: Summary | None, turns: list[Turn]) -> Summary | None:
        """A summary stands for a prefix of this branch; after an edit above it, it does not."""
        if summary is None or not summary.covered_ids:
            return None
        ids = [i for t in turns for i in t.ids]
        covered = set(summary.covered_ids)
        if not covered <= set(ids):
            return None
        return summary

    def _report(self, system_prompt: str, layout: _Layout, prompt_tokens: int) -> ContextPlan:
        s = self.settings
        system_tokens = self._count(system_prompt, None, [], 0)
        with_summary = self._count(system_prompt, layout.summary, [], 0)
        summary_tokens = with_summary - system_tokens if layout.summary else 0
        rest = max(0, prompt_tokens - with_summary)
        documents = 0
        if layout.context_parts:
            without = self._count(system_prompt, layout.summary, layout.kept, 0)
            documents = max(0, prompt_tokens - without)
            rest = max(0, rest - documents)
        tools = self._tool_tokens(layout.kept, rest)
        kept = [m for t in layout.kept for m in t.messages]
        images = min(rest - tools, sum(self.counter.count_images(kept))) if kept else 0
        covered = set(layout.summary.covered_ids) if layout.summary else set()
        summarized_ids = [i for t in layout.outside for i in t.ids if i in covered]
        outside_ids = [i for t in layout.outside for i in t.ids]
        messages = build_messages(
            system_prompt,
            layout.summary.content if layout.summary else None,
            layout.kept,
            context_text(self._context, layout.context_parts),
            s.keep_reasoning,
        )
        return ContextPlan(
            messages=with_paths(messages, self.images) if self.images else messages,
            included_ids=[i for t in layout.kept for i in t.ids],
            outside_ids=outside_ids,
            summarized_ids=summarized_ids,
            dropped_ids=[i for i in outside_ids if i not in set(summarized_ids)],
            prompt_tokens=prompt_tokens,
            segments={
                "system": system_tokens,
                "summary": summary_tokens,
                "documents": documents,
                "tools": tools,
                "images": images,  # images of the kept turns (those left out go with them)
                "history": rest - tools - images,
            },
            reserve=s.reply_reserve,
            n_ctx=s.n_ctx,
            exact=s.exact,
            summary=layout.summary,
            policy=s.policy,
            context_parts=layout.context_parts,
            sources=list(self._context.sources[: layout.context_parts]) if self._context else [],
        )

    def _tool_tokens(self, kept: list[Turn], history: int) -> int:
        """The share of the history that tool calls and their results take."""
        tool_messages = [
            m
            for t in kept
            for m in t.messages
            if m.role == "tool" or (m.meta or {}).get("tool_calls")
        ]
        if not tool_messages:
            return 0
        counts = self.counter.count_messages(tool_messages)
        return min(history, sum(counts))
