"""One Kotoba per data folder: a lock on a file in it, released by the OS when the process ends
(also after a crash or a kill), so two copies never write the same database."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import IO

LOCK_FILE = "kotoba.lock"


class AlreadyRunning(Exception):
    """Another Kotoba holds this data folder."""


class InstanceLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._file: IO[str] | None = None

    @property
    def name(self) -> str:
        """A name for this data folder, for the local socket that brings its window forward."""
        digest = hashlib.sha256(str(self.path.parent.resolve()).encode("utf-8")).hexdigest()
        return f"kotoba-{digest[:16]}"

    def acquire(self) -> None:
        """Take the lock, or raise AlreadyRunning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise AlreadyRunning(str(self.path.parent)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


def _lock(handle: IO[str]) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
