"""What a stored message's ``meta`` holds, by feature: one place that names every key.

``Message.meta`` is a JSON object. The keys below are the contract between the features that
write them (tools, documents, engines) and the views that show them; unknown keys are kept
and ignored.

- Tool calls (an assistant message that asks for tools)::

      {"tool_calls": [{"id": "call_1", "type": "function",
                       "function": {"name": "calculator", "arguments": "{\\"expression\\": …}"}}]}

- A tool's result (a message with role "tool")::

      {"tool_call_id": "call_1", "name": "calculator",
       "display": "Calculator: 354 × 139 = 49,206",   # the one line the transcript shows
       "display_data": {"kind": "calculator", "expression": "354 × 139",
                        "result": "49,206", "exact": true},  # the same, for other languages
       "title": "Calculator", "source": "builtin",    # or "mcp:<server>"
       "approval": "automatic",                       # "allowed", "task", "always", "declined",
                                                      # "stopped" (Stop while it asked)
       "arguments": {…}, "error": false, "duration_ms": 0.4}

  ``chatapp.ui.tools.wording.tool_line(meta)`` words ``display_data`` in the UI language.

- Sources of a reply that used documents::

      {"sources": [{"n": 1, "title": "report.pdf", "path": "/home/…/report.pdf",
                    "page": 3, "text": "the passage …"}]}

- Reasoning a model wrote before its answer (a remote engine's reasoning field, or
  ``<think>…</think>`` taken out of the text)::

      {"reasoning": "…", "reasoning_s": 4.2}

- An agent's step (an assistant message asking for tools in an agent task, chatapp/core/agent)
  and the end of its task (the final reply)::

      {"agent_step": {"n": 2, "thought": "I need the price per unit."}}
      {"agent_end": {"reason": "steps", "answered": true, "steps": 8, "note": "…"}}

  ``reason`` is "answer" (the model answered within its budgets), "steps", "time", "tokens"
  (the budget that ran out) or "empty" (an empty answer).

- Images attached to a message, in order (files of the image store, by sha256; the
  ``message_images`` table links them for clean-up, see core/chat/store_images.py)::

      {"images": [{"sha256": "…", "format": "png", "width": 640, "height": 480,
                   "size": 81234, "name": "screenshot.png"}]}
"""

from __future__ import annotations

from typing import Any

TOOL_CALLS = "tool_calls"
TOOL_CALL_ID = "tool_call_id"
TOOL_NAME = "name"
TOOL_DISPLAY = "display"
TOOL_ARGUMENTS = "arguments"
TOOL_ERROR = "error"
TOOL_DURATION_MS = "duration_ms"
TOOL_DISPLAY_DATA = "display_data"
TOOL_TITLE = "title"
TOOL_SOURCE = "source"
TOOL_APPROVAL = "approval"
SOURCES = "sources"
REASONING = "reasoning"
REASONING_S = "reasoning_s"
IMAGES = "images"
AGENT_STEP = "agent_step"
AGENT_END = "agent_end"
NO_ANSWER = "no_answer"  # a tool reply that ended without an answer: {"reason", "rounds"}


def get(meta: dict[str, Any] | None, key: str, default: Any = None) -> Any:
    return (meta or {}).get(key, default)
