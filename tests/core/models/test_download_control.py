"""Pause, cancel, quit, restart and verification of downloads against a local Hub with faults."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from chatapp.core.models import hub as hubmod
from chatapp.core.models.downloads import (
    DownloadError,
    DownloadJob,
    Downloads,
    Progress,
    Stopped,
    StopSignal,
)
from chatapp.core.models.library import Library
from tests.support.fake_hub import FakeHub


@pytest.fixture
def downloads(tmp_path: Path) -> Downloads:
    return Downloads(tmp_path / "staging", tmp_path / "models")


def model_of(repo: str, quant: str) -> hubmod.RemoteModel:
    return next(m for m in hubmod.list_models(repo) if m.quantization == quant)


def slow(hub: FakeHub, repo: str, model: hubmod.RemoteModel) -> None:
    hub.repos[repo].files[model.first.path].delay_per_chunk = 0.05


def stop_after(signal: StopSignal, reason: str, at: int) -> object:
    def on_progress(p: Progress) -> None:
        if p.done > at:
            signal.request(reason)

    return on_progress


def test_cancel_while_running_discards_the_part_and_the_job(
    hub: FakeHub, tiny_repo: str, downloads: Downloads, tmp_path: Path
) -> None:
    model = model_of(tiny_repo, "Q8_0")
    slow(hub, tiny_repo, model)
    job = DownloadJob.for_model(model)

    def on_progress(p: Progress) -> None:
        if p.done > 30_000:
            downloads.cancel(job)  # what the Cancel button does, from another thread

    with pytest.raises(Stopped) as info:
        downloads.run(job, on_progress)
    assert info.value.reason == "cancel"
    assert list(downloads.staging.iterdir()) == [] and downloads.jobs() == []
    again = Downloads(tmp_path / "staging", tmp_path / "models")  # after a restart
    assert again.jobs() == []
    hub.repos[tiny_repo].files[model.first.path].delay_per_chunk = 0
    seen: list[int] = []
    downloads.run(DownloadJob.for_model(model), lambda p: seen.append(p.done))
    assert seen[0] <= 65_536  # one chunk from zero: started over, not resumed at the cancel


def test_pause_is_a_stop_not_an_error(hub: FakeHub, tiny_repo: str, downloads: Downloads) -> None:
    model = model_of(tiny_repo, "Q8_0")
    slow(hub, tiny_repo, model)
    job = DownloadJob.for_model(model)
    signal = StopSignal()
    with pytest.raises(Stopped) as info:
        downloads.run(job, stop_after(signal, "pause", 30_000), signal)
    assert info.value.reason == "pause"
    (kept,) = downloads.jobs()
    assert kept.state == "paused" and kept.message == ""
    assert downloads.bytes_done(kept) > 30_000


def test_quit_and_kill_leave_an_interrupted_job_that_resumes(
    hub: FakeHub, tiny_repo: str, downloads: Downloads, tmp_path: Path
) -> None:
    model = model_of(tiny_repo, "Q8_0")
    slow(hub, tiny_repo, model)
    job = DownloadJob.for_model(model)
    signal = StopSignal()
    with pytest.raises(Stopped):
        downloads.run(job, stop_after(signal, "quit", 30_000), signal)
    assert [j.state for j in downloads.jobs()] == ["interrupted"]
    # A killed app leaves "running" on disk: that is an interruption too, not a paused job.
    folder = downloads.folder(job)
    saved = json.loads((folder / "job.json").read_text())
    (folder / "job.json").write_text(json.dumps({**saved, "state": "running"}))
    again = Downloads(tmp_path / "staging", tmp_path / "models")
    (resumed,) = again.jobs()
    assert resumed.state == "interrupted"
    hub.repos[tiny_repo].files[model.first.path].delay_per_chunk = 0
    installed = again.run(resumed)
    assert installed[0].read_bytes() == hub.repos[tiny_repo].files[model.first.path].read(0, 10**9)


def test_pause_acts_at_once_on_a_stalled_connection(
    hub: FakeHub, tiny_repo: str, downloads: Downloads
) -> None:
    model = model_of(tiny_repo, "Q8_0")
    f = hub.repos[tiny_repo].files[model.first.path]
    f.stall_at, f.stall_for = 65_536, 30
    job = DownloadJob.for_model(model)
    signal = StopSignal()
    stalled_at: list[float] = []

    def on_progress(p: Progress) -> None:
        if not stalled_at:  # the first 64 KB arrive at once, then the server falls silent
            stalled_at.append(time.monotonic())

    import threading

    def pause_soon() -> None:
        while not stalled_at:
            time.sleep(0.01)
        time.sleep(1.0)
        signal.request("pause")

    threading.Thread(target=pause_soon, daemon=True).start()
    with pytest.raises(Stopped) as info:
        downloads.run(job, on_progress, signal)
    assert info.value.reason == "pause"
    assert time.monotonic() - stalled_at[0] < 3.0  # not the 15 s read timeout
    assert downloads.jobs()[0].state == "paused"


def test_a_server_that_ignores_range_restarts_with_a_word_and_an_honest_speed(
    hub: FakeHub, tiny_repo: str, downloads: Downloads
) -> None:
    model = model_of(tiny_repo, "Q8_0")
    f = hub.repos[tiny_repo].files[model.first.path]
    f.drop_after, f.ignore_range = 40_000, True
    job = DownloadJob.for_model(model)
    with pytest.raises(DownloadError) as dropped:
        downloads.run(job)
    assert dropped.value.kind == "dropped" and dropped.value.resumable
    seen: list[Progress] = []
    downloads.run(job, seen.append)
    assert all(p.bytes_per_s >= 0 for p in seen)
    assert any(p.restarted for p in seen)
    assert seen[-1].restarted and seen[-1].done == model.size


def test_a_plain_git_file_is_verified_by_its_blob_sha1(
    hub: FakeHub, tiny_repo: str, downloads: Downloads, tmp_path: Path
) -> None:
    model = model_of(tiny_repo, "Q4_0")
    f = hub.repos[tiny_repo].files[model.first.path]
    f.lfs, f.corrupt = False, True
    model = model_of(tiny_repo, "Q4_0")
    assert model.first.sha256 is None and model.first.git_oid == f.git_sha1
    with pytest.raises(DownloadError) as info:
        downloads.run(DownloadJob.for_model(model))
    assert info.value.kind == "corrupt"
    assert list(downloads.models_dir.iterdir()) == []
    f.corrupt = False
    (installed,) = downloads.run(DownloadJob.for_model(model))
    lib = Library(downloads.models_dir, tmp_path / "cache", tmp_path / "data")
    (listed,) = lib.scan()
    assert listed.path == installed and not listed.unverified


def test_digests_from_the_headers_when_the_tree_has_none(
    hub: FakeHub, tiny_repo: str, downloads: Downloads
) -> None:
    """A job saved without a digest (an older version, or a tree without LFS data) still gets
    verified against the X-Linked-Etag the Hub sends with the file."""
    model = model_of(tiny_repo, "Q4_0")
    hub.repos[tiny_repo].files[model.first.path].corrupt = True
    job = DownloadJob(tiny_repo, model.name, [{"path": model.first.path, "size": model.size}])
    with pytest.raises(DownloadError) as info:
        downloads.run(job)
    assert info.value.kind == "corrupt"
    assert list(downloads.models_dir.iterdir()) == []


def test_a_file_without_any_digest_is_installed_marked_unverified(
    hub: FakeHub, tiny_repo: str, downloads: Downloads, tmp_path: Path
) -> None:
    model = model_of(tiny_repo, "Q4_0")
    hub.repos[tiny_repo].files[model.first.path].digests = False
    model = model_of(tiny_repo, "Q4_0")
    job = DownloadJob.for_model(model)
    (installed,) = downloads.run(job)
    assert job.unverified == [installed.name]
    lib = Library(downloads.models_dir, tmp_path / "cache", tmp_path / "data")
    (listed,) = lib.scan()
    assert listed.unverified
    lib.remove(listed)
    assert list(downloads.models_dir.iterdir()) == []  # the mark goes with the file
