"""Entry point: parse the command line, then run the self-check or the window.

Keep the imports here light: the runtime process is started with ``spawn`` and re-imports the
main module, so Qt must only be imported inside functions.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from chatapp.core.paths import AppPaths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatapp", description="Kotoba: offline chat with local LLMs"
    )
    parser.add_argument("--data-dir", help="keep all data, settings and logs in this folder")
    parser.add_argument("--temp-data-dir", action="store_true", help="use a new temporary folder")
    parser.add_argument("--model", help="a .gguf file to use (default: the demo model)")
    parser.add_argument(
        "--self-check", action="store_true", help="load, generate 16 tokens, print JSON"
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Kotoba to the desktop's launcher (~/.local/share)",
    )
    return parser


def resolve_paths(args: argparse.Namespace | None) -> AppPaths:
    if args is not None and args.temp_data_dir:
        return AppPaths.under(tempfile.mkdtemp(prefix="kotoba-")).ensure()
    if args is not None and args.data_dir:
        return AppPaths.under(args.data_dir).ensure()
    default = AppPaths.default()
    from chatapp.core.settings import load_settings

    chosen = load_settings(default.config_dir).data_dir
    if chosen:  # the user moved the data folder in the preferences; settings stay where they are
        return replace(default, data_dir=Path(chosen).expanduser()).ensure()
    return default.ensure()


def run_command(argv: list[str]) -> int | None:
    """``chatapp [--data-dir DIR] COMMAND …``; None when ``argv`` names no command."""
    from chatapp.cli import COMMANDS

    data_dir = argv[1] if argv[:1] == ["--data-dir"] and len(argv) > 1 else None
    rest = argv[2:] if data_dir else argv
    if not rest or rest[0] not in COMMANDS:
        return None
    module = importlib.import_module(COMMANDS[rest[0]])
    paths = AppPaths.under(data_dir).ensure() if data_dir else resolve_paths(None)
    return int(module.main(paths, rest[1:]))


def main(argv: list[str] | None = None) -> int:
    from chatapp.core.network_audit import install_from_environment

    install_from_environment()  # KOTOBA_NETWORK_AUDIT: record any network connection
    argv = sys.argv[1:] if argv is None else argv
    code = run_command(argv)
    if code is not None:
        return code
    args = build_parser().parse_args(argv)
    if args.version:
        from importlib.metadata import version

        print(f"Kotoba {version('kotoba-chat')}")
        return 0
    if args.install_desktop_entry:
        from chatapp.desktop_entry import main as install_main

        return install_main()
    paths = resolve_paths(args)
    if args.self_check:
        from chatapp.self_check import run_self_check

        return run_self_check(paths, args.model)
    from chatapp.qt_check import check_before_qt

    missing = check_before_qt()  # Qt's own abort names no package (and dumps core)
    if missing is not None:
        return missing
    from chatapp.ui.launch import run_gui

    return run_gui(paths, Path(args.model) if args.model else None, sys.argv)


if __name__ == "__main__":
    raise SystemExit(main())
