"""``chatapp ask --agent`` (and ``ask --tools``) in real processes against a scripted
OpenAI-compatible server on 127.0.0.1: steps on stderr, the answer on stdout, exit codes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import ScriptedServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


def ask(data: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(data), "ask", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )  # fmt: skip


def always_calculator(server: ScriptedServer, n: int = 12) -> None:
    server.add(*[tool_step("calculator", {"expression": "2 + 2"}, f"c{i}") for i in range(n)])


def test_a_server_that_always_asks_ends_at_the_step_budget_with_a_reply(
    tmp_path: Path, scripted: ScriptedServer
) -> None:
    always_calculator(scripted)
    done = ask(tmp_path, "--engine", scripted.url, "--agent", "--tools", "calc,clock",
               "--tool-steps", "3", "What is 2 + 2?")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("No answer: the step budget (3 steps) ran out")
    assert "- Calculator: 2 + 2 = 4" in done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("chatapp ask: no answer: the step budget (3 steps) ran out")
    assert done.stderr.count("[tool] Calculator: 2 + 2 = 4") == 3
    assert "[step 1]" in done.stderr and "[step 3]" in done.stderr
    assert "[agent] The step budget (3 steps) ran out" in done.stderr
    assert len(scripted.chat_requests()) == 4


def test_two_tools_in_turn_and_the_answer_on_stdout(
    tmp_path: Path, scripted: ScriptedServer
) -> None:
    scripted.add(
        tool_step("calculator", {"expression": "354 * 139"}, thought="Multiply first."),
        tool_step("clock", {}, "call_2"),
        answer_step("354 × 139 is 49,206."),
    )
    done = ask(tmp_path, "--engine", scripted.url, "--agent", "--tools", "calc,clock",
               "What is 354 * 139, and what day is it?")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "354 × 139 is 49,206.\n"
    err = done.stderr.splitlines()
    assert err[0] == "[step 1] Multiply first."
    assert err[1].startswith("[tool call] calculator")
    assert err[2] == "[tool] Calculator: 354 × 139 = 49,206"
    assert err[3] == "[step 2] (no thought)" and err[4].startswith("[tool call] clock")
    assert err[-1].startswith("[agent] answered after 2 steps")
    bodies = [r.body for r in scripted.chat_requests()]
    results = [m["content"] for m in bodies[2]["messages"] if m["role"] == "tool"]
    assert results[0] == "354 × 139 = 49206" and len(results) == 2


def test_plain_ask_with_tools_never_prints_an_empty_reply(
    tmp_path: Path, scripted: ScriptedServer
) -> None:
    """The issue's case: before, 3 requests, an empty reply and exit 0."""
    always_calculator(scripted)
    done = ask(tmp_path, "--engine", scripted.url, "--tools", "calc,clock", "What is 2 + 2?")
    assert done.returncode == 1
    assert done.stdout.strip().startswith("No answer: after 2 tool rounds (it repeated a call)")
    assert done.stderr.strip().splitlines()[-1] == (
        "chatapp ask: no answer: a repeated call after 2 tool rounds ended the reply and the "
        "model gave none"
    )
    assert len(scripted.chat_requests()) == 3


def test_plain_ask_at_the_round_limit(tmp_path: Path, scripted: ScriptedServer) -> None:
    scripted.add(*[tool_step("calculator", {"expression": f"{i} + 1"}, f"c{i}") for i in range(9)])
    done = ask(tmp_path, "--engine", scripted.url, "--tools", "calc", "--tool-steps", "2", "go")
    assert done.returncode == 1
    assert done.stdout.strip().startswith("No answer: after 2 tool rounds (the limit)")
    assert "the tool-round limit (2) ended the reply" in done.stderr
    assert len(scripted.chat_requests()) == 3


def test_bad_budgets_are_one_line(tmp_path: Path, scripted: ScriptedServer) -> None:
    done = ask(tmp_path, "--engine", scripted.url, "--agent", "--tool-steps", "0", "go")
    assert done.returncode == 1
    assert done.stderr.strip() == "chatapp ask: the step budget must be between 1 and 64"
    done = ask(tmp_path, "--engine", scripted.url, "--agent", "--docs", "nothing", "go")
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "nothing" in done.stderr
