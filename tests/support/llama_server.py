"""llama-cpp-python's own OpenAI-compatible server (``llama_cpp.server``), run by the tests.

A real third-party server on 127.0.0.1 with a test model: the remote engine is tested against
it as it would be against a server on another machine.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2

# llama-cpp-python's server, with llama.cpp's CPU code loaded first (docs/cpu-variants.md).
SERVER = (sys.executable, "-m", "chatapp.runtime.with_cpu_code", "llama_cpp.server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LlamaServer:
    process: subprocess.Popen[bytes]
    url: str  # the OpenAI base URL, ending in /v1
    model_id: str
    log: Path

    def kill(self) -> None:
        """Kill it abruptly, as a crash or a power cut would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_llama_server(
    model: Path,
    log: Path,
    *,
    n_ctx: int = 2048,
    api_key: str | None = None,
    extra: tuple[str, ...] = (),
    timeout: float = 90.0,
) -> LlamaServer:
    port = free_port()
    args = [
        *SERVER, "--model", str(model),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
        "--n_threads", "1", "--verbose", "False", *extra,
    ]  # fmt: skip
    if api_key:
        args += ["--api_key", api_key]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/v1"
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited: {log.read_text(errors='replace')[-800:]}")
        try:
            answer = httpx2.get(url + "/models", headers=headers, timeout=2, trust_env=False)
            if answer.status_code == 200:
                return LlamaServer(process, url, answer.json()["data"][0]["id"], log)
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("llama_cpp.server did not start in time")
