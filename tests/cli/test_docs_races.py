"""``chatapp docs add`` at odd moments: two processes into one collection, looping links."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from chatapp.core.docs.index import DocumentIndex
from tests.cli.test_docs import run

WORDS = [
    "harbour",
    "ferry",
    "island",
    "tide",
    "school",
    "gallery",
    "market",
    "squid",
    "lantern",
    "pine",
    "rice",
    "kettle",
]


def write_notes(folder: Path, files: int, paragraphs: int) -> None:
    folder.mkdir()
    rng = random.Random(30)
    for n in range(files):
        text = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(70)) for _ in range(paragraphs)
        )
        (folder / f"note-{n}.md").write_text(f"# Note {n}\n\n{text}\n", encoding="utf-8")


def start(data: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "KOTOBA_EMBED_THREADS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_two_adds_into_one_collection_at_once_take_turns(tmp_path: Path) -> None:
    # Before: one of the two died with a raw IntegrityError (UNIQUE chunks.file_id, ordinal)
    # when both indexed the same file, or "a collection named 'c' exists already".
    notes = tmp_path / "notes"
    write_notes(notes, files=8, paragraphs=16)
    data = tmp_path / "kotoba"
    procs = [start(data, "docs", "add", str(notes), "--collection", "c") for _ in range(2)]
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "Error" not in err, err
    stdouts = sorted(out for out, _ in outs)
    assert "c: 0 indexed, 8 unchanged" in stdouts[0]  # the second found the work done
    assert "c: 8 indexed, 0 unchanged, 0 failed" in stdouts[1]
    waited = [err for _, err in outs if "another run is indexing this collection" in err]
    assert len(waited) == 1, [err for _, err in outs]

    db = sqlite3.connect(data / "data" / "documents.sqlite3")
    rows = db.execute("SELECT status, chunks_done, chunks_total FROM files").fetchall()
    assert len(rows) == 8 and all(s == "indexed" and d == t > 0 for s, d, t in rows)
    chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert chunks == sum(t for _, _, t in rows)
    assert db.execute("SELECT count(*) FROM collections").fetchone()[0] == 1


def test_a_looping_link_is_skipped_with_a_line_and_the_rest_added(tmp_path: Path) -> None:
    # Before: "chatapp docs: no such file or folder: …/loop-a" and nothing was added.
    notes = tmp_path / "notes"
    write_notes(notes, files=2, paragraphs=1)
    (notes / "inner-loop.md").symlink_to(notes / "inner-loop.md")  # inside the folder
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    (tmp_path / "nowhere.md").symlink_to(tmp_path / "gone.md")
    single = tmp_path / "single.md"
    single.write_text("# Single\n\nA lantern by the pine.\n", encoding="utf-8")
    data = tmp_path / "kotoba"
    links = [str(tmp_path / "loop-a"), str(tmp_path / "nowhere.md")]
    added = run(data, "docs", "add", *links, str(notes), str(single), "--collection", "c")
    assert added.returncode == 0, added.stderr
    assert added.stderr.splitlines() == [
        f"chatapp docs: {tmp_path / 'loop-a'}: a symbolic link that loops back on itself; skipped",
        f"chatapp docs: {tmp_path / 'nowhere.md'}: a symbolic link to nothing; skipped",
    ]
    assert "c: 3 indexed, 0 unchanged, 0 failed" in added.stdout
    only_loops = run(data, "docs", "add", str(tmp_path / "loop-b"))
    assert only_loops.returncode == 1
    assert only_loops.stderr.splitlines()[-1] == "chatapp docs: nothing to add"


def test_runs_of_one_collection_take_turns_and_a_waiting_one_can_be_cancelled(
    tmp_path: Path,
) -> None:
    index = DocumentIndex(tmp_path / "documents.sqlite3")
    other = DocumentIndex(tmp_path / "documents.sqlite3")  # as another thread or process
    collection = index.ensure_collection("c", "builtin")
    assert other.ensure_collection("c", "builtin") == collection
    waits: list[str] = []
    cancel = threading.Event()
    with index.run_lock(collection.id) as held:
        assert held
        with other.run_lock(collection.id + 1) as held_other:
            assert held_other  # another collection does not wait
        cancel.set()
        with other.run_lock(collection.id, lambda: waits.append("wait"), cancel) as held_other:
            assert not held_other and waits == ["wait"]
    with other.run_lock(collection.id, lambda: waits.append("again")) as held_other:
        assert held_other and waits == ["wait"]  # let go: no waiting
    index.close()
    other.close()
