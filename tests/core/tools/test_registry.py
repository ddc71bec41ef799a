"""Running tools: every failure becomes an error result the model reads."""

from __future__ import annotations

from typing import Any

from chatapp.core.engine import ToolCall
from chatapp.core.tools.builtin import default_registry, resolve_names
from chatapp.core.tools.registry import Tool, ToolOutput, ToolRegistry


def call(name: str, arguments: str) -> ToolCall:
    return ToolCall("call_1", name, arguments)


def test_the_calculator_through_the_registry() -> None:
    run = default_registry().run(call("calculator", '{"expression": "354 * 139"}'))
    assert not run.output.error
    assert run.output.content == "354 × 139 = 49206"
    assert run.output.display == "Calculator: 354 × 139 = 49,206"
    assert run.output.display_data == {
        "kind": "calculator", "expression": "354 × 139", "result": "49,206", "exact": True
    }  # fmt: skip
    assert run.arguments == {"expression": "354 * 139"}


def test_refused_expressions_reach_the_model_as_errors() -> None:
    run = default_registry().run(call("calculator", '{"expression": "9**9**9**9"}'))
    assert run.output.error and run.output.content.startswith("Error: the result would be")


def test_bad_calls() -> None:
    registry = default_registry()
    unknown = registry.run(call("weather", "{}"))
    assert unknown.tool is None and "no tool named 'weather'" in unknown.output.content
    not_json = registry.run(call("calculator", "{expression: 1"))
    assert not_json.output.error and "not valid JSON" in not_json.output.content
    missing = registry.run(call("calculator", "{}"))
    assert "'expression' is missing" in missing.output.content
    wrong_type = registry.run(call("calculator", '{"expression": 5}'))
    assert "must be of type string" in wrong_type.output.content
    extra = registry.run(call("clock", '{"when": "now"}'))
    assert "no argument 'when'" in extra.output.content
    offered_only = registry.run(call("clock", "{}"), allowed=["calculator"])
    assert offered_only.output.error


def test_a_failing_function_is_an_error_result() -> None:
    def boom(_arguments: dict[str, Any]) -> ToolOutput:
        raise RuntimeError("disk on fire")

    registry = ToolRegistry([Tool("boom", "fails", {"type": "object"}, boom)])
    run = registry.run(call("boom", ""))
    assert run.output.error and "RuntimeError: disk on fire" in run.output.content


def test_twice_encoded_arguments_are_accepted() -> None:
    run = default_registry().run(call("calculator", '"{\\"expression\\": \\"1+1\\"}"'))
    assert run.output.content.endswith("= 2")


def test_schema_carries_examples_for_small_models() -> None:
    schema = default_registry().get("calculator").schema()  # type: ignore[union-attr]
    assert schema["function"]["x-examples"] == [
        {"request": "What is 12 * 7?", "arguments": {"expression": "12 * 7"}}
    ]


def test_command_line_names() -> None:
    assert resolve_names("calc, clock,calc") == ["calculator", "clock"]
