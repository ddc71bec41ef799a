"""Whole turns through the chat session: store, planner, runtime (tiny models)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.planner import ContextError
from chatapp.core.chat.session import ChatSession, TurnEvents
from chatapp.core.chat.store import Store
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine
from tests.support.chats import add_turns

FAST = SamplingSettings(seed=1, max_tokens=24)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


def session(
    store: Store, client: RuntimeClient, model: Path, n_ctx: int = 2048, **settings: object
) -> ChatSession:
    client.load(model, n_ctx)
    conv = store.create_conversation(
        settings=ConversationSettings(sampling=FAST, n_ctx=n_ctx, **settings)  # type: ignore[arg-type]
    )
    return ChatSession(store, LocalEngine.adopt(client), conv)


def test_user_message_is_committed_before_generation(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    s = session(store, client, tiny_q4)
    seen: list[list[tuple[str, str]]] = []

    def on_text(_text: str) -> None:
        if not seen:  # look from another connection, as a crash would leave it
            other = sqlite3.connect(store.path)
            seen.append(other.execute("SELECT role, status FROM messages ORDER BY id").fetchall())
            other.close()

    result = s.send("hello cat", TurnEvents(on_text=on_text))
    assert seen[0] == [("user", "complete"), ("assistant", "partial")]
    reply = store.message(result.message_id)
    assert reply.status == "complete" and reply.content == result.result.text
    assert reply.stats["completion_tokens"] == 24
    assert [m.role for m in store.branch(s.conversation_id)] == ["user", "assistant"]
    assert store.export_json(s.conversation_id)["model"] == s.engine.model.name  # not null


def test_regenerate_and_edit_keep_every_branch(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    s = session(store, client, tiny_q4)
    first = s.send("hello").message_id
    second = s.regenerate(first).message_id
    assert store.siblings(first) == [first, second]
    user = store.branch(s.conversation_id)[0].id
    edited = s.edit_and_resend(user, "hello again")
    branch = store.branch(s.conversation_id)
    assert next(m.content for m in branch) == "hello again"
    assert branch[1].id == edited.message_id
    assert len(store.all_messages(s.conversation_id)) == 5


def test_too_long_message_fails_before_generation_and_is_kept(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    s = session(store, client, tiny_q4, n_ctx=256, reply_reserve=64)
    with pytest.raises(ContextError, match="Nothing was cut"):
        s.send("cat " * 400)
    assert [m.role for m in store.all_messages(s.conversation_id)] == ["user"]


def test_summarize_fallback_to_rolling_when_the_model_writes_nothing(
    store: Store, client: RuntimeClient, tiny_eos: Path
) -> None:
    s = session(store, client, tiny_eos, n_ctx=512, reply_reserve=128)
    conv = s.conversation_id
    add_turns(store, conv, 10, padding=20)
    result = s.send("newest")
    assert "Summarizing failed" in (result.plan.notice or "")
    assert result.plan.dropped_ids and result.plan.prompt_tokens <= 512 - 128
    assert store.latest_summary(conv) is None
    assert len(store.all_messages(conv)) == 22  # nothing lost on disk


def test_summarize_stores_a_summary_covering_the_oldest_turns(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    s = session(store, client, tiny_q4, n_ctx=1024, reply_reserve=200)
    conv = s.conversation_id
    add_turns(store, conv, 10, padding=20)
    result = s.send("newest")
    summary = store.latest_summary(conv)
    assert summary is not None and summary.content
    assert "summarized" in (result.plan.notice or "")
    ids = [m.id for m in store.branch(conv)]
    assert list(summary.covered_ids) == ids[: len(summary.covered_ids)]
    assert result.plan.summarized_ids == list(summary.covered_ids)
    assert result.plan.prompt_tokens <= 1024 - 200


def test_summary_can_be_edited_and_regenerated(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    s = session(store, client, tiny_q4, n_ctx=1024, reply_reserve=200)
    conv = s.conversation_id
    add_turns(store, conv, 10, padding=20)
    s.send("newest")
    first = store.latest_summary(conv)
    assert first is not None
    store.edit_summary(first.id, "The user keeps asking about cats.")
    assert "keeps asking about cats" in s.plan().messages[0]["content"]
    new_id = s.regenerate_summary()
    regenerated = store.latest_summary(conv)
    assert regenerated.id == new_id and not regenerated.edited
    assert regenerated.covered_ids == first.covered_ids
    assert regenerated.content in s.plan().messages[0]["content"]


def test_continue_carries_on_in_the_same_message(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    """A reply cut off by its token limit goes on from where it stopped: the model sees the
    prompt for a new reply followed by the text so far, and writes into the same message."""
    greedy = SamplingSettings(temperature=0.0, seed=1, max_tokens=12)
    s = session(store, client, tiny_q4)
    store.set_settings(s.conversation_id, ConversationSettings(sampling=greedy, n_ctx=2048))
    first = s.send("hello cat")
    assert first.result is not None and first.result.stop_reason == "length"
    assert s.can_continue(first.message_id)
    cut = store.message(first.message_id).content
    new_reply_prompt = s.engine.count(first.plan.messages).tokens
    more = s.continue_reply(first.message_id)
    assert more.message_id == first.message_id and more.error is None and more.result
    continued = store.message(first.message_id)
    assert continued.content.startswith(cut) and len(continued.content) > len(cut)
    assert continued.status == "complete"
    assert [m.role for m in store.branch(s.conversation_id)] == ["user", "assistant"]
    partial_tokens = len(client.tokenize([cut])[0])
    assert more.result.stats["prompt_tokens"] == new_reply_prompt + partial_tokens
    assert more.result.stats["prompt_tokens_reused"] >= new_reply_prompt - 1  # the cache held it


def test_an_empty_interrupted_reply_is_not_sent_to_the_model(
    store: Store, client: RuntimeClient, tiny_q4: Path
) -> None:
    s = session(store, client, tiny_q4)
    store.add_message(s.conversation_id, "user", "hello cat")
    store.add_message(s.conversation_id, "assistant", "", status="partial")
    store.add_message(s.conversation_id, "user", "are you there")
    plan = s.plan()
    assert [m["role"] for m in plan.messages] == ["system", "user", "user"]
    assert not s.can_continue(store.branch(s.conversation_id)[1].id)
