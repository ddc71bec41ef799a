"""Titles by the model after the first reply (chatapp/core/chat/titles.py), on a real store;
the model's words come from a script (what it writes cannot be dictated to a real model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.chat.store import Store
from chatapp.core.chat.titles import clean_title, first_exchange, title_messages, write_title
from chatapp.core.engine import GenerationResult
from tests.support.scripted_engine import ScriptedEngine


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "chats.sqlite3")
    yield s
    s.close()


def first_turn(store: Store, question: str, answer: str) -> int:
    cid = store.create_conversation()
    store.add_message(cid, "user", question)
    store.add_message(cid, "assistant", answer)
    return cid


def test_the_model_names_the_chat_in_its_language(store: Store) -> None:
    cid = first_turn(store, "日本の首都はどこですか？", "日本の首都は東京です。")
    assert store.conversation(cid).title == "日本の首都はどこですか？"  # the first words first
    engine = ScriptedEngine(["「日本の首都について」。"])
    assert write_title(store, engine, cid) == "日本の首都について"
    assert store.conversation(cid).title == "日本の首都について"
    messages, request = engine.requests[0]
    assert "日本語" in str(messages[0]["content"]) and request.sampling.temperature == 0.0
    assert first_exchange(store, cid) is not None  # still the first turn, but:
    store.add_message(cid, "user", "人口は？")
    assert first_exchange(store, cid) is None  # later turns keep the title


def test_english_questions_get_an_english_instruction() -> None:
    assert "in English" in str(title_messages("What is 2 + 2?", "4")[0]["content"])


def test_a_title_the_user_gave_is_never_replaced(store: Store) -> None:
    cid = first_turn(store, "hello", "Hi! How can I help?")
    store.rename(cid, "Mine")
    assert write_title(store, ScriptedEngine(["Greeting"]), cid) is None
    cid2 = first_turn(store, "hello", "Hi!")
    engine = ScriptedEngine([lambda: (store.rename(cid2, "Renamed meanwhile"), result("Hi"))[1]])
    assert write_title(store, engine, cid2) is None
    assert store.conversation(cid2).title == "Renamed meanwhile"


def result(text: str, stop: str = "eos") -> GenerationResult:
    return GenerationResult(text, stop)


def test_a_cancelled_or_useless_title_keeps_the_first_words(store: Store) -> None:
    cid = first_turn(store, "How do I bake bread?", "Mix flour, water, salt and yeast…")
    assert write_title(store, ScriptedEngine([lambda: result("Bread", "cancelled")]), cid) is None
    assert write_title(store, ScriptedEngine(["\n\n"]), cid) is None
    assert store.conversation(cid).title == "How do I bake bread?"


def test_clean_title() -> None:
    assert clean_title('Title: "Baking Bread at Home".') == "Baking Bread at Home"
    assert clean_title("タイトル：『パン作り』\n余計な説明") == "パン作り"
    assert clean_title("<think>hmm") is None
    assert clean_title("x" * 300) is None
    assert len(clean_title("word " * 20) or "") <= 60
