"""``python -m chatapp.runtime.with_cpu_code``: bad input gets one clear line, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("args", "says"), [([], "usage:"), (["no.such.module"], "no Python module named")]
)
def test_bad_input_is_one_line_and_a_failing_exit(args: list[str], says: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "chatapp.runtime.with_cpu_code", *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2
    assert says in run.stderr and "Traceback" not in run.stderr
