"""Plain JSON-RPC over stdio for the MCP servers the tests script to misbehave (no ``mcp``
package): the handshake and the tool list, then each tool call handed to the script."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence


def reply(request_id: object, result: object = None, error: object = None) -> None:
    message: dict[str, object] = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        message["error"] = error
    else:
        message["result"] = result
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def serve(name: str, tools: Sequence[str], call: Callable[[object, str], None]) -> None:
    """Answer ``initialize`` and ``tools/list`` (``tools``, without arguments); a ``tools/call``
    goes to ``call(request_id, tool)``, which writes the answer itself."""
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
            info = {"name": name, "version": "1"}
            reply(request_id, {"protocolVersion": version, "capabilities": {"tools": {}},
                               "serverInfo": info})  # fmt: skip
        elif method == "tools/list":
            schema = {"type": "object", "properties": {}}
            reply(request_id, {"tools": [{"name": t, "inputSchema": schema} for t in tools]})
        elif method == "tools/call":
            call(request_id, str(request.get("params", {}).get("name")))
        else:
            reply(request_id, error={"code": -32601, "message": f"no method {method}"})
