"""One Kotoba per data folder: a second start brings the first window forward and exits; a
killed instance leaves no lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from chatapp.core.instance_lock import AlreadyRunning, InstanceLock

REPO = Path(__file__).resolve().parents[3]


def start(data: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def seen(data: Path, text: str) -> int:
    log = data / "logs" / "kotoba.log"
    return log.read_text(encoding="utf-8", errors="replace").count(text) if log.exists() else 0


def wait_for_log(data: Path, text: str, times: int = 1, timeout: float = 60) -> None:
    """Wait until ``text`` has been logged ``times`` times (structured log events)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if seen(data, text) >= times:
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} was not logged {times} times")


def test_a_second_start_brings_the_first_forward(tmp_path: Path) -> None:
    data = tmp_path / "profile"
    first = start(data)
    try:
        wait_for_log(data, "window shown")
        second = start(data)
        _out, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already running" in err
        assert seen(data, "window shown") == 1
        wait_for_log(data, "a second start asked for the window")
        assert first.poll() is None  # the first one is untouched
        # Another data folder is another profile: it starts on its own.
        other = start(tmp_path / "other")
        wait_for_log(tmp_path / "other", "window shown")
        other.terminate()
        other.wait(timeout=30)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    # Killed without a chance to clean up: the OS released the lock.
    third = start(data)
    try:
        wait_for_log(data, "window shown", times=2)
        assert third.poll() is None
    finally:
        third.terminate()
        third.wait(timeout=30)


def test_the_lock_is_held_until_released(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    first.acquire()
    try:
        try:
            second.acquire()
        except AlreadyRunning:
            pass
        else:
            raise AssertionError("two locks on one data folder")
    finally:
        first.release()
    second.acquire()
    second.release()
    assert first.name == second.name and first.name != InstanceLock(tmp_path / "x").name
