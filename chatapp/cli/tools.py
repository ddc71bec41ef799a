"""``chatapp tools list`` and ``chatapp tools calc "EXPR"``.

``calc`` prints the exact result and exits 0; a refused or invalid expression prints one line
on stderr and exits 2. ``list`` shows the built-in tools and those of the configured MCP
servers (it starts them to ask; ``--no-mcp`` skips that).
"""

from __future__ import annotations

import argparse
import sys

from chatapp.core.paths import AppPaths
from chatapp.core.tools.calculator import CalcError, calculate
from chatapp.core.tools.mcp_client import READY
from chatapp.core.tools.service import ToolService

EXIT_REFUSED = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp tools", description="Tools the model can call")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list the tools")
    listing.add_argument("--no-mcp", action="store_true", help="do not start the MCP servers")
    calc = commands.add_parser("calc", help="calculate exactly")
    calc.add_argument("expression", nargs="+", help='for example "354 * 139"')
    calc.add_argument("--grouped", action="store_true", help="group digits: 49,206")
    return parser


def run_calc(expression: str, grouped: bool) -> int:
    try:
        result = calculate(expression)
    except CalcError as exc:
        print(f"chatapp tools calc: {exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    print(result.display if grouped else result.text)
    return 0


def run_list(paths: AppPaths, with_mcp: bool) -> int:
    service = ToolService(paths.config_dir, paths.log_dir)
    try:
        if with_mcp:
            service.start()
            service.mcp.wait_ready()
            if service.config_error:
                print(f"MCP config: {service.config_error}", file=sys.stderr)
        for tool in service.registry.tools():
            approval = "  (asks first)" if tool.needs_approval else ""
            print(f"{tool.name}\t{tool.source}\t{tool.description.splitlines()[0]}{approval}")
        for status in service.statuses():
            if status.state != READY:
                detail = f": {status.message}" if status.message else ""
                print(f"MCP server {status.name}: {status.state}{detail}", file=sys.stderr)
    finally:
        service.close()
    return 0


def main(paths: AppPaths, argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "calc":
        return run_calc(" ".join(args.expression), args.grouped)
    return run_list(paths, not args.no_mcp)
