"""Entry point of the frozen application (PyInstaller)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the runtime process is started through this executable
    if sys.argv[1:2] == ["--mcp-relay"]:  # an MCP server's bounded stdio (core/tools/mcp_relay)
        from chatapp.core.tools.mcp_relay import main as relay

        raise SystemExit(relay(sys.argv[2:]))
    from chatapp.app import main

    raise SystemExit(main())
