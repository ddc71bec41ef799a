"""Replies of a scripted OpenAI-compatible server (scripted_sse.py) for agent tasks: a step that
calls a tool, a step that answers, each with the usage a server reports."""

from __future__ import annotations

import json
from typing import Any

from tests.support.scripted_sse import Script, delta, sse


def _with_usage(chunk: dict[str, Any], completion: int) -> dict[str, Any]:
    return {**chunk, "usage": {"prompt_tokens": 10, "completion_tokens": completion}}


def tool_step(
    name: str,
    arguments: dict[str, Any] | None = None,
    call_id: str = "call_1",
    thought: str | None = None,
    completion: int = 12,
    pause: float = 0.0,
) -> Script:
    """A reply asking for one tool (after ``thought`` as text, if given)."""
    call = {
        "index": 0,
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments or {})},
    }
    chunks: list[Any] = [delta(role="assistant", content=thought)]
    chunks.append(delta(tool_calls=[call]))
    chunks.append(_with_usage(delta(finish="tool_calls"), completion))
    parts: list[Any] = [pause] if pause else []
    return Script([*parts, *sse(*chunks)])


def answer_step(text: str, completion: int = 8, pause: float = 0.0) -> Script:
    chunks = [delta(role="assistant", content=text), _with_usage(delta(finish="stop"), completion)]
    parts: list[Any] = [pause] if pause else []
    return Script([*parts, *sse(*chunks)])


def request_messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get("messages") or [])
