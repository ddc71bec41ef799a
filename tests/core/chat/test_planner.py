"""The context planner with exact counts from a real tokenizer and chat template (tiny model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.planner import (
    ContextError,
    ContextPlanner,
    PlannerSettings,
    build_messages,
    split_turns,
)
from chatapp.core.chat.session import CachedCounter
from chatapp.core.chat.store import Store
from chatapp.runtime.client import RuntimeClient
from chatapp.runtime.local_engine import LocalEngine

SYSTEM = "You are a helpful assistant."
# The summarize policy picks turns by estimates (each turn's text plus an even share of the
# template overhead, rounded per turn); the exact prompt may come out this much above them.
ESTIMATE_SLACK = 8


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.sqlite3")
    yield s
    s.close()


@pytest.fixture
def backend(client: RuntimeClient, tiny_q4: Path) -> LocalEngine:
    # One thread: the tiny model needs no more, and on a busy shared CPU two spinning threads
    # make it generate fifty times slower (measured here: 5 against 600 tokens/s).
    client.load(tiny_q4, 2048, n_threads=1)
    return LocalEngine.adopt(client)


def conversation(store: Store, turns: int, words: int = 20, pin: int | None = None) -> int:
    conv = store.create_conversation()
    for i in range(turns):
        store.add_message(conv, "user", f"question {i}: " + "cat " * words, pinned=(i == pin))
        store.add_message(conv, "assistant", f"answer {i}: " + "dog " * words)
    store.add_message(conv, "user", "the newest question")
    return conv


def planner(backend: LocalEngine, store: Store, **kw: object) -> ContextPlanner:
    return ContextPlanner(CachedCounter(backend, store), PlannerSettings(**kw))  # type: ignore[arg-type]


def test_everything_fits(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 3)
    branch = store.branch(conv)
    plan = planner(backend, store, n_ctx=2048, reply_reserve=256).plan(SYSTEM, branch)
    assert plan.included_ids == [m.id for m in branch]
    assert plan.outside_ids == []
    assert plan.prompt_tokens == backend.count(plan.messages).tokens
    assert plan.messages[0] == {"role": "system", "content": SYSTEM}
    assert plan.system_tokens == backend.count([{"role": "system", "content": SYSTEM}]).tokens
    assert plan.system_tokens + plan.summary_tokens + plan.history_tokens == plan.prompt_tokens
    # The exact count includes the template: more than the sum of the texts.
    texts = backend.count_texts([SYSTEM, *[m.content for m in branch]])
    assert plan.prompt_tokens > sum(texts)


def test_rolling_drops_oldest_whole_turns_and_fits_exactly(
    backend: LocalEngine, store: Store
) -> None:
    conv = conversation(store, 12)
    branch = store.branch(conv)
    p = planner(backend, store, n_ctx=1024, reply_reserve=200, policy="rolling")
    plan = p.plan(SYSTEM, branch)
    budget = 1024 - 200
    assert plan.prompt_tokens == backend.count(plan.messages).tokens <= budget
    assert plan.messages[0]["content"] == SYSTEM
    assert plan.included_ids[-1] == branch[-1].id
    ids = [m.id for m in branch]
    n_out = len(plan.outside_ids)
    assert n_out > 0 and n_out % 2 == 0  # whole turns: a question and its answer
    assert plan.outside_ids == ids[:n_out]  # the oldest
    assert plan.dropped_ids == plan.outside_ids and plan.summarized_ids == []
    # As many turns as fit: one more turn would not.
    one_more = [m for m in branch if m.id in set(ids[n_out - 2 :])]
    assert backend.count(build_messages(SYSTEM, None, _turns(one_more))).tokens > budget
    assert "left out" in (plan.notice or "")


def _turns(messages):  # type: ignore[no-untyped-def]
    from chatapp.core.chat.planner import split_turns

    return split_turns(messages)


def test_pinned_turn_survives_rolling(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 12, pin=0)
    branch = store.branch(conv)
    plan = planner(backend, store, n_ctx=1024, reply_reserve=200, policy="rolling").plan(
        SYSTEM, branch
    )
    assert branch[0].id in plan.included_ids and branch[1].id in plan.included_ids
    assert branch[2].id in plan.outside_ids
    assert plan.prompt_tokens <= 1024 - 200


def test_stop_policy_refuses_with_an_explanation(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 12)
    with pytest.raises(ContextError, match=r"needs .* tokens, but the context holds 824") as info:
        planner(backend, store, n_ctx=1024, reply_reserve=200, policy="stop").plan(
            SYSTEM, store.branch(conv)
        )
    assert info.value.kind == "full"
    small = conversation(store, 1)
    plan = planner(backend, store, n_ctx=1024, reply_reserve=200, policy="stop").plan(
        SYSTEM, store.branch(small)
    )
    assert plan.outside_ids == []


@pytest.mark.parametrize("policy", ["stop", "rolling", "summarize"])
def test_message_over_budget_is_refused_whole(
    backend: LocalEngine, store: Store, policy: str
) -> None:
    conv = store.create_conversation()
    store.add_message(conv, "user", "cat " * 600)
    with pytest.raises(ContextError, match=r"Your message needs .* Nothing was cut") as info:
        planner(backend, store, n_ctx=512, reply_reserve=128, policy=policy).plan(
            SYSTEM, store.branch(conv)
        )
    assert info.value.kind == "too_long"


def test_huge_system_prompt(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 0)
    with pytest.raises(ContextError, match=r"Your message needs"):
        planner(backend, store, n_ctx=256, reply_reserve=64).plan("rule " * 400, store.branch(conv))


def test_empty_history(backend: LocalEngine, store: Store) -> None:
    conv = store.create_conversation()
    with pytest.raises(ContextError, match="nothing to reply to"):
        planner(backend, store, n_ctx=512).plan(SYSTEM, store.branch(conv))


def test_summarize_asks_for_the_oldest_turns(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 8)
    branch = store.branch(conv)
    p = planner(backend, store, n_ctx=1024, reply_reserve=200, policy="summarize")
    full = backend.count(build_messages(SYSTEM, None, _turns(branch))).tokens
    assert full > 0.85 * 824  # past the high-water mark
    plan = p.plan(SYSTEM, branch)
    request = plan.summary_request
    assert request is not None and request.previous is None
    ids = [m.id for m in branch]
    assert request.message_ids == ids[: len(request.message_ids)]  # oldest first, whole turns
    # With a summary standing for those turns, the prompt gets under the low-water mark.
    store.add_summary(conv, request.message_ids, "The user asked about cats and dogs.", "tiny")
    summary = store.latest_summary(conv)
    after = p.plan(SYSTEM, branch, summary)
    assert after.summary_request is None
    assert after.summarized_ids == request.message_ids
    assert after.outside_ids == request.message_ids
    assert after.messages[0]["content"].startswith(SYSTEM)
    assert "cats and dogs" in after.messages[0]["content"]
    assert after.summary_tokens > 0
    assert after.prompt_tokens == backend.count(after.messages).tokens
    # The low-water mark plus the summary's own size (header and template included).
    assert after.prompt_tokens <= 0.5 * 824 + after.summary_tokens + ESTIMATE_SLACK
    # An edited summary is what the model sees.
    store.edit_summary(summary.id, "Edited: the user likes ferrets.")
    edited = p.plan(SYSTEM, branch, store.latest_summary(conv))
    assert "ferrets" in edited.messages[0]["content"]
    assert store.latest_summary(conv).edited


def test_summary_of_another_branch_is_ignored(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 3)
    branch = store.branch(conv)
    store.add_summary(conv, [branch[0].id, branch[1].id], "old branch", "tiny")
    # Edit the first question: the new branch does not contain what the summary covers.
    store.add_message(conv, "user", "edited first question", parent_id=None)
    plan = planner(backend, store, n_ctx=2048).plan(
        SYSTEM, store.branch(conv), store.latest_summary(conv)
    )
    assert plan.summary is None and "old branch" not in plan.messages[0]["content"]


def test_token_counts_are_cached_per_message(backend: LocalEngine, store: Store) -> None:
    conv = conversation(store, 3)
    branch = store.branch(conv)
    counter = CachedCounter(backend, store)
    first = counter.count_messages(branch)
    assert first == backend.count_texts([m.content for m in branch])
    assert store.token_counts([m.id for m in branch], backend.model.key) == {
        m.id: n for m, n in zip(branch, first, strict=True)
    }


# --- the summarize policy's trigger (85 %) and target (50 %), pinned to the token -----------

N_CTX, RESERVE = 1024, 200
BUDGET = N_CTX - RESERVE
TRIGGER = int(0.85 * BUDGET)  # the most tokens a prompt may have without asking for a summary


def prompt_of(backend: LocalEngine, store: Store, conv: int) -> int:
    return backend.count(build_messages(SYSTEM, None, split_turns(store.branch(conv)))).tokens


def conversation_of(backend: LocalEngine, store: Store, tokens: int, words: int = 6) -> int:
    """A conversation whose whole next prompt takes exactly ``tokens``: whole turns while they
    fit, then the newest question padded one token at a time (each "x" is one token here)."""
    conv = store.create_conversation()
    i = 0
    while True:
        ids = [
            store.add_message(conv, "user", f"question {i}: " + "cat " * words),
            store.add_message(conv, "assistant", f"answer {i}: " + "dog " * words),
        ]
        question = store.add_message(conv, "user", "the newest question")
        if prompt_of(backend, store, conv) > tokens:
            store.delete_message(question)
            for mid in reversed(ids):
                store.delete_message(mid)
            break
        store.delete_message(question)
        i += 1
    question = store.add_message(conv, "user", "the newest question")
    pad = tokens - prompt_of(backend, store, conv)
    assert i >= 2 and pad >= 0
    store.delete_message(question)
    store.add_message(conv, "user", "the newest question" + "x" * pad)
    assert prompt_of(backend, store, conv) == tokens
    return conv


def summarizing(backend: LocalEngine, store: Store) -> ContextPlanner:
    return planner(backend, store, n_ctx=N_CTX, reply_reserve=RESERVE, policy="summarize")


@pytest.mark.parametrize("tokens", [TRIGGER // 2, TRIGGER])
def test_no_summary_is_asked_for_below_the_trigger(
    backend: LocalEngine, store: Store, tokens: int
) -> None:
    conv = conversation_of(backend, store, tokens)
    branch = store.branch(conv)
    plan = summarizing(backend, store).plan(SYSTEM, branch)
    assert plan.summary_request is None
    assert plan.prompt_tokens == tokens
    assert plan.included_ids == [m.id for m in branch] and plan.outside_ids == []
    assert not plan.rolled and plan.notice is None


@pytest.mark.parametrize("tokens", [TRIGGER + 1, (TRIGGER + BUDGET) // 2, BUDGET])
def test_past_the_trigger_it_fits_for_now_and_asks_for_a_summary(
    backend: LocalEngine, store: Store, tokens: int
) -> None:
    """Between 85 % and 100 % nothing is left out yet: the summary can be written later."""
    conv = conversation_of(backend, store, tokens)
    branch = store.branch(conv)
    plan = summarizing(backend, store).plan(SYSTEM, branch)
    assert plan.summary_request is not None and plan.summary_request.previous is None
    assert plan.prompt_tokens == tokens
    assert plan.included_ids == [m.id for m in branch]
    assert plan.outside_ids == [] and not plan.rolled and plan.notice is None
    ids = [m.id for m in branch]
    asked = plan.summary_request.message_ids
    assert asked and asked == ids[: len(asked)]  # the oldest whole turns


def test_over_the_budget_it_rolls_until_the_summary_exists(
    backend: LocalEngine, store: Store
) -> None:
    conv = conversation_of(backend, store, BUDGET + 1)
    plan = summarizing(backend, store).plan(SYSTEM, store.branch(conv))
    assert plan.summary_request is not None
    assert plan.rolled and plan.outside_ids and plan.prompt_tokens <= BUDGET


def test_after_a_real_summary_the_prompt_is_at_the_target(
    backend: LocalEngine, store: Store
) -> None:
    """The tiny model writes the summaries (the real summarizer): a first one, then one on top
    of it. Each time the prompt lands at 50 %: not above it (the summary's own size aside), and
    not more than one turn below it."""
    from chatapp.core.chat.summarizer import summarize

    conv = conversation_of(backend, store, BUDGET, words=2)  # small turns: a fine-grained cut
    p = planner(
        backend, store, n_ctx=N_CTX, reply_reserve=RESERVE, policy="summarize", summary_tokens=48
    )
    target = 0.5 * BUDGET
    summary = None
    for _round in range(2):
        branch = store.branch(conv)
        plan = p.plan(SYSTEM, branch, summary)
        request = plan.summary_request
        assert request is not None and request.previous == summary
        # While choosing, the planner counts a first summary at its reserved size, a later one
        # at the size of the summary it replaces.
        reserved = plan.summary_tokens if summary else p.settings.summary_tokens
        previous = summary.content if summary else None
        text = summarize(backend, previous, request.turns, p.settings.summary_tokens)
        covered = [*(summary.covered_ids if summary else ()), *request.message_ids]
        store.add_summary(conv, covered, text, "tiny")
        summary = store.latest_summary(conv)
        after = p.plan(SYSTEM, branch, summary)
        assert after.summary_request is None and not after.rolled
        assert after.summarized_ids == covered == after.outside_ids
        assert after.prompt_tokens == backend.count(after.messages).tokens
        assert after.summary_tokens > 0
        assert after.prompt_tokens <= target + after.summary_tokens + ESTIMATE_SLACK
        rest = after.prompt_tokens - after.summary_tokens  # the system prompt and the turns kept
        assert rest + reserved <= target + ESTIMATE_SLACK
        kept = split_turns([m for m in branch if m.id in set(after.included_ids)])
        newest = backend.count(build_messages(SYSTEM, None, [request.turns[-1], *kept])).tokens
        one_turn = newest - backend.count(build_messages(SYSTEM, None, kept)).tokens
        assert rest + one_turn + reserved > target - ESTIMATE_SLACK  # no turn more than needed
        # The conversation goes on until it passes the trigger again.
        while p.plan(SYSTEM, store.branch(conv), summary).summary_request is None:
            store.add_message(conv, "assistant", "answer: " + "dog " * 2)
            store.add_message(conv, "user", "question: " + "cat " * 2)
