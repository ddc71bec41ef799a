"""A whole session makes no network connection: start, load, chat, search, settings, quit.

The session runs in a child process started with none of the ``HF_*`` variables this suite
sets (``HF_HUB_OFFLINE=1`` would make huggingface_hub refuse a stray call before any socket
opened, and the guard would see nothing). ``KOTOBA_NETWORK_AUDIT`` makes the app and its
runtime process — each a separate process — record every connection they try.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chatapp.core.network_audit import ENV

REPO = Path(__file__).resolve().parents[3]


def run_session(
    tmp_path: Path, model: Path, prove: tuple[str, int] | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    audit = tmp_path / "network.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update({ENV: str(audit), "QT_QPA_PLATFORM": "offscreen"})
    if prove is not None:
        env["KOTOBA_PROVE_GUARD"] = f"{prove[0]}:{prove[1]}"
    proc = subprocess.run(
        [sys.executable, "-m", "tests.support.offline_session", str(tmp_path / "app"),
         str(model)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "error" not in result, result
    records = (
        [json.loads(line) for line in audit.read_text().splitlines()] if audit.exists() else []
    )
    return result, records


@pytest.fixture
def listener() -> Iterator[tuple[str, int]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()
    server.close()


def test_a_whole_session_stays_offline(tmp_path: Path, tiny_q4: Path) -> None:
    result, records = run_session(tmp_path, tiny_q4)
    # The session really happened, with the guard on and huggingface_hub free to go online.
    assert result["audited"] is True and result["hf_hub_offline"] is None
    assert result["reply"] == "complete" and result["search_results"] >= 1
    assert result["temperature"] == pytest.approx(0.3) and result["manager_tabs"] >= 3
    assert result["runtime_pid"] not in (None, result["pid"]) and result["exit_code"] == 0
    assert records == []


def test_the_guard_sees_a_connection_in_each_process(
    tmp_path: Path, tiny_q4: Path, listener: tuple[str, int]
) -> None:
    result, records = run_session(tmp_path, tiny_q4, prove=listener)
    connects = {r["pid"] for r in records if r["event"] == "socket.connect"
                and r["detail"] == repr(listener)}  # fmt: skip
    assert connects == {result["pid"], result["runtime_pid"]}
