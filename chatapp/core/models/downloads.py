"""Downloading models: resumable, verified, atomic.

A download is staged in ``<data>/downloads/<id>/``: one ``.part`` file per model file and a
``job.json`` that survives restarts. Bytes are hashed while they arrive (on a second thread, so
hashing overlaps the network). Each file is checked against a digest the Hub gives: the LFS
sha256 from the tree or the ``X-Linked-Etag`` header, or, for a file stored without LFS, its git
blob sha1 (the tree's ``oid``, the ``ETag``). When every part is complete and matches, the files
are moved (atomic rename) into the models folder. Nothing partial ever appears there; a file the
Hub gave no digest for at all is installed with a ``.unverified`` mark next to it, which the
library shows.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from chatapp.core.models.download_digests import learn_digests
from chatapp.core.models.download_parts import (
    Hasher,
    Meter,
    Progress,
    StopSignal,
    socket_closer,
)
from chatapp.core.models.hub import HubError, RemoteModel, _hf, explain, file_url
from chatapp.core.models.hub_errors import REFUSALS
from chatapp.core.models.library import unverified_mark
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.names import file_refusal, local_name

__all__ = ["DownloadError", "DownloadJob", "Downloads", "Progress", "StopSignal", "Stopped"]

CHUNK = 1 << 20
WRITE_BATCH = 1 << 20  # bytes written and hashed at once while downloading
DISK_MARGIN = 64 << 20
TIMEOUT_S = 15.0


class DownloadError(Exception):
    """The download stopped: ``kind`` says why (the GUI words it), ``resumable`` whether the
    bytes so far are kept for a resume. ``str()`` is one English sentence.

    Kinds: refused_name, already_installed, busy, disk_space, disk_full, dropped, incomplete,
    too_much_data, corrupt, hub (``hub_error`` holds the Hub's answer).
    """

    def __init__(
        self,
        kind: str,
        resumable: bool,
        *,
        name: str = "",
        done: int = 0,
        size: int = 0,
        detail: str = "",
        hub_error: HubError | None = None,
    ) -> None:
        self.kind, self.resumable, self.name = kind, resumable, name
        self.done, self.size, self.detail, self.hub_error = done, size, detail, hub_error
        super().__init__(self.english())

    def english(self) -> str:
        n, done, size = self.name, format_bytes(self.done), format_bytes(self.size)
        return {
            "refused_name": f"refusing the file name {n!r}: {REFUSALS.get(self.detail, '')}",
            "already_installed": f"{n} is already in the library",
            "busy": f"{n} is still stopping; try again in a moment",
            "disk_space": f"not enough disk space: {size} needed, {done} free",
            "disk_full": "the disk is full; free some space, then resume the download",
            "dropped": f"the connection dropped at {done} of {size}; resume to continue",
            "incomplete": f"{n} arrived with {self.done} bytes instead of {self.size}",
            "too_much_data": f"{n}: the server sent more than {self.size} bytes",
            "corrupt": f"{n} is corrupt: its {self.detail} does not match the Hub's. It was "
            "deleted; download it again.",
            "hub": str(self.hub_error),
        }.get(self.kind, self.detail)


class Stopped(Exception):
    """Stopped on request: ``reason`` is "pause", "quit" or "cancel"."""

    def __init__(self, reason: str = "pause") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class DownloadJob:
    repo_id: str
    name: str
    files: list[dict[str, Any]]  # path, size, sha256, git_oid
    revision: str = "main"
    # queued, running, paused (by the user), interrupted (the app quit), failed, done, cancelled
    state: str = "queued"
    message: str = ""  # the English reason of a failure (the log, the command line)
    job_id: str = field(default="")
    unverified: list[str] = field(default_factory=list)  # installed without any digest

    def __post_init__(self) -> None:
        if not self.job_id:
            safe = "".join(
                c if c.isalnum() or c in "-_." else "_" for c in f"{self.repo_id}--{self.name}"
            )
            self.job_id = safe[:150]

    @classmethod
    def for_model(cls, model: RemoteModel) -> DownloadJob:
        files = [asdict(f) for f in model.parts]
        if model.projector is not None:
            # Installed as mmproj-<model>.gguf: repositories name it generically
            # (mmproj-model-f16.gguf), and two vision models must not share one name.
            stem = local_name(model.first.path).removesuffix(".gguf")
            files.append({**asdict(model.projector), "local_name": f"mmproj-{stem}.gguf"})
        return cls(model.repo_id, model.name, files)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DownloadJob:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def total(self) -> int:
        return sum(int(f["size"]) for f in self.files)


def safe_file_name(path: str) -> str:
    """The local name for a repository path; refuses anything that could escape the folder."""
    reason = file_refusal(path)
    if reason is not None:
        raise DownloadError("refused_name", False, name=path, detail=reason)
    return local_name(path)


class Downloads:
    """The staging area and the jobs in it. Thread-safe; no Qt."""

    def __init__(self, staging: Path, models_dir: Path) -> None:
        self.staging = staging
        self.models_dir = models_dir
        self.staging.mkdir(parents=True, exist_ok=True)
        self.models_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._running: dict[str, StopSignal] = {}
        self._cancelled: set[str] = set()

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
        """Jobs left from earlier sessions (paused, interrupted or failed), oldest first."""
        found = []
        for f in sorted(self.staging.glob("*/job.json"), key=lambda p: p.stat().st_mtime):
            try:
                job = DownloadJob.from_dict(json.loads(f.read_text(encoding="utf-8")))
            except (ValueError, TypeError, AttributeError):
                continue
            if job.state in ("running", "queued"):
                job.state = "interrupted"  # the app stopped while it ran
            found.append(job)
        return found

    def bytes_done(self, job: DownloadJob) -> int:
        folder = self.folder(job)
        total = 0
        for f in job.files:
            if file_refusal(f["path"]) is None:
                part = folder / (local_name(f["path"]) + ".part")
                total += part.stat().st_size if part.exists() else 0
        return total

    def is_running(self, job: DownloadJob) -> bool:
        with self._lock:
            return job.job_id in self._running

    def cancel(self, job: DownloadJob) -> None:
        """Discard the job and its bytes, running or not (from any thread)."""
        with self._lock:
            self._cancelled.add(job.job_id)
            signal = self._running.get(job.job_id)
        if signal is not None:
            signal.request("cancel")
        shutil.rmtree(self.folder(job), ignore_errors=True)

    # --- running ------------------------------------------------------------------------

    def run(
        self,
        job: DownloadJob,
        on_progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | StopSignal = lambda: False,
        token: str | None = None,
    ) -> list[Path]:
        """Download, verify and install ``job``; returns the installed paths.

        Raises DownloadError (with ``resumable``) or Stopped. The partial files stay for a resume
        unless the job was cancelled or the error says the data is bad.
        """
        names = [safe_file_name(f.get("local_name") or f["path"]) for f in job.files]
        for name in names:
            if (self.models_dir / name).exists():
                raise DownloadError("already_installed", False, name=name)
        signal = should_stop if isinstance(should_stop, StopSignal) else StopSignal()
        with self._lock:
            if job.job_id in self._running:
                raise DownloadError("busy", True, name=job.name)
            self._running[job.job_id] = signal
            self._cancelled.discard(job.job_id)

        def stop_reason() -> str | None:
            with self._lock:
                if job.job_id in self._cancelled:
                    return "cancel"
            if signal.reason is None and should_stop is not signal and should_stop():
                signal.request("pause")
            return signal.reason

        try:
            return self._run(job, names, signal, stop_reason, on_progress, token)
        finally:
            with self._lock:
                self._running.pop(job.job_id, None)

    def _run(
        self,
        job: DownloadJob,
        names: list[str],
        signal: StopSignal,
        stop_reason: Callable[[], str | None],
        on_progress: Callable[[Progress], None] | None,
        token: str | None,
    ) -> list[Path]:
        folder = self.folder(job)
        folder.mkdir(parents=True, exist_ok=True)
        remaining = job.total - self.bytes_done(job)
        free = shutil.disk_usage(folder).free
        if remaining + DISK_MARGIN > free:
            raise DownloadError("disk_space", True, size=remaining, done=free)
        job.state, job.message, job.unverified = "running", "", []
        self.save(job)
        meter = Meter(job.total, self.bytes_done(job), on_progress)
        unverified: list[str] = []
        try:
            for f, name in zip(job.files, names, strict=True):
                part = folder / (name + ".part")
                if not self._fetch(job, f, part, meter, signal, stop_reason, token):
                    unverified.append(name)
            if (reason := stop_reason()) is not None:  # asked during the last bytes
                raise Stopped(reason)
        except Stopped as stop:
            self._stopped(job, stop.reason)
            raise Stopped(stop.reason) from None
        except (DownloadError, OSError) as exc:
            if (reason := stop_reason()) is not None:  # the stop broke the connection or file
                self._stopped(job, reason)
                raise Stopped(reason) from None
            if isinstance(exc, OSError):
                raise
            job.state, job.message = "failed", str(exc)
            if exc.resumable:
                self._save_quietly(job)
            else:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        installed = self._install(folder, names, unverified, job)
        job.state, job.unverified = "done", unverified
        shutil.rmtree(folder, ignore_errors=True)  # the staging folder is no longer needed
        return installed

    def _stopped(self, job: DownloadJob, reason: str) -> None:
        if reason == "cancel":
            job.state = "cancelled"
            shutil.rmtree(self.folder(job), ignore_errors=True)
            return
        job.state, job.message = ("interrupted" if reason == "quit" else "paused"), ""
        self._save_quietly(job)

    def _install(
        self, folder: Path, names: list[str], unverified: list[str], job: DownloadJob
    ) -> list[Path]:
        installed = []
        for name in names:
            target = self.models_dir / name
            mark = unverified_mark(target)
            if name in unverified:  # marked before the file appears, so never unmarked
                mark.write_text(json.dumps({"repo_id": job.repo_id, "name": name}), "utf-8")
            else:
                mark.unlink(missing_ok=True)
            os.replace(folder / (name + ".part"), target)
            installed.append(target)
        return installed

    def _fetch(
        self,
        job: DownloadJob,
        f: dict[str, Any],
        part: Path,
        meter: Meter,
        signal: StopSignal,
        stop_reason: Callable[[], str | None],
        token: str | None,
    ) -> bool:
        """Fetch one file into ``part`` and check it; False when the Hub gave no digest."""
        size = int(f["size"])
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        # Without a known sha256 the Hub may only give a git blob sha1: hash that too.
        hasher = Hasher(git_size=None if f.get("sha256") else size)
        if have:
            with part.open("rb") as fh:  # re-hash what an earlier session fetched
                while block := fh.read(CHUNK * 8):
                    hasher.feed(block)
        if have < size:
            try:
                self._stream(job, f, part, have, hasher, meter, signal, stop_reason, token)
            finally:
                hasher.finish()
        sha256, git_sha1 = hasher.finish()
        got = part.stat().st_size
        name = part.name.removesuffix(".part")
        if got != size:
            raise DownloadError("incomplete", True, name=name, done=got, size=size)
        digest: str | None
        if f.get("sha256"):
            expected, digest, algorithm = f["sha256"], sha256, "sha256"
        elif f.get("git_oid"):
            expected, digest, algorithm = f["git_oid"], git_sha1, "git sha1"
        else:
            return False
        if digest != expected:
            part.unlink(missing_ok=True)
            raise DownloadError("corrupt", False, name=name, detail=algorithm)
        return True

    def _stream(
        self,
        job: DownloadJob,
        f: dict[str, Any],
        part: Path,
        have: int,
        hasher: Hasher,
        meter: Meter,
        signal: StopSignal,
        stop_reason: Callable[[], str | None],
        token: str | None,
    ) -> None:
        hf = _hf()
        path, size = f["path"], int(f["size"])
        name = part.name.removesuffix(".part")
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
                signal.on_request(socket_closer(response))
                if learn_digests(f, response):
                    self._save_quietly(job)
                mode = "ab"
                if have and response.status_code == 200:
                    # The server ignored Range and sends everything: start this file over.
                    meter.rewind(have)
                    have, mode = 0, "wb"
                    hasher.reset()
                with part.open(mode) as out:
                    # Chunks are written and hashed about a megabyte at a time (the network gives
                    # ~64 KB): fewer hand-offs to the hashing thread. A drop loses only the
                    # unwritten part of one batch, fetched again on resume.
                    batch: list[bytes] = []
                    batched = 0

                    def flush() -> None:
                        nonlocal batched
                        if batch:
                            block = b"".join(batch)
                            out.write(block)
                            hasher.feed(block)
                            batch.clear()
                            batched = 0

                    try:
                        for chunk in response.iter_bytes():
                            if (reason := stop_reason()) is not None:
                                raise Stopped(reason)
                            if have + len(chunk) > size:
                                raise DownloadError("too_much_data", False, name=name, size=size)
                            batch.append(chunk)
                            batched += len(chunk)
                            have += len(chunk)
                            meter.add(len(chunk))
                            if batched >= WRITE_BATCH:
                                flush()
                    finally:
                        flush()  # what arrived is kept, also when the connection drops
        except (Stopped, DownloadError):
            raise
        except Exception as exc:  # noqa: BLE001 - OS, HTTP and httpx errors alike
            if (reason := stop_reason()) is not None:
                raise Stopped(reason) from None
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise DownloadError("disk_full", True) from None
            if isinstance(exc, hf.errors.HfHubHTTPError) or getattr(exc, "response", None):
                raise http_error(exc, path) from None
            raise DownloadError("dropped", True, name=name, done=have, size=size) from None
        finally:
            signal.on_request(None)


def http_error(exc: BaseException, path: str) -> DownloadError:
    err = explain(exc, "download", path)
    resumable = err.kind in ("server", "rate_limited", "timeout", "unreachable")
    return DownloadError("hub", resumable, name=path, hub_error=err)
