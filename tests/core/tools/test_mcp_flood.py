"""An MCP server that floods its output cannot take Kotoba down (``core/tools/mcp_relay.py``):
an endless line on stdout stops the server with a clear error, memory stays bounded, and the
server starts again for the next call; a flood on stderr fills its log only up to the cap."""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.tools.mcp_client import McpManager
from chatapp.core.tools.mcp_relay import LOG_MAX_BYTES
from chatapp.core.tools.registry import ToolRegistry
from tests.core.tools.test_mcp import server


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[McpManager]:
    m = McpManager(ToolRegistry(), tmp_path / "logs")
    m.start([server("flood", module="mcp_flood_server", timeout=60)])
    assert m.wait_ready(60)
    yield m
    m.close()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_an_endless_line_stops_the_server_with_a_clear_error(manager: McpManager) -> None:
    before = _peak_rss_mb()
    output = manager.call("flood", "flood", {})
    assert output.error
    assert "the MCP server 'flood' sent a message larger than 16 MB; it was stopped" in (
        output.content
    )
    # The 64 MB line reached this process at most up to the 16 MB cap (plus the pipe's chunks).
    assert _peak_rss_mb() - before < 48
    again = manager.call("flood", "echo", {})  # the server starts again
    assert not again.error and again.content == "echo"


def test_a_flood_on_stderr_fills_the_log_only_up_to_its_cap(
    manager: McpManager, tmp_path: Path
) -> None:
    for _ in range(2):
        output = manager.call("flood", "shout", {})
        assert not output.error and output.content == "shouted"
    log = tmp_path / "logs" / "mcp-flood.log"
    old = log.with_name(log.name + ".1")
    deadline = time.monotonic() + 30  # the relay copies stderr on a thread of its own
    while not (log.exists() and old.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert log.exists() and old.exists()  # rotated: 10 MB were written
    assert log.stat().st_size <= LOG_MAX_BYTES and old.stat().st_size <= LOG_MAX_BYTES
    assert manager.call("flood", "echo", {}).content == "echo"
