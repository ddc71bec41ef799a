"""One agent step for a model without native tool calls: a thought, then an action.

The grammar path of ``tool_generation`` lets a model decide on a list of calls before it
answers. An agent step (``GenerateRequest.react``) is the ReAct form of the same decision:
under a llama.cpp grammar the model writes

    Thought: what it needs next (one line)
    Action: <tool_call>[{"name": …, "arguments": {…}}]</tool_call>

or ``Action: answer`` when it can answer; the call must name an offered tool and fit its
schema. After ``answer`` the reply itself is generated without the grammar (and without the
tools' instruction, as on the decision path), streamed. The thought comes back beside the
text (``GenerationDone.thought``). Earlier steps are shown to the model in the same notation,
their results as ``<tool_response>`` user turns.

A model whose template takes tools writes its step in its own format (``native_step``),
without the answer nudge that follows tool results in an ordinary reply (a step may call
again). If it writes no call the parser knows but names an offered tool in its text (the demo
model, Qwen2.5-Coder 1.5B, wrote ``<search_documents query="…"/>`` and a made-up answer), the
step is taken again as a ReAct step. Its text is sent only once it is known to be an answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from chatapp.core.tools.registry import EXAMPLES_KEY
from chatapp.core.tools.tool_calls import HERMES, parse_tool_calls
from chatapp.runtime import protocol as p
from chatapp.runtime.host_types import HostError, Pass
from chatapp.runtime.tool_prompt import (
    DECISION_CLOSE,
    DECISION_OPEN,
    NO_TOOL_EXAMPLE,
    _arguments_object,
    _converter_rules,
    _for_reading,
    _function,
    ends_with_results,
    tool_names,
    with_answer_nudge,
    with_instruction,
)

THOUGHT, ACTION, ANSWER = "Thought: ", "Action: ", "answer"
THOUGHT_CHARS = 200  # one line; the grammar ends it there, so the step always reaches its action
STEP_MAX_TOKENS = 384

Message = dict[str, Any]


def react_grammar(tools: Sequence[dict[str, Any]]) -> str:
    rules = _converter_rules(tools, "arguments")
    call = f"{json.dumps(DECISION_OPEN)} call {json.dumps(DECISION_CLOSE)}"
    return "\n".join(
        [
            f'root ::= {json.dumps(THOUGHT)} thought "\\n" {json.dumps(ACTION)} action',
            f"thought ::= [^\\n]{{1,{THOUGHT_CHARS}}}",
            f"action ::= {call} | {json.dumps(ANSWER)}",
            rules,
        ]
    )


def react_instruction(tools: Sequence[dict[str, Any]]) -> str:
    listing = "\n".join(
        json.dumps(
            {
                "name": f.get("name"),
                "description": f.get("description", ""),
                "parameters": _for_reading(f.get("parameters") or {}),
            },
            ensure_ascii=False,
        )
        for f in (_function(t) for t in tools)
    )
    return "\n".join(
        [
            "You can use these tools:",
            "<tools>",
            listing,
            "</tools>",
            "Work in steps. Write one line starting with " + json.dumps(THOUGHT) + " saying what "
            "you need next, then a line starting with " + json.dumps(ACTION) + " with one tool "
            "call as " + DECISION_OPEN + '{"name": …, "arguments": {…}}' + DECISION_CLOSE + ", or "
            "the word " + ANSWER + " when you can answer the user. Tool results come back as "
            "<tool_response>.",
        ]
    )


def _step_text(thought: str, action: str) -> str:
    return f"{THOUGHT}{thought}\n{ACTION}{action}"


def react_examples(tools: Sequence[dict[str, Any]]) -> list[Message]:
    """Worked steps as earlier turns: each tool's own examples and one that needs no tool,
    placed just before the last (as the decision path does)."""
    shots: list[tuple[str, str]] = []
    for tool in tools:
        function = _function(tool)
        title = str(function.get("name", ""))
        for example in function.get(EXAMPLES_KEY) or []:
            if not isinstance(example, dict) or "request" not in example:
                continue
            call = {"name": title, "arguments": example.get("arguments", {})}
            action = DECISION_OPEN + json.dumps(call, ensure_ascii=False) + DECISION_CLOSE
            shots.append((str(example["request"]), _step_text(f"This needs {title}.", action)))
    no_tool = _step_text("I know this without a tool.", ANSWER)
    shots.insert(max(0, len(shots) - 1), (NO_TOOL_EXAMPLE, no_tool))
    turns: list[Message] = []
    for request, answer in shots:
        turns += [{"role": "user", "content": request}, {"role": "assistant", "content": answer}]
    return turns


def as_steps(messages: Sequence[Message]) -> list[Message]:
    """Earlier steps (assistant messages with calls) in the Thought/Action notation; their
    results are rendered by the plain-template conversion that follows."""
    out: list[Message] = []
    for m in messages:
        calls = m.get("tool_calls")
        if m.get("role") == "assistant" and calls:
            items = []
            for c in calls:
                function = c.get("function", c)
                arguments = _arguments_object(function.get("arguments", {}))
                items.append({"name": function.get("name", ""), "arguments": arguments})
            action = DECISION_OPEN + json.dumps(items, ensure_ascii=False)[1:-1] + DECISION_CLOSE
            thought = " ".join(str(m.get("content") or "").split()) or "I need a tool."
            out.append({"role": "assistant", "content": _step_text(thought, action)})
        else:
            out.append(dict(m))
    return out


def split_step(text: str) -> tuple[str, str]:
    """(thought, action) of a step the grammar shaped (or of one cut short)."""
    head, _, action = text.partition("\n" + ACTION)
    return head.removeprefix(THOUGHT).strip(), action.strip()


def react_step(
    host: Any,
    req: p.GenerateRequest,
    messages: list[Message],
    tools: list[dict[str, Any]],
    emit: Callable[[str, int], None],
    cancelled: Callable[[], bool],
    t0: float,
) -> tuple[str, tuple[Any, ...], p.GenerationStats, str]:
    """(text, calls, stats, thought). ``messages`` are the request's, before any conversion
    for the template (the host's ``prepare`` runs after ``as_steps``)."""
    steps = as_steps(messages)
    prepared = host.model.tools.prepare(steps)
    note = react_instruction(tools)
    rendered = host.render(with_instruction(prepared, note, react_examples(tools)), prepared=True)
    decision: Pass = host.run_pass(
        rendered,
        req.sampling,
        None,
        cancelled,
        grammar=host.grammar(react_grammar(tools)),
        max_tokens=STEP_MAX_TOKENS,
    )
    thought, action = split_step(decision.text)
    calls = parse_tool_calls(action, HERMES).calls if action != ANSWER else ()
    if calls or decision.reason == p.STOP_CANCELLED:
        return "", calls, decision.stats(t0), thought
    plain = prepared
    if ends_with_results(messages):
        plain = with_answer_nudge(prepared, as_system=False)
    answer = host.run_pass(host.render(plain, prepared=True), req.sampling, emit, cancelled)
    return answer.text, (), answer.stats(t0, hidden_tokens=decision.n_generated), thought


def mentions_tool(text: str, tools: Sequence[dict[str, Any]]) -> bool:
    return any(name in text for name in tool_names(tools))


def native_step(
    host: Any,
    req: p.GenerateRequest,
    messages: list[Message],
    tools: list[dict[str, Any]],
    style: str | None,
    emit: Callable[[str, int], None],
    cancelled: Callable[[], bool],
    t0: float,
) -> tuple[str, tuple[Any, ...], p.GenerationStats, str]:
    """(text, calls, stats, thought) of an agent step on a model with native tool calls;
    ``messages`` as prepared for its template."""
    rendered = host.render(messages, tools, prepared=True)
    step: Pass = host.run_pass(rendered, req.sampling, None, cancelled)
    parsed = parse_tool_calls(step.text, style, tool_names(tools))
    hidden = 0
    empty = not parsed.calls and not step.text.strip() and step.reason != p.STOP_CANCELLED
    if empty and ends_with_results(req.messages):  # nothing written after results: asked to
        hidden = step.n_generated  # answer, once
        step = host.run_pass(_nudged(host, messages, tools), req.sampling, None, cancelled)
        parsed = parse_tool_calls(step.text, style, tool_names(tools))
    if parsed.calls or step.reason == p.STOP_CANCELLED:
        stats = step.stats(t0)
        stats = replace(stats, hidden_tokens=stats.hidden_tokens + hidden)
        return parsed.text, parsed.calls, stats, parsed.text.strip()
    if mentions_tool(step.text, tools):
        text, calls, stats, thought = react_step(
            host, req, list(req.messages), tools, emit, cancelled, t0
        )
        hidden += stats.hidden_tokens + step.n_generated
        return text, calls, replace(stats, hidden_tokens=hidden), thought
    if step.text:
        emit(step.text, 0)
    stats = step.stats(t0)
    return step.text, (), replace(stats, hidden_tokens=stats.hidden_tokens + hidden), ""


def _nudged(host: Any, messages: list[Message], tools: list[dict[str, Any]]) -> Any:
    """The step's prompt with the answer nudge after the results: as a system message where
    the template takes one there, else inside the last result."""
    try:
        return host.render(with_answer_nudge(messages, as_system=True), tools, prepared=True)
    except HostError:
        return host.render(with_answer_nudge(messages, as_system=False), tools, prepared=True)
