"""A real ``chatapp serve`` subprocess on 127.0.0.1, its stderr kept in a file, and raw HTTP.

``exchange`` speaks HTTP over a plain socket, so a test can send what no HTTP client would
(a negative Content-Length, a request line of garbage, half a request) and read the answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, save_settings
from tests.support.llama_server import free_port


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    port: int = 0
    stderr_path: Path | None = None

    def log(self) -> str:
        path = self.data_dir / "logs" / "kotoba.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def stderr(self) -> str:
        if self.stderr_path is None or not self.stderr_path.exists():
            return ""
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def threads(self) -> int:
        """Threads of the server process now (Linux)."""
        return len(os.listdir(f"/proc/{self.process.pid}/task"))


def start_serve(
    model: Path,
    data_dir: Path,
    *args: str,
    key: str | None = None,
    settings: AppSettings | None = None,
) -> Served:
    # One thread: llama.cpp's threads wait for each other, which stalls on a busy shared CPU.
    save_settings(AppPaths.under(data_dir).config_dir, settings or AppSettings(threads=1))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KOTOBA_API_KEY"}
    if key:
        env["KOTOBA_API_KEY"] = key
    command = [sys.executable, "-m", "chatapp", "--data-dir", str(data_dir), "serve",
               "--port", str(port), "--model", str(model), "--ctx", "2048", *args]  # fmt: skip
    stderr_path = data_dir / "serve-stderr.txt"
    with stderr_path.open("wb") as err:
        process = subprocess.Popen(command, env=env, stderr=err)
    served = Served(process, f"http://127.0.0.1:{port}/v1", data_dir, port, stderr_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(served.stderr() or "exited")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/health", timeout=1, trust_env=False).is_success:
                return served
        except httpx2.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("chatapp serve did not start")


def stop(served: Served) -> None:
    served.process.terminate()
    served.process.wait(15)


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body)


def read_answer(sock: socket.socket) -> Answer | None:
    """One HTTP response from ``sock`` (None: the connection closed without one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            return None
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if status == 100:  # "100 Continue", then the real answer
        sock_rest = rest
        again = _Prefixed(sock, sock_rest)
        return read_answer(again)  # type: ignore[arg-type]
    if headers.get("transfer-encoding") == "chunked":
        while not rest.endswith(b"0\r\n\r\n"):
            piece = sock.recv(65536)
            if not piece:
                break
            rest += piece
        return Answer(status, headers, rest)
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        rest += piece
    return Answer(status, headers, rest[:length])


class _Prefixed:
    """A socket with some bytes already read put back in front."""

    def __init__(self, sock: socket.socket, prefix: bytes) -> None:
        self.sock, self.prefix = sock, prefix

    def recv(self, n: int) -> bytes:
        if self.prefix:
            out, self.prefix = self.prefix[:n], self.prefix[n:]
            return out
        return self.sock.recv(n)


def connect(port: int, timeout: float = 30) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def exchange(
    port: int, data: bytes, timeout: float = 30, half_close: bool = False
) -> Answer | None:
    """Send ``data`` on a new connection and read one answer."""
    with connect(port, timeout) as sock:
        # The server may refuse before all is sent; its answer is still there to read.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        try:
            return read_answer(sock)
        except ConnectionResetError:
            return None


def request(
    port: int,
    method: str = "POST",
    path: str = "/v1/chat/completions",
    body: bytes | None = None,
    headers: dict[str, str] | list[tuple[str, str]] | None = None,
    host: str | None = None,
    length: bool = True,
) -> bytes:
    """The bytes of a request; ``headers`` may repeat names (a list of pairs)."""
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers or [])
    lines = [f"{method} {path} HTTP/1.1", f"Host: {f'127.0.0.1:{port}' if host is None else host}"]
    if body is not None and length and not any(k.lower() == "content-length" for k, _ in pairs):
        pairs.append(("Content-Length", str(len(body))))
    pairs.append(("Connection", "close"))
    lines += [f"{k}: {v}" for k, v in pairs]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")
