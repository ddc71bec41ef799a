"""The agent's tools over the document index: ``search_documents`` and ``read_passage``.

The model decides what to look up, instead of one retrieval before the reply. Results are
compact (a few passages, each cut to a few hundred characters) and cited: every passage shown
in a task gets a number, [1], [2], …, kept for the rest of the task, which the final answer
cites; ``display_data`` carries the passages as meta "sources" entries (chat/meta.py), so a
reply can list what it used. Only the collections given when the tools are made are searched.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chatapp.core.agent.passage_focus import focus
from chatapp.core.docs.context import _without_overlap
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.index_records import ChunkRow, FileRecord
from chatapp.core.docs.retrieval import Retriever
from chatapp.core.tools.registry import Tool, ToolExample, ToolOutput, error_output

SEARCH_DOCUMENTS = "search_documents"
READ_PASSAGE = "read_passage"
PASSAGES = 4  # a search's results
PASSAGE_CHARS = 360  # of each passage in a search's results
READ_CHARS = 1600  # of a page or chunk that read_passage gives


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _where(title: str, page: int | None, ordinal: int) -> str:
    page_part = f", page {page}" if page is not None else ""
    return f"{title}{page_part}, chunk {ordinal + 1}"


class DocumentTools:
    """The two tools over ``collections`` of ``index``; numbers passages for one task."""

    def __init__(
        self, index: DocumentIndex, retriever: Retriever, collections: Sequence[str]
    ) -> None:
        self.index = index
        self.retriever = retriever
        self.collections = tuple(collections)
        self._lock = threading.Lock()
        self._numbers: dict[tuple[str, int | None, int], int] = {}

    def tools(self) -> list[Tool]:
        return [self.search_tool(), self.read_tool()]

    def new_task(self) -> None:
        """Number passages from [1] again."""
        with self._lock:
            self._numbers.clear()

    def _number(self, path: str, page: int | None, ordinal: int) -> int:
        with self._lock:
            key = (path, page, ordinal)
            if key not in self._numbers:
                self._numbers[key] = len(self._numbers) + 1
            return self._numbers[key]

    def _source(self, row: ChunkRow, text: str, whole: bool = False) -> dict[str, Any]:
        n = self._number(row.path, row.page, row.ordinal)
        return {
            "n": n,
            "title": Path(row.path).name,
            "path": row.path,
            "page": row.page,
            "chunk": row.ordinal + 1,
            "text": _cut(text, 300),
            "whole": whole,
        }

    def _names(self, collection: Any) -> tuple[str, ...] | str:
        """The collections to search, or the reason there are none."""
        if not self.collections:
            return "no document collections are attached to this conversation"
        if collection in (None, ""):
            return self.collections
        if collection not in self.collections:
            known = ", ".join(self.collections)
            return f"there is no collection '{collection}' (collections: {known})"
        return (str(collection),)

    # --- search_documents -----------------------------------------------------------------

    def search_tool(self) -> Tool:
        names = ", ".join(self.collections) or "none"
        return Tool(
            name=SEARCH_DOCUMENTS,
            title="Document search",
            description=(
                "Search the user's documents for passages about a question or a few words. "
                f"Returns up to {PASSAGES} numbered passages with their file and page. "
                f"Collections: {names}."
            ),
            parameters={
                "type": "object",
                "properties": {
                    "query": {"type": "string", "description": "what to look for"},
                    "collection": {
                        "type": "string",
                        "description": "one collection to search (default: all of them)",
                    },
                },
                "required": ["query"],
                "additionalProperties": False,
            },
            function=self.search,
            examples=(ToolExample("What does my report say about costs?", {"query": "costs"}),),
        )

    def search(self, arguments: dict[str, Any]) -> ToolOutput:
        query = str(arguments.get("query", "")).strip()
        if not query:
            return error_output("the query is empty")
        names = self._names(arguments.get("collection"))
        if isinstance(names, str):
            return error_output(names)
        hits = self.retriever.search(query, names, PASSAGES)
        rows = self.index.chunks([h.chunk_id for h in hits])
        data: dict[str, Any] = {"kind": SEARCH_DOCUMENTS, "query": query, "count": len(hits)}
        if not hits:
            data["sources"] = []
            return ToolOutput(
                f"No passages found for {query!r}.",
                f"Searched your documents for 「{query}」 — no passages",
                data,
            )
        lines = [f"{len(hits)} passage{'s' if len(hits) != 1 else ''} for {query!r}:"]
        sources = []
        for hit in hits:
            row = rows.get(hit.chunk_id)
            if row is None:
                continue
            source = self._source(row, hit.text)
            sources.append(source)
            where = _where(source["title"], row.page, row.ordinal)
            lines.append(f"[{source['n']}] ({where}) {focus(hit.text, query, PASSAGE_CHARS)}")
        lines.append("Cite passages as [n]. read_passage(source, page) gives a whole page.")
        data["sources"] = sources
        n = data["count"] = len(sources)  # the passages shown (a hit's chunk may be gone)
        return ToolOutput(
            "\n".join(lines),
            f"Searched your documents for 「{query}」 — {n} passage{'s' if n != 1 else ''}",
            data,
        )

    # --- read_passage ---------------------------------------------------------------------

    def _file_names(self, limit: int = 8) -> list[str]:
        names = self._names(None)
        if isinstance(names, str):
            return []
        found = [f.name for c in self.index.collections() if c.name in names
                 for f in self.index.files(c.id)]  # fmt: skip
        return sorted(set(found))[:limit]

    def read_tool(self) -> Tool:
        files = self._file_names()
        # The documents' own names: a small model copied an example name ("report.pdf").
        named = f" Documents: {', '.join(files)}." if files else ""
        return Tool(
            name=READ_PASSAGE,
            title="Read a passage",
            description=(
                "Read one page or one chunk of a document in full, by its file name as "
                f"search_documents shows it.{named}"
            ),
            parameters={
                "type": "object",
                "properties": {
                    "source": {"type": "string", "description": "the document's file name"},
                    "page": {"type": "integer", "description": "the page to read"},
                    "chunk": {"type": "integer", "description": "or the chunk to read"},
                },
                "required": ["source"],
                "additionalProperties": False,
            },
            function=self.read,
        )

    def _file(self, source: str) -> FileRecord | str:
        names = self._names(None)
        if isinstance(names, str):
            return names
        wanted = source.strip().lower()
        files = [
            f for c in self.index.collections() if c.name in names for f in self.index.files(c.id)
        ]
        for f in files:
            if f.path.lower() == wanted or f.name.lower() == wanted:
                return f
        for f in files:
            if f.path.lower().endswith(wanted) or wanted in f.name.lower():
                return f
        known = ", ".join(sorted({f.name for f in files})[:10]) or "none"
        return f"there is no document named '{source}' (documents: {known})"

    def read(self, arguments: dict[str, Any]) -> ToolOutput:
        found = self._file(str(arguments.get("source", "")))
        if isinstance(found, str):
            return error_output(found)
        rows = self.index.file_chunks(found.id)
        if not rows:
            return error_output(f"'{found.name}' has no indexed text yet")
        page, chunk = arguments.get("page"), arguments.get("chunk")
        if chunk is not None:
            chosen = [r for r in rows if r.ordinal + 1 == chunk]
            what = f"chunk {chunk}"
            available = f"chunks 1 to {len(rows)}"
        elif page is not None and all(r.page is None for r in rows):  # a text file: its chunk
            chosen = [r for r in rows if r.ordinal + 1 == page]
            what = f"chunk {page}"
            available = f"chunks 1 to {len(rows)}; it has no pages"
            chunk, page = page, None
        elif page is not None:
            chosen = [r for r in rows if r.page == page]
            what = f"page {page}"
            pages = sorted({r.page for r in rows if r.page is not None})
            available = f"pages {pages[0]} to {pages[-1]}" if pages else "no page numbers"
        else:
            chosen, what, available = rows[:1], "the beginning", ""
        if not chosen:
            return error_output(f"'{found.name}' has no {what} ({available})")
        text = _cut(_without_overlap(chosen), READ_CHARS)
        source = self._source(chosen[0], text, whole=False)
        label = _where(found.name, chosen[0].page, chosen[0].ordinal)
        if chunk is None and page is not None:
            label = f"{found.name}, page {page}"
        data = {"kind": READ_PASSAGE, "source": found.name, "what": what, "sources": [source]}
        data.update({"page": page} if chunk is None and page is not None else {})
        data.update({"chunk": chunk} if chunk is not None else {})
        return ToolOutput(
            f"[{source['n']}] ({label})\n{text}",
            f"Read {found.name}, {what}",
            data,
        )
