"""How many times planning a turn asks the engine to count: each count is a round trip to the
runtime process that renders the template and tokenizes the whole history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.engine import Count, GenerationRequest, GenerationResult, LoadSpec, PromptMessage
from chatapp.runtime.local_engine import LocalEngine
from tests.support.chats import add_turns


class CountingEngine(LocalEngine):
    """The real local engine, counting the round trips that planning costs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.counts = 0

    def count(self, messages: Sequence[PromptMessage]) -> Count:
        self.counts += 1
        return super().count(messages)

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        self.counts += 1
        return super().count_texts(texts)

    def generate(self, messages: Any, request: GenerationRequest, on_text: Any = None) -> Any:
        result: GenerationResult = super().generate(messages, request, on_text)
        return result


@pytest.fixture
def engine(tiny_q4: Path) -> Iterator[CountingEngine]:
    e = CountingEngine()
    e.load(LoadSpec(str(tiny_q4), 2048))
    yield e
    e.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


def turn_counts(session: ChatSession, engine: CountingEngine, n: int) -> list[int]:
    out = []
    for i in range(n):
        engine.counts = 0
        result = session.send(f"question {i}: the cat is on the mat")
        assert result.error is None
        out.append(engine.counts)
    return out


FAST = SamplingSettings(seed=1, max_tokens=8)


def test_an_ordinary_turn_costs_one_count(engine: CountingEngine, store: Store) -> None:
    conv = store.create_conversation(settings=ConversationSettings(n_ctx=2048, sampling=FAST))
    session = ChatSession(store, engine, conv)
    counts = turn_counts(session, engine, 4)
    # The first turn also counts the system prompt alone (remembered from then on).
    assert counts == [2, 1, 1, 1]


def test_a_rolling_turn_costs_a_handful(engine: CountingEngine, store: Store) -> None:
    settings = ConversationSettings(n_ctx=512, reply_reserve=128, policy="rolling", sampling=FAST)
    conv = store.create_conversation(settings=settings)
    add_turns(store, conv, 30, padding=12)
    session = ChatSession(store, engine, conv)
    counts = turn_counts(session, engine, 3)
    # Over budget: the whole prompt, the last turn alone, the message estimates, the prompt
    # without history, then exact confirmations as turns are dropped.
    assert all(3 <= c <= 6 for c in counts), counts
    plan = session.preview()
    assert plan.outside_ids and plan.prompt_tokens <= 512 - 128


def test_counts_survive_between_turns(engine: CountingEngine, store: Store) -> None:
    """The same session plans the same prompt without asking again."""
    conv = store.create_conversation(settings=ConversationSettings(n_ctx=2048, sampling=FAST))
    session = ChatSession(store, engine, conv)
    session.send("hello cat")
    engine.counts = 0
    session.preview()
    session.preview()
    assert engine.counts == 1  # the prompt with the new reply, counted once
