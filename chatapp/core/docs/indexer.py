"""Indexing a collection: find what changed, extract, chunk, embed, commit batch by batch.

``Indexer.run`` blocks (run it on a worker thread or in the command line), reports progress,
stops at the next batch when ``cancel`` is set, and can be killed at any moment: what it
committed stays, and the next run goes on from there. Only new or changed files (size and
modification time, then the SHA-256 of the content) are indexed again. A file that cannot be
read gets one error and the others go on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chatapp.core.docs.chunking import ChunkSettings, chunk_pages
from chatapp.core.docs.embedders import Embedder
from chatapp.core.docs.extract import ExtractError, Limits, extract, file_kind
from chatapp.core.docs.index import Collection, DocumentIndex, FileRecord

BATCH = 8  # chunks embedded and committed together


@dataclass(frozen=True)
class IndexProgress:
    collection: str
    files_done: int
    files_total: int
    pages: int
    chunks: int  # chunks embedded in this run
    chunks_per_s: float
    eta_s: float | None  # None until there is a rate to go by
    current: str  # the file being indexed


@dataclass(frozen=True)
class FileFailure:
    path: str
    kind: str
    message: str


@dataclass
class IndexReport:
    collection: str
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    pages: int = 0
    failures: list[FileFailure] = field(default_factory=list)
    cancelled: bool = False
    rebuilt: bool = False  # the embedder or the chunking changed: everything was done again
    seconds: float = 0.0


def unusable(path: Path) -> str | None:
    """Why a path the user named cannot be added (None: it can)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself"
        if path.is_symlink():
            return "a symbolic link to nothing"
        return f"cannot be read ({exc.strerror or exc})"
    return None


def discover(paths: Sequence[Path]) -> list[Path]:
    """The supported files at these paths, folders walked (hidden entries skipped, and links
    that lead nowhere or loop)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or file_kind(Path(name)) is None:
                        continue
                    if os.path.exists(Path(root) / name):  # False for a looping link
                        found.append(Path(root) / name)
        else:
            found.append(path)  # named on purpose: an unsupported kind gets its own error
    return found


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class Cancelled(Exception):
    pass


class Indexer:
    def __init__(
        self,
        index: DocumentIndex,
        embedder: Embedder,
        limits: Limits | None = None,
        chunking: ChunkSettings | None = None,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.limits = limits or Limits()
        chunking = chunking or ChunkSettings()
        self.chunking = ChunkSettings(
            min(chunking.max_tokens, embedder.max_tokens), chunking.overlap_tokens
        )

    def add(self, collection: Collection, paths: Sequence[Path]) -> None:
        """Remember these files and folders (indexed by the next ``run``); the caller leaves out
        those ``unusable`` names."""
        resolved = [Path(p).expanduser().resolve() for p in paths]
        self.index.add_roots(collection.id, resolved)

    def run(
        self,
        collection: Collection,
        on_progress: Callable[[IndexProgress], None] | None = None,
        cancel: threading.Event | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Index what changed. Runs of one collection take turns (another thread or process
        indexing it: ``on_wait`` is called once, then this run waits for it to finish)."""
        started = time.monotonic()
        report = IndexReport(collection.name)
        with self.index.run_lock(collection.id, on_wait, cancel) as held:
            if held:
                self._run(collection, report, on_progress, cancel)
            else:
                report.cancelled = True
        report.seconds = time.monotonic() - started
        return report

    def _run(
        self,
        collection: Collection,
        report: IndexReport,
        on_progress: Callable[[IndexProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        report.rebuilt = self.index.reset_if_changed(
            collection.id, self.embedder.id, self.chunking.key()
        )
        self.index.add_files(collection.id, discover(self.index.roots(collection.id)))
        todo: list[tuple[FileRecord, os.stat_result | None]] = []
        for record in self.index.files(collection.id):
            try:
                st: os.stat_result | None = os.stat(record.path)
            except OSError:
                st = None
            if st is None and not Path(record.path).exists():
                self.index.forget_file(record.id)  # deleted or moved away: not in the index
                report.removed += 1
            elif record.status in ("pending", "partial") or (
                st is not None and (st.st_size, st.st_mtime) != (record.size, record.mtime)
            ):
                todo.append((record, st))
            else:
                report.unchanged += 1
        meter = _Meter(collection.name, len(todo), [st.st_size if st else 0 for _, st in todo])
        for n, (record, st) in enumerate(todo):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            meter.start_file(n, record.path)
            try:
                self._index_file(record, st, report, meter, on_progress, cancel)
            except Cancelled:
                report.cancelled = True
                break
            if on_progress is not None:
                on_progress(meter.progress(1.0))

    def _index_file(
        self,
        record: FileRecord,
        st: os.stat_result | None,
        report: IndexReport,
        meter: _Meter,
        on_progress: Callable[[IndexProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        path = Path(record.path)
        size, mtime = (st.st_size, st.st_mtime) if st is not None else (-1, 0.0)
        sha = ""
        try:
            extracted = extract(path, self.limits)
            sha = sha256_of(path)
        except ExtractError as exc:
            self.index.mark_error(record.id, exc.kind, exc.message, size, mtime, sha)
            report.failures.append(FileFailure(record.path, exc.kind, exc.message))
            return
        except OSError as exc:
            message = f"cannot read the file ({exc.strerror or exc})"
            self.index.mark_error(record.id, "unreadable", message, size, mtime, sha)
            report.failures.append(FileFailure(record.path, "unreadable", message))
            return
        if record.status == "indexed" and sha == record.sha256:
            self.index.touch(record.id, mtime)  # touched, not changed
            report.unchanged += 1
            return
        chunks = chunk_pages(extracted.pages, self.embedder.count_tokens, self.chunking)
        resume = (
            record.status == "partial"
            and (sha, size, mtime) == (record.sha256, record.size, record.mtime)
            and record.chunks_total == len(chunks)
        )
        done = record.chunks_done if resume else 0
        if not resume:
            tokens = sum(c.tokens for c in chunks)
            pages = len(extracted.pages)
            self.index.begin_file(record.id, size, mtime, sha, pages, len(chunks), tokens)
        meter.pages += len(extracted.pages)
        report.pages += len(extracted.pages)
        if not chunks:
            self.index.add_chunks(record.id, [], self.embedder.embed_passages([]), last=True)
        for start in range(done, len(chunks), BATCH):
            if cancel is not None and cancel.is_set():
                raise Cancelled
            batch = chunks[start : start + BATCH]
            vectors = self.embedder.embed_passages([c.text for c in batch])
            rows = [(c.ordinal, c.page, c.text, c.tokens) for c in batch]
            self.index.add_chunks(record.id, rows, vectors, last=start + BATCH >= len(chunks))
            meter.chunks += len(batch)
            report.chunks += len(batch)
            if on_progress is not None:
                on_progress(meter.progress((start + len(batch)) / len(chunks)))
        report.indexed += 1


class _Meter:
    """Progress figures: the rate is chunks per second, the ETA goes by bytes of files."""

    def __init__(self, name: str, total: int, sizes: list[int]) -> None:
        self.name = name
        self.total = total
        self.sizes = sizes
        self.started = time.monotonic()
        self.pages = 0
        self.chunks = 0
        self.index = 0
        self.current = ""

    def start_file(self, index: int, path: str) -> None:
        self.index = index
        self.current = path

    def progress(self, fraction_of_file: float) -> IndexProgress:
        elapsed = time.monotonic() - self.started
        done_bytes = sum(self.sizes[: self.index]) + fraction_of_file * (
            self.sizes[self.index] if self.index < len(self.sizes) else 0
        )
        total_bytes = sum(self.sizes)
        eta = None
        if done_bytes > 0 and elapsed > 0.5:
            eta = max(0.0, elapsed / done_bytes * (total_bytes - done_bytes))
        files_done = self.index + (1 if fraction_of_file >= 1.0 else 0)
        return IndexProgress(
            self.name,
            files_done,
            self.total,
            self.pages,
            self.chunks,
            self.chunks / elapsed if elapsed > 0 else 0.0,
            eta,
            self.current,
        )
