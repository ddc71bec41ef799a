"""Serving Kotoba's models to other apps from the window (the Preferences switch).

The server runs the library's models in a runtime process of its own: the chat's Stop never
stops another app's reply, and a crash of one leaves the other. The model file is memory-mapped,
so the same model in both processes shares its weights in memory; only the context is twice.
Bound to 127.0.0.1 (other addresses need ``chatapp serve`` and an API key).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QSpinBox, QWidget

from chatapp.core.settings import AppSettings
from chatapp.ui.background import Report
from chatapp.ui.services import Services


# The words go through QCoreApplication.translate with a context of their own: lupdate finds
# them there (owner.tr() would look them up in the owner's class, under which they are not).
def serve_row(
    owner: QWidget, form: QFormLayout, settings: AppSettings
) -> tuple[QCheckBox, QSpinBox]:
    """The Preferences row: the switch and its port."""
    switch = QCheckBox(
        QCoreApplication.translate("ServeRow", "Serve models to other apps on 127.0.0.1, port")
    )
    switch.setChecked(settings.serve)
    switch.setAccessibleName(QCoreApplication.translate("ServeRow", "Serve models to other apps"))
    switch.setToolTip(
        QCoreApplication.translate(
            "ServeRow",
            "An OpenAI-compatible API (/v1/chat/completions) for editors, agents and scripts on "
            "this computer, with the models in your library.",
        )
    )
    port = QSpinBox()
    port.setRange(1, 65535)
    port.setValue(settings.serve_port)
    port.setAccessibleName(QCoreApplication.translate("ServeRow", "Server port"))
    port.setEnabled(settings.serve)
    switch.toggled.connect(port.setEnabled)
    row = QHBoxLayout()
    row.addWidget(switch)
    row.addWidget(port)
    row.addStretch(1)
    form.addRow(QCoreApplication.translate("ServeRow", "Other apps"), row)
    return switch, port


class ServeSwitch(QObject):
    """Starts and stops the API server as the settings say; reports through signals."""

    status = Signal(str)
    error = Signal(str)
    _started = Signal(object)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.server = None  # chatapp.server.http_server.ApiServer while serving
        self._busy = False
        self._wanted: tuple[bool, int] = (False, 0)
        self._started.connect(self._on_started)

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def apply(self, settings: AppSettings) -> None:
        """Serve, stop or move to another port, to match ``settings`` (off the GUI thread)."""
        self._wanted = (settings.serve, settings.serve_port)
        self._settle()

    def _settle(self) -> None:
        if self._busy:
            return  # the running change calls back here when it is done
        want, port = self._wanted
        server = self.server
        if server is not None and (not want or server.port != port):
            self._busy = True
            self.server = None

            def stop(_report: Report) -> None:
                from chatapp.server.library_server import stop_library_server

                stop_library_server(server)

            self.services.ops.run(stop, on_success=lambda _r: self._done(), name="serve-stop",
                                  on_failure=lambda _e: self._done())  # fmt: skip
            self.status.emit(self.tr("Stopped serving models to other apps."))
        elif want and server is None:
            self._busy = True
            settings = self.services.settings
            paths = self.services.paths
            library = self.services.library

            def start(_report: Report) -> object:
                from chatapp.server.library_server import start_library_server

                log = paths.log_dir / "serve-runtime.log"
                return start_library_server(library, settings, port, log)

            def failed(exc: BaseException) -> None:
                self._busy = False
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.error.emit(
                    self.tr("Could not serve on port %1: %2").replace("%1", str(port))
                    .replace("%2", reason)
                )  # fmt: skip

            self.services.ops.run(start, on_success=self._started.emit, on_failure=failed,
                                  name="serve-start")  # fmt: skip

    @Slot(object)
    def _on_started(self, server: object) -> None:
        self.server = server  # type: ignore[assignment]
        self.status.emit(self.tr("Serving models to other apps at %1").replace("%1", self.url))
        self._done()

    def _done(self) -> None:
        self._busy = False
        self._settle()

    def shutdown(self) -> None:
        """At exit: stop serving now (a reply in progress is cancelled)."""
        self._wanted = (False, 0)
        server, self.server = self.server, None
        if server is not None:
            from chatapp.server.library_server import stop_library_server

            stop_library_server(server)
