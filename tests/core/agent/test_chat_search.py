"""``search_chats``: the store's real full-text search over other conversations."""

from __future__ import annotations

from chatapp.core.agent.chat_tools import SEARCH_CHATS, ChatSearch
from chatapp.core.chat.store import Store


def chat(store: Store, title: str, *texts: str) -> int:
    cid = store.create_conversation(title)
    for i, text in enumerate(texts):
        store.add_message(cid, "user" if i % 2 == 0 else "assistant", text)
    return cid


def test_finds_other_chats_and_leaves_out_the_current_one(store: Store) -> None:
    trip = chat(
        store, "Trip to Kyoto", "Shall we take the night bus to Kyoto?", "Yes, it leaves at 22:40."
    )
    chat(
        store,
        "学習コストの話",
        "新しいフレームワークの学習コストは高いですか？",
        "二週間ほどです。",
    )
    here = chat(store, "Now", "When does the night bus leave?")
    search = ChatSearch(store, exclude=lambda: here)
    out = search.search({"query": "night bus"})
    assert out.display == "Searched your chats for 「night bus」 — 1 result"
    assert "chat «Trip to Kyoto»" in out.content and "night bus" in out.content
    assert [h["conversation_id"] for h in out.display_data["hits"]] == [trip]
    jp = search.search({"query": "学習コスト"})
    assert "学習コスト" in jp.content and jp.display_data["count"] == 1
    assert search.tool().name == SEARCH_CHATS


def test_words_apart_when_the_phrase_is_in_no_message(store: Store) -> None:
    chat(store, "Bakery", "The sourdough starter needs feeding twice a day.")
    chat(store, "Garden", "Feeding the tomatoes weekly helps.")
    search = ChatSearch(store)
    out = search.search({"query": "starter feeding schedule"})
    hits = out.display_data["hits"]
    assert hits[0]["title"] == "Bakery"  # holds two of the words
    assert {h["title"] for h in hits} == {"Bakery", "Garden"}


def test_nothing_found_and_an_empty_query(store: Store) -> None:
    search = ChatSearch(store)
    out = search.search({"query": "zebra"})
    assert not out.error and out.content == "Nothing found in earlier chats for 'zebra'."
    assert search.search({"query": ""}).error
