"""A full disk during a download and while saving, on a real small filesystem (tmpfs).

The child runs in its own mount namespace (``unshare``), so the tmpfs needs no privileges
beyond what unprivileged user namespaces give, and disappears with the child.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.fake_hub import FakeHub

REPO_ROOT = Path(__file__).resolve().parents[3]


def in_small_filesystem(folder: Path, size: str, command: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    unshare = shutil.which("unshare")
    assert unshare, "util-linux's unshare is needed for the full-disk tests"
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    script = f'mount -t tmpfs -o size={size} tmpfs "{folder}" && exec "$@"'
    return subprocess.run(
        [unshare, *user, "--mount", "--propagation", "private", "sh", "-c", script, "sh", *command],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO_ROOT,
    )  # fmt: skip


def test_full_disk_during_download_and_while_saving(hub: FakeHub, tmp_path: Path) -> None:
    repo = "kotoba-test/big-GGUF"
    hub.add_file(repo, "big.Q4_0.gguf", os.urandom(3 << 20))
    folder = tmp_path / "small"
    folder.mkdir()
    env = {**os.environ, "HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "0"}
    proc = in_small_filesystem(
        folder,
        "80m",
        [sys.executable, "-m", "tests.support.disk_full_child", str(folder), repo],
        env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    steps = {r["step"]: r for r in map(json.loads, proc.stdout.strip().splitlines())}
    assert steps["download"]["result"] == "error"
    assert "disk is full" in steps["download"]["message"] and steps["download"]["resumable"]
    assert steps["download"]["installed"] == []  # nothing partial entered the library
    assert steps["resume"] == {"step": "resume", "result": "installed", "name": "big.Q4_0.gguf",
                               "size": 3 << 20}  # fmt: skip
    assert steps["save"]["result"] == "error" and "full" in steps["save"]["message"]
    after = steps["after"]
    assert after["ok"] is True
    assert after["contents"] == ["before the disk filled up", "after freeing space"]
