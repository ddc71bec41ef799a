"""The guards on a reply after tool results (chatapp/runtime/answer_guard.py)."""

from __future__ import annotations

from chatapp.core.engine import ToolCall
from chatapp.core.tools.builtin import builtin_tools
from chatapp.runtime.answer_guard import (
    RESULTS_LABEL,
    EchoHolder,
    as_plain_question,
    grounded,
    ignores_results,
    last_question,
    looks_like_call,
)
from chatapp.runtime.tool_prompt import ANSWER_NUDGE

TURN = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "hello"},
    {"role": "assistant", "content": "Hi!"},
    {"role": "user", "content": "今日は何曜日？"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {"id": "1", "type": "function", "function": {"name": "clock", "arguments": "{}"}}
        ],
    },
    {
        "role": "tool",
        "tool_call_id": "1",
        "name": "clock",
        "content": "現在: 2026年12月6日（日曜日）",
    },
]


def stream(holder: EchoHolder, pieces: list[str]) -> str:
    return "".join(holder.feed(p) for p in pieces)


def test_an_echo_of_the_question_is_never_shown() -> None:
    holder = EchoHolder([last_question(TURN), ANSWER_NUDGE])
    assert stream(holder, ["今日", "は何", "曜日", "？"]) == ""
    assert holder.is_echo("今日は何曜日？") and holder.is_echo("「今日は何曜日」")
    holder = EchoHolder([last_question(TURN), ANSWER_NUDGE])
    assert stream(holder, ["The tool", " results are above."]) == ""
    assert holder.is_echo("The tool results are above.")  # the start of the nudge


def test_an_answer_is_shown_from_its_first_own_word() -> None:
    holder = EchoHolder([last_question(TURN)])
    assert stream(holder, ["今日", "は日", "曜日です。"]) == "今日は日曜日です。"
    assert not holder.is_echo("今日は日曜日です。")
    assert holder.finish() == ""
    held = EchoHolder([last_question(TURN)])
    assert stream(held, ["今日"]) == "" and held.finish() == "今日"


def test_calls_written_as_text() -> None:
    assert looks_like_call('{{"name": "calculator", "arguments": {"expression": "16 - 4"}}}}')
    assert looks_like_call('```json\n{\n  "name": "weather",\n  "arguments": {}\n}\n```')
    assert not looks_like_call("The sky is blue.")
    assert not looks_like_call('Use {"name": "x"} in your config.')


def test_a_reply_that_ignores_the_figures() -> None:
    assert ignores_results("わかりました。ほかにご質問は？", TURN)
    assert not ignores_results("今日は日曜日、6日です。", TURN)
    assert not ignores_results("わかりました。", TURN[:4])  # no results: nothing to ignore


def test_the_question_with_its_results_in_front() -> None:
    plain = as_plain_question(TURN)
    assert plain[:3] == TURN[:3]
    assert plain[-1] == {
        "role": "user",
        "content": f"{RESULTS_LABEL}\n現在: 2026年12月6日（日曜日）\n\n今日は何曜日？",
    }
    assert all(m["role"] != "tool" and "tool_calls" not in m for m in plain)


def test_a_reply_that_misses_the_calculated_value() -> None:
    calc = [
        {"role": "user", "content": "12万3千円を3人で割り勘すると一人いくら？"},
        {"role": "assistant", "content": "", "tool_calls": []},
        {
            "role": "tool",
            "tool_call_id": "1",
            "name": "calculator",
            "content": "123000 / 3 = 41000",
        },
    ]
    assert ignores_results("一人約4万5千円です。", calc)
    assert not ignores_results("一人4万1千円です。", calc)
    assert not ignores_results("41,000円です。", calc)


def call(name: str, arguments: str) -> ToolCall:
    return ToolCall("1", name, arguments)


def test_calls_must_fit_what_was_asked() -> None:
    tools = [t.schema() for t in builtin_tools()]
    assert not grounded(call("calculator", '{"expression": "16 * 2"}'), "Who wrote Hamlet?", tools)
    assert not grounded(call("calculator", '{"expression": "H2O"}'), "Formula of water?", tools)
    assert not grounded(
        call("clock", '{"until": "2023-10-01"}'), "What is the capital of Japan?", tools
    )
    assert grounded(call("calculator", '{"expression": "354 * 139"}'), "354×139は？", tools)
    assert grounded(call("calculator", '{"expression": "50000 * 15%"}'), "5万円の15%は？", tools)
    assert grounded(call("clock", "{}"), "今何時？", tools)
    assert grounded(call("clock", '{"days_from_now": 0}'), "今日は何曜日？", tools)
    assert grounded(call("clock", '{"until": "2027-12-31"}'), "2027年12月31日まであと何日？", tools)
    assert not grounded(call("clock", "not json"), "今何時？", tools)
