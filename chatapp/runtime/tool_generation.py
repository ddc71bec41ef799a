"""A reply that may call tools, on the loaded model (see ``tool_prompt`` for the two paths)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol

import llama_cpp

from chatapp.core.tools.tool_calls import HERMES, CallHider, parse_tool_calls
from chatapp.runtime import protocol as p
from chatapp.runtime.answer_guard import (
    EchoHolder,
    as_plain_question,
    grounded_calls,
    ignores_results,
    last_question,
    looks_like_call,
)
from chatapp.runtime.host_types import HostError, Loaded, Pass
from chatapp.runtime.react_step import native_step, react_step
from chatapp.runtime.tool_prompt import (
    ANSWER_NUDGE,
    decision_grammar,
    ends_with_results,
    example_turns,
    instruction,
    native_call_grammar,
    offered,
    tool_names,
    with_answer_nudge,
    with_instruction,
)

# A call is short; a model that keeps writing inside one is cut off here.
DECISION_MAX_TOKENS = 384


class ToolHost(Protocol):
    """What a reply with tools needs of the host (``model_host.ModelHost``), which passes itself
    in: this module does not import the host."""

    model: Loaded | None

    def render(
        self, messages: Any, tools: list[dict[str, Any]] | None = None, prepared: bool = False
    ) -> Any: ...

    def grammar(self, text: str) -> llama_cpp.LlamaGrammar: ...

    def run_pass(
        self,
        rendered: Any,
        s: p.Sampling,
        emit: Callable[[str, int], None] | None,
        cancelled: Callable[[], bool],
        *,
        grammar: llama_cpp.LlamaGrammar | None = None,
        max_tokens: int | None = None,
        visible: Callable[[str], str] | None = None,
    ) -> Pass: ...


def _done(
    req: p.GenerateRequest,
    text: str,
    calls: Sequence[Any],
    stats: p.GenerationStats,
    thought: str = "",
) -> p.GenerationDone:
    if calls:
        stats = replace(stats, stop_reason=p.STOP_TOOL_CALLS)
    return p.GenerationDone(
        req.request_id,
        text,
        stats,
        tuple({"id": c.id, "name": c.name, "arguments": c.arguments} for c in calls),
        thought,
    )


def generate_with_tools(
    host: ToolHost,
    req: p.GenerateRequest,
    emit: Callable[[str, int], None],
    cancelled: Callable[[], bool],
) -> p.GenerationDone:
    model = host.model
    assert model is not None
    support = model.tools
    tools = offered(req.tools, req.tool_choice)
    if not tools:
        names = ", ".join(tool_names(req.tools)) or "none"
        raise p.InvalidRequest(f"no tool named {req.tool_choice!r} is offered (tools: {names})")
    t0 = time.perf_counter()
    messages = support.prepare(req.messages)
    s = req.sampling
    if support.native and req.react and req.tool_choice == "auto":  # an agent step
        text, calls, stats, thought = native_step(host, req, messages, tools, support.style,
                                                  emit, cancelled, t0)  # fmt: skip
        return _done(req, text, calls, stats, thought)
    if support.native:
        rendered = _render_native(host, messages, tools, ends_with_results(req.messages))
        if req.tool_choice == "auto":
            return _native_auto(host, req, messages, rendered, tools, emit, cancelled, t0)
        grammar = host.grammar(native_call_grammar(tools, support.style))
        forced = host.run_pass(
            rendered, s, None, cancelled, grammar=grammar, max_tokens=DECISION_MAX_TOKENS
        )
        parsed = parse_tool_calls(forced.text, support.style, tool_names(tools))
        return _done(req, parsed.text, parsed.calls, forced.stats(t0))
    if req.react and req.tool_choice == "auto":  # an agent step: thought, then an action
        text, calls, stats, thought = react_step(host, req, list(req.messages), tools, emit,
                                                 cancelled, t0)  # fmt: skip
        return _done(req, text, calls, stats, thought)
    if ends_with_results(req.messages):  # the results are the last (user) turn here
        messages = with_answer_nudge(messages, as_system=False)
    return _decide_then_answer(host, req, messages, tools, emit, cancelled, t0)


def _native_auto(
    host: ToolHost,
    req: p.GenerateRequest,
    messages: list[dict[str, Any]],
    rendered: Any,
    tools: list[dict[str, Any]],
    emit: Callable[[str, int], None],
    cancelled: Callable[[], bool],
    t0: float,
) -> p.GenerationDone:
    """A reply in the template's own call format; calls and echoes are held back, and a call
    that cannot be made or an echo of the question is answered again without tools."""
    model = host.model
    assert model is not None
    style = model.tools.style
    after_results = ends_with_results(req.messages)
    hider = CallHider(style)
    echo = EchoHolder([last_question(req.messages), ANSWER_NUDGE] if after_results else [])
    result = host.run_pass(
        rendered, req.sampling, emit, cancelled, visible=lambda t: echo.feed(hider.feed(t))
    )
    parsed = parse_tool_calls(result.text, style, tool_names(tools))
    calls = grounded_calls(parsed.calls, req.messages, tools)
    if calls:
        return _done(req, parsed.text, calls, result.stats(t0))
    if result.reason == p.STOP_CANCELLED:
        return _done(req, result.text, (), result.stats(t0))
    rest = hider.finish(parsed) if not parsed.calls else ""
    failed = after_results and (
        echo.is_echo(result.text) or ignores_results(result.text, req.messages)
    )
    if parsed.calls or looks_like_call(result.text) or failed:  # calls that fit nothing asked
        # Again without the tools: the question with the results written in front of it.
        plain = model.tools.prepare(as_plain_question(req.messages)) if after_results else messages
        answer = host.run_pass(host.render(plain, prepared=True), req.sampling, emit, cancelled)
        return _done(req, answer.text, (), answer.stats(t0, hidden_tokens=result.n_generated))
    tail = echo.feed(rest) + echo.finish()
    if tail:
        emit(tail, 0)
    return _done(req, result.text, (), result.stats(t0))


def _render_native(
    host: ToolHost, messages: list[dict[str, Any]], tools: list[dict[str, Any]], nudge: bool
) -> Any:
    """The prompt with the tools; after tool results, with the answer nudge as a system message
    where the template takes one there, else inside the last result."""
    if nudge:
        try:
            return host.render(with_answer_nudge(messages, as_system=True), tools, prepared=True)
        except HostError:
            messages = with_answer_nudge(messages, as_system=False)
    return host.render(messages, tools, prepared=True)


def _decide_then_answer(
    host: ToolHost,
    req: p.GenerateRequest,
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]],
    emit: Callable[[str, int], None],
    cancelled: Callable[[], bool],
    t0: float,
) -> p.GenerationDone:
    """The grammar path: a constrained decision (hidden), then the answer if no tool is called."""
    note = instruction(tools, req.tool_choice)
    rendered = host.render(with_instruction(messages, note, example_turns(tools)), prepared=True)
    decision: Pass = host.run_pass(
        rendered,
        req.sampling,
        None,
        cancelled,
        grammar=host.grammar(decision_grammar(tools, req.tool_choice)),
        max_tokens=DECISION_MAX_TOKENS,
    )
    calls = parse_tool_calls(decision.text, HERMES).calls
    if req.tool_choice == "auto":  # a call with numbers nobody wrote is the model's invention
        calls = grounded_calls(calls, req.messages, tools)
    if calls or decision.reason == p.STOP_CANCELLED or req.tool_choice != "auto":
        return _done(req, "", calls, decision.stats(t0))
    # The answer without the tools' instruction and examples: a model that saw worked tool calls
    # would otherwise write one as text.
    plain = host.render(messages, prepared=True)
    answer = host.run_pass(plain, req.sampling, emit, cancelled)
    return _done(req, answer.text, (), answer.stats(t0, hidden_tokens=decision.n_generated))
