"""MCP servers as tools: connect (stdio or streamable HTTP), list their tools, call them.

One background thread runs an asyncio loop for every connection (the ``mcp`` package is
async); callers block in ``call`` from their own worker thread, never the GUI thread. A server
that does not start, crashes, hangs or answers with something that is not MCP makes a clear
error result the model reads; a crashed server is started again at its next call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from chatapp.core.tools.mcp_config import McpServerConfig
from chatapp.core.tools.mcp_relay import relay_command
from chatapp.core.tools.registry import Tool, ToolOutput, ToolRegistry

log = logging.getLogger("kotoba.mcp")

CONNECT_TIMEOUT_S = 30.0
CLOSE_TIMEOUT_S = 10.0
STARTING, READY, FAILED, STOPPED, DISABLED = "starting", "ready", "failed", "stopped", "disabled"


@dataclass(frozen=True)
class ServerStatus:
    name: str
    state: str  # STARTING, READY, FAILED, STOPPED or DISABLED
    message: str = ""  # why it failed
    tools: tuple[str, ...] = ()


@dataclass
class _Server:
    config: McpServerConfig
    state: str = STARTING
    message: str = ""
    client: Any = None  # mcp.Client while connected
    tools: list[str] = field(default_factory=list)
    stop: asyncio.Event | None = None
    task: asyncio.Task[None] | None = None
    ready: threading.Event = field(default_factory=threading.Event)


def _tool_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "tool"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "it did not answer in time"
    if isinstance(exc, FileNotFoundError):
        return f"the command was not found ({exc.filename or exc})"
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(_describe(e) for e in exc.exceptions[:3])
    text = str(exc).strip() or type(exc).__name__
    return text[:300]


def result_text(result: Any) -> str:
    """An MCP tool result as the text a model reads."""
    parts: list[str] = []
    for block in getattr(result, "content", None) or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            parts.append(str(getattr(block, "text", "")))
        elif kind in ("image", "audio"):
            parts.append(f"[{kind}: {getattr(block, 'mime_type', '')}]")
        elif kind == "resource":
            resource = getattr(block, "resource", None)
            parts.append(str(getattr(resource, "text", "") or f"[resource {resource}]"))
        elif kind == "resource_link":
            parts.append(f"[link: {getattr(block, 'uri', '')}]")
    structured = getattr(result, "structured_content", None)
    if not parts and structured is not None:
        parts.append(json.dumps(structured, ensure_ascii=False))
    return "\n".join(parts)


class McpManager:
    """The configured MCP servers; their tools join ``registry`` while they are connected."""

    def __init__(self, registry: ToolRegistry, log_dir: Path | None = None) -> None:
        self.registry = registry
        self.log_dir = log_dir
        self._servers: dict[str, _Server] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self._logs: list[TextIO] = []
        # Where each stdio server's relay writes why it stopped the server (mcp_relay.py).
        self._reasons = Path(tempfile.mkdtemp(prefix="kotoba-mcp-"))

    # --- lifetime -----------------------------------------------------------------------

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Called (on the MCP thread) whenever a server's state changes."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("MCP listener failed")

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="kotoba-mcp", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def start(self, configs: list[McpServerConfig]) -> None:
        """Connect to the servers in the background (``wait_ready`` waits for them)."""
        for config in configs:
            server = _Server(config)
            self._servers[config.name] = server
            if config.disabled:
                server.state = DISABLED
                server.ready.set()
                continue
            loop = self._ensure_loop()
            asyncio.run_coroutine_threadsafe(self._launch(server), loop)
        self._notify()

    def wait_ready(self, timeout: float = CONNECT_TIMEOUT_S) -> bool:
        """Wait until every server is connected or has failed."""
        return all(s.ready.wait(timeout) for s in list(self._servers.values()))

    def reload(self, configs: list[McpServerConfig]) -> None:
        self.stop_all()
        self.start(configs)

    def statuses(self) -> list[ServerStatus]:
        return [
            ServerStatus(s.config.name, s.state, s.message, tuple(s.tools))
            for s in self._servers.values()
        ]

    def stop_all(self) -> None:
        servers, self._servers = list(self._servers.values()), {}
        loop = self._loop
        if loop is not None and servers:
            future = asyncio.run_coroutine_threadsafe(self._stop(servers), loop)
            with contextlib.suppress(concurrent.futures.TimeoutError):
                future.result(CLOSE_TIMEOUT_S)
        for server in servers:
            self.registry.remove_source(f"mcp:{server.config.name}")

    def close(self) -> None:
        self.stop_all()
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5.0)
            if not thread.is_alive():
                loop.close()
        self._loop = self._thread = None
        for handle in self._logs:
            handle.close()
        self._logs.clear()
        shutil.rmtree(self._reasons, ignore_errors=True)

    # --- connections (on the MCP thread) ------------------------------------------------

    async def _launch(self, server: _Server) -> None:
        server.stop = asyncio.Event()
        server.task = asyncio.ensure_future(self._serve(server))

    async def _stop(self, servers: list[_Server]) -> None:
        tasks = []
        for server in servers:
            if server.stop is not None:
                server.stop.set()
            if server.task is not None:
                tasks.append(server.task)
        if tasks:
            await asyncio.wait(tasks, timeout=CLOSE_TIMEOUT_S)

    def _errlog(self) -> TextIO:
        handle = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - the relay's own
        self._logs.append(handle)
        return handle

    def _reason_path(self, name: str) -> Path:
        return self._reasons / f"{_tool_name(name)}.stopped"

    def _stopped_because(self, name: str) -> str:
        """Why the relay stopped this server ("" when it did not)."""
        try:
            return self._reason_path(name).read_text(encoding="utf-8").strip()[:300]
        except OSError:
            return ""

    def _relayed(self, config: McpServerConfig) -> list[str]:
        """The relay's arguments: its reason file, the capped stderr log, the server command."""
        reason = self._reason_path(config.name)
        reason.unlink(missing_ok=True)
        args = ["--reason", str(reason)]
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            args += ["--log", str(self.log_dir / f"mcp-{_tool_name(config.name)}.log")]
        return [*args, "--", config.command, *config.args]

    def _client(self, config: McpServerConfig) -> Any:
        from mcp import Client
        from mcp.client.stdio import StdioServerParameters, stdio_client

        if config.url:
            from mcp.client.streamable_http import streamable_http_client
            from mcp.shared._httpx_utils import create_mcp_http_client

            http = create_mcp_http_client(headers=dict(config.headers) or None)
            return Client(streamable_http_client(config.url, http_client=http))
        relay, *relay_args = relay_command()
        params = StdioServerParameters(
            command=relay,
            args=[*relay_args, *self._relayed(config)],
            env=config.env or None,
            cwd=config.cwd,
        )
        return Client(stdio_client(params, errlog=self._errlog()))

    async def _serve(self, server: _Server) -> None:
        config = server.config
        source = f"mcp:{config.name}"
        try:
            async with contextlib.AsyncExitStack() as stack:
                async with asyncio.timeout(CONNECT_TIMEOUT_S):
                    client = await stack.enter_async_context(self._client(config))
                    listing = await client.list_tools()
                server.client = client
                server.tools = self._register(server, listing.tools)
                server.state, server.message = READY, ""
                server.ready.set()
                self._notify()
                assert server.stop is not None
                await server.stop.wait()
        except asyncio.CancelledError:
            server.state = STOPPED
        except BaseException as exc:  # noqa: BLE001 - any failure is the server's state
            server.state, server.message = (
                FAILED,
                (self._stopped_because(config.name) or _describe(exc)),
            )
            log.warning("MCP server %s: %s", config.name, server.message)
        else:
            if server.state == READY:
                server.state = STOPPED
        finally:
            server.client = None
            server.tools = []
            self.registry.remove_source(source)
            server.ready.set()
            self._notify()

    def _register(self, server: _Server, tools: list[Any]) -> list[str]:
        config = server.config
        source = f"mcp:{config.name}"
        names: list[str] = []
        for info in tools:
            name = _tool_name(info.name)
            existing = self.registry.get(name)
            if existing is not None and existing.source != source:
                name = _tool_name(f"{config.name}_{info.name}")
            schema = dict(info.input_schema or {})
            if schema.get("type") != "object":
                schema = {"type": "object", "properties": {}}
            title = info.title or getattr(info.annotations, "title", None) or info.name
            self.registry.add(
                Tool(
                    name=name,
                    description=(info.description or title)[:1000],
                    parameters=schema,
                    function=self._caller(config.name, info.name, title),
                    needs_approval=info.name not in config.auto_approve,
                    source=source,
                    title=title,
                )
            )
            names.append(name)
        return names

    # --- calls --------------------------------------------------------------------------

    def _caller(self, server: str, tool: str, title: str) -> Callable[[dict[str, Any]], ToolOutput]:
        def call(arguments: dict[str, Any]) -> ToolOutput:
            return self.call(server, tool, arguments, title)

        return call

    def call(
        self, server_name: str, tool: str, arguments: dict[str, Any], title: str = ""
    ) -> ToolOutput:
        """Call a tool and wait (blocking) for its result; failures are error results."""
        server = self._servers.get(server_name)
        label = f"{server_name} › {title or tool}"
        if server is None or self._loop is None:
            message = f"the MCP server '{server_name}' is not set up"
            return _failed(label, server_name, tool, message)
        timeout = server.config.timeout_s
        future = asyncio.run_coroutine_threadsafe(
            self._call(server, tool, arguments, label), self._loop
        )
        try:
            return future.result(timeout + CONNECT_TIMEOUT_S + 5)
        except concurrent.futures.TimeoutError:
            future.cancel()
            return _failed(label, server_name, tool, _no_answer(server_name, timeout))

    async def _call(
        self, server: _Server, tool: str, arguments: dict[str, Any], label: str
    ) -> ToolOutput:
        name = server.config.name
        if server.client is None and server.state != STARTING:
            await self._restart(server)
        if server.client is None:
            await asyncio.get_running_loop().run_in_executor(None, server.ready.wait, 30)
        client = server.client
        if client is None:
            why = server.message or "it is not running"
            return _failed(label, name, tool, f"the MCP server '{name}' is not available: {why}")
        try:
            async with asyncio.timeout(server.config.timeout_s):
                result = await client.call_tool(tool, arguments)
        except TimeoutError:
            return _failed(label, name, tool, _no_answer(name, server.config.timeout_s))
        except Exception as exc:  # noqa: BLE001 - a broken server is a tool error
            return self._call_failed(server, label, tool, exc)
        text = result_text(result)
        first = text.strip().splitlines()[0][:100] if text.strip() else ""
        data = {"kind": "mcp", "server": name, "tool": tool, "summary": first}
        if getattr(result, "is_error", False):
            message = text.strip() or "the tool reported an error"
            return ToolOutput(f"Error: {message}", f"{label}: {first}", data, error=True)
        return ToolOutput(text, f"{label}: {first}", data)

    def _call_failed(self, server: _Server, label: str, tool: str, exc: Exception) -> ToolOutput:
        name = server.config.name
        text = _describe(exc)
        if "Connection closed" in text or isinstance(exc, (ConnectionError, EOFError)):
            if server.stop is not None:  # the process died: start it again next time
                server.stop.set()
            server.client, server.state = None, STOPPED
            why = self._stopped_because(name)
            message = (
                f"the MCP server '{name}' {why}"
                if why
                else f"the MCP server '{name}' stopped while answering (it may have crashed)"
            )
        elif type(exc).__name__ == "ValidationError":
            message = f"the MCP server '{name}' answered with something that is not valid MCP"
        else:
            message = f"the MCP server '{name}' could not run '{tool}': {text}"
        log.warning("%s: %s (%s)", label, message, text)
        return _failed(label, name, tool, message)

    async def _restart(self, server: _Server) -> None:
        if server.task is not None and not server.task.done():
            if server.stop is not None:
                server.stop.set()
            await asyncio.wait([server.task], timeout=CLOSE_TIMEOUT_S)
        server.state, server.message = STARTING, ""
        server.ready.clear()
        self._notify()
        await self._launch(server)
        await asyncio.get_running_loop().run_in_executor(None, server.ready.wait, CONNECT_TIMEOUT_S)


def _no_answer(server: str, timeout: float) -> str:
    return f"the MCP server '{server}' did not answer within {timeout:g} seconds"


def _failed(label: str, server: str, tool: str, message: str) -> ToolOutput:
    data = {"kind": "mcp", "server": server, "tool": tool, "error": message}
    return ToolOutput(f"Error: {message}", f"{label}: {message}", data, error=True)
