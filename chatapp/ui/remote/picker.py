"""Saved servers in the model picker, "Add a server…", and switching the chat to a server.

The model bar asks ``RemotePicker`` to add its entries and hands over a choice that is one of
them; everything that may touch the network or the keyring runs off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from chatapp.core.engine import LoadSpec
from chatapp.remote.engine import RemoteEngine
from chatapp.remote.keys import KeyStore
from chatapp.remote.servers import SavedServer, ServerList
from chatapp.ui.background import Report
from chatapp.ui.chat.controller import ChatController
from chatapp.ui.remote.server_dialog import ServerChoice, ServerDialog
from chatapp.ui.services import Services

PREFIX = "remote:"
ADD_KEY = "remote:+add"
SERVERS = "servers"  # the key of the ServerList in Services.extras


def server_list(services: Services) -> ServerList:
    """The saved servers (made on first use, kept in the services)."""
    servers = services.extras.get(SERVERS)
    if not isinstance(servers, ServerList):
        config = services.paths.config_dir
        servers = ServerList(config, KeyStore(config))
        services.extras[SERVERS] = servers
    return servers


class RemotePicker(QObject):
    error = Signal(str)
    saved = Signal(str)  # the new entry's key in the combo
    engine_ready = Signal(object, object)  # RemoteEngine, SavedServer

    def __init__(
        self,
        services: Services,
        controller: ChatController,
        combo: QComboBox,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.services = services
        self.controller = controller
        self.combo = combo
        self.window = window
        self.servers = server_list(services)
        self.dialog: ServerDialog | None = None
        self._previous = -1  # the entry chosen before "Add a server…"
        self.combo.activated.connect(self._on_activated)
        self.combo.currentIndexChanged.connect(self._on_index_changed)
        self.engine_ready.connect(self._on_engine_ready)

    # --- the picker's entries -----------------------------------------------------------

    def add_items(self) -> None:
        for server in self.servers.all():
            self.combo.addItem(
                self.tr("%1 (server)").replace("%1", server.label), PREFIX + server.id
            )
            self.combo.setItemData(
                self.combo.count() - 1, server.base_url, Qt.ItemDataRole.ToolTipRole
            )
        if self.combo.count():
            self.combo.insertSeparator(self.combo.count())
        self.combo.addItem(self.tr("Add a server…"), ADD_KEY)

    @staticmethod
    def handles(key: object) -> bool:
        """A saved server's entry ("Add a server…" opens its dialog only when chosen)."""
        return isinstance(key, str) and key.startswith(PREFIX) and key != ADD_KEY

    @Slot(int)
    def _on_index_changed(self, index: int) -> None:
        if index >= 0 and self.combo.itemData(index) != ADD_KEY:
            self._previous = index

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        if self.combo.itemData(index) == ADD_KEY:
            self.open_dialog()

    # --- adding -------------------------------------------------------------------------

    def open_dialog(self) -> ServerDialog:
        """Open "Add a server…" (not modal to the event loop: ``open``, not ``exec``)."""
        dialog = ServerDialog(self.services.ops, self.window)
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog))
        dialog.rejected.connect(self._restore_choice)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _restore_choice(self) -> None:
        if self.combo.itemData(self.combo.currentIndex()) != ADD_KEY:
            return
        if 0 <= self._previous < self.combo.count():
            self.combo.setCurrentIndex(self._previous)

    def _on_dialog_accepted(self, dialog: ServerDialog) -> None:
        choice = dialog.choice
        if choice is None:
            return
        servers = self.servers

        def op(_report: Report) -> SavedServer:  # the keyring may take a moment (or ask)
            return servers.add(choice.base_url, choice.model, choice.api_key, choice.n_ctx,
                               choice.name)  # fmt: skip

        def done(server: SavedServer) -> None:
            self.saved.emit(PREFIX + server.id)

        self.services.ops.run(op, on_success=done, on_failure=self._failed, name="save-server")

    def save(self, choice: ServerChoice) -> SavedServer:
        """Save without the dialog (tests, imports); blocks on the keyring."""
        return self.servers.add(choice.base_url, choice.model, choice.api_key, choice.n_ctx,
                                choice.name)  # fmt: skip

    # --- choosing -----------------------------------------------------------------------

    def load(self, key: str) -> None:
        """Chat with the saved server ``key`` names: make its engine, then load its model."""
        servers = self.servers
        server_id = key[len(PREFIX) :]

        def op(_report: Report) -> tuple[RemoteEngine, SavedServer]:
            server = servers.get(server_id)
            if server is None:
                raise LookupError(self.tr("That server is no longer saved."))
            return servers.engine_for(server), server  # reads the key from the keyring

        def done(result: tuple[RemoteEngine, SavedServer]) -> None:
            self.engine_ready.emit(*result)

        self.services.ops.run(op, on_success=done, on_failure=self._failed, name="server-engine")

    @Slot(object, object)
    def _on_engine_ready(self, engine: RemoteEngine, server: SavedServer) -> None:
        if not self.controller.use_engine(engine):
            engine.close()
            self.error.emit(self.tr("Wait for the reply to finish before switching models."))
            return
        self.controller.load(LoadSpec(server.model, server.n_ctx or None))

    def _failed(self, exc: BaseException) -> None:
        self.error.emit(str(exc))
