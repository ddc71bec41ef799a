"""Hostile conversation files: real files on disk read by the real reader into a real SQLite
store. Each is refused with an error that says what is wrong (and the limit it broke), and the
store is exactly as it was: no conversation, no message, no image file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chatapp.core.chat.import_file import (
    MAX_NESTING,
    ImportError_,
    read_conversation_file,
)
from chatapp.core.chat.store import Store
from chatapp.core.chat.store_transfer import MAX_MESSAGES, MAX_TEXT_CHARS
from chatapp.core.images.prepare import prepare_image
from tests.support.tiny_projector import png_bytes


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data" / "conversations.sqlite3")
    yield s
    s.close()


def exported(store: Store, with_image: bool = False) -> dict[str, Any]:
    conv = store.create_conversation("original")
    images = [store.images.put(prepare_image(png_bytes(40, 30, 5)), "p.png")] if with_image else []
    q = store.add_message(conv, "user", "what is this?", images=images)
    store.add_message(conv, "assistant", "a picture", parent_id=q)
    data = store.export_json(conv)
    store.delete_conversation(conv)  # the store starts empty; the file stays
    return json.loads(json.dumps(data))


def snapshot(store: Store) -> tuple[int, int, int, list[str]]:
    q = store._query
    files = sorted(str(p) for p in store.images.root.rglob("*") if p.is_file())
    return (
        q("SELECT count(*) FROM conversations")[0][0],
        q("SELECT count(*) FROM messages")[0][0],
        q("SELECT count(*) FROM summaries")[0][0],
        files,
    )


def import_file(store: Store, path: Path) -> int:
    return store.import_json(read_conversation_file(path))


def refused(store: Store, path: Path, match: str) -> str:
    before = snapshot(store)
    with pytest.raises(ImportError_, match=match) as info:
        import_file(store, path)
    assert snapshot(store) == before  # nothing half-written
    return str(info.value)


def test_an_honest_file_imports(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(exported(store, with_image=True)), encoding="utf-8")
    cid = import_file(store, path)
    assert [m.content for m in store.branch(cid)] == ["what is this?", "a picture"]


def test_a_file_over_the_cap_is_refused_by_its_size_unread(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:  # 1 GB, sparse: the reader must not read it to learn that
        fh.truncate(1024**3)
    message = refused(store, path, "conversation files of up to")
    assert "1.0 GB" in message and "100.0 MB" in message


def test_a_file_that_never_ends_is_cut_at_the_cap(store: Store, tmp_path: Path) -> None:
    """A path whose size the file system does not tell (/dev/zero): read at most the cap."""
    before = snapshot(store)
    with pytest.raises(ImportError_, match=r"100\.0 MB can be imported"):
        read_conversation_file(Path("/dev/zero"))
    path = tmp_path / "just.json"
    path.write_bytes(b" " * 2048 + json.dumps(exported(store)).encode())
    with pytest.raises(ImportError_, match=r"1\.0 KB can be imported"):
        read_conversation_file(path, limit=1024)
    assert snapshot(store)[:3] == before[:3]


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("nested-array", b"[" * 200_000 + b"]" * 200_000, "nests deeper than"),
        ("nested-object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nests deeper than"),
        ("unclosed", b'{"format": "kotoba-conversation", "messages": [', "not JSON"),
        ("latin-1", '{"title": "café"}'.encode("latin-1"), "not UTF-8"),
        ("binary", bytes(range(256)) * 40, "not UTF-8"),
        ("empty", b"", "not JSON"),
        ("nan", b'{"x": NaN}', "NaN is not a number"),
        ("infinity", b'{"x": -Infinity}', "Infinity is not a number"),
        ("overflow", b'{"x": 1e999}', "too large a number"),
        ("long-int", b'{"x": ' + b"9" * 100_000 + b"}", "digits is too long"),
        ("surrogate", b'{"format": "kotoba-conversation", "title": "\\ud800"}', "lone surrogate"),
        ("a-list", b"[1, 2, 3]", "format marker"),
        ("a-string", b'"kotoba-conversation"', "format marker"),
    ],
)
def test_a_malformed_file_is_refused_clearly(
    store: Store, tmp_path: Path, name: str, content: bytes, match: str
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(content)
    refused(store, path, match)


def test_nesting_inside_a_valid_conversation_is_refused(store: Store, tmp_path: Path) -> None:
    data = exported(store)
    deep: Any = "bottom"
    for _ in range(MAX_NESTING + 5):
        deep = {"d": deep}
    data["messages"][0]["meta"] = deep
    path = tmp_path / "deep-meta.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert f"deeper than {MAX_NESTING} levels" in refused(store, path, "nests deeper")


Mutation = Callable[[dict[str, Any]], None]


def _long_summary(d: dict[str, Any]) -> None:
    d["summaries"] = [{"content": "s" * (MAX_TEXT_CHARS + 1), "covered": []}]


def _set_message(key: str, value: Any) -> Mutation:
    return lambda d: d["messages"][0].update({key: value})


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (_set_message("content", "x" * (MAX_TEXT_CHARS + 1)), "the limit is 10000000"),
        (lambda d: d.update(title="t" * 10_001), "the limit is 10000"),
        (_set_message("created_at", 1e300), "time out of range"),
        (_set_message("created_at", -5.0), "time out of range"),
        (_set_message("created_at", True), "bad time"),
        (lambda d: d.update(updated_at=10**30), "time out of range"),
        (_set_message("id", 2**70), "missing or repeated id"),
        (_set_message("id", True), "missing or repeated id"),
        (lambda d: d["messages"][1].update(parent=[1]), "does not exist"),
        (lambda d: d["messages"][1].update(parent={"a": 1}), "does not exist"),
        (lambda d: d.update(current_leaf=[1, 2]), "current message does not exist"),
        (lambda d: d.update(summaries=[{"covered": [[1]], "content": "s"}]), "covers messages"),
        (lambda d: d.update(summaries="not a list"), "'summaries' must be a list"),
        (_long_summary, "a summary has"),
        (_set_message("role", "r" * 1000), "bad role"),
        (_set_message("status", ["complete"]), "unknown status"),
        (_set_message("meta", {"images": "many"}), "cannot be imported"),
    ],
)
def test_a_hostile_field_is_refused_and_nothing_written(
    store: Store, tmp_path: Path, mutate: Mutation, match: str
) -> None:
    data = exported(store)
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(store, path, match)


def test_too_many_messages_are_refused_before_any_is_checked(store: Store, tmp_path: Path) -> None:
    data = exported(store)
    data["messages"] = [{}] * (MAX_MESSAGES + 1)
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert f"at most {MAX_MESSAGES}" in refused(store, path, "messages; at most")


def test_hostile_settings_fall_back_to_defaults(store: Store, tmp_path: Path) -> None:
    data = exported(store)
    data["settings"] = {
        "sampling": {"temperature": "hot", "top_k": 10**30},
        "tools": {"a": 1},
        "documents": [1, None, "ok"],
        "n_ctx": -1,
        "nonsense": [[[]]],
    }
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    cid = import_file(store, path)
    assert store.conversation(cid).settings.validate() is None


def test_a_write_that_fails_leaves_no_image_file(store: Store, tmp_path: Path) -> None:
    """Another process holds the database's write lock: the import fails cleanly and the image
    file it had written for the conversation is removed again."""
    data = exported(store, with_image=True)
    for p in store.images.root.rglob("*.png"):
        p.unlink()  # the deleted conversation's picture: gone, as a sweep would leave it
    path = tmp_path / "img.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(store)
    store._conn.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ImportError_, match="could not be written: database is locked"):
            import_file(store, path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert snapshot(store) == before
    assert import_file(store, path) > 0  # the same file imports once the lock is gone
    assert len(list(store.images.root.rglob("*.png"))) == 1
