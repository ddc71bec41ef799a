"""The Downloads tab through the real window against the local Hub with faults: every control
does what it says, and the models folder never holds a partial or unverified file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.fake_hub import FakeHub
from tests.support.manager_driver import download, open_repo, slow
from tests.ui.conftest import WindowFactory

Q4, Q8 = "tiny-chat.Q4_0.gguf", "tiny-chat.Q8_0.gguf"


def click(qtbot: QtBot, button: object) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()  # type: ignore[attr-defined]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


class FolderWatch:
    """Samples the models folder every 10 ms: every file there must be complete and verified."""

    def __init__(self, folder: Path, hub: FakeHub, repo: str) -> None:
        self.folder = folder
        self.good = {f.path: f.sha256 for f in hub.repos[repo].files.values()}
        self.bad: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self.check)
        self.timer.start(10)

    def check(self) -> None:
        for p in self.folder.iterdir() if self.folder.exists() else []:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
            if p.name not in self.good or digest != self.good[p.name]:
                self.bad.append(p.name)


def test_pause_says_paused_and_resume_finishes(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    slow(hub, repo, Q8)
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q8)
    assert pane.tabs.currentIndex() == 2
    qtbot.waitUntil(lambda: row.bar.value() > 50, timeout=10_000)
    assert row.toggle.text() == "Pause" and row.cancel.text() == "Cancel"
    click(qtbot, row.toggle)
    qtbot.waitUntil(lambda: row.state == "paused", timeout=5_000)
    assert row.info.text().startswith("Paused at "), row.info.text()
    assert "Error" not in row.info.text()
    assert row.toggle.text() == "Resume" and row.toggle.isEnabled()
    hub.repos[repo].files[Q8].delay_per_chunk = 0
    click(qtbot, row.toggle)
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)
    assert row.info.text() == "verified and installed" and row.bar.value() == 1000
    assert row.toggle.isHidden()  # nothing to pause or resume
    assert row.cancel.text() == "Clear"  # a finished row has nothing to cancel
    click(qtbot, row.cancel)
    assert pane.job_rows == {} and pane.downloads_view.empty.isVisible()


def test_cancel_deletes_the_part_and_the_job(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    slow(hub, repo, Q8, seconds=4)
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.bar.value() > 100, timeout=10_000)
    click(qtbot, row.cancel)
    assert pane.job_rows == {}
    assert pane.downloads_view.empty.isVisible()  # the tab says it is empty
    staging = w.services.downloads.staging
    qtbot.waitUntil(lambda: not pane.downloads_view.busy(), timeout=5_000)
    assert list(staging.iterdir()) == [] and w.services.downloads.jobs() == []
    again = make_window(paths=w.paths)  # a restart brings nothing back
    assert again.model_manager.job_rows == {}


def test_a_row_that_finished_once_works_for_the_next_download(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str, answer: list
) -> None:
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)
    # Delete it from the library, then download it again over a connection that drops.
    pane.library.remove(next(m for m in pane.library.scan() if m.name == Q8))
    hub.repos[repo].files[Q8].drop_after, hub.repos[repo].files[Q8].drops_left = 30_000, 1
    pane.tabs.setCurrentIndex(1)
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.state == "failed", timeout=10_000)
    assert "connection dropped" in row.info.text()
    assert row.toggle.text() == "Resume" and row.toggle.isEnabled() and row.toggle.isVisible()
    click(qtbot, row.toggle)
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)


def test_a_corrupt_download_is_not_left_at_full_bar(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    hub.repos[repo].files[Q4].corrupt = True
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q4)
    qtbot.waitUntil(lambda: row.state == "failed", timeout=10_000)
    assert "corrupt" in row.info.text() and row.bar.value() == 0
    assert row.toggle.text() == "Download again" and row.toggle.isEnabled()
    hub.repos[repo].files[Q4].corrupt = False
    click(qtbot, row.toggle)
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)


def test_a_server_that_ignores_range_is_explained(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    f = hub.repos[repo].files[Q8]
    f.drop_after, f.ignore_range = 70_000, True
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.state == "failed", timeout=10_000)
    texts: list[str] = []
    timer = QTimer()
    timer.timeout.connect(lambda: texts.append(row.info.text()))
    timer.start(5)
    f.chunk_size, f.delay_per_chunk = 8192, 0.02
    click(qtbot, row.toggle)
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)
    timer.stop()
    assert any("the server restarted the download from the beginning" in t for t in texts)
    assert not any("-" in t.split("/s")[0].split("·")[-1] for t in texts if "/s" in t)


def test_quit_mid_download_asks_then_the_download_resumes_after_a_restart(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    slow(hub, repo, Q8, seconds=4)
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.bar.value() > 50, timeout=10_000)
    asked: list[str] = []

    def say(answer: QMessageBox.StandardButton) -> None:
        def exec_(box: QMessageBox) -> int:
            asked.append(box.text())
            assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
            box.button(answer).click()
            return int(answer)

        monkeypatch.setattr(QMessageBox, "exec", exec_)

    say(QMessageBox.StandardButton.No)
    w.close()
    assert w.isVisible() and row.state == "running"  # No keeps the app and the download
    assert "download" in asked[0]
    say(QMessageBox.StandardButton.Yes)
    w.close()
    assert not w.isVisible()
    (job,) = w.services.downloads.jobs()
    assert job.state == "interrupted"
    assert not (w.paths.models_dir / Q8).exists()
    hub.repos[repo].files[Q8].delay_per_chunk = 0
    again = make_window(paths=w.paths)
    (row,) = again.model_manager.job_rows.values()
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)  # resumed by itself
    assert "connection" not in row.info.text()
    assert (w.paths.models_dir / Q8).exists()


def test_journey_pause_resume_cancel_quit_restart_with_faults(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """One user, one afternoon: a dropped connection, a pause, a cancel, a corrupt file, a quit
    in the middle and a restart. The models folder only ever holds complete, verified files."""
    q8, q4 = hub.repos[repo].files[Q8], hub.repos[repo].files[Q4]
    slow(hub, repo, Q8, seconds=3)
    q8.drop_after = 40_000
    w = make_window()
    watch = FolderWatch(w.paths.models_dir, hub, repo)
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.state == "failed", timeout=10_000)  # dropped
    click(qtbot, row.toggle)  # resume
    qtbot.waitUntil(lambda: row.state == "running" and row.bar.value() > 400, timeout=10_000)
    click(qtbot, row.toggle)  # pause
    qtbot.waitUntil(lambda: row.state == "paused", timeout=5_000)
    click(qtbot, row.toggle)  # resume
    qtbot.waitUntil(lambda: row.state == "running", timeout=5_000)
    pane.tabs.setCurrentIndex(1)
    q4.corrupt = True
    other = download(qtbot, pane, Q4)
    qtbot.waitUntil(lambda: other.state == "failed", timeout=10_000)  # corrupt: deleted
    click(qtbot, other.cancel)  # cancel the failed one
    assert Q4 not in {r.job.name for r in pane.job_rows.values()}
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: box.button(QMessageBox.StandardButton.Yes).click() or 0
    )
    w.close()  # quit in the middle of the Q8 download
    watch.check()
    assert watch.bad == [] and not (w.paths.models_dir / Q8).exists()
    q8.delay_per_chunk, q4.corrupt = 0, False
    again = make_window(paths=w.paths)
    (row,) = again.model_manager.job_rows.values()
    qtbot.waitUntil(lambda: row.state == "done", timeout=10_000)
    pane = again.model_manager
    open_repo(qtbot, pane, repo)
    other = download(qtbot, pane, Q4)
    qtbot.waitUntil(lambda: other.state == "done", timeout=10_000)
    watch.check()
    watch.timer.stop()
    assert watch.bad == []
    assert sorted(p.name for p in w.paths.models_dir.iterdir()) == [Q4, Q8]
    assert list(w.services.downloads.staging.iterdir()) == []


def test_resume_of_a_gated_download_uses_the_token_typed_on_discover(
    qtbot: QtBot, make_window: WindowFactory, hub: FakeHub, repo: str
) -> None:
    hub.repos[repo].status, hub.repos[repo].token = 401, "hf_secret"
    hub.repos[repo].files[Q8].drop_after = 30_000
    w = make_window()
    pane = w.model_manager
    open_repo(qtbot, pane, repo)
    pane.token_box.setText("hf_secret")
    row = download(qtbot, pane, Q8)
    qtbot.waitUntil(lambda: row.state == "failed", timeout=10_000)
    assert "connection dropped" in row.info.text()
    click(qtbot, row.toggle)
    qtbot.waitUntil(lambda: row.state in ("done", "failed"), timeout=10_000)
    assert row.state == "done", row.info.text()
