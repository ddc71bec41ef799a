"""The app's tools: the built-ins and the tools of the configured MCP servers."""

from __future__ import annotations

from pathlib import Path

from chatapp.core.tools.builtin import builtin_tools
from chatapp.core.tools.mcp_client import McpManager, ServerStatus
from chatapp.core.tools.mcp_config import load_config, read_config_text, save_config_text
from chatapp.core.tools.registry import ToolRegistry


class ToolService:
    """Owned by the composition root (window) or a command; ``close`` stops the servers."""

    def __init__(self, config_dir: Path, log_dir: Path | None = None) -> None:
        self.config_dir = config_dir
        self.registry = ToolRegistry(builtin_tools())
        self.mcp = McpManager(self.registry, log_dir)
        self.config_error: str | None = None  # why mcp.json could not be used

    def start(self) -> None:
        """Connect to the configured MCP servers in the background."""
        configs, self.config_error = load_config(self.config_dir)
        self.mcp.start(configs)

    def config_text(self) -> str:
        return read_config_text(self.config_dir)

    def set_config_text(self, text: str) -> None:
        """Save a pasted config (raises McpConfigError, nothing saved) and reconnect."""
        save_config_text(self.config_dir, text)
        configs, self.config_error = load_config(self.config_dir)
        self.mcp.reload(configs)

    def statuses(self) -> list[ServerStatus]:
        return self.mcp.statuses()

    def close(self) -> None:
        self.mcp.close()
