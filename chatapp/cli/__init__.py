"""Command-line subcommands: ``chatapp [--data-dir DIR] COMMAND …``.

Each command is a module with ``main(paths, argv) -> int``; add one here to add a command.
Commands never import Qt.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "models": "chatapp.cli.models",
    "tools": "chatapp.cli.tools",
    "docs": "chatapp.cli.docs",
    "ask": "chatapp.cli.ask",
    "serve": "chatapp.cli.serve",
}
