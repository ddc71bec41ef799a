"""Images of messages in the store: kept by content hash, committed with their message,
removed when nothing refers to them, carried by export and checked on import (real SQLite,
real files)."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from chatapp.core.chat.store import ImportError_, Store
from chatapp.core.chat.store_images import message_images
from chatapp.core.images.prepare import prepare_image
from tests.support.tiny_projector import png_bytes


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data" / "conversations.sqlite3")
    yield s
    s.close()


def attach(store: Store, conv: int, text: str, *seeds: int) -> int:
    images = [
        store.images.put(prepare_image(png_bytes(40, 30, seed)), f"p{seed}.png") for seed in seeds
    ]
    return store.add_message(conv, "user", text, images=images)


def test_message_and_images_commit_together(store: Store, tmp_path: Path) -> None:
    conv = store.create_conversation()
    mid = attach(store, conv, "what is this?", 1, 2)
    images = message_images(store.message(mid))
    assert [i.name for i in images] == ["p1.png", "p2.png"]
    for image in images:
        assert store.images.read(image) == png_bytes(40, 30, int(image.name[1]))
    # Another connection (a new process after a kill) sees the links: one commit held both.
    raw = sqlite3.connect(store.path)
    rows = raw.execute("SELECT position, sha256 FROM message_images WHERE message_id = ?", (mid,))
    assert [r[1] for r in rows] == [i.sha256 for i in images]
    raw.close()
    chat = store.message(mid).as_chat()
    assert [i["sha256"] for i in chat["images"]] == [i.sha256 for i in images]
    assert chat["images"][0]["width"] == 40


def test_same_picture_is_kept_once(store: Store) -> None:
    conv = store.create_conversation()
    attach(store, conv, "a", 3)
    attach(store, conv, "b", 3)
    assert len(list(store.images.root.glob("??/*.png"))) == 1


def test_deleting_removes_only_images_nothing_else_refers_to(store: Store) -> None:
    a, b = store.create_conversation(), store.create_conversation()
    shared = message_images(store.message(attach(store, a, "x", 4, 5)))
    attach(store, b, "y", 5)
    store.delete_conversation(a)
    assert not store.images.path_of(shared[0]).exists()  # only conversation a had it
    assert store.images.path_of(shared[1]).exists()  # b still refers to it
    store.delete_conversation(b)
    assert not store.images.path_of(shared[1]).exists()


def test_deleting_a_message_removes_its_image(store: Store) -> None:
    conv = store.create_conversation()
    mid = attach(store, conv, "x", 6)
    image = message_images(store.message(mid))[0]
    store.delete_message(mid)
    assert not store.images.path_of(image).exists()


def test_a_file_a_kill_left_behind_is_swept_when_old(store: Store) -> None:
    import os
    import time

    orphan = store.images.put(prepare_image(png_bytes(10, 10, 9)))
    path = store.images.path_of(orphan)
    assert store.sweep_images() == 0  # young: its message may be committing right now
    old = time.time() - 7200
    os.utime(path, (old, old))
    assert store.sweep_images() == 1 and not path.exists()


def test_json_export_embeds_and_import_restores(store: Store, tmp_path: Path) -> None:
    conv = store.create_conversation()
    mid = attach(store, conv, "look", 7)
    data = json.loads(json.dumps(store.export_json(conv)))
    sha = message_images(store.message(mid))[0].sha256
    assert base64.b64decode(data["images"][sha]["data"]) == png_bytes(40, 30, 7)
    other = Store(tmp_path / "elsewhere" / "c.sqlite3")
    new = other.import_json(data)
    [message] = [m for m in other.all_messages(new) if m.role == "user"]
    [image] = message_images(message)
    assert other.images.read(image) == png_bytes(40, 30, 7)
    assert other.image_referenced(sha)
    other.close()


def test_import_refuses_a_missing_or_altered_image_and_writes_nothing(store: Store) -> None:
    conv = store.create_conversation()
    mid = attach(store, conv, "look", 8)
    sha = message_images(store.message(mid))[0].sha256
    data = store.export_json(conv)
    before = len(store.list_conversations())

    missing = {**data, "images": {}}
    with pytest.raises(ImportError_, match="not in the file"):
        store.import_json(missing)
    altered = json.loads(json.dumps(data))
    altered["images"][sha]["data"] = base64.b64encode(png_bytes(40, 30, 99)).decode()
    with pytest.raises(ImportError_, match="does not match its hash"):
        store.import_json(altered)
    junk = json.loads(json.dumps(data))
    junk["images"][sha]["data"] = "@@@"
    with pytest.raises(ImportError_, match="base64"):
        store.import_json(junk)
    assert len(store.list_conversations()) == before


def test_markdown_export_writes_the_images_beside_it(store: Store, tmp_path: Path) -> None:
    conv = store.create_conversation()
    attach(store, conv, "what is in the picture?", 10)
    folder = tmp_path / "chat_images"
    text = store.export_markdown(conv, folder)
    [line] = [ln for ln in text.splitlines() if ln.startswith("![")]
    target = tmp_path / line[line.index("(") + 1 : -1]
    assert target.read_bytes() == png_bytes(40, 30, 10)
    assert "what is in the picture?" in text


def test_old_database_gains_the_image_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    s = Store(path)
    conv = s.create_conversation()
    s.add_message(conv, "user", "hi")
    s.close()
    raw = sqlite3.connect(path)
    raw.execute("DROP TABLE message_images")
    raw.execute("DROP TABLE lessons")  # added by a later schema (6)
    raw.execute("PRAGMA user_version = 4")
    raw.commit()
    raw.close()
    s = Store(path)
    assert s.branch(conv)[0].content == "hi"
    attach(s, conv, "now with a picture", 11)
    s.close()
