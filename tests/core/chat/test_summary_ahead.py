"""Summaries prepared between turns: the turn that passes the trigger does not wait for one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession, TurnEvents, TurnStopped
from chatapp.core.chat.store import Store
from chatapp.core.chat.summarizer import SummarizeFailed
from chatapp.core.engine import LoadSpec
from chatapp.runtime.local_engine import LocalEngine
from tests.support.chats import add_turns

N_CTX, RESERVE = 1024, 128
BUDGET = N_CTX - RESERVE


@pytest.fixture
def engine(tiny_q4: Path) -> Iterator[LocalEngine]:
    e = LocalEngine()
    e.load(LoadSpec(str(tiny_q4), N_CTX))
    yield e
    e.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


def filled(store: Store, engine: LocalEngine, share: float) -> ChatSession:
    """A conversation whose next prompt ("the newest question") takes ``share`` of the budget,
    to within one turn."""
    settings = ConversationSettings(
        n_ctx=N_CTX, reply_reserve=RESERVE, policy="summarize",
        sampling=SamplingSettings(seed=1, max_tokens=4),
    )  # fmt: skip
    conv = store.create_conversation(settings=settings)
    session = ChatSession(store, engine, conv)

    def next_prompt() -> int:
        store.add_message(conv, "user", "the newest question")
        tokens = session.counter.count_prompt(session.preview_messages())
        store.delete_message(store.branch(conv)[-1].id)
        return tokens

    base = next_prompt()
    add_turns(store, conv, 2, padding=6)
    per_turn = (next_prompt() - base) / 2
    target = share * BUDGET
    add_turns(store, conv, max(0, int((target - base) / per_turn) - 3), padding=6)
    while next_prompt() < target:
        add_turns(store, conv, 1, padding=6)
    return session


def test_past_the_trigger_the_reply_goes_first_and_the_summary_follows(
    store: Store, engine: LocalEngine
) -> None:
    session = filled(store, engine, 0.90)
    result = session.send("the newest question")
    assert result.error is None and result.summary_s == 0.0
    assert store.latest_summary(session.conversation_id) is None  # the reply did not wait
    assert result.plan.prompt_tokens <= BUDGET and not result.plan.outside_ids
    seen: list[int] = []
    n = session.prepare_summary(TurnEvents(on_summarizing=seen.append))
    assert n > 0 and seen == [n]
    summary = store.latest_summary(session.conversation_id)
    assert summary is not None and len(summary.covered_ids) == n
    assert session.prepare_summary() == 0  # nothing more is due
    after = session.send("and one more")
    assert after.summary_s == 0.0 and after.plan.summary is not None
    low = 0.5 * BUDGET + after.plan.summary_tokens + 40  # the new turn's own tokens
    assert after.plan.prompt_tokens <= low


def test_below_the_trigger_nothing_is_prepared(store: Store, engine: LocalEngine) -> None:
    session = filled(store, engine, 0.78)
    session.send("the newest question")
    assert session.prepare_summary() == 0
    assert store.latest_summary(session.conversation_id) is None


def test_a_cancelled_preparation_changes_nothing(store: Store, engine: LocalEngine) -> None:
    session = filled(store, engine, 0.88)
    session.send("the newest question")
    started = threading.Event()
    errors: list[Exception] = []

    def prepare() -> None:
        try:
            session.prepare_summary(TurnEvents(on_summarizing=lambda _n: started.set()))
        except SummarizeFailed as exc:
            errors.append(exc)

    worker = threading.Thread(target=prepare)
    engine_settings = store.conversation(session.conversation_id).settings
    assert engine_settings.policy == "summarize"
    worker.start()
    assert started.wait(30)
    while not errors and worker.is_alive():
        engine.cancel()  # as the controller does when the user sends meanwhile
        worker.join(0.01)
    worker.join(30)
    assert errors and "cancelled" in str(errors[0])
    assert store.latest_summary(session.conversation_id) is None


def test_stop_while_summarizing_stops_the_turn(store: Store, engine: LocalEngine) -> None:
    session = filled(store, engine, 1.3)  # over budget: the summary is written first
    before = len(store.branch(session.conversation_id))
    with pytest.raises(TurnStopped):
        session.send("the newest question", TurnEvents(on_summarizing=lambda _n: session.stop()))
    branch = store.branch(session.conversation_id)
    assert len(branch) == before + 1 and branch[-1].role == "user"  # committed, no reply


def test_after_a_prepared_summary_the_next_turn_evaluates_only_its_message(
    store: Store, engine: LocalEngine
) -> None:
    """Writing the summary fills the KV cache with the summarizer's prompt; preparing it also
    evaluates the conversation as it now starts, so the next turn is as quick as any other."""
    session = filled(store, engine, 0.90)
    session.send("the newest question")
    assert session.prepare_summary() > 0
    question = "and one more"
    after = session.send(question)
    assert after.result is not None and after.plan.summary is not None
    stats = after.result.stats
    evaluated = stats["prompt_tokens"] - stats["prompt_tokens_reused"]
    # The new message with its template tokens (and the end of the reply before it).
    own = engine.count([{"role": "user", "content": question}]).tokens
    assert evaluated <= own + 4, (evaluated, own, stats["prompt_tokens"])
