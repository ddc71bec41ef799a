"""The ReAct step (an agent step for models without native tool calls) on the generated tiny
model with real llama.cpp grammars: a thought, then one valid call or the answer."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from chatapp.core.tools.builtin import builtin_tools
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.host_types import Pass
from chatapp.runtime.kv_cache import CacheUse
from chatapp.runtime.react_step import (
    ANSWER,
    THOUGHT_CHARS,
    as_steps,
    mentions_tool,
    native_step,
    react_examples,
    react_grammar,
    split_step,
)
from chatapp.runtime.tool_prompt import ANSWER_NUDGE
from tests.runtime.test_tools_runtime import CHAT, HERMES_TEMPLATE, WITH_TOOL_RESULT, generate
from tests.support.tiny_models import write_tiny_model

TOOLS = tuple(t.schema() for t in builtin_tools())


def test_every_seed_gives_a_thought_then_a_call_or_the_answer(
    client: RuntimeClient, tiny_q4: Path
) -> None:
    """A random-weight model: whatever it writes, the step is well-formed."""
    client.load(tiny_q4, 2048)
    outcomes = set()
    for seed in range(6):
        sampling = p.Sampling(temperature=1.0, max_tokens=48, seed=seed)
        request = p.GenerateRequest(
            client.next_id(), CHAT, sampling, tools=TOOLS, tool_choice="auto", react=True
        )
        done = client.call(request, timeout=None)
        assert isinstance(done, p.GenerationDone)
        assert 1 <= len(done.thought) <= THOUGHT_CHARS and "\n" not in done.thought
        if done.tool_calls:
            assert done.text == "" and done.stats.stop_reason == "tool_calls"
            assert len(done.tool_calls) == 1
            call = done.tool_calls[0]
            assert call["name"] in ("calculator", "clock")
            json.loads(call["arguments"])
            outcomes.add("call")
        else:
            assert done.text and done.stats.hidden_tokens > 0  # the step came first, hidden
            outcomes.add("answer")
    assert outcomes  # at least one kind; both are valid


def test_earlier_steps_are_shown_in_the_same_notation(client: RuntimeClient, tiny_q4: Path) -> None:
    steps = as_steps(list(WITH_TOOL_RESULT))
    assert steps[1]["content"].startswith("Thought: I need a tool.\nAction: <tool_call>[")
    assert '"expression": "354 * 139"' in steps[1]["content"] and "tool_calls" not in steps[1]
    client.load(tiny_q4, 2048)
    done = generate(client, (CHAT[0], *WITH_TOOL_RESULT), tools=TOOLS, react=True)
    assert done.thought  # a step after a result is a step like any other


def test_the_grammar_and_the_examples() -> None:
    grammar = react_grammar(TOOLS)
    assert grammar.startswith('root ::= "Thought: " thought "\\n" "Action: " action')
    assert f'"{ANSWER}"' in grammar
    shots = react_examples(TOOLS)
    answers = [m["content"] for m in shots if m["role"] == "assistant"]
    assert any(a.endswith("Action: answer") for a in answers)
    assert all(split_step(a)[0] for a in answers)
    assert split_step('Thought: sum it\nAction: <tool_call>[{"name": "calculator"}]</tool_call>')[
        1
    ].startswith("<tool_call>")


def test_a_native_model_takes_its_step_in_its_own_format(
    client: RuntimeClient, tmp_path: Path
) -> None:
    model = write_tiny_model(tmp_path / "tools.gguf", chat_template=HERMES_TEMPLATE)
    client.load(model, 2048)
    assert client.info()["native_tools"] is True
    for seed in range(3):
        sampling = p.Sampling(temperature=1.0, max_tokens=32, seed=seed)
        request = p.GenerateRequest(
            client.next_id(), CHAT, sampling, tools=TOOLS, tool_choice="auto", react=True
        )
        done = client.call(request, timeout=None)
        assert isinstance(done, p.GenerationDone)
        if done.tool_calls:
            assert {c["name"] for c in done.tool_calls} <= {"calculator", "clock"}
        elif done.thought:  # it named a tool without a call: taken again as a ReAct step
            assert done.stats.hidden_tokens > 0
        else:
            assert not mentions_tool(done.text, TOOLS)


def test_a_tool_named_in_the_text() -> None:
    assert mentions_tool('<search_documents query="x"/> then calculator', TOOLS)
    assert not mentions_tool("The answer is 4.", TOOLS)


class _ScriptedHost:
    """The host's two calls native_step makes, answering with scripted passes: the step's
    control flow is what is under test here (the model's part is tested above)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.prompts: list[list[dict[str, object]]] = []

    def render(self, messages: list[dict[str, object]], tools: object, prepared: bool) -> object:
        self.prompts.append(messages)
        return messages

    def run_pass(self, rendered: object, sampling: object, emit: object, cancelled: object) -> Pass:
        text = self.texts.pop(0)
        cache = CacheUse(0, 0, "none")
        return Pass(text, p.STOP_EOS, 10, cache, len(text.split()) + 1, 0.0, 0.0, 0.0)


def test_a_native_step_that_writes_nothing_after_results_is_asked_to_answer() -> None:
    request = p.GenerateRequest(1, WITH_TOOL_RESULT, p.Sampling(), tools=TOOLS, react=True)
    shown: list[str] = []
    host = _ScriptedHost(["", "It is 49206."])
    messages = [dict(m) for m in WITH_TOOL_RESULT]
    text, calls, stats, _ = native_step(
        host, request, messages, list(TOOLS), "hermes", lambda t, _n: shown.append(t),
        lambda: False, 0.0,
    )  # fmt: skip
    assert text == "It is 49206." and shown == [text] and calls == ()
    assert stats.hidden_tokens == 1  # the empty pass's end token
    assert ANSWER_NUDGE in str(host.prompts[1][-1]["content"])
    assert ANSWER_NUDGE not in str(host.prompts[0])
    # Without results before it, an empty step stays the (empty) answer: asked once only.
    host = _ScriptedHost([""])
    text, _, _, _ = native_step(
        host, replace(request, messages=CHAT), list(CHAT), list(TOOLS), "hermes",
        lambda t, _n: None, lambda: False, 0.0,
    )  # fmt: skip
    assert text == "" and len(host.prompts) == 1
