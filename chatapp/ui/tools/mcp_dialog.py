"""MCP servers: paste a config (the ``mcpServers`` JSON other apps use) and see each server."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.tools.mcp_client import DISABLED, FAILED, READY, STARTING, ServerStatus
from chatapp.core.tools.mcp_config import McpConfigError, parse_config
from chatapp.core.tools.service import ToolService
from chatapp.ui.background import Operations

EXAMPLE = """{
  "mcpServers": {
    "files": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"]
    },
    "remote": {"url": "http://127.0.0.1:8931/mcp"}
  }
}"""
REFRESH_MS = 500


class McpServersDialog(QDialog):
    def __init__(
        self, tools: ToolService, ops: Operations | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MCP servers"))
        self.tools = tools
        self.ops = ops
        self.applying = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Paste the servers as JSON, in the “mcpServers” form other apps use. "
                "Their tools ask for your approval before each call, unless you allow them "
                "for a chat."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.editor = QPlainTextEdit(tools.config_text())
        self.editor.setPlaceholderText(EXAMPLE)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName(self.tr("MCP server configuration (JSON)"))
        self.editor.setMinimumSize(520, 200)
        layout.addWidget(self.editor)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #d93025")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Configuration error"))
        layout.addWidget(self.error_label)
        self.status_list = QListWidget()
        self.status_list.setAccessibleName(self.tr("MCP servers and their state"))
        self.status_list.setMaximumHeight(140)
        layout.addWidget(self.status_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = QPushButton(self.tr("Save and connect"))
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if tools.config_error:
            self.error_label.setText(tools.config_error)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def status_text(self, status: ServerStatus) -> str:
        if status.state == READY:
            tools = ", ".join(status.tools) or self.tr("no tools")
            return self.tr("%1: connected (%2)").replace("%1", status.name).replace("%2", tools)
        if status.state == STARTING:
            return self.tr("%1: connecting…").replace("%1", status.name)
        if status.state == DISABLED:
            return self.tr("%1: turned off").replace("%1", status.name)
        if status.state == FAILED:
            return (
                self.tr("%1: failed (%2)").replace("%1", status.name).replace("%2", status.message)
            )
        return self.tr("%1: stopped").replace("%1", status.name)

    def refresh(self) -> None:
        lines = [self.status_text(s) for s in self.tools.statuses()]
        if self.applying:
            lines.insert(0, self.tr("Connecting…"))
        if not lines:
            lines = [self.tr("No MCP servers are set up.")]
        current = [self.status_list.item(i).text() for i in range(self.status_list.count())]
        if current != lines:
            self.status_list.clear()
            self.status_list.addItems(lines)

    def apply(self) -> None:
        """Check the JSON at once; save and reconnect off the GUI thread."""
        text = self.editor.toPlainText()
        try:
            parse_config(text)
        except McpConfigError as exc:
            self.error_label.setText(str(exc))
            return
        self.error_label.setText("")
        self.applying = True
        self.apply_button.setEnabled(False)

        def op(_report: object) -> None:
            self.tools.set_config_text(text)

        def done(_result: object = None) -> None:
            self.applying = False
            self.apply_button.setEnabled(True)
            self.refresh()

        def failed(exc: BaseException) -> None:
            done()
            self.error_label.setText(str(exc))

        if self.ops is None:
            try:
                op(None)
            except (McpConfigError, OSError) as exc:
                failed(exc)
                return
            done()
        else:
            self.ops.run(op, on_success=done, on_failure=failed, name="mcp-config")
