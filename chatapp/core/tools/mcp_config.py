"""MCP servers the user configured: ``mcp.json`` in the config folder, in the shape other apps use.

::

    {"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem",
                                           "/home/me/notes"], "env": {}},
        "search": {"url": "http://127.0.0.1:8931/mcp", "headers": {"Authorization": "Bearer …"}},
        "old": {"command": "…", "disabled": true}
    }}

A server has either a ``command`` (stdio) or a ``url`` (streamable HTTP). Optional: ``timeout``
(seconds a call may take, default 30), ``autoApprove`` (tools whose calls run without asking).
A user can paste a config copied from another app; unknown keys are ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = "mcp.json"
DEFAULT_TIMEOUT_S = 30.0
HTTP_TYPES = ("http", "streamable-http", "streamable_http", "streamableHttp")


class McpConfigError(ValueError):
    """A config that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class McpServerConfig:
    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    timeout_s: float = DEFAULT_TIMEOUT_S
    auto_approve: tuple[str, ...] = ()
    disabled: bool = False

    @property
    def transport(self) -> str:
        return "http" if self.url else "stdio"


def config_path(config_dir: Path) -> Path:
    return config_dir / CONFIG_FILE


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise McpConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _mapping(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise McpConfigError(f"{where} must be an object of strings")
    return {str(k): str(v) for k, v in value.items()}


def _server(name: str, data: Any) -> McpServerConfig:
    where = f"server '{name}'"
    if not isinstance(data, dict):
        raise McpConfigError(f"{where} must be an object")
    command, url = data.get("command"), data.get("url") or data.get("serverUrl")
    kind = str(data.get("type") or data.get("transport") or "")
    if kind == "sse":
        raise McpConfigError(
            f"{where} uses the older SSE transport; Kotoba speaks stdio and streamable HTTP"
        )
    if kind and kind != "stdio" and kind not in HTTP_TYPES:
        raise McpConfigError(f"{where} has an unknown type {kind!r}")
    if bool(command) == bool(url):
        raise McpConfigError(f"{where} needs either a command (stdio) or a url (HTTP)")
    if command is not None and not isinstance(command, str):
        raise McpConfigError(f"{where}: command must be a string")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise McpConfigError(f"{where}: url must start with http:// or https://")
    timeout = data.get("timeout", DEFAULT_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise McpConfigError(f"{where}: timeout must be a number of seconds")
    if timeout > 1000:  # some apps write milliseconds
        timeout = timeout / 1000
    cwd = data.get("cwd")
    return McpServerConfig(
        name=name,
        command=command or "",
        args=_strings(data.get("args"), f"{where}: args"),
        env=_mapping(data.get("env"), f"{where}: env"),
        cwd=os.path.expanduser(cwd) if isinstance(cwd, str) and cwd else None,
        url=url or "",
        headers=_mapping(data.get("headers"), f"{where}: headers"),
        timeout_s=float(timeout),
        auto_approve=_strings(
            data.get("autoApprove", data.get("alwaysAllow")), f"{where}: autoApprove"
        ),
        disabled=bool(data.get("disabled", False)),
    )


def parse_config(text: str) -> list[McpServerConfig]:
    """Servers from the JSON text; raises McpConfigError with a message for the user."""
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise McpConfigError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise McpConfigError('the config must be a JSON object with "mcpServers"')
    servers = data.get("mcpServers", data.get("servers"))
    if servers is None:
        raise McpConfigError('the config has no "mcpServers" object')
    if not isinstance(servers, dict):
        raise McpConfigError('"mcpServers" must be an object of servers by name')
    return [_server(str(name), value) for name, value in servers.items()]


def load_config(config_dir: Path) -> tuple[list[McpServerConfig], str | None]:
    """The configured servers and, if the file cannot be used, why (then no servers)."""
    path = config_path(config_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], None
    except OSError as exc:
        return [], f"{path}: {exc.strerror}"
    try:
        return parse_config(text), None
    except McpConfigError as exc:
        return [], f"{path}: {exc}"


def read_config_text(config_dir: Path) -> str:
    try:
        return config_path(config_dir).read_text(encoding="utf-8")
    except OSError:
        return ""


def save_config_text(config_dir: Path, text: str) -> None:
    """Check, then write the pasted config (an empty text removes every server)."""
    parse_config(text)
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_path(config_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text.strip() + "\n" if text.strip() else "", encoding="utf-8")
    os.replace(tmp, path)
