"""The context-window planner: which messages go into the next prompt, and what it costs.

Counts are exact: every decision is checked by counting the rendered prompt (chat template
included) with the loaded model's tokenizer. Per-message counts (cached per model) only guide
the search, so that a long conversation needs a handful of exact counts, not one per message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chatapp.core.store import Message, Summary

SUMMARY_HEADER = "Summary of the earlier conversation:"
ChatMessage = dict[str, str]


class TokenCounter(Protocol):
    def count_prompt(self, messages: list[ChatMessage]) -> int:
        """Tokens of the prompt these messages render to, template overhead included."""

    def count_messages(self, messages: Sequence[Message]) -> list[int]:
        """Tokens of each message's text (may be cached)."""


class ContextError(Exception):
    """The next prompt cannot be built; the message says why and what to do, for the user."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "too_long" (one message) or "full" (policy stop)


@dataclass(frozen=True)
class Turn:
    messages: tuple[Message, ...]

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.messages]

    @property
    def pinned(self) -> bool:
        return any(m.pinned for m in self.messages)


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
    messages: list[ChatMessage]  # what the model will see
    included_ids: list[int]
    outside_ids: list[int]  # on disk and on screen, but not in the prompt
    summarized_ids: list[int]  # outside, but represented by the summary
    dropped_ids: list[int]  # outside and not represented
    prompt_tokens: int
    system_tokens: int
    summary_tokens: int
    history_tokens: int
    reserve: int
    n_ctx: int
    summary: Summary | None = None
    summary_request: SummaryRequest | None = None
    notice: str | None = None
    policy: str = "summarize"

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

    @property
    def budget(self) -> int:
        return self.n_ctx - self.reply_reserve


def split_turns(messages: Sequence[Message]) -> list[Turn]:
    """A turn is a user message and the replies after it (a leading reply is its own turn)."""
    turns: list[list[Message]] = []
    for m in messages:
        if m.role == "system":
            continue  # the conversation's system prompt is a setting, not a message
        if m.role == "user" or not turns:
            turns.append([m])
        else:
            turns[-1].append(m)
    return [Turn(tuple(t)) for t in turns]


def system_text(system_prompt: str, summary: str | None) -> str:
    parts = [system_prompt.strip()] if system_prompt.strip() else []
    if summary and summary.strip():
        parts.append(f"{SUMMARY_HEADER}\n{summary.strip()}")
    return "\n\n".join(parts)


def build_messages(
    system_prompt: str, summary: str | None, turns: Sequence[Turn]
) -> list[ChatMessage]:
    out: list[ChatMessage] = []
    text = system_text(system_prompt, summary)
    if text:
        out.append({"role": "system", "content": text})
    out.extend(m.as_chat() for t in turns for m in t.messages)
    return out


@dataclass
class _Layout:
    """One candidate prompt: the summary and the turns kept, in order."""

    summary: Summary | None
    kept: list[Turn]
    outside: list[Turn] = field(default_factory=list)


class ContextPlanner:
    def __init__(self, counter: TokenCounter, settings: PlannerSettings) -> None:
        self.counter = counter
        self.settings = settings
        # Exact counts are round trips to the runtime; one plan asks for the same prompt more
        # than once (the report, the estimates, the policy), so remember them for one plan.
        self._counts: dict[tuple[tuple[str, str], ...], int] = {}

    def plan(
        self,
        system_prompt: str,
        branch: Sequence[Message],
        summary: Summary | None = None,
    ) -> ContextPlan:
        s = self.settings
        self._counts.clear()
        turns = split_turns(branch)
        if not turns:
            raise ContextError("empty", "there is nothing to reply to")
        summary = self._applicable(summary, turns)
        covered = set(summary.covered_ids) if summary else set()
        summarized = [t for t in turns if set(t.ids) <= covered and not t.pinned]
        live = [t for t in turns if t not in summarized]
        if not live:  # the summary covers the newest message: it cannot stand in for it
            summary, summarized, live = None, [], turns
        self._check_last_turn(system_prompt, live[-1])

        full = self._count(system_prompt, summary, live)
        if s.policy == "stop":
            if full > s.budget:
                raise ContextError(
                    "full",
                    f"This conversation needs {full} tokens, but the context holds {s.budget} "
                    f"(context length {s.n_ctx} minus {s.reply_reserve} kept for the reply). "
                    "Start a new chat, raise the context length, or choose the rolling or "
                    "summarize policy.",
                )
            return self._report(system_prompt, _Layout(summary, live, summarized), full)

        if s.policy == "summarize" and full > s.high_water * s.budget:
            request = self._summary_request(system_prompt, summary, live, full)
            if request is not None:
                plan = self._report(system_prompt, _Layout(summary, live, summarized), full)
                plan.summary_request = request
                if full <= s.budget:
                    return plan  # fits for now; the summary keeps the next turns fast
                # Over budget: until the summary exists, this is the rolling plan.
                rolled = self._rolling(system_prompt, summary, live, summarized)
                rolled.summary_request = request
                return rolled

        if full <= s.budget:
            return self._report(system_prompt, _Layout(summary, live, summarized), full)
        return self._rolling(system_prompt, summary, live, summarized)

    # --- policies -----------------------------------------------------------------------

    def _rolling(
        self,
        system_prompt: str,
        summary: Summary | None,
        live: list[Turn],
        summarized: list[Turn],
    ) -> ContextPlan:
        budget = self.settings.budget
        estimates = self._turn_estimates(system_prompt, summary, live)
        total = sum(estimates) + self._count(system_prompt, summary, [])
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
            exact = self._count(system_prompt, summary, kept)
            if exact <= budget:
                break
            more = [i for i in droppable if i not in dropped]
            if not more:
                raise ContextError(
                    "too_long",
                    f"The pinned messages and your message need {exact} tokens, but the context "
                    f"holds {budget}. Unpin something, shorten the message or raise the context "
                    "length.",
                )
            dropped.add(more[0])
        outside = summarized + [live[i] for i in sorted(dropped)]
        plan = self._report(system_prompt, _Layout(summary, kept, outside), exact)
        n = len(dropped)
        plan.notice = f"{n} older turn{'s' if n != 1 else ''} left out of the context window."
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

    # --- counting -----------------------------------------------------------------------

    def _count(self, system_prompt: str, summary: Summary | None, turns: Sequence[Turn]) -> int:
        text = summary.content if summary else None
        messages = build_messages(system_prompt, text, turns)
        if not messages:
            return 0
        key = tuple((m["role"], m["content"]) for m in messages)
        if key not in self._counts:
            self._counts[key] = self.counter.count_prompt(messages)
        return self._counts[key]

    def _turn_estimates(
        self, system_prompt: str, summary: Summary | None, turns: list[Turn]
    ) -> list[int]:
        """Estimated tokens per turn: its text plus an even share of the template overhead."""
        flat = [m for t in turns for m in t.messages]
        counts = self.counter.count_messages(flat)
        full = self._count(system_prompt, summary, turns)
        base = self._count(system_prompt, summary, [])
        overhead = max(0.0, (full - base - sum(counts)) / max(1, len(flat)))
        out, i = [], 0
        for t in turns:
            n = len(t.messages)
            out.append(int(sum(counts[i : i + n]) + overhead * n + 0.5))
            i += n
        return out

    def _check_last_turn(self, system_prompt: str, last: Turn) -> None:
        s = self.settings
        needed = self._count(system_prompt, None, [last])
        if needed > s.budget:
            raise ContextError(
                "too_long",
                f"Your message needs {needed} tokens with the system prompt, but the context "
                f"holds {s.budget} (context length {s.n_ctx} minus {s.reply_reserve} kept for "
                "the reply). Shorten it, split it, or raise the context length. Nothing was cut.",
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
        system_tokens = self._count(system_prompt, None, [])
        with_summary = self._count(system_prompt, layout.summary, [])
        summary_tokens = with_summary - system_tokens if layout.summary else 0
        summarized_ids = (
            [i for t in layout.outside for i in t.ids if i in set(layout.summary.covered_ids)]
            if layout.summary
            else []
        )
        outside_ids = [i for t in layout.outside for i in t.ids]
        return ContextPlan(
            messages=build_messages(
                system_prompt, layout.summary.content if layout.summary else None, layout.kept
            ),
            included_ids=[i for t in layout.kept for i in t.ids],
            outside_ids=outside_ids,
            summarized_ids=summarized_ids,
            dropped_ids=[i for i in outside_ids if i not in set(summarized_ids)],
            prompt_tokens=prompt_tokens,
            system_tokens=system_tokens,
            summary_tokens=summary_tokens,
            history_tokens=max(0, prompt_tokens - with_summary),
            reserve=s.reply_reserve,
            n_ctx=s.n_ctx,
            summary=layout.summary,
            policy=s.policy,
        )
