"""Tools in the prompt, and grammars that keep a model's tool calls well-formed.

Two paths, chosen per model at load time:

- **Native**: the model's own chat template takes ``tools`` (it was trained for them). Tools go
  through the template, past calls and results are given in the OpenAI shape the template
  expects, and the reply is parsed in the template's format (``chatapp.core.tools.tool_calls``).
- **Grammar** (every other model, however small): before answering, the model writes its
  decision as ``<tool_call>[…]</tool_call>``, a JSON list of calls that may be empty, under a
  llama.cpp grammar built from the tools' JSON schemas; when the list is empty, the answer is
  generated from the same prompt without the grammar (the prompt is reused from the KV cache).
  The instruction that explains the tools ends the system message. Past calls are shown in the
  same notation and results as ``<tool_response>`` user messages, which every template renders
  (a ``tool`` role is dropped or refused by many formats).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from llama_cpp.llama_grammar import SchemaConverter

from chatapp.core.tools.registry import EXAMPLES_KEY
from chatapp.core.tools.tool_calls import HERMES_CLOSE, HERMES_OPEN, LLAMA3, MISTRAL

DECISION_OPEN = HERMES_OPEN + "["
DECISION_CLOSE = "]" + HERMES_CLOSE
RESPONSE_OPEN, RESPONSE_CLOSE = "<tool_response>", "</tool_response>"
PROBE_TOOL = {
    "type": "function",
    "function": {
        "name": "probe_tool_7f3a",
        "description": "probe",
        "parameters": {"type": "object", "properties": {}},
    },
}

Message = dict[str, Any]


def _function(tool: dict[str, Any]) -> dict[str, Any]:
    function = tool.get("function", tool)
    return function if isinstance(function, dict) else {}


def tool_names(tools: Sequence[dict[str, Any]]) -> list[str]:
    return [str(_function(t).get("name", "")) for t in tools if _function(t).get("name")]


def offered(tools: Sequence[dict[str, Any]], choice: str) -> list[dict[str, Any]]:
    """The tools the model may call for this ``tool_choice``."""
    if choice == "none":
        return []
    if choice in ("auto", "required"):
        return list(tools)
    return [t for t in tools if _function(t).get("name") == choice]


# --- messages ------------------------------------------------------------------------------


def _arguments_object(text: Any) -> Any:
    if isinstance(text, str):
        try:
            return json.loads(text) if text.strip() else {}
        except ValueError:
            return text
    return text


def _calls_as_json(tool_calls: Sequence[dict[str, Any]]) -> str:
    items = []
    for call in tool_calls:
        function = call.get("function", call)
        items.append(
            {
                "name": function.get("name", ""),
                "arguments": _arguments_object(function.get("arguments", {})),
            }
        )
    return json.dumps(items, ensure_ascii=False)[1:-1]


def for_native_template(messages: Sequence[Message]) -> list[Message]:
    """Past calls with their arguments as objects, as chat templates expect them."""
    out: list[Message] = []
    for m in messages:
        calls = m.get("tool_calls")
        if calls:
            fixed = []
            for call in calls:
                function = dict(call.get("function", {}))
                function["arguments"] = _arguments_object(function.get("arguments", {}))
                fixed.append({**call, "function": function})
            m = {**m, "tool_calls": fixed, "content": m.get("content") or ""}
        out.append(m)
    return out


def for_plain_template(messages: Sequence[Message]) -> list[Message]:
    """Calls and results as text in user and assistant turns, which every template renders."""
    out: list[Message] = []
    for m in messages:
        role = m.get("role")
        if role == "assistant" and m.get("tool_calls"):
            text = str(m.get("content") or "").strip()
            call_text = DECISION_OPEN + _calls_as_json(m["tool_calls"]) + DECISION_CLOSE
            content = f"{text}\n{call_text}" if text else call_text
            out.append({"role": "assistant", "content": content})
        elif role == "tool":
            response = f"{RESPONSE_OPEN}\n{m.get('content', '')}\n{RESPONSE_CLOSE}"
            if out and out[-1].get("role") == "user" and out[-1].get("_tool_results"):
                merged = dict(out[-1])
                merged["content"] = f"{merged['content']}\n{response}"
                out[-1] = merged
            else:
                out.append({"role": "user", "content": response, "_tool_results": True})
        else:  # as it is (a reasoning_content the template renders stays)
            out.append({k: v for k, v in m.items() if k not in _TOOL_KEYS})
    return [{k: v for k, v in m.items() if not k.startswith("_")} for m in out]


_TOOL_KEYS = ("tool_calls", "tool_call_id", "name")


# After tool results, small models tend to call the same tool again (Qwen2.5-Coder-1.5B copies
# the call) or thank the "user" for the result; one line after the results makes them answer.
ANSWER_NUDGE = (
    "The tool results are above. Answer the user's last message now, in the user's language, "
    "using these results."
)


def ends_with_results(messages: Sequence[Message]) -> bool:
    return bool(messages) and messages[-1].get("role") == "tool"


def with_answer_nudge(messages: Sequence[Message], as_system: bool) -> list[Message]:
    """The nudge as a system message after the results, or (for templates that allow a system
    message only first) added to the last message's text."""
    out = [dict(m) for m in messages]
    if as_system:
        return [*out, {"role": "system", "content": ANSWER_NUDGE}]
    out[-1]["content"] = f"{out[-1].get('content') or ''}\n\n{ANSWER_NUDGE}"
    return out


_GRAMMAR_ONLY = ("examples", "pattern", "additionalProperties")


def _for_reading(schema: Any) -> Any:
    """A schema without what only the grammar needs (patterns read as noise to a model)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _GRAMMAR_ONLY:
            continue
        if key == "properties" and isinstance(value, dict):  # argument names stay as they are
            out[key] = {name: _for_reading(spec) for name, spec in value.items()}
        else:
            out[key] = _for_reading(value)
    return out


def instruction(tools: Sequence[dict[str, Any]], choice: str) -> str:
    """What the model is told on the grammar path: the tools, the notation and an example."""
    functions = [_function(t) for t in tools]
    listing = "\n".join(
        json.dumps(
            {
                "name": f.get("name"),
                "description": f.get("description", ""),
                "parameters": _for_reading(f.get("parameters") or {}),
            },
            ensure_ascii=False,
        )
        for f in functions
    )
    lines = [
        "You can call these tools:",
        "<tools>",
        listing,
        "</tools>",
        "First write the tool calls this message needs as "
        + DECISION_OPEN
        + '{"name": …, "arguments": {…}}'
        + DECISION_CLOSE
        + (
            "."
            if choice != "auto"
            else ", or " + DECISION_OPEN + DECISION_CLOSE + " when no tool is needed."
        ),
    ]
    return "\n".join(lines)


# A request that needs no tool, shown among the tools' own examples: small models copy the
# pattern of the examples (the arguments come from the request).
NO_TOOL_EXAMPLE = "Who painted the Mona Lisa?"


def example_turns(tools: Sequence[dict[str, Any]]) -> list[Message]:
    """Worked examples as earlier turns: each tool's own, with a request that needs no tool
    placed just before the last one (the last example weighs most with small models)."""
    shots: list[tuple[str, str]] = []
    for tool in tools:
        function = _function(tool)
        for example in function.get(EXAMPLES_KEY) or []:
            if not isinstance(example, dict) or "request" not in example:
                continue
            call = {"name": function.get("name"), "arguments": example.get("arguments", {})}
            text = DECISION_OPEN + json.dumps(call, ensure_ascii=False) + DECISION_CLOSE
            shots.append((str(example["request"]), text))
    shots.insert(max(0, len(shots) - 1), (NO_TOOL_EXAMPLE, DECISION_OPEN + DECISION_CLOSE))
    turns: list[Message] = []
    for request, answer in shots:
        turns += [{"role": "user", "content": request}, {"role": "assistant", "content": answer}]
    return turns


def with_instruction(
    messages: Sequence[Message], text: str, examples: Sequence[Message] = ()
) -> list[Message]:
    """The instruction at the end of the system message (one is added when there is none),
    then the worked examples, then the conversation: a prefix that stays the same from turn to
    turn, so it is reused from the KV cache."""
    out = [dict(m) for m in messages]
    if out and out[0].get("role") == "system":
        content = str(out[0].get("content") or "").strip()
        out[0]["content"] = f"{content}\n\n{text}" if content else text
    else:
        out.insert(0, {"role": "system", "content": text})
    return [out[0], *[dict(m) for m in examples], *out[1:]]


# --- grammars ------------------------------------------------------------------------------


def _call_schema(tool: dict[str, Any], arguments_key: str = "arguments") -> dict[str, Any]:
    function = _function(tool)
    parameters = dict(function.get("parameters") or {"type": "object"})
    parameters.pop("examples", None)
    if parameters.get("type") != "object":
        parameters = {"type": "object"}
    return {
        "type": "object",
        "properties": {"name": {"const": function.get("name", "")}, arguments_key: parameters},
        "required": ["name", arguments_key],
        "additionalProperties": False,
    }


def _converter_rules(tools: Sequence[dict[str, Any]], arguments_key: str) -> str:
    """GBNF rules with ``call`` matching one call of any of the tools (JSON)."""
    schemas = [_call_schema(t, arguments_key) for t in tools]
    schema: dict[str, Any] = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    converter = SchemaConverter(
        prop_order={"name": 0, arguments_key: 1}, allow_fetch=False, dotall=False, raw_pattern=False
    )
    schema = converter.resolve_refs(schema, "tools")
    converter.visit(schema, "call")
    return converter.format_grammar()


def _literal(text: str) -> str:
    return json.dumps(text)


def decision_grammar(tools: Sequence[dict[str, Any]], choice: str) -> str:
    """``<tool_call>[calls]</tool_call>``; with ``auto`` the list may be empty."""
    rules = _converter_rules(tools, "arguments")
    calls = 'call ("," space call)*'
    body = f"({calls})?" if choice == "auto" else calls
    root = f"root ::= {_literal(DECISION_OPEN)} {body} {_literal(DECISION_CLOSE)}"
    return f"{root}\n{rules}"


def native_call_grammar(tools: Sequence[dict[str, Any]], style: str | None) -> str:
    """A forced call (``required`` or a named tool) in the model's own format."""
    if style == LLAMA3:
        return f"root ::= call\n{_converter_rules(tools, 'parameters')}"
    rules = _converter_rules(tools, "arguments")
    if style == MISTRAL:
        return f'root ::= "[TOOL_CALLS][" call "]"\n{rules}'
    open_, close = _literal(HERMES_OPEN + "\n"), _literal("\n" + HERMES_CLOSE)
    return f"root ::= {open_} call {close}\n{rules}"
