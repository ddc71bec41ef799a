"""The tools part of the conversation settings: on or off, which tools, how many rounds."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.chat.conversation_settings import MAX_TOOL_STEPS, ConversationSettings
from chatapp.core.tools.registry import Tool


class ToolsSettingsBox(QGroupBox):
    def __init__(
        self, settings: ConversationSettings, tools: list[Tool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Tools"))
        layout = QVBoxLayout(self)
        self.enabled = QCheckBox(self.tr("Let the model use tools"))
        self.enabled.setChecked(settings.tools_enabled)
        layout.addWidget(self.enabled)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Tools the model may use"))
        self.list.setMaximumHeight(120)
        chosen = set(settings.tools)
        known = {t.name for t in tools}
        for tool in tools:
            self._add(tool.name, self._label(tool), tool.name in chosen)
        for name in settings.tools:  # chosen earlier, from a server that is not running now
            if name not in known:
                self._add(name, self.tr("%1 (not available now)").replace("%1", name), True)
        layout.addWidget(self.list)
        form = QFormLayout()
        self.max_steps = QSpinBox()
        self.max_steps.setRange(1, MAX_TOOL_STEPS)
        self.max_steps.setValue(settings.max_tool_steps)
        self.max_steps.setAccessibleName(self.tr("Tool rounds per reply"))
        form.addRow(self.tr("Tool rounds per reply"), self.max_steps)
        layout.addLayout(form)
        self.enabled.toggled.connect(self._sync)
        self._sync(settings.tools_enabled)

    def _label(self, tool: Tool) -> str:
        if tool.source.startswith("mcp:"):
            server = tool.source.removeprefix("mcp:")
            return (
                self.tr("%1 (MCP server %2, asks first)")
                .replace("%1", tool.label)
                .replace("%2", server)
            )
        names = {"calculator": self.tr("Calculator (exact)"), "clock": self.tr("Clock and dates")}
        return names.get(tool.name, tool.label)

    def _add(self, name: str, label: str, checked: bool) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def _sync(self, on: bool) -> None:
        self.list.setEnabled(on)
        self.max_steps.setEnabled(on)

    def chosen(self) -> tuple[str, ...]:
        names = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(names)

    def apply(self, settings: ConversationSettings) -> ConversationSettings:
        return replace(
            settings,
            tools_enabled=self.enabled.isChecked(),
            tools=self.chosen(),
            max_tool_steps=self.max_steps.value(),
        )
