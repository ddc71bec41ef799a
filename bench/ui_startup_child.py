"""Child process of the ``ui`` benchmark: start the real app, report when the window is shown."""

from __future__ import annotations

import sys
import time


def main() -> None:
    from chatapp.app import build_parser, resolve_paths
    from chatapp.ui.launch import run_gui

    args = build_parser().parse_args(["--data-dir", sys.argv[1]])

    def shown() -> None:
        print(f"shown {time.time()}", flush=True)
        from PySide6.QtWidgets import QApplication

        QApplication.quit()

    run_gui(resolve_paths(args), None, [sys.argv[0]], on_shown=shown)


if __name__ == "__main__":
    main()
