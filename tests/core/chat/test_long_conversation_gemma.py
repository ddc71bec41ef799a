"""30+ turns with the real Gemma model at n_ctx 512: the window never overflows, nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine

pytestmark = pytest.mark.gemma
N_CTX = 512
RESERVE = 96
TURNS = 32
SYSTEM = "You are Kotoba, a friendly assistant who answers briefly."
TOPICS = ["the sea", "mountains", "bread", "trains", "cats", "rain", "music", "the moon"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


@pytest.mark.parametrize("policy", ["summarize", "rolling"])
def test_long_chat_stays_inside_the_window(
    store: Store, client: RuntimeClient, gemma_path: Path, policy: str
) -> None:
    client.load(gemma_path, N_CTX)
    settings = ConversationSettings(
        system_prompt=SYSTEM, n_ctx=N_CTX, reply_reserve=RESERVE, policy=policy,
        sampling=SamplingSettings(seed=3, max_tokens=40, temperature=0.7),
    )  # fmt: skip
    conv = store.create_conversation(settings=settings)
    session = ChatSession(store, LocalEngine.adopt(client), conv)
    strategies: list[str] = []
    outside_seen = False
    for turn in range(TURNS):
        result = session.send(f"Turn {turn}: tell me one fact about {TOPICS[turn % len(TOPICS)]}.")
        assert result.error is None and result.result is not None
        plan, stats = result.plan, result.result.stats
        assert plan.prompt_tokens <= N_CTX - RESERVE
        assert stats["prompt_tokens"] == plan.prompt_tokens  # the runtime counted the same
        assert stats["prompt_tokens"] + stats["completion_tokens"] <= N_CTX
        assert plan.messages[0]["role"] == "system"
        assert plan.messages[0]["content"].startswith(SYSTEM)
        assert plan.messages[-1]["content"].startswith(f"Turn {turn}:")
        outside_seen = outside_seen or bool(plan.outside_ids)
        strategies.append(stats["cache_strategy"])
        if policy == "summarize" and plan.outside_ids:
            assert "Summarizing failed" not in (plan.notice or "")
            summary = store.latest_summary(conv)
            assert summary is not None and summary.content.strip()
            # Everything outside the window is represented by the summary.
            assert set(plan.outside_ids) <= set(summary.covered_ids)
            assert plan.summarized_ids == plan.outside_ids
            assert plan.messages[0]["content"].endswith(summary.content.strip())
    assert outside_seen, "the conversation never outgrew the window: the test proves nothing"
    messages = store.all_messages(conv)
    assert len(messages) == 2 * TURNS  # the full history stays on disk
    assert all(m.status == "complete" for m in messages)
    if policy == "summarize":
        assert len(store.summaries(conv)) >= 2  # incremental: summaries of summaries
    else:
        assert store.summaries(conv) == []
        assert "shift" in strategies  # dropped turns are cut out of the KV cache, not re-read
