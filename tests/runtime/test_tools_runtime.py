"""Tools in the runtime process, on the generated tiny models and real llama.cpp grammars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatapp.core.tools.builtin import builtin_tools
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from tests.support.thinking_models import write_thinking_model
from tests.support.tiny_models import write_tiny_model

TOOLS = tuple(t.schema() for t in builtin_tools())
CHAT = ({"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello cat"})
GREEDY = p.Sampling(temperature=0.0, max_tokens=48, seed=1)
HERMES_TEMPLATE = (
    "{% if tools %}<|im_start|>system\n<tools>{% for t in tools %}{{ t | tojson }}{% endfor %}"
    "</tools> Call tools as <tool_call>{...}</tool_call><|im_end|>\n{% endif %}"
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
WITH_TOOL_RESULT = (
    {"role": "user", "content": "What is 354 * 139?"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "calculator", "arguments": '{"expression": "354 * 139"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "name": "calculator", "content": "RESULT " * 40},
)


def generate(
    client: RuntimeClient, messages: tuple[dict[str, object], ...], **kw: object
) -> p.GenerationDone:
    event = client.call(p.GenerateRequest(client.next_id(), messages, GREEDY, **kw), timeout=None)  # type: ignore[arg-type]
    assert isinstance(event, p.GenerationDone)
    return event


def test_a_grammar_constrains_the_reply(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 512)
    done = generate(client, CHAT, grammar='root ::= "yes" | "no"')
    assert done.text in ("yes", "no")
    assert done.stats.stop_reason == p.STOP_EOS


def test_a_bad_grammar_is_refused_and_the_runtime_lives(
    client: RuntimeClient, tiny_q4: Path
) -> None:
    client.load(tiny_q4, 512)
    with pytest.raises(RuntimeError_) as info:
        generate(client, CHAT, grammar="root ::= (unclosed")
    assert info.value.event.kind == "bad_request"  # type: ignore[union-attr]
    assert generate(client, CHAT).text  # still answering


def test_a_forced_tool_call_is_valid_json_for_the_schema(
    client: RuntimeClient, tiny_q4: Path
) -> None:
    """Even a random-weight model writes a well-formed call under the grammar."""
    client.load(tiny_q4, 2048)
    assert client.info()["native_tools"] is False  # its template ignores tools
    done = generate(client, CHAT, tools=TOOLS, tool_choice="clock")
    assert done.text == ""
    assert done.stats.stop_reason == "tool_calls"
    assert done.tool_calls
    for call in done.tool_calls:
        assert call["name"] == "clock"
        assert set(json.loads(call["arguments"])) <= {"days_from_now", "until"}


def test_auto_either_calls_or_answers(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 2048)
    done = generate(client, CHAT, tools=TOOLS, tool_choice="auto")
    if done.tool_calls:
        assert done.text == "" and done.stats.stop_reason == "tool_calls"
    else:
        assert done.text and done.stats.hidden_tokens > 0  # the decision came first


def test_the_grammar_path_drops_calls_with_numbers_nobody_wrote(
    client: RuntimeClient, tmp_path: Path
) -> None:
    """Sampled, a scripted model fills the decision grammar with calls such as calculator
    "3  9.39.((e2." for a question without a number: such a call is dropped and the question
    answered (seen in the window before: a turn of invented calculations)."""
    client.load(write_thinking_model(tmp_path / "thinker.gguf"), 2048)
    question = ({"role": "user", "content": "Where is the cat?"},)
    answered = 0
    for seed in range(8):
        sampling = p.Sampling(temperature=1.0, max_tokens=24, seed=seed)
        req = p.GenerateRequest(
            client.next_id(), question, sampling, tools=TOOLS, tool_choice="auto"
        )
        done = client.call(req, timeout=None)
        assert isinstance(done, p.GenerationDone)
        for c in done.tool_calls:
            arguments = json.loads(c["arguments"])
            assert not any(ch.isdigit() for ch in json.dumps(arguments)), c
        answered += not done.tool_calls
    assert answered  # and without a call, an answer was written


def test_an_unknown_tool_choice_is_a_bad_request(client: RuntimeClient, tiny_q4: Path) -> None:
    client.load(tiny_q4, 512)
    with pytest.raises(RuntimeError_) as info:
        generate(client, CHAT, tools=TOOLS, tool_choice="weather")
    assert "no tool named 'weather'" in info.value.event.message


@pytest.mark.parametrize("chat_format", ["chatml", "gemma", "llama-2", "file"])
def test_tool_results_reach_the_prompt_in_every_format(
    client: RuntimeClient, tiny_q4: Path, chat_format: str
) -> None:
    """llama-cpp-python's formatters drop a role they do not know (and its chatml-function-
    calling handler loses a tool message's content): results are rendered as user turns."""
    client.load(tiny_q4, 1024, chat_format=chat_format)
    with_result = client.count_prompt(list(WITH_TOOL_RESULT))
    short = [*WITH_TOOL_RESULT[:2], {**WITH_TOOL_RESULT[2], "content": "RESULT"}]
    assert with_result - client.count_prompt(short) >= 39 * 2  # every word of the result counts
    call_only = client.count_prompt(list(WITH_TOOL_RESULT[:1]))
    assert client.count_prompt(list(WITH_TOOL_RESULT[:2])) > call_only + 5  # the call is shown


def test_a_template_that_takes_tools_is_native(client: RuntimeClient, tmp_path: Path) -> None:
    model = write_tiny_model(tmp_path / "tools.gguf", chat_template=HERMES_TEMPLATE)
    client.load(model, 2048)
    info = client.info()
    assert info["native_tools"] is True and info["tool_style"] == "hermes"
    done = generate(client, CHAT, tools=TOOLS, tool_choice="clock")  # in the template's format
    assert done.tool_calls and {c["name"] for c in done.tool_calls} == {"clock"}
    plain = generate(client, CHAT, tools=TOOLS)  # auto: the model's own output, parsed
    assert plain.stats.stop_reason in ("eos", "length", "tool_calls")
