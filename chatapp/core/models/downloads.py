"""Downloading models: resumable, verified, atomic.

A download is staged in ``<data>/downloads/<id>/``: one ``.part`` file per model file and a
``job.json`` that survives restarts. Bytes are hashed while they arrive (on a second thread, so
hashing overlaps the network); when every part is complete and its sha256 matches the Hub's LFS
sha256, the files are moved (atomic rename) into the models folder. Nothing partial or
unverified ever appears there.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from chatapp.core.models.hub import HubError, RemoteFile, RemoteModel, _hf, explain, file_url
from chatapp.core.models.memory import format_bytes

CHUNK = 1 << 20
DISK_MARGIN = 64 << 20
TIMEOUT_S = 15.0


class DownloadError(Exception):
    """The download stopped; the message says why and whether it can resume."""

    def __init__(self, message: str, resumable: bool) -> None:
        super().__init__(message)
        self.resumable = resumable


class Stopped(Exception):
    """Paused or cancelled by the user."""


@dataclass
class Progress:
    done: int
    total: int
    bytes_per_s: float

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def eta_s(self) -> float | None:
        if self.bytes_per_s <= 0:
            return None
        return (self.total - self.done) / self.bytes_per_s


@dataclass
class DownloadJob:
    repo_id: str
    name: str
    files: list[dict[str, Any]]  # path, size, sha256
    revision: str = "main"
    state: str = "queued"  # queued, running, paused, failed, done
    message: str = ""
    job_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.job_id:
            safe = "".join(
                c if c.isalnum() or c in "-_." else "_" for c in f"{self.repo_id}--{self.name}"
            )
            self.job_id = safe[:150]

    @classmethod
    def for_model(cls, model: RemoteModel) -> DownloadJob:
        return cls(model.repo_id, model.name, [asdict(f) for f in model.parts])

    @property
    def total(self) -> int:
        return sum(int(f["size"]) for f in self.files)


def safe_file_name(path: str) -> str:
    """The local name for a repository path; refuses anything that could escape the folder."""
    if not path or "\\" in path or "\0" in path:
        raise DownloadError(f"refusing the file name {path!r}", resumable=False)
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or path.startswith("~"):
        raise DownloadError(f"refusing the file name {path!r}: it points outside the folder", False)
    name = pure.name
    if not name or name in (".", "..") or not name.lower().endswith(".gguf"):
        raise DownloadError(f"refusing the file name {path!r}: not a .gguf file", resumable=False)
    return name


class Downloads:
    """The staging area and the jobs in it. Thread-safe; no Qt."""

    def __init__(self, staging: Path, models_dir: Path) -> None:
        self.staging = staging
        self.models_dir = models_dir
        self.staging.mkdir(parents=True, exist_ok=True)
        self.models_dir.mkdir(parents=True, exist_ok=True)

    def set_models_dir(self, models_dir: Path) -> None:
        models_dir.mkdir(parents=True, exist_ok=True)
        self.models_dir = models_dir

    def folder(self, job: DownloadJob) -> Path:
        return self.staging / job.job_id

    def save(self, job: DownloadJob) -> None:
        folder = self.folder(job)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / "job.json.tmp"
        tmp.write_text(json.dumps(asdict(job)), encoding="utf-8")
        os.replace(tmp, folder / "job.json")

    def _save_quietly(self, job: DownloadJob) -> None:
        """Record the job's state if the disk allows (a full disk must not hide the real error;
        the state saved when the download started is enough to resume)."""
        try:
            self.save(job)
        except OSError:
            (self.folder(job) / "job.json.tmp").unlink(missing_ok=True)

    def jobs(self) -> list[DownloadJob]:
        """Jobs left from earlier sessions (paused, failed or interrupted), oldest first."""
        found = []
        for f in sorted(self.staging.glob("*/job.json"), key=lambda p: p.stat().st_mtime):
            try:
                job = DownloadJob(**json.loads(f.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                continue
            if job.state == "running":
                job.state = "paused"  # the app stopped while it ran
            found.append(job)
        return found

    def bytes_done(self, job: DownloadJob) -> int:
        folder = self.folder(job)
        total = 0
        for f in job.files:
            part = folder / (safe_file_name(f["path"]) + ".part")
            total += part.stat().st_size if part.exists() else 0
        return total

    def cancel(self, job: DownloadJob) -> None:
        shutil.rmtree(self.folder(job), ignore_errors=True)

    # --- running ------------------------------------------------------------------------

    def run(
        self,
        job: DownloadJob,
        on_progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        token: str | None = None,
    ) -> list[Path]:
        """Download, verify and install ``job``; returns the installed paths.

        Raises DownloadError (with ``resumable``) or Stopped. The partial files stay for a resume
        unless the error says the data is bad.
        """
        names = [safe_file_name(f["path"]) for f in job.files]
        for name in names:
            if (self.models_dir / name).exists():
                raise DownloadError(f"{name} is already in the library", resumable=False)
        folder = self.folder(job)
        folder.mkdir(parents=True, exist_ok=True)
        remaining = job.total - self.bytes_done(job)
        free = shutil.disk_usage(folder).free
        if remaining + DISK_MARGIN > free:
            raise DownloadError(
                f"not enough disk space: {format_bytes(remaining)} needed, "
                f"{format_bytes(free)} free",
                resumable=True,
            )
        job.state, job.message = "running", ""
        self.save(job)
        meter = _Meter(job.total, self.bytes_done(job), on_progress)
        try:
            for f, name in zip(job.files, names, strict=True):
                self._fetch(job, f, folder / (name + ".part"), meter, should_stop, token)
        except Stopped:
            job.state = "paused"
            self._save_quietly(job)
            raise
        except DownloadError as exc:
            job.state, job.message = "failed", str(exc)
            if exc.resumable:
                self._save_quietly(job)
            else:
                self.cancel(job)
            raise
        installed = []
        for name in names:
            target = self.models_dir / name
            os.replace(folder / (name + ".part"), target)
            installed.append(target)
        self.cancel(job)  # the staging folder is no longer needed
        return installed

    def _fetch(
        self,
        job: DownloadJob,
        f: dict[str, Any],
        part: Path,
        meter: _Meter,
        should_stop: Callable[[], bool],
        token: str | None,
    ) -> None:
        size, expected = int(f["size"]), f.get("sha256")
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        hasher = _Hasher()
        if have:
            with part.open("rb") as fh:  # re-hash what an earlier session fetched
                while block := fh.read(CHUNK * 8):
                    hasher.feed(block)
        if have < size:
            self._stream(job, f["path"], part, have, size, hasher, meter, should_stop, token)
        digest = hasher.finish()
        if part.stat().st_size != size:
            raise DownloadError(
                f"{part.name[:-5]} arrived with {part.stat().st_size} bytes instead of {size}",
                resumable=True,
            )
        if expected and digest != expected:
            part.unlink(missing_ok=True)
            raise DownloadError(
                f"{part.name[:-5]} is corrupt: its sha256 does not match the Hub's. It was deleted;"
                " download it again.",
                resumable=False,
            )

    def _stream(
        self,
        job: DownloadJob,
        path: str,
        part: Path,
        have: int,
        size: int,
        hasher: _Hasher,
        meter: _Meter,
        should_stop: Callable[[], bool],
        token: str | None,
    ) -> None:
        hf = _hf()
        headers = hf.utils.build_hf_headers(token=token)
        headers["Accept-Encoding"] = "identity"
        if have:
            headers["Range"] = f"bytes={have}-"
        url = file_url(job.repo_id, path, job.revision)
        session = hf.utils.get_session()
        try:
            with session.stream(
                "GET", url, headers=headers, timeout=TIMEOUT_S, follow_redirects=True
            ) as response:
                hf.utils.hf_raise_for_status(response)
                mode = "ab"
                if have and response.status_code == 200:
                    # The server ignored Range and sends everything: start this file over.
                    meter.add(-have)
                    have, mode = 0, "wb"
                    hasher.reset()
                with part.open(mode) as out:
                    for chunk in response.iter_bytes():  # as it arrives: a drop loses nothing
                        if should_stop():
                            raise Stopped()
                        if have + len(chunk) > size:
                            raise DownloadError(
                                f"{part.name[:-5]}: the server sent more than {size} bytes",
                                resumable=False,
                            )
                        out.write(chunk)
                        hasher.feed(chunk)
                        have += len(chunk)
                        meter.add(len(chunk))
        except (Stopped, DownloadError):
            hasher.finish()
            raise
        except Exception as exc:  # noqa: BLE001 - OS, HTTP and httpx errors alike
            hasher.finish()
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise DownloadError(
                    "the disk is full; free some space, then resume the download", resumable=True
                ) from None
            if isinstance(exc, hf.errors.HfHubHTTPError) or getattr(exc, "response", None):
                raise self._http_error(exc, path) from None
            raise DownloadError(
                f"the connection dropped at {format_bytes(have)} of {format_bytes(size)}; resume"
                " to continue",
                resumable=True,
            ) from None

    @staticmethod
    def _http_error(exc: BaseException, path: str) -> DownloadError:
        err: HubError = explain(exc, path)
        status = getattr(getattr(exc, "response", None), "status_code", 0) or 0
        return DownloadError(str(err), resumable=status >= 500 or status == 429)


class _Hasher:
    """sha256 on its own thread: hashlib releases the GIL, so hashing overlaps the network."""

    def __init__(self) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._sha = hashlib.sha256()
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()
        self._digest: str | None = None

    def _run(self) -> None:
        while (block := self._queue.get()) is not None:
            self._sha.update(block)

    def feed(self, block: bytes) -> None:
        self._queue.put(block)

    def reset(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self.__init__()  # type: ignore[misc]

    def finish(self) -> str:
        if self._digest is None:
            self._queue.put(None)
            self._thread.join()
            self._digest = self._sha.hexdigest()
        return self._digest


class _Meter:
    def __init__(self, total: int, done: int, callback: Callable[[Progress], None] | None) -> None:
        self.total, self.done = total, done
        self._callback = callback
        self._start = time.monotonic()
        self._start_done = done
        self._last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self._callback is not None and (now - self._last >= 0.1 or self.done >= self.total):
            self._last = now
            elapsed = max(1e-6, now - self._start)
            self._callback(
                Progress(self.done, self.total, (self.done - self._start_done) / elapsed)
            )


def remote_file_from(job_file: dict[str, Any]) -> RemoteFile:
    return RemoteFile(job_file["path"], int(job_file["size"]), job_file.get("sha256"))
