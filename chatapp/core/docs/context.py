"""Documents in a chat: the ``ContextProvider`` that fills the prompt's documents segment.

Before each reply it searches the collections attached to the conversation (its settings'
``documents``) with the user's question and hands the planner numbered parts, best first:
"[1] report.pdf, page 3" and the passage. When a whole file fits the budget, the whole file
goes in instead of its passages — a question like "summarize this" finds no passage, but the
model sees the document. The planner keeps as many parts as fit; the sources of the parts it
kept are stored in the reply's meta (``sources``), and the model is asked to cite them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chatapp.core.chat.planner import TurnContext
from chatapp.core.chat.store import Store
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.retrieval import Hit, Retriever
from chatapp.core.engine import Engine

HEADER = (
    "Answer from the numbered sources below when they are relevant, and cite them as [1], [2]. "
    "If they do not answer the question, say so."
)
# The share of the room left for the prompt that documents may take at most.
DOCUMENT_SHARE = 0.6
EXCERPT_CHARS = 300
MIN_OVERLAP = 8  # shorter repeats are chance, not the chunk overlap


@dataclass(frozen=True)
class Part:
    text: str
    source: dict[str, Any]


def label(title: str, page: int | None) -> str:
    return f"{title}, page {page}" if page is not None else title


def source_entry(n: int, hit: Hit, whole: bool) -> dict[str, Any]:
    excerpt = hit.text if len(hit.text) <= EXCERPT_CHARS else hit.text[: EXCERPT_CHARS - 1] + "…"
    return {
        "n": n,
        "title": hit.title,
        "path": hit.path,
        "page": hit.page,
        "text": excerpt,
        "whole": whole,
    }


class DocumentsProvider:
    def __init__(
        self,
        store: Store,
        index: DocumentIndex,
        retriever: Retriever,
        engine: Engine,
        k: int = 6,
    ) -> None:
        self.store = store
        self.index = index
        self.retriever = retriever
        self.engine = engine
        self.k = k

    def budget(self, conversation_id: int) -> int:
        settings = self.store.conversation(conversation_id).settings
        model = self.engine.model
        n_ctx = min(settings.n_ctx, model.n_ctx) if model is not None else settings.n_ctx
        room = n_ctx - min(settings.reply_reserve, n_ctx // 2)
        return max(0, int(room * DOCUMENT_SHARE))

    def context_for(self, conversation_id: int, question: str) -> TurnContext | None:
        names = self.store.conversation(conversation_id).settings.documents
        if not names or not question.strip():
            return None
        hits = self.retriever.search(question, names, self.k)
        if not hits:
            return None
        budget = self.budget(conversation_id)
        parts = self.parts(hits, budget)
        return TurnContext(
            kind="documents",
            parts=tuple(p.text for p in parts),
            max_tokens=budget,
            header=HEADER,
            sources=tuple(p.source for p in parts),
        )

    def parts(self, hits: Sequence[Hit], budget: int) -> list[Part]:
        """Numbered parts, best first; a file that fits whole goes in whole, once."""
        out: list[Part] = []
        whole_files: set[int] = set()
        used = 0
        for hit in hits:
            if hit.file_id in whole_files:
                continue
            n = len(out) + 1
            whole = self._whole_text(hit, budget - used)
            if whole is not None:
                whole_files.add(hit.file_id)
                text = f"[{n}] {hit.title} (the whole document)\n{whole}"
                out.append(Part(text, source_entry(n, hit, whole=True)))
            else:
                text = f"[{n}] {label(hit.title, hit.page)}\n{hit.text}"
                out.append(Part(text, source_entry(n, hit, whole=False)))
            used += self._tokens(out[-1].text)
        return out

    def _whole_text(self, hit: Hit, room: int) -> str | None:
        record = self.index.file(hit.file_id)
        if record.tokens > room:  # the embedder's count: a first, cheap look
            return None
        rows = self.index.file_chunks(hit.file_id)
        text = _without_overlap(rows)
        return text if self._tokens(text) <= room else None

    def _tokens(self, text: str) -> int:
        if self.engine.model is None:
            return len(text) // 2
        return self.engine.count_texts([text])[0]


def _without_overlap(rows: Sequence[Any]) -> str:
    """A file's text from its chunks, each overlap kept once, pages marked."""
    out: list[str] = []
    page: int | None = None
    previous = ""
    for row in rows:
        text = row.text
        cut = _overlap_length(previous, text)
        if row.page != page and row.page is not None:
            out.append(f"(page {row.page})")
            page = row.page
            cut = 0
        piece = text[cut:].strip()
        if piece:
            out.append(piece)
        previous = text
    return "\n\n".join(out)


def _overlap_length(previous: str, text: str) -> int:
    """How long a start of ``text`` repeats the end of ``previous`` (the chunk overlap)."""
    for length in range(min(len(previous), len(text)), MIN_OVERLAP - 1, -1):
        if previous.endswith(text[:length]):
            return length
    return 0
