"""The document index's tables, and the rows read from them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    embedder TEXT NOT NULL,              -- what to embed with: "builtin" or a .gguf path
    embedder_id TEXT NOT NULL DEFAULT '', -- what built the vectors in it
    chunking TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 0,   -- grows with every change to its chunks
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS roots (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    PRIMARY KEY (collection_id, path)
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT -1,
    mtime REAL NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',  -- pending, partial, indexed, error
    error_kind TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    chunks_total INTEGER NOT NULL DEFAULT 0,
    chunks_done INTEGER NOT NULL DEFAULT 0,
    tokens INTEGER NOT NULL DEFAULT 0,
    indexed_at REAL NOT NULL DEFAULT 0,
    UNIQUE (collection_id, path)
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    page INTEGER,
    text TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    vector BLOB NOT NULL,
    UNIQUE (file_id, ordinal)
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""
SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Collection:
    id: int
    name: str
    embedder: str
    embedder_id: str
    chunking: str
    version: int
    files: int = 0
    chunks: int = 0
    errors: int = 0
    pending: int = 0


@dataclass(frozen=True)
class FileRecord:
    id: int
    collection_id: int
    path: str
    size: int
    mtime: float
    sha256: str
    status: str
    error_kind: str
    error: str
    pages: int
    chunks_total: int
    chunks_done: int
    tokens: int

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class ChunkRow:
    id: int
    file_id: int
    path: str
    ordinal: int
    page: int | None
    text: str
    tokens: int


def collection_from(r: sqlite3.Row) -> Collection:
    return Collection(
        r["id"],
        r["name"],
        r["embedder"],
        r["embedder_id"],
        r["chunking"],
        r["version"],
        r["n_files"],
        r["n_chunks"],
        r["n_errors"],
        r["n_pending"],
    )


def file_from(r: sqlite3.Row) -> FileRecord:
    return FileRecord(
        r["id"],
        r["collection_id"],
        r["path"],
        r["size"],
        r["mtime"],
        r["sha256"],
        r["status"],
        r["error_kind"],
        r["error"],
        r["pages"],
        r["chunks_total"],
        r["chunks_done"],
        r["tokens"],
    )
