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


def test_a_hostile_name_does_not_break_the_repository(
    hub: FakeHub, tiny_repo: str, tmp_path: Path
) -> None:
    hub.add_file(tiny_repo, "../evil.gguf", b"GGUF small and hostile")
    hub.add_file(tiny_repo, "/abs/evil2.gguf", b"GGUF small and hostile too")
    files = run(hub, tmp_path, "files", tiny_repo)
    assert files.returncode == 0, files.stderr
    lines = files.stdout.strip().splitlines()
    assert sum("fits" in line for line in lines) == 2  # the header came from a valid file
    refused = [line for line in lines if "refused" in line]
    assert len(refused) == 2 and all("outside the models folder" in line for line in refused)
    got = run(hub, tmp_path, "download", tiny_repo, "../evil.gguf")
    assert got.returncode == 1 and got.stderr.startswith("error: refusing the file name")
    assert not (tmp_path / "evil.gguf").exists()
    assert run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q4_0.gguf").returncode == 0


def test_search_with_no_result_says_so(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    found = run(hub, tmp_path, "search", "zzz")
    assert found.returncode == 0 and found.stdout.strip() == "no models found for 'zzz'"


def test_input_is_checked_before_any_request(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    for args, words in [
        (("files", "../../etc"), "not a valid repository id"),
        (("download", "../../etc", "x.gguf"), "not a valid repository id"),
        (("download", tiny_repo, ""), "no file name given"),
    ]:
        result = run(hub, tmp_path, *args)
        assert result.returncode == 1, args
        assert result.stderr.startswith("error: ") and words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert hub.requests == []


def test_errors_start_on_the_first_line(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    hub.repos[tiny_repo].files["tiny-chat.Q4_0.gguf"].status = 404
    result = run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q4_0.gguf")
    assert result.returncode == 1 and result.stderr.startswith("error: "), repr(result.stderr)


def test_rate_limits_say_when_to_try_again(hub: FakeHub, tiny_repo: str, tmp_path: Path) -> None:
    hub.api_status, hub.api_retry_after = 429, "30"
    result = run(hub, tmp_path, "search", "tiny")
    assert result.returncode == 1
    assert "rate limited, try again in 30 s" in result.stderr


def test_list_names_the_template_source_once(tiny_files, tmp_path: Path, hub: FakeHub) -> None:  # type: ignore[no-untyped-def]
    assert run(hub, tmp_path, "import", str(tiny_files["Q4_0"])).returncode == 0
    listed = run(hub, tmp_path, "list").stdout
    assert "file (file)" not in listed and "template from the file" in listed


def test_a_server_that_ignores_range_is_reported_and_speed_stays_positive(
    hub: FakeHub, tiny_repo: str, tmp_path: Path
) -> None:
    f = hub.repos[tiny_repo].files["tiny-chat.Q8_0.gguf"]
    f.drop_after, f.ignore_range = 70_000, True
    assert run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q8_0.gguf").returncode == 1
    second = run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q8_0.gguf")
    assert second.returncode == 0, second.stderr
    assert "the server restarted the download from the beginning" in second.stderr
    speeds = [p.split("/s")[0].rsplit("  ", 1)[-1] for p in second.stderr.split("\r") if "/s" in p]
    assert speeds and not any(s.startswith("-") for s in speeds)


def test_a_server_that_does_not_clamp_ranges_is_read_quickly(
    hub: FakeHub, tiny_repo: str, tmp_path: Path
) -> None:
    for f in hub.repos[tiny_repo].files.values():
        f.clamp_range = False
    import time

    t0 = time.monotonic()
    files = run(hub, tmp_path, "files", tiny_repo)
    assert files.returncode == 0, files.stderr
    assert all("fits" in line for line in files.stdout.strip().splitlines())
    assert time.monotonic() - t0 < 6  # not an 8 s timeout, and never "offline"


def test_a_download_without_any_digest_is_listed_as_unverified(
    hub: FakeHub, tiny_repo: str, tmp_path: Path
) -> None:
    hub.repos[tiny_repo].files["tiny-chat.Q4_0.gguf"].digests = False
    got = run(hub, tmp_path, "download", tiny_repo, "tiny-chat.Q4_0.gguf")
    assert got.returncode == 0, got.stderr
    assert "unverified" in got.stdout
    listed = run(hub, tmp_path, "list").stdout
    assert "tiny-chat.Q4_0.gguf" in listed and "unverified" in listed
