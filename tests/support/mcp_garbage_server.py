"""An MCP server that completes the handshake, then answers a tool call with garbage.

Plain JSON-RPC over stdio (no ``mcp`` package): the point is a server that breaks the protocol.
"""

from __future__ import annotations

import json
import sys


def reply(request_id: object, result: object = None, error: object = None) -> None:
    message: dict[str, object] = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        message["error"] = error
    else:
        message["result"] = result
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        method, request_id = request.get("method"), request.get("id")
        if request_id is None:
            continue  # a notification
        if method == "initialize":
            version = request.get("params", {}).get("protocolVersion", "2025-11-25")
            reply(
                request_id,
                {
                    "protocolVersion": version,
                    "capabilities": {"tools": {}},
                    "serverInfo": {"name": "garbage", "version": "1"},
                },
            )
        elif method == "tools/list":
            schema = {"type": "object", "properties": {}}
            reply(request_id, {"tools": [{"name": "broken", "inputSchema": schema}]})
        elif method == "tools/call":
            reply(request_id, {"content": "this is not a list of content", "isError": "perhaps"})
        else:
            reply(request_id, error={"code": -32601, "message": f"no method {method}"})


if __name__ == "__main__":
    main()
