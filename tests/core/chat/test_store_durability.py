"""A writer process is SIGKILLed at 60 random moments: the database survives every time."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from chatapp.core.chat.store import Store

KILLS = 60
REPO = Path(__file__).resolve().parents[3]


def test_kill_at_random_moments_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "chats.sqlite3"
    rng = random.Random(20261129)
    committed_users: set[int] = set()
    saved_replies: dict[int, int] = {}
    finished: set[int] = set()
    for attempt in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.store_writer", str(db), str(attempt)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.15, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        for line in out.splitlines():
            kind, *rest = line.split()
            if kind == "user":
                committed_users.add(int(rest[0]))
            elif kind == "reply":
                saved_replies[int(rest[0])] = max(saved_replies.get(int(rest[0]), 0), int(rest[1]))
            elif kind == "done":
                finished.add(int(rest[0]))

    store = Store(db)
    try:
        assert store.integrity_ok()
        messages = {m.id: m for c in store.list_conversations() for m in store.all_messages(c.id)}
        assert committed_users, "the writer never got going: the test proves nothing"
        assert committed_users <= set(messages)
        for reply_id, length in saved_replies.items():
            assert len(messages[reply_id].content) >= length
        for reply_id in finished:
            assert messages[reply_id].status == "complete"
        interrupted = [
            m for m in messages.values() if m.role == "assistant" and m.id not in finished
        ]
        assert interrupted, "no reply was ever interrupted: the test proves nothing"
        # An interrupted reply is marked partial (or completed just before the kill, unprinted).
        assert all(m.status in ("partial", "complete") for m in interrupted)
        assert sum(m.status == "partial" for m in interrupted) >= KILLS // 2
        assert store.search("日本語も")  # the search index survived too
    finally:
        store.close()
