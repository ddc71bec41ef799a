"""Runs inside a small tmpfs (see tests/unit/test_disk_full.py): fills the disk mid-download and
mid-conversation, then frees it, and prints what happened as JSON lines."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

from chatapp.core.chat.store import Store
from chatapp.core.models.downloads import DownloadError, DownloadJob, Downloads, Progress
from chatapp.core.models.hub import list_models


def fill(path: Path) -> None:
    """Write until the disk is full."""
    with path.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


def report(**kw: object) -> None:
    print(json.dumps(kw), flush=True)


def main() -> None:
    root, repo = Path(sys.argv[1]), sys.argv[2]
    filler = root / "filler"
    (model,) = list_models(repo)
    downloads = Downloads(root / "staging", root / "models")
    job = DownloadJob.for_model(model)

    def fill_midway(p: Progress) -> None:
        if p.done > 0 and not filler.exists():
            fill(filler)

    try:
        downloads.run(job, fill_midway)
        report(step="download", result="finished despite a full disk")
    except DownloadError as exc:
        report(step="download", result="error", message=str(exc), resumable=exc.resumable,
               installed=sorted(os.listdir(root / "models")))  # fmt: skip
    filler.unlink()
    installed = downloads.run(downloads.jobs()[0])
    report(
        step="resume", result="installed", name=installed[0].name, size=installed[0].stat().st_size
    )
    installed[0].unlink()  # room for the next part of the test

    store = Store(root / "chats.sqlite3")
    conv = store.create_conversation()
    kept = store.add_message(conv, "user", "before the disk filled up")
    fill(filler)
    try:
        store.add_message(conv, "user", "x" * 200_000)
        report(step="save", result="saved on a full disk?")
    except sqlite3.Error as exc:
        report(step="save", result="error", message=str(exc))
    filler.unlink()
    after = store.add_message(conv, "user", "after freeing space")
    report(step="after", ok=store.integrity_ok(),
           contents=[m.content for m in store.branch(conv)], ids=[kept, after])  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
