"""The Downloads tab: one row per download, with its progress, state, pause/resume and cancel.

A row is always in one state, and its buttons follow it: running (Pause, Cancel), paused or
interrupted (Resume, Cancel), failed (Resume when the bytes are kept, "Download again" when they
were discarded; Cancel), done (Clear). Cancel discards the bytes and the job. Jobs the app was
running when it quit resume by themselves at the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.download_parts import Progress, StopSignal
from chatapp.core.models.downloads import DownloadError, DownloadJob, Stopped
from chatapp.ui.background import Operation
from chatapp.ui.models import words
from chatapp.ui.services import Services

QUIT_WAIT_S = 3.0


def elastic(label: QLabel) -> QLabel:
    """A label that takes the width it is given: long text wraps or is cut, never widens the
    window (the whole text stays in the tooltip)."""
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(0)
    return label


class DownloadRow(QWidget):
    def __init__(self, job: DownloadJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.state = ""
        row = QHBoxLayout(self)
        self.label = elastic(QLabel(f"{job.repo_id} / {job.name}"))
        self.label.setToolTip(self.label.text())
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Download progress of %1").replace("%1", job.name))
        self.info = elastic(QLabel())
        self.info.setAccessibleName(self.tr("Download status"))
        self.toggle = QPushButton()
        self.cancel = QPushButton()
        # Every row has the same columns, whatever its state and texts: the rows line up.
        self.bar.setFixedWidth(180)
        for button, texts in [
            (self.toggle, [self.tr("Pause"), self.tr("Resume"), self.tr("Download again")]),
            (self.cancel, [self.tr("Cancel"), self.tr("Clear")]),
        ]:
            widest = max(button.fontMetrics().horizontalAdvance(t) for t in texts)
            button.setMinimumWidth(widest + 24)
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
        row.addWidget(self.label, 3)
        row.addWidget(self.bar, 2)
        row.addWidget(self.info, 4)
        row.addWidget(self.toggle)
        row.addWidget(self.cancel)

    def show_bytes(self, done: int) -> None:
        total = self.job.total
        self.bar.setValue(int(1000 * done / total) if total else 0)

    def _set(self, state: str, text: str, toggle: str | None, cancel: str) -> None:
        self.state = state
        self.info.setText(text)
        self.info.setToolTip(text)
        self.toggle.setVisible(toggle is not None)
        self.toggle.setEnabled(toggle is not None)
        if toggle is not None:
            self.toggle.setText(toggle)
            self.toggle.setAccessibleName(
                self.tr("Pause the download") if state == "running" else self.tr(
                    "Resume the download")
            )  # fmt: skip
        self.cancel.setText(cancel)
        self.cancel.setAccessibleName(
            self.tr("Remove the download from the list") if state == "done" else self.tr(
                "Cancel the download and delete what was downloaded")
        )  # fmt: skip

    def show_running(self, text: str) -> None:
        self._set("running", text, self.tr("Pause"), self.tr("Cancel"))

    def show_progress(self, p: Progress) -> None:
        self.show_bytes(p.done)
        self.show_running(words.progress(p))

    def show_stopped(self, done: int, reason: str) -> None:
        self.show_bytes(done)
        state = "interrupted" if reason == "quit" else "paused"
        text = words.paused(done, self.job.total, reason)
        self._set(state, text, self.tr("Resume"), self.tr("Cancel"))

    def show_failed(self, text: str, done: int, resumable: bool) -> None:
        self.show_bytes(done)
        again = self.tr("Resume") if resumable and done else self.tr("Download again")
        self._set("failed", text, again, self.tr("Cancel"))

    def show_done(self, unverified: bool) -> None:
        self.bar.setValue(1000)
        text = (
            self.tr("installed, unverified: the Hub gave no checksum for it")
            if unverified
            else self.tr("verified and installed")
        )
        self._set("done", text, None, self.tr("Clear"))


class DownloadsTab(QWidget):
    installed = Signal()  # a download finished and its files are in the models folder

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.downloads = services.downloads
        self.dispatcher = services.dispatcher
        self.ops = services.ops
        self.signals: dict[str, StopSignal] = {}  # running job id -> its stop signal
        self.operations: dict[str, Operation[list[Path]]] = {}
        self.rows: dict[str, DownloadRow] = {}
        # Where Resume gets an access token (the manager points it at the Discover tab's box).
        self.token_source: Callable[[], str | None] = lambda: None
        self.rows_layout = QVBoxLayout(self)
        self.empty = QLabel(
            self.tr("No downloads. Choose a model on the Discover tab to download it.")
        )
        self.rows_layout.addWidget(self.empty)
        self.rows_layout.addStretch(1)
        for job in self.downloads.jobs():
            row = self.add(job)
            done = self.downloads.bytes_done(job)
            if job.state == "interrupted":  # the app quit while it ran: carry on
                row.show_stopped(done, "quit")
                QTimer.singleShot(0, lambda job=job: self.start(job, self.token_source()))
            elif job.state == "failed":
                text = self.tr("The download stopped before it finished; resume to continue.")
                row.show_failed(text, done, resumable=True)
            else:
                row.show_stopped(done, "pause")

    # --- rows ---------------------------------------------------------------------------

    def add(self, job: DownloadJob) -> DownloadRow:
        row = DownloadRow(job)
        self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
        self.rows[job.job_id] = row
        row.toggle.clicked.connect(lambda: self.toggle(job.job_id))
        row.cancel.clicked.connect(lambda: self.cancel(job.job_id))
        self._update_empty()
        return row

    def _remove(self, job_id: str) -> None:
        row = self.rows.pop(job_id, None)
        if row is not None:
            row.setParent(None)
            row.deleteLater()
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    def busy(self) -> bool:
        """Some download's worker is still running (a stopped one may take a moment)."""
        return any(not op.finished.is_set() for op in self.operations.values())

    def active_count(self) -> int:
        """Downloads whose worker is still at work (a stopped one's handler may not have run)."""
        return sum(1 for job_id in self.signals if not self.operations[job_id].finished.is_set())

    # --- actions ------------------------------------------------------------------------

    def download(self, job: DownloadJob, token: str | None) -> None:
        """Start ``job``, reusing its row if the same file was downloaded before."""
        row = self.rows.get(job.job_id)
        if row is None:
            row = self.add(job)
        elif job.job_id in self.signals:
            return  # already running
        row.job = job
        self.start(job, token)

    def toggle(self, job_id: str) -> None:
        signal = self.signals.get(job_id)
        if signal is not None:
            signal.request("pause")
        elif job_id in self.rows:
            self.start(self.rows[job_id].job, self.token_source())

    def cancel(self, job_id: str) -> None:
        row = self.rows.get(job_id)
        if row is None:
            return
        if row.state != "done":
            self.downloads.cancel(row.job)  # discards the bytes, running or not
        self._remove(job_id)

    def stop_all(self, reason: str = "quit") -> None:
        """Stop every running download (at quit: they resume at the next start)."""
        for signal in list(self.signals.values()):
            signal.request(reason)
        for op in list(self.operations.values()):
            op.wait(QUIT_WAIT_S)

    def start(self, job: DownloadJob, token: str | None) -> None:
        job_id = job.job_id
        row = self.rows.get(job_id)
        if row is None or job_id in self.signals:
            return
        signal = StopSignal()
        self.signals[job_id] = signal
        row.show_running(self.tr("starting…"))

        def progress(p: Progress) -> None:
            self.dispatcher.post(lambda: self._show_progress(job_id, signal, p))

        def finished() -> bool:
            """Forget the run; False when the row is gone (cancelled meanwhile)."""
            if self.signals.get(job_id) is signal:
                del self.signals[job_id]
            return self.rows.get(job_id) is row

        def done(_paths: list[Path]) -> None:
            if finished():
                row.show_done(bool(job.unverified))
            self.installed.emit()

        def failed(exc: BaseException) -> None:
            if not finished():
                return
            done_bytes = self.downloads.bytes_done(job)
            if isinstance(exc, Stopped):
                if exc.reason == "cancel":
                    self._remove(job_id)
                else:
                    row.show_stopped(done_bytes, exc.reason)
            elif isinstance(exc, DownloadError):
                row.show_failed(words.download_error(exc), done_bytes, exc.resumable)
            else:
                row.show_failed(words.failure(exc), done_bytes, resumable=True)

        self.operations[job_id] = self.ops.run(
            lambda _report: self.downloads.run(job, progress, signal, token),
            on_success=done,
            on_failure=failed,
            name="download",
        )

    def _show_progress(self, job_id: str, signal: StopSignal, p: Progress) -> None:
        row = self.rows.get(job_id)
        if row is not None and self.signals.get(job_id) is signal and signal.reason is None:
            row.show_progress(p)
