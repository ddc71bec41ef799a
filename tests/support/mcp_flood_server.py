"""An MCP server that completes the handshake, then floods: the tool ``flood`` answers with an
endless line on stdout (no newline, 64 MB), ``shout`` writes 5 MB to stderr and then answers
properly, ``echo`` answers properly."""

from __future__ import annotations

import json
import sys

from tests.support.mcp_jsonrpc import reply, serve


def text(request_id: object, value: str) -> None:
    reply(request_id, {"content": [{"type": "text", "text": value}], "isError": False})


def call(request_id: object, tool: str) -> None:
    if tool == "flood":
        sys.stdout.write('{"jsonrpc": "2.0", "id": ' + json.dumps(request_id) + ', "result": "')
        block = "x" * (1 << 20)
        for _ in range(64):
            sys.stdout.write(block)
        sys.stdout.flush()
    elif tool == "shout":
        block = "e" * (1 << 16) + "\n"
        for _ in range(80):
            sys.stderr.write(block)
        sys.stderr.flush()
        text(request_id, "shouted")
    else:
        text(request_id, "echo")


if __name__ == "__main__":
    serve("flood", ["flood", "shout", "echo"], call)
