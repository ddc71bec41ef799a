"""Entry point of the frozen application (PyInstaller)."""

import multiprocessing

from chatapp.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the runtime process is started through this executable
    raise SystemExit(main())
