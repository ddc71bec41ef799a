"""``chatapp models …`` in a real process against the local Hub."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.fake_hub import FakeHub


def run(hub: FakeHub, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), "models", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def test_search_files_download_list_remove(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    found = run(hub, tmp_path, "search", "tiny")
    assert found.returncode == 0 and tiny_repo in found.stdout
    files = run(hub, tmp_path, "files", tiny_repo, "--ctx", "2048")
    assert files.returncode == 0, files.stderr
    lines = files.stdout.strip().splitlines()
    assert len(lines) == 2 and all("fits" in line for line in lines)
    assert any("Q8_0" in line and "recommended" in line for line in lines)  # memory is plentiful
    got = run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q4_0.gguf")
    assert got.returncode == 0, got.stderr
    assert "100.0%" in got.stderr and "installed" in got.stdout
    listed = run(hub, tmp_path, "list")
    assert "tiny-chat.Q4_0.gguf\tllama" in listed.stdout and "Q4_0" in listed.stdout
    removed = run(hub, tmp_path, "remove", "tiny-chat.Q4_0.gguf")
    assert removed.returncode == 0
    assert "no models" in run(hub, tmp_path, "list").stdout


def test_interrupted_download_resumes_on_the_next_run(
    hub: FakeHub, tiny_repo: str, tmp_path: Path
) -> None:
    hub.repos[tiny_repo].files["tiny-chat.Q8_0.gguf"].drop_after = 30_000
    first = run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q8_0.gguf")
    assert first.returncode == 1
    assert first.stderr.strip().splitlines()[-1].startswith("error: the connection dropped")
    second = run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q8_0.gguf")
    assert second.returncode == 0, second.stderr
    assert "resuming" in second.stdout


def test_errors_are_one_line(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    hub.repos[tiny_repo].status = 403
    cases = [
        ("download", tiny_repo, "tiny-chat.Q4_0.gguf"),
        ("download", tiny_repo, "missing.gguf"),
        ("files", "nobody/nothing"),
        ("remove", "nope.gguf"),
        ("import", str(tmp_path / "absent.gguf")),
    ]
    hub.repos[tiny_repo].status = 200
    hub.repos[tiny_repo].files["tiny-chat.Q4_0.gguf"].status = 403
    for args in cases:
        result = run(hub, tmp_path, *args)
        assert result.returncode == 1, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert "gated or private" in run(hub, tmp_path, *cases[0]).stderr


def test_import_in_place(hub: FakeHub, tiny_files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run(hub, tmp_path, "import", str(tiny_files["Q8_0"]), "--in-place")
    assert result.returncode == 0
    assert "(in place)" in run(hub, tmp_path, "list").stdout
