"""Asking the user before a tool runs (MCP tools by default)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

ALLOW_ONCE = "allow_once"
ALLOW_ALWAYS = "allow_always"  # for the rest of this conversation
ALLOW_TASK = "allow_task"  # for the rest of this agent task (the next one asks again)
DENY = "deny"
DECISIONS = (ALLOW_ONCE, ALLOW_TASK, ALLOW_ALWAYS, DENY)


@dataclass(frozen=True)
class ApprovalRequest:
    """What the user sees before deciding: the tool, where it comes from, the exact arguments."""

    conversation_id: int
    tool: str  # the name the model used
    title: str  # for people
    source: str  # "builtin" or "mcp:<server>"
    arguments: dict[str, Any]
    in_task: bool = False  # asked during an agent task: "allow for this task" is offered

    @property
    def server(self) -> str:
        return self.source.removeprefix("mcp:") if self.source.startswith("mcp:") else ""

    @property
    def arguments_text(self) -> str:
        return json.dumps(self.arguments, ensure_ascii=False, indent=2)
