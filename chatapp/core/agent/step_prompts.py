"""What an agent step's prompt holds besides the conversation (loop.py): the agent's note and
its tool hints, the room they take, the note on a repeated call, and the request to answer
when a budget runs out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from chatapp.core.agent.budget import AgentBudget
from chatapp.core.chat import meta as mk
from chatapp.core.chat.planner import ContextPlan
from chatapp.core.tools.registry import Tool

if TYPE_CHECKING:
    from chatapp.core.chat.session import ChatSession

REPEAT_NOTE = (
    "\n(You made this same call before in this task. Use the results you have: answer, or try "
    "something else.)"
)
FINAL_NUDGE = (
    "{budget} has run out, so no more tools can be used. Answer the user's request now, in "
    "the user's language, from the results above; cite document passages as [n]. If the "
    "results are not enough, say what is missing."
)


AGENT_NOTE = "Call a tool whenever you need a fact, a price or a figure; never guess one."
TOOL_HINTS = {
    "search_documents": "Facts about the user's own things are in the user's documents: call "
    "search_documents first, and cite the passages you use as [n].",
    "search_chats": "What was said before is in earlier chats: call search_chats.",
    "calculator": "Any arithmetic (a total, a price times a quantity, a sum, a share) is a "
    "calculator call with the figures you found; never work it out yourself.",
}


def agent_note(tools: list[Tool]) -> str:
    names = {t.name for t in tools}
    return " ".join([AGENT_NOTE, *(hint for name, hint in TOOL_HINTS.items() if name in names)])


# The ReAct step's instruction and worked examples (runtime/react_step.py) besides the tool
# descriptions the session already reserves room for: a fixed part and a share of those.
REACT_FIXED_TOKENS = 192


def extra_reserve(session: ChatSession, tools: list[Tool], note: str) -> int:
    """Tokens the prompt of a step holds besides the planned messages and the tool list."""
    model = session.engine.model
    texts = [note]
    react = model is not None and model.engine == "local" and not model.native_tools and tools
    if react:
        texts.append(json.dumps([t.schema() for t in tools], ensure_ascii=False))
    counts = session.counter.count_texts(texts)
    return counts[0] + (REACT_FIXED_TOKENS + counts[1] // 4 if react else 0)


def with_agent_note(plan: ContextPlan, note: str) -> ContextPlan:
    """The plan with the agent's note at the end of the system message (prompt only)."""
    messages = [dict(m) for m in plan.messages]
    if messages and messages[0].get("role") == "system":
        messages[0]["content"] = f"{messages[0].get('content') or ''}\n\n{note}".strip()
    else:
        messages.insert(0, {"role": "system", "content": note})
    return replace(plan, messages=messages)


def end_note(budget: AgentBudget, reason: str) -> str:
    what = budget.describe(reason)
    return f"{what[0].upper()}{what[1:]} ran out, so the model was asked to answer without tools."


def with_final_nudge(messages: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The request to answer, added to the last message (a system message there is refused by
    templates that take one only first)."""
    out = [dict(m) for m in messages]
    if out:
        out[-1]["content"] = f"{out[-1].get('content') or ''}\n\n{text}".strip()
    return out


def normalized(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments or "{}"), sort_keys=True)
    except ValueError:
        return arguments


EMPTY = "empty"


def no_answer_text(budget: AgentBudget, reason: str, steps: Sequence[Any], store: Any) -> str:
    """The reply when the model gave none: which budget ended the task and what was found."""
    if reason == EMPTY:
        head = "The model gave an empty answer."
    else:
        head = f"No answer: {budget.describe(reason)} ran out and the model gave no answer."
    lines = [head]
    results = [i for s in steps for i in s.result_ids][-3:]
    if results:
        lines.append("Last results:")
        for message_id in results:
            display = mk.get(store.message(message_id).meta, mk.TOOL_DISPLAY, "")
            lines.append(f"- {' '.join(str(display).split())}")
    return "\n".join(lines)
