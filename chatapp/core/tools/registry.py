"""Tools a model can call: what each one is, and running one safely.

A tool has a name, a description and a JSON schema for its arguments (what the model is told),
a function, and a flag saying whether the user must approve each call. Running a tool never
raises: a bad call (an unknown tool, arguments that are not JSON or do not fit the schema, a
function that fails) becomes an error result the model reads and can correct.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chatapp.core.engine import ToolCall, ToolSchema

BUILTIN = "builtin"
EXAMPLES_KEY = "x-examples"  # an extension of the function schema; engines that send tools to
# a server remove it
MAX_RESULT_CHARS = 8000  # what a model gets of a tool's output; the rest is cut with a note
# The language of the message being answered ("en", "ja"; "" unknown), set by the tool loop
# around a call: a tool whose result is words (the clock) writes them in that language.
REPLY_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("reply_language", default="")


@dataclass(frozen=True)
class ToolOutput:
    """What a tool gives back.

    ``content`` is what the model reads. ``display`` is the one line a transcript shows
    ("Calculator: 354 × 139 = 49,206", in English); ``display_data`` holds the same facts as
    values (``{"kind": "calculator", …}``) so a UI can word them in its own language.
    """

    content: str
    display: str = ""
    display_data: dict[str, Any] = field(default_factory=dict)
    error: bool = False


@dataclass(frozen=True)
class ToolExample:
    """A request and the arguments that answer it: shown to models that need an example."""

    request: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]  # a JSON schema of an object
    function: Callable[[dict[str, Any]], ToolOutput]
    needs_approval: bool = False
    source: str = BUILTIN  # "builtin" or "mcp:<server name>"
    title: str = ""  # for people: "Calculator"
    examples: tuple[ToolExample, ...] = ()

    @property
    def label(self) -> str:
        return self.title or self.name

    def schema(self) -> ToolSchema:
        """The OpenAI function shape every template and engine understands."""
        function: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "parameters": self.parameters,
        }
        if self.examples:  # for models that need worked examples (the runtime's grammar path)
            function[EXAMPLES_KEY] = [
                {"request": e.request, "arguments": e.arguments} for e in self.examples
            ]
        return {"type": "function", "function": function}


@dataclass(frozen=True)
class ToolRun:
    """One call and its result, ready to be stored as a ``tool`` message."""

    call: ToolCall
    output: ToolOutput
    arguments: dict[str, Any]
    duration_ms: float
    tool: Tool | None  # None: the model asked for a tool that does not exist


def parse_arguments(text: str) -> dict[str, Any]:
    """The model's argument text as an object; raises ValueError with a reason."""
    text = (text or "").strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the arguments are not valid JSON ({exc.msg})") from None
    if isinstance(value, str):  # some models encode the object twice
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if not isinstance(value, dict):
        raise ValueError("the arguments must be a JSON object")
    return value


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def check_arguments(schema: dict[str, Any], arguments: dict[str, Any]) -> str | None:
    """A reason the arguments do not fit the schema (top level only), or None."""
    properties = schema.get("properties") or {}
    for name in schema.get("required") or ():
        if name not in arguments:
            return f"the argument '{name}' is missing"
    for name, value in arguments.items():
        spec = properties.get(name)
        if not isinstance(spec, dict):
            if schema.get("additionalProperties") is False:
                return f"there is no argument '{name}'"
            continue
        expected = spec.get("type")
        types = _JSON_TYPES.get(expected) if isinstance(expected, str) else None
        if types is not None:
            wrong_bool = isinstance(value, bool) and expected in ("integer", "number")
            if not isinstance(value, types) or wrong_bool:
                return f"the argument '{name}' must be of type {expected}"
        if "enum" in spec and value not in spec["enum"]:
            return f"the argument '{name}' must be one of {spec['enum']}"
    return None


def error_output(message: str) -> ToolOutput:
    return ToolOutput(f"Error: {message}", display=f"Error: {message}", error=True)


class ToolRegistry:
    """The tools that can be offered to a model. Thread-safe: MCP servers come and go."""

    def __init__(self, tools: Iterable[Tool] = ()) -> None:
        self._lock = threading.Lock()
        self._tools: dict[str, Tool] = {}
        for tool in tools:
            self.add(tool)

    def add(self, tool: Tool) -> None:
        with self._lock:
            self._tools[tool.name] = tool

    def remove_source(self, source: str) -> None:
        with self._lock:
            self._tools = {n: t for n, t in self._tools.items() if t.source != source}

    def get(self, name: str) -> Tool | None:
        with self._lock:
            return self._tools.get(name)

    def tools(self, names: Sequence[str] | None = None) -> list[Tool]:
        """All tools, or those of ``names`` that exist (in registry order)."""
        with self._lock:
            tools = list(self._tools.values())
        if names is None:
            return tools
        wanted = set(names)
        return [t for t in tools if t.name in wanted]

    @property
    def names(self) -> list[str]:
        with self._lock:
            return list(self._tools)

    def run(self, call: ToolCall, allowed: Sequence[str] | None = None) -> ToolRun:
        """Run the call; every failure becomes an error result the model can read."""
        t0 = time.perf_counter()
        tool = self.get(call.name)
        if tool is None or (allowed is not None and call.name not in allowed):
            offered = ", ".join(allowed if allowed is not None else self.names) or "none"
            output = error_output(f"there is no tool named '{call.name}' (tools: {offered})")
            return ToolRun(call, output, {}, _ms(t0), None)
        try:
            arguments = parse_arguments(call.arguments)
        except ValueError as exc:
            return ToolRun(call, error_output(str(exc)), {}, _ms(t0), tool)
        problem = check_arguments(tool.parameters, arguments)
        if problem is not None:
            return ToolRun(call, error_output(problem), arguments, _ms(t0), tool)
        try:
            output = tool.function(arguments)
        except Exception as exc:  # noqa: BLE001 - a tool's failure is a result, not a crash
            output = error_output(f"the tool failed: {type(exc).__name__}: {exc}")
        if len(output.content) > MAX_RESULT_CHARS:
            cut = len(output.content) - MAX_RESULT_CHARS
            content = output.content[:MAX_RESULT_CHARS] + f"\n[… {cut:,} more characters cut]"
            output = ToolOutput(content, output.display, output.display_data, output.error)
        return ToolRun(call, output, arguments, _ms(t0), tool)


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000
