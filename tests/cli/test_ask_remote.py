"""``chatapp ask --engine URL``: a reply from a server, and one clear line when it goes wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.llama_server import free_port, start_llama_server
from tests.support.scripted_sse import Script, ScriptedServer, delta, sse

KEY = "ask-test-key-93b1"


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


def ask(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KOTOBA_API_KEY": KEY}
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(tmp_path), "ask", "--engine", url,
         *args, "What is the capital of Japan?"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_reply_streams_to_stdout(tmp_path: Path, scripted: ScriptedServer) -> None:
    scripted.add(Script(sse(delta(role="assistant"), delta("Tokyo"), delta(".", finish="stop"))))
    done = ask(tmp_path, scripted.url, "--engine-model", "scripted")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Tokyo.\n"
    assert done.stderr == ""
    request = scripted.chat_requests()[0]
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.body["temperature"] == 0.0  # greedy, as the local ask
    assert request.body["messages"][-1]["content"] == "What is the capital of Japan?"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (Script(sse(delta("Tok"), {"error": {"message": "GPU fell over"}})), "GPU fell over"),
        (Script(sse(delta("Tok"), done=False), drop=True), "lost during the reply"),
        (Script(sse(delta("Tok"))), "ended the reply before it was finished"),
    ],
    ids=["error-object", "dropped", "no-finish-reason"],
)
def test_a_broken_reply_prints_the_part_then_one_line(
    tmp_path: Path, scripted: ScriptedServer, script: Script, message: str
) -> None:
    scripted.add(script)
    done = ask(tmp_path, scripted.url)
    assert done.returncode == 1
    assert done.stdout == "Tok\n"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chatapp ask: ")
    assert message in lines[0]
    assert "Traceback" not in done.stderr


def test_a_server_error_status(tmp_path: Path, scripted: ScriptedServer) -> None:
    body = json.dumps({"error": {"message": "model is loading"}}).encode()
    scripted.add(Script([body], status=503, content_type="application/json"))
    done = ask(tmp_path, scripted.url)
    assert done.returncode == 1 and done.stdout.strip() == ""
    assert done.stderr.strip() == "chatapp ask: The server failed (503): model is loading"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"http://127.0.0.1:{free_port()}/v1", "Cannot reach the server"),
        ("ftp://127.0.0.1/v1", "must look like http://host:port/v1"),
    ],
)
def test_no_server_there(tmp_path: Path, url: str, message: str) -> None:
    done = ask(tmp_path, url)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_an_unknown_model(tmp_path: Path, scripted: ScriptedServer) -> None:
    done = ask(tmp_path, scripted.url, "--engine-model", "llama-405b")
    assert done.returncode == 1
    assert "has no model “llama-405b”. It offers: scripted." in done.stderr


def test_against_llama_cpp_server(tmp_path: Path, tiny_q4: Path) -> None:
    server = start_llama_server(tiny_q4, tmp_path / "server.log")
    try:
        done = ask(tmp_path, server.url, "--max-tokens", "12", "--ctx", "2048")
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
