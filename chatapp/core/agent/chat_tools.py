"""The agent's long-term memory: ``search_chats`` over the user's other conversations.

The store's full-text search (trigram index, Japanese included) finds messages holding the
query; when the whole query is in no message, its words are searched one by one and messages
holding more of them rank first. Results are a few compact lines, each naming the chat it
comes from; the conversation the task runs in is left out (it is in the prompt already).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatapp.core.chat.store import Store
from chatapp.core.chat.store_records import SearchHit
from chatapp.core.docs.retrieval import keyword_terms
from chatapp.core.tools.registry import Tool, ToolExample, ToolOutput, error_output

SEARCH_CHATS = "search_chats"
RESULTS = 5
SNIPPET_CHARS = 200
SEARCHED = 40  # hits read per term before ranking


class ChatSearch:
    """``search_chats`` over ``store``; ``exclude`` names the conversation to leave out."""

    def __init__(self, store: Store, exclude: Callable[[], int | None] = lambda: None) -> None:
        self.store = store
        self.exclude = exclude

    def tool(self) -> Tool:
        return Tool(
            name=SEARCH_CHATS,
            title="Chat search",
            description=(
                "Search the user's earlier conversations for something said before. "
                f"Returns up to {RESULTS} short excerpts, each with its chat's title."
            ),
            parameters={
                "type": "object",
                "properties": {"query": {"type": "string", "description": "words to look for"}},
                "required": ["query"],
                "additionalProperties": False,
            },
            function=self.search,
            examples=(ToolExample("What did we decide about the trip?", {"query": "trip"}),),
        )

    def hits(self, query: str) -> list[SearchHit]:
        excluded = self.exclude()
        found = [h for h in self.store.search(query, SEARCHED) if h.message_id is not None]
        ranked: list[SearchHit] = [h for h in found if h.conversation_id != excluded]
        if ranked:
            return ranked[:RESULTS]
        terms = keyword_terms(query)
        if len(terms) < 2:
            return []
        score: dict[int, int] = {}
        first: dict[int, SearchHit] = {}
        for term in terms:
            for hit in self.store.search(term, SEARCHED):
                if hit.message_id is None or hit.conversation_id == excluded:
                    continue
                score[hit.message_id] = score.get(hit.message_id, 0) + 1
                first.setdefault(hit.message_id, hit)
        best = sorted(score, key=lambda i: (-score[i], -i))[:RESULTS]
        return [first[i] for i in best]

    def search(self, arguments: dict[str, Any]) -> ToolOutput:
        query = str(arguments.get("query", "")).strip()
        if not query:
            return error_output("the query is empty")
        hits = self.hits(query)
        data: dict[str, Any] = {
            "kind": SEARCH_CHATS,
            "query": query,
            "count": len(hits),
            "hits": [
                {
                    "conversation_id": h.conversation_id,
                    "message_id": h.message_id,
                    "title": h.title,
                    "snippet": h.snippet[:SNIPPET_CHARS],
                }
                for h in hits
            ],
        }
        n = len(hits)
        display = f"Searched your chats for 「{query}」 — {n} result{'s' if n != 1 else ''}"
        if not hits:
            return ToolOutput(f"Nothing found in earlier chats for {query!r}.", display, data)
        lines = [f"{n} excerpt{'s' if n != 1 else ''} from earlier chats for {query!r}:"]
        for h in hits:
            title = h.title or "untitled"
            lines.append(f"- chat «{title}»: {h.snippet[:SNIPPET_CHARS]}")
        return ToolOutput("\n".join(lines), display, data)
