"""Tool calls in the formats models write them, and holding them out of the stream."""

from __future__ import annotations

import json

import pytest

from chatapp.core.tools.tool_calls import (
    HERMES,
    LLAMA3,
    MISTRAL,
    CallHider,
    clean_name,
    detect_style,
    parse_tool_calls,
)


def args(call_arguments: str) -> object:
    return json.loads(call_arguments)


def test_hermes_one_call_per_block() -> None:
    text = (
        "Let me check.\n<tool_call>\n"
        '{"name": "calculator", "arguments": {"expression": "354 * 139"}}\n</tool_call>\n'
        '<tool_call>\n{"name": "clock", "arguments": {}}\n</tool_call>'
    )
    parsed = parse_tool_calls(text, HERMES)
    assert parsed.text == "Let me check."
    assert [c.name for c in parsed.calls] == ["calculator", "clock"]
    assert args(parsed.calls[0].arguments) == {"expression": "354 * 139"}
    assert len({c.id for c in parsed.calls}) == 2


def test_hermes_list_and_unclosed_block() -> None:
    listed = parse_tool_calls('<tool_call>[{"name": "a", "arguments": {"x": 1}}]</tool_call>')
    assert [c.name for c in listed.calls] == ["a"]
    unclosed = parse_tool_calls('<tool_call>\n{"name": "a", "arguments": {}}')
    assert [c.name for c in unclosed.calls] == ["a"]


def test_llama3_json_and_python_tag() -> None:
    plain = parse_tool_calls('{"name": "clock", "parameters": {"days_from_now": 3}}', LLAMA3)
    assert plain.calls[0].name == "clock"
    assert args(plain.calls[0].arguments) == {"days_from_now": 3}
    tagged = parse_tool_calls('<|python_tag|>{"name": "clock", "parameters": {}}', LLAMA3)
    assert tagged.calls[0].name == "clock"
    answer = parse_tool_calls('{"answer": 42}', LLAMA3)  # JSON, but not a call
    assert answer.calls == () and answer.text == '{"answer": 42}'


def test_mistral_both_notations() -> None:
    old = parse_tool_calls(
        '[TOOL_CALLS][{"name": "calculator", "arguments": {"expression": "2+2"}, '
        '"id": "abc123XYZ"}]',
        MISTRAL,
    )
    assert old.calls[0].id == "abc123XYZ" and old.calls[0].name == "calculator"
    new = parse_tool_calls('[TOOL_CALLS]calculator[ARGS]{"expression": "2+2"}', MISTRAL)
    assert new.calls[0].name == "calculator"
    assert args(new.calls[0].arguments) == {"expression": "2+2"}


def test_names_with_a_trailing_colon_are_cleaned() -> None:
    # llama-cpp-python's chatml-function-calling can leave "name:" in auto mode.
    assert clean_name("calculator:") == "calculator"
    parsed = parse_tool_calls('<tool_call>{"name": "calculator: ", "arguments": {}}</tool_call>')
    assert parsed.calls[0].name == "calculator"


def test_openai_shape_and_arguments_as_text() -> None:
    text = '<tool_call>{"function": {"name": "x", "arguments": "{\\"a\\": 1}"}}</tool_call>'
    call = parse_tool_calls(text).calls[0]
    assert call.name == "x" and args(call.arguments) == {"a": 1}


@pytest.mark.parametrize(
    "text", ["Just an answer.", "<tool_call>not json</tool_call>", "[TOOL_CALLS] nonsense"]
)
def test_no_calls_leave_the_text_alone(text: str) -> None:
    parsed = parse_tool_calls(text)
    assert parsed.calls == () and parsed.text == text


def test_a_bare_json_call_of_an_offered_tool() -> None:
    """Qwen2.5-Coder answered a tool request with a fenced JSON object, not <tool_call>."""
    text = '```json\n{\n  "name": "calculator",\n  "arguments": {"expression": "354 * 139"}\n}\n```'
    parsed = parse_tool_calls(text, HERMES, ["calculator"])
    assert [c.name for c in parsed.calls] == ["calculator"] and parsed.text == ""
    assert parse_tool_calls(text, HERMES).calls == ()  # nothing offered: an answer
    assert parse_tool_calls(text, HERMES, ["clock"]).calls == ()  # not an offered tool
    prose = 'Here: {"name": "calculator", "arguments": {}}'
    assert parse_tool_calls(prose, HERMES, ["calculator"]).calls == ()


def test_detect_style_from_templates() -> None:
    assert detect_style("... <tool_call> ...") == HERMES
    assert detect_style("{{ '[TOOL_CALLS]' }}") == MISTRAL
    assert detect_style("<|start_header_id|>ipython<|end_header_id|>") == LLAMA3
    assert detect_style("{{ messages }}") is None


def stream(hider: CallHider, pieces: list[str]) -> str:
    return "".join(hider.feed(p) for p in pieces)


def test_the_hider_streams_text_and_holds_back_a_call() -> None:
    hider = CallHider(HERMES)
    shown = stream(hider, ["Sure", ", let me ", "<tool", "_call>", '{"name": "a"', "}</tool_call>"])
    assert shown == "Sure, let me "
    assert hider.in_call
    assert hider.finish(parse_tool_calls(hider.text, HERMES)) == ""


def test_the_hider_releases_a_false_alarm() -> None:
    hider = CallHider(HERMES)
    shown = stream(hider, ["a <", "b> c"])
    assert shown == "a <b> c"
    tail = CallHider(HERMES)
    shown = stream(tail, ["ends with <tool"])
    assert shown == "ends with "
    assert tail.finish(parse_tool_calls(tail.text, HERMES)) == "<tool"


def test_the_hider_holds_a_json_reply_for_llama3() -> None:
    hider = CallHider(LLAMA3)
    assert stream(hider, ['{"answer"', ": 42}"]) == ""
    assert hider.finish(parse_tool_calls(hider.text, LLAMA3)) == '{"answer": 42}'


def test_the_hider_holds_a_call_in_a_code_fence_and_streams_other_code() -> None:
    # Qwen2.5-Coder writes its calls as fenced JSON instead of <tool_call> tags.
    call = CallHider(HERMES)
    pieces = [
        "``",
        "`json\n",
        '{\n  "name": "calculator",',
        ' "arguments": {"expression": "2"}}\n```',
    ]
    assert stream(call, pieces) == ""
    parsed = parse_tool_calls(call.text, HERMES, ["calculator"])
    assert [c.name for c in parsed.calls] == ["calculator"]
    assert call.finish(parsed) == ""
    code = CallHider(HERMES)
    assert (
        stream(code, ["```", "python\n", "print(1)\n```\nDone."])
        == "```python\nprint(1)\n```\nDone."
    )
    data = CallHider(HERMES)  # fenced JSON that calls nothing is shown once the reply is complete
    assert stream(data, ["```json\n", '{"a": 1}\n```']) == ""
    assert (
        data.finish(parse_tool_calls(data.text, HERMES, ["calculator"])) == '```json\n{"a": 1}\n```'
    )
