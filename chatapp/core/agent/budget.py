"""What an agent task may spend: steps, wall time and tokens; and which one ran out."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

STEPS, TIME, TOKENS = "steps", "time", "tokens"
STOPPED = "stopped"  # the user stopped the task
MAX_STEPS = 64


@dataclass(frozen=True)
class AgentBudget:
    steps: int = 8  # tool rounds before the model must answer
    wall_s: float = 600.0  # seconds from the start of the task
    tokens: int = 16384  # tokens the model writes in all steps (thoughts, calls, answers)

    def validate(self) -> None:
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"the step budget must be between 1 and {MAX_STEPS}")
        if not self.wall_s > 0:
            raise ValueError("the time budget must be more than 0 seconds")
        if self.tokens < 1:
            raise ValueError("the token budget must be at least 1 token")

    def describe(self, reason: str) -> str:
        """The budget that ended a task, in a sentence's words: "the step budget (8 steps)"."""
        if reason == STEPS:
            return f"the step budget ({self.steps} step{'s' if self.steps != 1 else ''})"
        if reason == TIME:
            return f"the time budget ({self.wall_s:g} s)"
        if reason == TOKENS:
            return f"the token budget ({self.tokens:,} tokens)"
        return "a stop"


@dataclass
class BudgetMeter:
    """Spending against a budget, from the start of a task."""

    budget: AgentBudget
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=0.0)
    steps: int = 0
    tokens: int = 0

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def elapsed_s(self) -> float:
        return self.clock() - self.started

    def spend(self, stats: Mapping[str, Any]) -> None:
        """A generation's written tokens (hidden decisions included)."""
        written = int(stats.get("completion_tokens") or 0) + int(stats.get("hidden_tokens") or 0)
        self.tokens += written

    def ended(self) -> str | None:
        """The budget that has run out, or None: steps first, then time, then tokens."""
        if self.steps >= self.budget.steps:
            return STEPS
        if self.elapsed_s >= self.budget.wall_s:
            return TIME
        if self.tokens >= self.budget.tokens:
            return TOKENS
        return None
