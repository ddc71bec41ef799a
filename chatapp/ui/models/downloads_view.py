"""The Downloads tab: one row per download, with its progress, state, pause/resume and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.models.downloads import DownloadError, DownloadJob, Progress, Stopped
from chatapp.core.models.memory import format_bytes
from chatapp.ui.models.worker import Worker
from chatapp.ui.services import Services


class DownloadRow(QWidget):
    def __init__(self, job: DownloadJob, done: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        row = QHBoxLayout(self)
        self.label = QLabel(f"{job.repo_id} / {job.name}")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Download progress of %1").replace("%1", job.name))
        self.bar.setValue(int(1000 * done / job.total) if job.total else 0)
        self.info = QLabel(job.message or job.state)
        self.info.setAccessibleName(self.tr("Download status"))
        self.toggle = QPushButton(self.tr("Resume") if job.state != "running" else self.tr("Pause"))
        self.toggle.setAccessibleName(self.tr("Pause or resume the download"))
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel the download"))
        for w in (self.label, self.bar, self.info, self.toggle, self.cancel):
            row.addWidget(w)


class DownloadsTab(QWidget):
    installed = Signal()  # a download finished and its files are in the models folder

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.downloads = services.downloads
        self.dispatcher = services.dispatcher
        self.worker = Worker(services.ops)
        self.token: str | None = None
        self.active: dict[str, threading.Event] = {}  # job id -> pause/cancel flag
        self.rows: dict[str, DownloadRow] = {}
        self.rows_layout = QVBoxLayout(self)
        self.empty = QLabel(self.tr("No downloads."))
        self.rows_layout.addWidget(self.empty)
        self.rows_layout.addStretch(1)
        for job in self.downloads.jobs():
            self.add(job)

    def add(self, job: DownloadJob) -> DownloadRow:
        self.empty.setVisible(False)
        row = DownloadRow(job, self.downloads.bytes_done(job))
        self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
        self.rows[job.job_id] = row
        row.toggle.clicked.connect(lambda: self.toggle(job.job_id))
        row.cancel.clicked.connect(lambda: self.cancel(job.job_id))
        return row

    def download(self, job: DownloadJob, token: str | None) -> None:
        if job.job_id not in self.rows:
            self.add(job)
        self.start(job, token)

    def toggle(self, job_id: str) -> None:
        job = self.rows[job_id].job
        if job_id in self.active:
            self.active[job_id].set()  # pause
        else:
            self.start(job, self.token)

    def cancel(self, job_id: str) -> None:
        flag = self.active.get(job_id)
        row = self.rows.pop(job_id)
        if flag is not None:
            flag.set()
            row.job.state = "cancelling"
        else:
            self.downloads.cancel(row.job)
        row.setParent(None)

    def start(self, job: DownloadJob, token: str | None) -> None:
        job_id = job.job_id
        if job_id in self.active:
            return
        self.token = token
        stop = threading.Event()
        self.active[job_id] = stop
        row = self.rows[job_id]
        bar, info, toggle = row.bar, row.info, row.toggle
        toggle.setText(self.tr("Pause"))
        info.setText(self.tr("starting…"))

        def progress(p: Progress) -> None:
            def show() -> None:
                bar.setValue(int(1000 * p.fraction))
                eta = f", {p.eta_s:.0f} s" if p.eta_s is not None else ""
                info.setText(f"{format_bytes(p.done)} / {format_bytes(p.total)}  "
                             f"{format_bytes(p.bytes_per_s)}/s{eta}")  # fmt: skip

            self.dispatcher.post(show)

        def work() -> list[Path]:
            try:
                return self.downloads.run(job, progress, stop.is_set, token)
            except Stopped:
                if job.state == "cancelling":
                    self.downloads.cancel(job)
                raise DownloadError("", resumable=True) from None

        def done(_paths: list[Path]) -> None:
            self.active.pop(job_id, None)
            info.setText(self.tr("verified and installed"))
            bar.setValue(1000)
            toggle.setEnabled(False)
            self.installed.emit()

        def failed(exc: BaseException) -> None:
            self.active.pop(job_id, None)
            toggle.setText(self.tr("Resume"))
            info.setText(str(exc) or type(exc).__name__ or self.tr("paused"))

        self.worker.run(work, done, failed)
