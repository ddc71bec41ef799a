"""Hybrid retrieval: BM25 over the trigram index and vector similarity, fused by rank.

Vectors are searched by brute force with numpy: exact, nothing to build or keep in step with
the SQLite file, and within the 50 ms budget at 100,000 chunks here (``python -m bench docs``
compares it with usearch and hnswlib, whose graphs took minutes to build on this machine).
Each collection's matrix is cached and loaded again when the collection's version changes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chatapp.core.docs.embedders import Embedder
from chatapp.core.docs.index import Collection, DocumentIndex
from chatapp.core.search_text import bounded, searchable

RRF_K = 60  # the usual constant of reciprocal-rank fusion
CANDIDATES = 50  # taken from each list before fusing
MAX_TERMS = 12  # keyword terms per query
# Of a longer question, the start and the end are searched: embedding costs about 1.5 s per
# 1,000 Japanese characters here, and a 100,000-character query held the embedder for 66 s.
MAX_QUESTION_CHARS = 1000
# In an index of SMALL_INDEX chunks or more: a term in more than COMMON_SHARE of the chunks is
# left out of BM25, and the MAX_LARGE_TERMS rarest are kept (BM25 scores every chunk that
# matches any term: the union must stay small).
SMALL_INDEX = 5000
COMMON_SHARE = 0.02
MAX_LARGE_TERMS = 4

_WORDS = re.compile(
    r"[0-9A-Za-z\u00c0-\u024f]+|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
_STOPWORDS = frozenset(
    """the and for are was were what which who whom whose when where why how does did has have
    had this that these those with from into about can could should would will shall may might
    must not but you your they them their there here its our ours his her hers she him been
    being any all some one two tell give please""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Hit:
    chunk_id: int
    file_id: int
    path: str
    page: int | None
    text: str
    tokens: int
    score: float  # the fused score (higher is better)
    keyword_rank: int | None  # 1-based rank in each list, None where absent
    vector_rank: int | None

    @property
    def title(self) -> str:
        return Path(self.path).name


def fts_query(question: str) -> str:
    """An FTS5 OR-query for the trigram index: words of three letters or more (minus common
    English ones) and, for Japanese, every three-character run."""
    return fts_match(keyword_terms(question))


def fts_match(terms: Sequence[str]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def keyword_terms(question: str) -> list[str]:
    terms: list[str] = []
    for word in _WORDS.findall(question):
        if word.isascii() or not _is_cjk_run(word):
            lowered = word.lower()
            if len(word) >= 3 and lowered not in _STOPWORDS:
                terms.append(lowered)
        elif len(word) >= 3:
            terms.extend(word[i : i + 3] for i in range(len(word) - 2))
    return list(dict.fromkeys(terms))


def keyword_match(
    index: DocumentIndex, question: str, total: int, cache: dict[str, int] | None = None
) -> str:
    """The MATCH expression for a question. In a small index, each word as a phrase. In a large
    one, a phrase of common trigrams costs a pass over their long position lists, so each word
    becomes its two rarest trigrams (both must be in a chunk) and a word whose rarest trigram is
    in a large share of the chunks is left out (its IDF is near zero; it ranks nothing).
    ``cache`` keeps trigram counts between queries."""
    terms = keyword_terms(question)
    if total < SMALL_INDEX or not terms:
        return fts_match(terms[:MAX_TERMS])
    cache = {} if cache is None else cache
    trigrams = {t: [t[i : i + 3] for i in range(len(t) - 2)] for t in terms}
    missing = sorted({g for gs in trigrams.values() for g in gs if g not in cache})
    found = index.term_documents(missing, int(COMMON_SHARE * total))
    cache.update({g: found.get(g, 0) for g in missing})
    chosen: list[tuple[int, str]] = []
    for grams in trigrams.values():
        rarest = sorted(set(grams), key=lambda g: cache[g])[:2]
        if cache[rarest[0]] > COMMON_SHARE * total:
            continue
        quoted = ['"' + g.replace('"', '""') + '"' for g in rarest]
        chosen.append((cache[rarest[0]], " AND ".join(quoted)))
    chosen.sort()
    return " OR ".join(f"({expression})" for _df, expression in chosen[:MAX_LARGE_TERMS])


def _is_cjk_run(word: str) -> bool:
    return any(ord(ch) >= 0x3040 for ch in word)


class VectorCache:
    """Each collection's (chunk ids, matrix), reloaded when the collection changes."""

    def __init__(self, index: DocumentIndex) -> None:
        self.index = index
        self._lock = threading.Lock()
        self._cache: dict[int, tuple[int, np.ndarray, np.ndarray]] = {}

    def get(self, collection: Collection) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            cached = self._cache.get(collection.id)
            if cached is not None and cached[0] == collection.version:
                return cached[1], cached[2]
            ids, matrix = self.index.vectors(collection.id)
            self._cache[collection.id] = (collection.version, ids, matrix)
            return ids, matrix

    def search(self, collection: Collection, query: np.ndarray, n: int) -> list[int]:
        ids, matrix = self.get(collection)
        if not len(ids) or matrix.shape[1] != query.shape[0]:
            return []
        scores = matrix @ query
        n = min(n, len(ids))
        top = np.argpartition(-scores, n - 1)[:n]
        order = top[np.argsort(-scores[top])]
        return [int(i) for i in ids[order]]


class Retriever:
    """Searches collections; ``embedder_for`` gives the embedder that built a collection."""

    def __init__(
        self, index: DocumentIndex, embedder_for: Callable[[Collection], Embedder]
    ) -> None:
        self.index = index
        self.embedder_for = embedder_for
        self.vectors = VectorCache(index)
        self._trigram_counts: dict[str, int] = {}
        self._counted_total = 0

    def search(self, question: str, names: Sequence[str] = (), k: int = 5) -> list[Hit]:
        """The best ``k`` chunks of the named collections (all collections when none named)."""
        question = bounded(searchable(question), MAX_QUESTION_CHARS)
        everything = self.index.collections()
        collections = [c for c in everything if not names or c.name in names]
        collections = [c for c in collections if c.embedder_id]
        if not collections or not question.strip():
            return []
        lists: list[list[int]] = []
        total = sum(c.chunks for c in everything)
        if abs(total - self._counted_total) > 0.2 * max(total, 1):  # counts grown stale
            self._trigram_counts.clear()
            self._counted_total = total
        match = keyword_match(self.index, question, total, self._trigram_counts)
        keyword: list[int] = []
        if match:
            found = self.index.keyword_search(match, [c.id for c in collections], CANDIDATES)
            keyword = [chunk_id for chunk_id, _score in found]
            lists.append(keyword)
        vector_rank: dict[int, int] = {}
        queries: dict[str, np.ndarray] = {}
        for collection in collections:
            embedder = self.embedder_for(collection)
            if embedder.id != collection.embedder_id:
                continue  # built by another embedder: its vectors cannot be compared
            if embedder.id not in queries:
                queries[embedder.id] = embedder.embed_query(question)
            found_ids = self.vectors.search(collection, queries[embedder.id], CANDIDATES)
            lists.append(found_ids)  # one list per collection: ranks within it
            for rank, chunk_id in enumerate(found_ids, start=1):
                vector_rank.setdefault(chunk_id, rank)
        fused = fuse(lists)
        best = sorted(fused, key=lambda i: -fused[i])[:k]
        rows = self.index.chunks(best)
        keyword_rank = {cid: r + 1 for r, cid in enumerate(keyword)}
        return [
            Hit(
                i,
                rows[i].file_id,
                rows[i].path,
                rows[i].page,
                rows[i].text,
                rows[i].tokens,
                fused[i],
                keyword_rank.get(i),
                vector_rank.get(i),
            )
            for i in best
            if i in rows
        ]


def fuse(lists: Sequence[Sequence[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal-rank fusion: each list adds 1 / (k + rank) to the items it holds."""
    scores: dict[int, float] = {}
    for ranked in lists:
        for rank, item in enumerate(ranked, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores
