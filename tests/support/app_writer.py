"""Child process for the GUI-crash test: the real window chatting in a loop until it is killed.

``python -m tests.support.app_writer DATA_DIR MODEL`` prints ``user <id>`` once a message is
committed and ``done <id>`` once a reply is complete.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
    from chatapp.core.paths import AppPaths
    from chatapp.ui.launch import build_window

    app = QApplication([])
    w = build_window(AppPaths.under(sys.argv[1]).ensure(), Path(sys.argv[2]))
    c = w.controller
    c.load_model(sys.argv[2])
    while c.model is None:
        app.processEvents()
        time.sleep(0.005)
    settings = ConversationSettings(
        n_ctx=2048, reply_reserve=1600, policy="rolling", tools_enabled=False,  # a plain stream
        sampling=SamplingSettings(max_tokens=1500, seed=None),
    )  # fmt: skip
    cid = c.store.create_conversation(settings=settings)
    c.open_conversation(cid)
    c.reply_finished.connect(lambda mid, _r: print(f"done {mid}", flush=True))
    n = 0
    while True:
        while c.busy or c.loading:
            app.processEvents()
            time.sleep(0.002)
        n += 1
        if c.send(f"message {n} 日本語"):
            print(f"user {c.store.branch(cid)[-1].id}", flush=True)


if __name__ == "__main__":
    main()
