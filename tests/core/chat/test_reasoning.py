"""Reasoning (``<think>…</think>``): split from the answer, timed, and not sent back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat import meta
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.planner import prompt_message
from chatapp.core.chat.reasoning import ReasoningClock, split_reasoning
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Message, Store
from chatapp.core.models.model_info import read_model_info
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine
from tests.support.thinking_models import (
    DROPPING_TEMPLATE,
    RENDERING_TEMPLATE,
    write_thinking_model,
)


def test_split_reasoning() -> None:
    s = split_reasoning("<think>\nweigh it up\n</think>\n\nThe answer.")
    assert (s.reasoning, s.answer, s.thinking) == ("weigh it up", "The answer.", False)
    s = split_reasoning("<think>still weighing")
    assert (s.reasoning, s.answer, s.thinking) == ("still weighing", "", True)
    assert split_reasoning("<thi").thinking  # the tag is arriving
    # The template opened the block in the prompt: the reply only closes it.
    s = split_reasoning("weigh it up</think>The answer.")
    assert (s.reasoning, s.answer) == ("weigh it up", "The answer.")
    s = split_reasoning("No reasoning, and <b>tags</b> stay.")
    assert (s.reasoning, s.answer, s.thinking) == ("", "No reasoning, and <b>tags</b> stay.", False)


def test_reasoning_clock() -> None:
    now = [10.0]
    clock = ReasoningClock(lambda: now[0])
    for piece, t in (("<think>", 10.0), ("hmm", 11.0), ("</th", 12.5), ("ink>", 14.2), ("A", 20)):
        now[0] = t
        clock.feed(piece)
    assert clock.seconds() == 4.2


def test_prompt_message_strips_reasoning_unless_the_template_renders_it() -> None:
    stored = Message(1, 1, None, "assistant", "The answer.", 0.0,
                     meta={meta.REASONING: "private thoughts", meta.REASONING_S: 2.0})  # fmt: skip
    assert prompt_message(stored) == {"role": "assistant", "content": "The answer."}
    kept = prompt_message(stored, keep_reasoning=True)
    assert kept == {"role": "assistant", "content": "The answer.",
                    "reasoning_content": "private thoughts"}  # fmt: skip
    # A reply cut off by a crash still holds its tags in the text.
    crashed = Message(2, 1, None, "assistant", "<think>half a thought", 0.0, status="partial")
    assert prompt_message(crashed) is None
    cut = Message(3, 1, None, "assistant", "<think>done</think>Partial answ", 0.0)
    assert prompt_message(cut) == {"role": "assistant", "content": "Partial answ"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


def thinking_session(
    store: Store, client: RuntimeClient, tmp_path: Path, template: str
) -> ChatSession:
    model = write_thinking_model(tmp_path / "thinks.gguf", template)
    client.load(model, 2048)
    settings = ConversationSettings(sampling=SamplingSettings(max_tokens=40))
    conv = store.create_conversation(settings=settings)
    return ChatSession(store, LocalEngine.adopt(client), conv)


def test_a_real_turn_stores_reasoning_apart_and_the_next_prompt_drops_it(
    store: Store, client: RuntimeClient, tmp_path: Path
) -> None:
    s = thinking_session(store, client, tmp_path, DROPPING_TEMPLATE)
    first = s.send("Where is the cat?")
    assert first.result is not None and "<think>" in first.result.text  # the model wrote it
    reply = store.message(first.message_id)
    assert reply.content == "hello world."
    assert reply.meta is not None and reply.meta[meta.REASONING] == "the cat is on a mat"
    assert reply.meta[meta.REASONING_S] >= 0.0
    store.add_message(s.conversation_id, "user", "And the dog?")
    plan = s.plan()
    sent = json.dumps(plan.messages)
    assert "hello world." in sent and "mat" not in sent and "reasoning_content" not in sent


def test_a_template_that_renders_reasoning_gets_it_back(
    store: Store, client: RuntimeClient, tmp_path: Path
) -> None:
    s = thinking_session(store, client, tmp_path, RENDERING_TEMPLATE)
    assert read_model_info(tmp_path / "thinks.gguf").renders_reasoning
    assert s.engine.model is not None and s.engine.model.renders_reasoning
    s.send("Where is the cat?")
    store.add_message(s.conversation_id, "user", "And the dog?")
    plan = s.plan()
    assistant = next(m for m in plan.messages if m["role"] == "assistant")
    assert assistant["reasoning_content"] == "the cat is on a mat"
    # The template really writes it: the prompt is longer than without it.
    without = [{k: v for k, v in m.items() if k != "reasoning_content"} for m in plan.messages]
    assert s.engine.count(plan.messages).tokens > s.engine.count(without).tokens
