"""``chatapp ask --image FILE``: with a local vision model (--model/--mmproj, the tiny pair)
and with a server (--engine); bad images and a missing projector are one line, exit 1."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.scripted_sse import Script, ScriptedServer, delta, sse
from tests.support.tiny_models import write_tiny_model
from tests.support.tiny_projector import png_bomb, png_bytes, write_tiny_projector


def ask(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatapp", "--data-dir", str(tmp_path / "data"), "ask", *args],
        env=dict(os.environ), capture_output=True, text=True, timeout=180,
    )  # fmt: skip


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(40, 30, seed=4))
    return path


def test_local_vision_model_answers(tmp_path: Path, photo: Path) -> None:
    model = write_tiny_model(tmp_path / "tiny-vl.gguf", "Q8_0")
    mmproj = write_tiny_projector(tmp_path / "mmproj-tiny-vl.gguf")
    done = ask(tmp_path, "--model", str(model), "--mmproj", str(mmproj), "--max-tokens", "6",
               "--image", str(photo), "--image", str(photo), "what is this?")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_remote_engine_gets_the_images(
    tmp_path: Path, photo: Path, scripted: ScriptedServer
) -> None:
    scripted.add(Script(sse(delta("A photo."), delta(finish="stop"))))
    done = ask(tmp_path, "--engine", scripted.url, "--image", str(photo), "describe it")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "A photo.\n"
    parts = scripted.chat_requests()[0].body["messages"][-1]["content"]
    assert parts[0] == {"type": "text", "text": "describe it"}
    assert base64.b64decode(parts[1]["image_url"]["url"].split(",", 1)[1]) == photo.read_bytes()


def test_without_a_projector_it_says_so(tmp_path: Path, photo: Path) -> None:
    model = write_tiny_model(tmp_path / "tiny.gguf", "Q8_0")
    done = ask(tmp_path, "--model", str(model), "--image", str(photo), "what is this?")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "--mmproj" in done.stderr


def test_a_bomb_is_refused_before_anything_loads(tmp_path: Path, scripted: ScriptedServer) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb())
    done = ask(tmp_path, "--engine", scripted.url, "--image", str(bomb), "what?")
    assert done.returncode == 1 and "50000 × 50000" in done.stderr
    assert not scripted.chat_requests()
