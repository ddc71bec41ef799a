"""Old observations, shortened or left out so that a long task fits the context.

A task is one turn: its user message, then each step (an assistant message asking for tools)
and its observations (``tool`` messages). The planner can leave out earlier turns but never
part of the last one, so a task with many long results would overflow. Before the planner
sees the branch, observations older than the newest ``KEEP_WHOLE`` steps are compacted, more at
each level, until the plan fits without leaving turns out: the stored messages stay whole,
only the prompt changes. A left-out result keeps its message (a call without its result is
refused by OpenAI-style servers) with one line saying what it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from chatapp.core.chat import meta as mk
from chatapp.core.chat.store import Message

KEEP_WHOLE = 2  # the newest steps whose observations stay whole (until the last level)
SHORT_CHARS = 320
# 0: as stored; 1: older observations shortened; 2: older ones left out; 3: also the newest
# steps' observations shortened.
LEVELS = 4


def shortened(text: str, limit: int = SHORT_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = len(text) - limit
    return f"{text[:limit].rstrip()}… [{cut:,} more characters left out to save room]"


def left_out(message: Message) -> str:
    line = str(mk.get(message.meta, mk.TOOL_DISPLAY, "") or message.content[:80])
    return f"[this result was left out to save room: {' '.join(line.split())}]"


def step_of_each(branch: Sequence[Message], start: int) -> dict[int, int]:
    """The step (1, 2, …) each observation after ``start`` belongs to, by message id."""
    out: dict[int, int] = {}
    step = 0
    for m in branch[start:]:
        if m.role == "assistant" and mk.get(m.meta, mk.TOOL_CALLS):
            step += 1
        elif m.role == "tool":
            out[m.id] = step
    return out


def compacted(branch: Sequence[Message], task_start: int, level: int) -> list[Message]:
    """The branch with the task's observations compacted to ``level`` (see LEVELS)."""
    if level <= 0:
        return list(branch)
    steps = step_of_each(branch, task_start)
    if not steps:
        return list(branch)
    newest = max(steps.values())
    out: list[Message] = []
    for m in branch:
        step = steps.get(m.id)
        if step is None:
            out.append(m)
            continue
        old = step <= newest - KEEP_WHOLE
        if old and level >= 2:
            out.append(replace(m, content=left_out(m)))
        elif old or level >= 3:
            out.append(replace(m, content=shortened(m.content)))
        else:
            out.append(m)
    return out


def task_start(branch: Sequence[Message]) -> int:
    """Where the task begins: its user message (the last one of the branch)."""
    for i in range(len(branch) - 1, -1, -1):
        if branch[i].role == "user":
            return i
    return 0
