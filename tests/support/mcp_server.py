"""A real MCP server for the tests, built with the ``mcp`` package.

``python -m tests.support.mcp_server [stdio|http PORT] [--garbage]``. Tools: ``word_count``
(counts words), ``shout`` (upper-cases text), ``hang`` (never answers), ``crash`` (the process
exits). With ``--garbage`` the server writes a line that is not JSON-RPC before each answer.
"""

from __future__ import annotations

import os
import sys
import time

from mcp.server.mcpserver import MCPServer

server = MCPServer("kotoba-test-server")


@server.tool(description="Count the words in a text.")
def word_count(text: str) -> str:
    return f"{len(text.split())} words"


@server.tool(title="Shout", description="The text in capital letters.")
def shout(text: str) -> str:
    return text.upper()


@server.tool(description="Never answers (for timeout tests).")
def hang(seconds: float = 3600) -> str:
    time.sleep(seconds)
    return "woke up"


@server.tool(description="Ends the server process at once (for crash tests).")
def crash() -> str:
    os._exit(3)


def main(argv: list[str]) -> None:
    if "--garbage" in argv:
        real_write = sys.stdout.write

        def write(text: str) -> int:  # every message is preceded by a line of noise
            return real_write("this is not json-rpc\n" + text)

        sys.stdout.write = write  # type: ignore[method-assign]
    if argv[:1] == ["http"]:
        server.run("streamable-http", host="127.0.0.1", port=int(argv[1]))
    else:
        server.run("stdio")


if __name__ == "__main__":
    main(sys.argv[1:])
