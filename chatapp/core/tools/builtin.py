"""The built-in tools: the exact calculator and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from chatapp.core.tools.calculator import CalcError, calculate
from chatapp.core.tools.clock import ClockError, read_clock
from chatapp.core.tools.registry import (
    REPLY_LANGUAGE,
    Tool,
    ToolExample,
    ToolOutput,
    ToolRegistry,
    error_output,
)

CALCULATOR = "calculator"
CLOCK = "clock"
# Short names the command line accepts (``--tools calc,clock``).
ALIASES = {"calc": CALCULATOR, "calculator": CALCULATOR, "clock": CLOCK, "time": CLOCK}


def run_calculator(arguments: dict[str, Any]) -> ToolOutput:
    expression = str(arguments.get("expression", ""))
    try:
        result = calculate(expression)
    except CalcError as exc:
        output = error_output(exc.message)
        data = {"kind": CALCULATOR, "expression": expression[:200], "error": exc.code}
        return ToolOutput(
            output.content, f"Calculator: {expression[:80]} → {exc.message}", data, error=True
        )
    return ToolOutput(
        f"{result.expression} = {result.text}",
        f"Calculator: {result.expression} = {result.display}",
        {
            "kind": CALCULATOR,
            "expression": result.expression,
            "result": result.display,
            "exact": result.exact,
        },
    )


def calculator_tool() -> Tool:
    return Tool(
        name=CALCULATOR,
        title="Calculator",
        description=(
            "Exact arithmetic: + - * / ** % and parentheses, e.g. 2480 * 15%. "
            "Reads 5万, 1億, 3割 (30%); 7の8乗 is 7 ** 8."
        ),
        parameters={
            "type": "object",
            "properties": {
                "expression": {
                    "type": "string",
                    "description": "the arithmetic expression, for example 2 * (3 + 4)",
                    # Lets a grammar keep a small model's argument to arithmetic.
                    "pattern": r"^[-(0-9][-+*/%^()0-9., eE万億兆千割]*$",
                }
            },
            "required": ["expression"],
            "additionalProperties": False,
        },
        function=run_calculator,
        examples=(ToolExample("What is 12 * 7?", {"expression": "12 * 7"}),),
    )


def clock_tool(zone: tzinfo | None = None, now: Callable[[tzinfo], datetime] | None = None) -> Tool:
    """The clock; ``zone`` and ``now`` fix the time zone and the time (tests)."""

    def run(arguments: dict[str, Any]) -> ToolOutput:
        try:
            reading = read_clock(arguments, zone, now)
        except ClockError as exc:
            return error_output(str(exc))
        content = reading.for_model(REPLY_LANGUAGE.get())
        return ToolOutput(content, reading.display(), reading.data())

    return Tool(
        name=CLOCK,
        title="Clock",
        description=(
            "The current local date, time, weekday and time zone. With days_from_now, the "
            "date that many days from today; with until, the number of days to that date."
        ),
        parameters={
            "type": "object",
            "properties": {
                "days_from_now": {
                    "type": "integer",
                    "description": "days from today (negative: in the past)",
                },
                "until": {"type": "string", "description": "a date as YYYY-MM-DD"},
            },
            "additionalProperties": False,
        },
        function=run,
        examples=(ToolExample("What is the date today?", {}),),
    )


def builtin_tools() -> list[Tool]:
    return [calculator_tool(), clock_tool()]


def default_registry() -> ToolRegistry:
    return ToolRegistry(builtin_tools())


def resolve_names(names: str) -> list[str]:
    """``"calc,clock"`` as tool names; raises ValueError naming an unknown one."""
    out: list[str] = []
    for part in names.split(","):
        key = part.strip().lower()
        if not key:
            continue
        name = ALIASES.get(key, key)
        if name not in out:
            out.append(name)
    return out
