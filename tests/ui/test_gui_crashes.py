"""The whole app SIGKILLed at 50 random moments while replies stream: nothing committed is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from chatapp.core.store import Store

KILLS = 50
REPO = Path(__file__).resolve().parents[2]


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
        time.sleep(rng.uniform(0.8, 2.5))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=20)
        for line in out.splitlines():
            kind, _, value = line.partition(" ")
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
