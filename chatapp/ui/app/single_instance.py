"""A second start on the same data folder brings the running window forward, then exits."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"
log = logging.getLogger("kotoba.instance")


def ask_running_instance(name: str, timeout_ms: int = 2000) -> bool:
    """Tell the instance that owns ``name`` to show its window; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(ACTIVATE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for second starts; ``activate_requested`` asks the window to come forward."""

    activate_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        QLocalServer.removeServer(name)  # a socket file left by a crashed instance
        if not self.server.listen(name):
            log.warning("cannot listen for second starts: %s", self.server.errorString())
        self.server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                continue
            socket.readyRead.connect(lambda s=socket: self._on_read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            log.info("a second start asked for the window")
            self.activate_requested.emit()
