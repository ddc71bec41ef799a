"""The document index: ``documents.sqlite3`` beside the conversations.

Collections hold roots (files and folders the user added) and files; a file's chunks carry
their text, page, token count and vector (float32 bytes). FTS5 with the trigram tokenizer (as
the chat search) indexes the chunk texts. Every batch of chunks is its own transaction, so a
killed process loses at most the batch it was embedding; a file being indexed is "partial"
until its last batch, and indexing continues from its last committed chunk.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from chatapp.core.docs.index_records import (
    SCHEMA,
    SCHEMA_VERSION,
    ChunkRow,
    Collection,
    FileRecord,
    collection_from,
    file_from,
)

__all__ = ["ChunkRow", "Collection", "DocumentIndex", "FileRecord", "IndexError_"]


class IndexError_(Exception):
    """A request the index cannot carry out (an unknown collection, a duplicate name)."""


class DocumentIndex:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=10
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")  # durable against a killed process
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(SCHEMA)
        self._conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    # --- collections --------------------------------------------------------------------

    def create_collection(self, name: str, embedder: str) -> Collection:
        name = name.strip()
        if not name:
            raise IndexError_("a collection needs a name")
        try:
            with self._tx() as c:
                c.execute(
                    "INSERT INTO collections (name, embedder, created_at) VALUES (?, ?, ?)",
                    (name, embedder, time.time()),
                )
        except sqlite3.IntegrityError:
            raise IndexError_(f"a collection named {name!r} exists already") from None
        return self.collection(name)

    def ensure_collection(self, name: str, embedder: str) -> Collection:
        """The named collection, made with this embedder unless it exists (even made meanwhile
        by another process: two ``docs add`` at once both get it)."""
        found = self.find_collection(name)
        if found is not None:
            return found
        if not name.strip():
            raise IndexError_("a collection needs a name")
        with self._tx() as c:
            c.execute(
                "INSERT OR IGNORE INTO collections (name, embedder, created_at) VALUES (?, ?, ?)",
                (name.strip(), embedder, time.time()),
            )
        return self.collection(name.strip())

    @contextlib.contextmanager
    def run_lock(
        self,
        collection_id: int,
        waiting: Callable[[], None] | None = None,
        cancel: threading.Event | None = None,
        poll_s: float = 0.2,
    ) -> Iterator[bool]:
        """Held by one indexing run of a collection at a time, across threads and processes.

        A lock file beside the index, ``flock``-ed: the kernel lets go when the holder dies.
        ``waiting`` is called once when another run holds it; this one then waits its turn,
        and yields False (not holding it) if ``cancel`` is set meanwhile.
        """
        lock_path = self.path.with_name(f"{self.path.name}-collection-{collection_id}.lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = True
                    break
                except BlockingIOError:
                    if not told and waiting is not None:
                        waiting()
                    told = True
                    if cancel is not None and cancel.is_set():
                        held = False
                        break
                    time.sleep(poll_s)
            yield held
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def collections(self) -> list[Collection]:
        rows = self.query(
            "SELECT c.*,"
            " (SELECT count(*) FROM files f WHERE f.collection_id = c.id) AS n_files,"
            " (SELECT count(*) FROM files f WHERE f.collection_id = c.id"
            "   AND f.status = 'error') AS n_errors,"
            " (SELECT count(*) FROM files f WHERE f.collection_id = c.id"
            "   AND f.status IN ('pending', 'partial')) AS n_pending,"
            " (SELECT coalesce(sum(f.chunks_done), 0) FROM files f"
            "   WHERE f.collection_id = c.id) AS n_chunks"
            " FROM collections c ORDER BY c.name"
        )
        return [collection_from(r) for r in rows]

    def collection(self, name: str) -> Collection:
        for c in self.collections():
            if c.name == name:
                return c
        raise IndexError_(f"no collection named {name!r}")

    def find_collection(self, name: str) -> Collection | None:
        try:
            return self.collection(name)
        except IndexError_:
            return None

    def remove_collection(self, collection_id: int) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM collections WHERE id = ?", (collection_id,))

    def set_embedder(self, collection_id: int, embedder: str) -> None:
        with self._tx() as c:
            c.execute("UPDATE collections SET embedder = ? WHERE id = ?", (embedder, collection_id))

    def reset_if_changed(self, collection_id: int, embedder_id: str, chunking: str) -> bool:
        """Drop every chunk when the embedder or the chunking differ from what built them."""
        row = self.query(
            "SELECT embedder_id, chunking FROM collections WHERE id = ?", (collection_id,)
        )[0]
        if row["embedder_id"] == embedder_id and row["chunking"] == chunking:
            return False
        with self._tx() as c:
            c.execute(
                "DELETE FROM chunks WHERE file_id IN"
                " (SELECT id FROM files WHERE collection_id = ?)",
                (collection_id,),
            )
            c.execute(
                "UPDATE files SET status = 'pending', chunks_done = 0, chunks_total = 0,"
                " sha256 = '', size = -1 WHERE collection_id = ?",
                (collection_id,),
            )
            c.execute(
                "UPDATE collections SET embedder_id = ?, chunking = ?, version = version + 1"
                " WHERE id = ?",
                (embedder_id, chunking, collection_id),
            )
        return row["embedder_id"] != ""

    # --- roots and files ----------------------------------------------------------------

    def add_roots(self, collection_id: int, paths: Sequence[Path]) -> None:
        with self._tx() as c:
            c.executemany(
                "INSERT OR IGNORE INTO roots (collection_id, path) VALUES (?, ?)",
                [(collection_id, str(p)) for p in paths],
            )

    def roots(self, collection_id: int) -> list[Path]:
        rows = self.query("SELECT path FROM roots WHERE collection_id = ?", (collection_id,))
        return [Path(r[0]) for r in rows]

    def add_files(self, collection_id: int, paths: Sequence[Path]) -> None:
        with self._tx() as c:
            c.executemany(
                "INSERT OR IGNORE INTO files (collection_id, path) VALUES (?, ?)",
                [(collection_id, str(p)) for p in paths],
            )

    def files(self, collection_id: int) -> list[FileRecord]:
        rows = self.query(
            "SELECT * FROM files WHERE collection_id = ? ORDER BY path", (collection_id,)
        )
        return [file_from(r) for r in rows]

    def file(self, file_id: int) -> FileRecord:
        return file_from(self.query("SELECT * FROM files WHERE id = ?", (file_id,))[0])

    def remove_paths(self, collection_id: int, paths: Sequence[Path]) -> int:
        """Forget files and roots at or under these paths; returns how many files went."""
        removed = 0
        with self._tx() as c:
            for p in paths:
                under = str(p).rstrip("/") + "/%"
                cur = c.execute(
                    "DELETE FROM files WHERE collection_id = ? AND (path = ? OR path LIKE ?)",
                    (collection_id, str(p), under),
                )
                removed += cur.rowcount
                c.execute(
                    "DELETE FROM roots WHERE collection_id = ? AND (path = ? OR path LIKE ?)",
                    (collection_id, str(p), under),
                )
            c.execute("UPDATE collections SET version = version + 1 WHERE id = ?", (collection_id,))
        return removed

    def forget_file(self, file_id: int) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE collections SET version = version + 1"
                " WHERE id = (SELECT collection_id FROM files WHERE id = ?)",
                (file_id,),
            )
            c.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def touch(self, file_id: int, mtime: float) -> None:
        """The content is unchanged (same hash): remember the new time only."""
        with self._tx() as c:
            c.execute("UPDATE files SET mtime = ? WHERE id = ?", (mtime, file_id))

    def mark_error(
        self, file_id: int, kind: str, message: str, size: int, mtime: float, sha: str
    ) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
            c.execute(
                "UPDATE files SET status = 'error', error_kind = ?, error = ?, size = ?,"
                " mtime = ?, sha256 = ?, pages = 0, chunks_total = 0, chunks_done = 0,"
                " tokens = 0, indexed_at = ? WHERE id = ?",
                (kind, message, size, mtime, sha, time.time(), file_id),
            )
            self._bump(c, file_id)

    def begin_file(
        self, file_id: int, size: int, mtime: float, sha: str, pages: int, total: int, tokens: int
    ) -> None:
        """Start (or start again) a file: its old chunks go, it is partial until its last batch."""
        with self._tx() as c:
            c.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
            c.execute(
                "UPDATE files SET status = 'partial', error_kind = '', error = '', size = ?,"
                " mtime = ?, sha256 = ?, pages = ?, chunks_total = ?, chunks_done = 0,"
                " tokens = ? WHERE id = ?",
                (size, mtime, sha, pages, total, tokens, file_id),
            )
            self._bump(c, file_id)

    def add_chunks(
        self,
        file_id: int,
        chunks: Sequence[tuple[int, int | None, str, int]],
        vectors: np.ndarray,
        last: bool,
    ) -> None:
        """One committed batch: (ordinal, page, text, tokens) rows with their vectors."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        rows = [
            (file_id, o, page, text, tokens, vectors[i].tobytes())
            for i, (o, page, text, tokens) in enumerate(chunks)
        ]
        with self._tx() as c:
            c.executemany(
                "INSERT INTO chunks (file_id, ordinal, page, text, tokens, vector)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            c.execute(
                "UPDATE files SET chunks_done = chunks_done + ? WHERE id = ?", (len(rows), file_id)
            )
            if last:
                c.execute(
                    "UPDATE files SET status = 'indexed', indexed_at = ? WHERE id = ?",
                    (time.time(), file_id),
                )
            self._bump(c, file_id)

    @staticmethod
    def _bump(c: sqlite3.Connection, file_id: int) -> None:
        c.execute(
            "UPDATE collections SET version = version + 1"
            " WHERE id = (SELECT collection_id FROM files WHERE id = ?)",
            (file_id,),
        )

    # --- chunks -------------------------------------------------------------------------

    def chunk_count(self, collection_id: int | None = None) -> int:
        if collection_id is None:
            return int(self.query("SELECT count(*) FROM chunks")[0][0])
        return int(
            self.query(
                "SELECT count(*) FROM chunks JOIN files ON files.id = chunks.file_id"
                " WHERE files.collection_id = ?",
                (collection_id,),
            )[0][0]
        )

    def vectors(self, collection_id: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, float32 matrix) of a collection."""
        rows = self.query(
            "SELECT chunks.id, chunks.vector FROM chunks JOIN files ON files.id = chunks.file_id"
            " WHERE files.collection_id = ? ORDER BY chunks.id",
            (collection_id,),
        )
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        blob = b"".join(r[1] for r in rows)
        matrix = np.frombuffer(blob, dtype=np.float32).reshape(len(rows), -1)
        return ids, matrix

    def keyword_search(
        self, match: str, collection_ids: Sequence[int], limit: int
    ) -> list[tuple[int, float]]:
        """(chunk id, bm25) best first for an FTS5 MATCH expression.

        FTS5 ranks first (its own ``ORDER BY rank LIMIT`` path), then the collections are
        filtered: joining before ranking would cost a join per matching row."""
        marks = ",".join("?" * len(collection_ids))
        everything = len(collection_ids) >= len(self.query("SELECT id FROM collections"))
        try:
            rows = self.query(
                "SELECT hits.rowid, hits.score FROM (SELECT rowid, rank AS score FROM chunks_fts"
                " WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?) AS hits"
                " JOIN chunks ON chunks.id = hits.rowid JOIN files ON files.id = chunks.file_id"
                f" WHERE files.collection_id IN ({marks}) ORDER BY hits.score LIMIT ?",
                (match, limit if everything else limit * 8, *collection_ids, limit),
            )
        except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
            return []
        return [(int(r[0]), float(r[1])) for r in rows]

    def term_documents(self, trigrams: Sequence[str], cap: int) -> dict[str, int]:
        """How many chunks hold each trigram, counted up to ``cap`` (past it, reading on would
        cost as much as the search it is meant to spare)."""
        out: dict[str, int] = {}
        for gram in trigrams:
            phrase = '"' + gram.replace('"', '""') + '"'
            try:
                rows = self.query(
                    "SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ?"
                    " LIMIT ?)",
                    (phrase, cap + 1),
                )
            except sqlite3.OperationalError:
                rows = []
            out[gram] = int(rows[0][0]) if rows else 0
        return out

    def chunks(self, ids: Sequence[int]) -> dict[int, ChunkRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.query(
            "SELECT chunks.id, chunks.file_id, files.path, chunks.ordinal, chunks.page,"
            " chunks.text, chunks.tokens FROM chunks JOIN files ON files.id = chunks.file_id"
            f" WHERE chunks.id IN ({marks})",
            ids,
        )
        return {r[0]: ChunkRow(*r) for r in rows}

    def file_chunks(self, file_id: int) -> list[ChunkRow]:
        rows = self.query(
            "SELECT chunks.id, chunks.file_id, files.path, chunks.ordinal, chunks.page,"
            " chunks.text, chunks.tokens FROM chunks JOIN files ON files.id = chunks.file_id"
            " WHERE chunks.file_id = ? ORDER BY chunks.ordinal",
            (file_id,),
        )
        return [ChunkRow(*r) for r in rows]

    def integrity_ok(self) -> bool:
        return self.query("PRAGMA integrity_check")[0][0] == "ok"
