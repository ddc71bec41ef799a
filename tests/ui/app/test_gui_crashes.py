"""The whole app SIGKILLed at 50 random moments while replies stream: nothing committed is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from chatapp.core.chat.store import Store

KILLS = 50
REPO = Path(__file__).resolve().parents[3]


def test_kill_the_app_while_it_chats(tmp_path: Path, tiny_q4: Path) -> None:
    data = tmp_path / "app"
    rng = random.Random(29112026)
    users: set[int] = set()
    done: set[int] = set()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.app_writer", str(data), str(tiny_q4)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda p=proc, out=lines: out.extend(p.stdout), daemon=True
        )
        reader.start()
        deadline = time.monotonic() + 30
        while not lines and time.monotonic() < deadline:  # the app is up and chatting
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 1.5))  # then a random moment while replies stream
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
        reader.join(timeout=5)
        for line in lines:
            kind, _, value = line.strip().partition(" ")
            (users if kind == "user" else done).add(int(value))
    assert len(users) >= KILLS, "the app rarely got to chat: the test proves little"
    store = Store(data / "data" / "conversations.sqlite3")
    try:
        assert store.integrity_ok()
        messages = {m.id: m for c in store.list_conversations() for m in store.all_messages(c.id)}
        assert users <= set(messages)  # every committed message survived
        for mid in done:
            assert messages[mid].status == "complete"
        interrupted = [m for m in messages.values() if m.role == "assistant" and m.id not in done]
        assert all(m.status in ("partial", "complete") for m in interrupted)
        assert any(m.status == "partial" for m in interrupted)
    finally:
        store.close()
