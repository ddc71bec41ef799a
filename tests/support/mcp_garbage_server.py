"""An MCP server that completes the handshake, then answers a tool call with garbage.

Plain JSON-RPC over stdio (no ``mcp`` package): the point is a server that breaks the protocol.
"""

from __future__ import annotations

from tests.support.mcp_jsonrpc import reply, serve


def call(request_id: object, _tool: str) -> None:
    reply(request_id, {"content": "this is not a list of content", "isError": "perhaps"})


if __name__ == "__main__":
    serve("garbage", ["broken"], call)
