"""The runtime's embedding mode on a real GGUF (the tiny generated model): LoadSpec(embedding)
→ Llama(embedding=True, pooling), EmbedRequest, and LocalEngine.embed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from chatapp.core.docs.embedders import EngineEmbedder, prefixes_for
from chatapp.core.engine import EngineError, LoadSpec
from chatapp.runtime.local_engine import LocalEngine
from chatapp.runtime.model_host import EMBED_WINDOW


@pytest.fixture
def engine(tiny_q8: Path) -> Iterator[LocalEngine]:
    e = LocalEngine()
    e.load(LoadSpec(str(tiny_q8), n_threads=1, embedding=True))
    yield e
    e.close()


def test_embeddings_are_unit_vectors_of_the_model_width(engine: LocalEngine) -> None:
    model = engine.model
    assert model is not None and model.details["embedding"] is True
    assert model.details["n_embd"] == 64
    assert model.details["n_ubatch"] == model.n_ctx == EMBED_WINDOW
    vectors = np.array(engine.embed(["hello world", "the cat", "hello world"]))
    assert vectors.shape == (3, 64)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2])
    assert not np.allclose(vectors[0], vectors[1])


def test_an_input_longer_than_one_batch_is_cut_not_crashed(engine: LocalEngine) -> None:
    long_text = "hello world " * 2000  # far more tokens than one ubatch
    (vector,) = engine.embed([long_text])
    assert len(vector) == 64 and np.isfinite(vector).all()


def test_an_embedding_model_does_not_chat(engine: LocalEngine) -> None:
    with pytest.raises(EngineError) as info:
        engine.count([{"role": "user", "content": "hi"}])
    assert info.value.kind == "unsupported"
    assert engine.count_texts(["hello world"])[0] > 0  # its tokenizer still counts


def test_a_chat_model_does_not_embed(client: object, tiny_q4: Path) -> None:
    e = LocalEngine()
    try:
        e.load(LoadSpec(str(tiny_q4), 256, n_threads=1))
        with pytest.raises(EngineError) as info:
            e.embed(["hello"])
        assert info.value.kind == "unsupported"
    finally:
        e.close()


def test_engine_embedder_over_the_runtime(engine: LocalEngine) -> None:
    embedder = EngineEmbedder(engine)
    assert embedder.dim == 64 and embedder.max_tokens == EMBED_WINDOW - 2
    passages = embedder.embed_passages(["hello world", "the cat sat"])
    query = embedder.embed_query("hello world")
    assert passages.shape == (2, 64) and query.shape == (64,)
    assert float(passages[0] @ query) > float(passages[1] @ query)


def test_prefixes_follow_the_model_family() -> None:
    assert prefixes_for("multilingual-e5-small-q8_0") == ("query: ", "passage: ")
    assert prefixes_for("nomic-embed-text-v1.5") == ("search_query: ", "search_document: ")
    assert prefixes_for("all-MiniLM-L6-v2") == ("", "")
