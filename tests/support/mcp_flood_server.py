"""An MCP server that completes the handshake, then floods: the tool ``flood`` answers with an
endless line on stdout (no newline, 64 MB), ``shout`` writes 5 MB to stderr and then answers
properly, ``echo`` answers properly. Plain JSON-RPC over stdio (no ``mcp`` package)."""

from __future__ import annotations

import json
import sys


def reply(request_id: object, result: object) -> None:
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": request_id, "result": result}) + "\n")
    sys.stdout.flush()


def text(request_id: object, value: str) -> None:
    reply(request_id, {"content": [{"type": "text", "text": value}], "isError": False})


def main() -> None:
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        method, request_id = request.get("method"), request.get("id")
        if request_id is None:
            continue
        if method == "initialize":
            version = request.get("params", {}).get("protocolVersion", "2025-11-25")
            info = {"name": "flood", "version": "1"}
            reply(request_id, {"protocolVersion": version, "capabilities": {"tools": {}},
                               "serverInfo": info})  # fmt: skip
        elif method == "tools/list":
            schema = {"type": "object", "properties": {}}
            names = ("flood", "shout", "echo")
            reply(request_id, {"tools": [{"name": n, "inputSchema": schema} for n in names]})
        elif method == "tools/call":
            name = request.get("params", {}).get("name")
            if name == "flood":
                sys.stdout.write(
                    '{"jsonrpc": "2.0", "id": ' + json.dumps(request_id) + ', "result": "'
                )
                block = "x" * (1 << 20)
                for _ in range(64):
                    sys.stdout.write(block)
                sys.stdout.flush()
            elif name == "shout":
                block = "e" * (1 << 16) + "\n"
                for _ in range(80):
                    sys.stderr.write(block)
                sys.stderr.flush()
                text(request_id, "shouted")
            else:
                text(request_id, "echo")


if __name__ == "__main__":
    main()
