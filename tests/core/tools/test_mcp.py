"""MCP servers the tests start: a real one over stdio (and HTTP), one that hangs, crashes or
answers with garbage. Each failure is an error result, never an exception or a hang."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.tools.mcp_client import FAILED, READY, McpManager
from chatapp.core.tools.mcp_config import McpConfigError, McpServerConfig, parse_config
from chatapp.core.tools.registry import ToolRegistry
from chatapp.core.tools.service import ToolService

ROOT = Path(__file__).resolve().parents[3]


def server(
    name: str, *args: str, timeout: float = 30.0, module: str = "mcp_server"
) -> McpServerConfig:
    return McpServerConfig(
        name=name,
        command=sys.executable,
        args=("-m", f"tests.support.{module}", *args),
        cwd=str(ROOT),
        timeout_s=timeout,
    )


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[McpManager]:
    m = McpManager(ToolRegistry(), tmp_path / "logs")
    yield m
    m.close()


def test_tools_of_a_stdio_server_join_the_registry_and_run(manager: McpManager) -> None:
    manager.start([server("notes")])
    assert manager.wait_ready(60)
    status = manager.statuses()[0]
    assert status.state == READY and {"word_count", "shout", "hang", "crash"} <= set(status.tools)
    tool = manager.registry.get("word_count")
    assert tool is not None and tool.source == "mcp:notes" and tool.needs_approval
    assert tool.parameters["required"] == ["text"]
    output = tool.function({"text": "one two three"})
    assert not output.error and output.content == "3 words"
    assert output.display == "notes › word_count: 3 words"
    shout = manager.registry.get("shout")
    assert shout is not None and shout.title == "Shout"


def test_a_hanging_tool_times_out_with_a_message(manager: McpManager) -> None:
    manager.start([server("slow", timeout=1.5)])
    assert manager.wait_ready(60)
    started = time.monotonic()
    output = manager.registry.get("hang").function({})  # type: ignore[union-attr]
    assert time.monotonic() - started < 10
    assert output.error
    assert output.content == "Error: the MCP server 'slow' did not answer within 1.5 seconds"
    # the server is still usable afterwards
    assert manager.registry.get("shout").function({"text": "ok"}).content == "OK"  # type: ignore[union-attr]


def test_a_crashed_server_is_an_error_then_starts_again(manager: McpManager) -> None:
    manager.start([server("fragile")])
    assert manager.wait_ready(60)
    output = manager.registry.get("crash").function({})  # type: ignore[union-attr]
    assert output.error and "stopped while answering" in output.content
    again = manager.call("fragile", "word_count", {"text": "back again"})
    assert again.content == "2 words"


def test_a_server_that_answers_garbage(manager: McpManager) -> None:
    manager.start([server("garbage", module="mcp_garbage_server", timeout=10)])
    assert manager.wait_ready(60)
    output = manager.registry.get("broken").function({})  # type: ignore[union-attr]
    assert output.error and "not valid MCP" in output.content


def test_a_server_that_does_not_start(manager: McpManager) -> None:
    manager.start([McpServerConfig(name="ghost", command="/nonexistent/kotoba-mcp")])
    assert manager.wait_ready(60)
    status = manager.statuses()[0]
    assert status.state == FAILED and status.message
    output = manager.call("ghost", "anything", {})
    assert output.error and "not available" in output.content


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_streamable_http_server(manager: McpManager) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.mcp_server", "http", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        manager.start([McpServerConfig(name="web", url=f"http://127.0.0.1:{port}/mcp")])
        assert manager.wait_ready(60)
        assert manager.statuses()[0].state == READY
        assert manager.call("web", "shout", {"text": "hi"}).content == "HI"
    finally:
        manager.stop_all()
        proc.terminate()
        proc.wait(10)


def test_the_config_shape_other_apps_use(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "mcpServers": {
                "files": {"command": "npx", "args": ["-y", "server"], "env": {"A": "1"}},
                "remote": {"type": "streamable-http", "url": "https://example.org/mcp",
                           "headers": {"Authorization": "Bearer x"}, "autoApprove": ["search"]},
                "off": {"command": "x", "disabled": True, "timeout": 60000},
            }
        }
    )  # fmt: skip
    files, remote, off = parse_config(text)
    assert files.transport == "stdio" and files.args == ("-y", "server") and files.env == {"A": "1"}
    assert remote.transport == "http" and remote.auto_approve == ("search",)
    assert off.disabled and off.timeout_s == 60.0  # milliseconds, as some apps write them


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{", "not valid JSON"),
        ("[]", "JSON object"),
        ('{"servers": 1}', "object of servers"),
        ('{"mcpServers": {"a": {}}}', "either a command"),
        ('{"mcpServers": {"a": {"url": "ftp://x"}}}', "http://"),
        ('{"mcpServers": {"a": {"command": "x", "args": "y"}}}', "list of strings"),
        ('{"mcpServers": {"a": {"type": "sse", "url": "http://x"}}}', "SSE"),
    ],
)
def test_bad_configs_say_why(text: str, why: str) -> None:
    with pytest.raises(McpConfigError, match=why):
        parse_config(text)


def test_the_service_saves_a_pasted_config_and_connects(tmp_path: Path) -> None:
    service = ToolService(tmp_path / "config", tmp_path / "logs")
    try:
        with pytest.raises(McpConfigError):
            service.set_config_text("{not json")
        assert not (tmp_path / "config" / "mcp.json").exists()
        config = {"mcpServers": {"notes": {"command": sys.executable,
                                           "args": ["-m", "tests.support.mcp_server"],
                                           "cwd": str(ROOT)}}}  # fmt: skip
        service.set_config_text(json.dumps(config))
        assert service.mcp.wait_ready(60)
        assert service.registry.get("shout") is not None
        assert service.registry.get("calculator") is not None
    finally:
        service.close()
    assert service.registry.get("shout") is None  # the server's tools left with it
