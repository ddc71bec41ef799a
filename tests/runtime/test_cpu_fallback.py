"""Lower CPU code after the chosen one crashed the runtime's first reply (runtime/cpu_fallback.py).

The crash is real: the runtime process dies of SIGILL in the middle of its first reply, as it did
here with llama.cpp's AMX variant (which is why that variant is not built). The test stops the
process, lets the reply request arrive, and sends the signal before it runs another instruction.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest

from chatapp.core.paths import AppPaths
from chatapp.runtime import cpu_variant as cv
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from chatapp.runtime.cpu_fallback import CpuFallback, machine_key
from tests.support.cpu_variants import shipped_or_fail

CANDIDATES = ("x64", "sse42", "haswell", "alderlake", "skylakex", "icelake", "zen4")


def ready(variant: str, forced: bool = False) -> p.Ready:
    return p.Ready(0, "0.3.36", 1, variant, forced, CANDIDATES)


def test_a_crash_on_the_first_reply_sets_the_variant_aside(tmp_path: Path) -> None:
    state = tmp_path / "cpu.json"
    fallback = CpuFallback(state)
    assert fallback.crashed(ready("zen4"), "SIGILL", first_reply=True) == "icelake"
    assert fallback.refused == ["zen4"]
    assert json.loads(state.read_text()) == {
        "machine": machine_key(), "refused": ["zen4"], "trusted": [],
    }  # fmt: skip
    # The next one down, if icelake crashes too; remembered by a new client
    assert CpuFallback(state).crashed(ready("icelake"), "SIGSEGV", True) == "skylakex"
    assert CpuFallback(state).refused == ["zen4", "icelake"]


@pytest.mark.parametrize(
    ("why", "signal_name", "first_reply", "forced", "variant"),
    [
        ("killed, not an instruction fault", "SIGKILL", True, False, "zen4"),
        ("an exit code, no signal", None, True, False, "zen4"),
        ("it decoded before in this process", "SIGILL", False, False, "zen4"),
        ("the user forced it", "SIGILL", True, True, "zen4"),
        ("nothing lower exists", "SIGILL", True, False, "x64"),
        ("a build with the CPU code linked in", "SIGILL", True, False, "builtin"),
    ],
)
def test_other_crashes_change_nothing(
    tmp_path: Path, why: str, signal_name: str | None, first_reply: bool, forced: bool, variant: str
) -> None:
    fallback = CpuFallback(tmp_path / "cpu.json")
    assert fallback.crashed(ready(variant, forced), signal_name, first_reply) is None, why
    assert fallback.refused == []


def test_a_variant_that_decoded_here_is_trusted(tmp_path: Path) -> None:
    state = tmp_path / "cpu.json"
    CpuFallback(state).decoded(ready("zen4"))
    # A model that crashes its first reply for other reasons cannot walk the choice down.
    assert CpuFallback(state).crashed(ready("zen4"), "SIGSEGV", True) is None


def test_verdicts_belong_to_one_machine(tmp_path: Path) -> None:
    state = tmp_path / "cpu.json"
    state.write_text(json.dumps({"machine": "another cpu", "refused": ["zen4"], "trusted": []}))
    assert CpuFallback(state).refused == []
    state.write_text("{ damaged")
    assert CpuFallback(state).refused == []


def crash_first_reply(client: RuntimeClient, model: Path) -> RuntimeError_:
    """Load, then kill the process with SIGILL once the reply request is on its way."""
    client.load(model, 256)
    pid = client.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # the signal lands before the process runs another instruction

    def crash() -> None:
        os.kill(pid, signal.SIGILL)
        os.kill(pid, signal.SIGCONT)

    timer = threading.Timer(0.3, crash)
    timer.start()
    try:
        with pytest.raises(RuntimeError_) as caught:
            client.generate([{"role": "user", "content": "hello"}], p.Sampling(max_tokens=8))
    finally:
        timer.join()
    return caught.value


def test_the_client_restarts_with_lower_cpu_code_and_remembers(
    app_paths: AppPaths, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped_or_fail(("x64", "haswell"))  # something to fall back to
    monkeypatch.delenv(cv.ENV_VAR, raising=False)
    state = app_paths.runtime_cpu_state
    client = RuntimeClient(log_path=app_paths.runtime_log, cpu_state_path=state)
    try:
        error = crash_first_reply(client, tiny_q4)
        first = client.runtime_info
        assert first is not None and not first.cpu_forced
        chosen = first.cpu_variant
        lower = first.cpu_candidates[first.cpu_candidates.index(chosen) - 1]
        assert isinstance(error.event, p.RuntimeCrashed) and error.event.signal_name == "SIGILL"
        assert f"uses its {lower} CPU code here, not {chosen}" in error.event.message
        # The next request starts a process with the lower variant, which works
        client.load(tiny_q4, 256)
        assert client.cpu_variant == lower
        assert client.loaded_info is not None and client.loaded_info["cpu_variant"] == lower
        done = client.generate([{"role": "user", "content": "hello"}], p.Sampling(max_tokens=4))
        assert done.stats.completion_tokens > 0 or done.stats.stop_reason == p.STOP_EOS
    finally:
        client.shutdown()
    assert json.loads(state.read_text())["refused"] == [chosen]
    assert json.loads(state.read_text())["trusted"] == [lower]
    # Remembered: a new client (the next start of Kotoba) begins with the lower variant
    again = RuntimeClient(log_path=app_paths.runtime_log, cpu_state_path=state)
    try:
        again.start(wait=True)
        assert again.cpu_variant == lower
    finally:
        again.shutdown()


def test_a_forced_variant_is_never_set_aside(
    app_paths: AppPaths, tiny_q4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped_or_fail(("haswell",))
    monkeypatch.setenv(cv.ENV_VAR, "haswell")
    state = app_paths.runtime_cpu_state
    client = RuntimeClient(log_path=app_paths.runtime_log, cpu_state_path=state)
    try:
        error = crash_first_reply(client, tiny_q4)
        assert "CPU code" not in error.event.message
        client.start(wait=True)
        assert client.cpu_variant == "haswell"
    finally:
        client.shutdown()
    assert not state.exists()
