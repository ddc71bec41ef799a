"""Runs an MCP stdio server with bounds on what it may write: ``python -m
chatapp.core.tools.mcp_relay --reason FILE [--log FILE] -- COMMAND ARGS...``.

The MCP package reads a server's stdout line by line into memory with no cap, and sends its
stderr into a file with no cap. This relay is started in the server's place (in its own
process group, as the MCP client starts servers). It passes stdin and stdout through byte for
byte, as they arrive, and never holds more than one chunk. It counts the length of the line
being written. When a line grows past ``MAX_LINE_BYTES``, it writes the reason to ``--reason``,
kills the server and exits, so the client sees the connection close. The server's stderr goes
to ``--log``, which is rotated at ``LOG_MAX_BYTES`` with one older file kept.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO, cast

MAX_LINE_BYTES = 16 << 20  # one JSON-RPC message: far above any real tool result
LOG_MAX_BYTES = 1 << 20  # the stderr log's size before it is rotated (one old file kept)
CHUNK = 1 << 16
FLOODED = "sent a message larger than 16 MB; it was stopped"
RELAY_FLAG = "--mcp-relay"  # how the frozen app (packaging/kotoba_main.py) is asked to relay


def relay_command() -> list[str]:
    """The command that starts this relay, from a checkout or an install and from the app."""
    if getattr(sys, "frozen", False):
        return [sys.executable, RELAY_FLAG]
    return [sys.executable, "-m", "chatapp.core.tools.mcp_relay"]


class CappedLog:
    """An append-only log that is rotated to ``NAME.1`` when it reaches ``max_bytes``."""

    def __init__(self, path: Path | None, max_bytes: int = LOG_MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._file: BinaryIO | None = None
        self._size = 0
        if path is not None:
            self._open()

    def _open(self) -> None:
        assert self.path is not None
        self._file = open(self.path, "ab")  # noqa: SIM115 - kept open while the server runs
        self._size = self._file.tell()

    def write(self, data: bytes) -> None:
        if self._file is None or self.path is None:
            return
        while data:
            room = self.max_bytes - self._size
            if room <= 0:
                self._file.close()
                os.replace(self.path, self.path.with_name(self.path.name + ".1"))
                self._open()
                continue
            part, data = data[:room], data[room:]
            self._file.write(part)
            self._file.flush()
            self._size += len(part)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _buffered(stream: object) -> io.BufferedReader:
    """A pipe opened by ``subprocess`` (or stdin) is a buffered reader: ``read1`` returns what
    has arrived, up to a chunk, without waiting for the whole chunk."""
    return cast(io.BufferedReader, stream)


def _pump_stdin(server: subprocess.Popen[bytes]) -> None:
    assert server.stdin is not None
    source = sys.stdin.buffer
    try:
        while chunk := _buffered(source).read1(CHUNK):
            server.stdin.write(chunk)
            server.stdin.flush()
    except (OSError, ValueError):
        pass
    finally:
        with contextlib.suppress(OSError):
            server.stdin.close()


def _pump_stderr(server: subprocess.Popen[bytes], log: CappedLog) -> None:
    assert server.stderr is not None
    with contextlib.suppress(OSError, ValueError):
        while chunk := _buffered(server.stderr).read1(CHUNK):
            log.write(chunk)


def _kill(server: subprocess.Popen[bytes]) -> None:
    """Kill the server; its whole tree too when the relay leads its own process group (the MCP
    client starts it so), never a group the relay merely belongs to (a shell's, a test's)."""
    if os.getpgrp() == os.getpid():
        with contextlib.suppress(OSError):
            os.killpg(os.getpid(), signal.SIGKILL)  # the relay and the server's tree
    with contextlib.suppress(OSError):
        server.kill()


def relay(command: list[str], reason: Path, log_path: Path | None) -> int:
    """Run ``command`` with its stdout checked line by line; the exit code is the server's."""
    server = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    log = CappedLog(log_path)
    threads = [
        threading.Thread(target=_pump_stdin, args=(server,), daemon=True),
        threading.Thread(target=_pump_stderr, args=(server, log), daemon=True),
    ]
    for thread in threads:
        thread.start()
    assert server.stdout is not None
    out = sys.stdout.buffer
    line = 0  # bytes of the line being written
    try:
        while chunk := _buffered(server.stdout).read1(CHUNK):
            first, last = chunk.find(b"\n"), chunk.rfind(b"\n")
            longest = line + (first if first >= 0 else len(chunk))
            line = len(chunk) - last - 1 if last >= 0 else longest
            if max(longest, line) > MAX_LINE_BYTES:
                reason.write_text(FLOODED, encoding="utf-8")
                log.write(f"\n[kotoba] {FLOODED}\n".encode())
                out.flush()
                _kill(server)
                return 1
            out.write(chunk)
            out.flush()
    except (BrokenPipeError, OSError):
        _kill(server)  # the client went away
        return 1
    finally:
        threads[1].join(2.0)
        log.close()
    return server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mcp_relay")
    parser.add_argument("--reason", type=Path, required=True)
    parser.add_argument("--log", type=Path)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no server command")
    try:
        return relay(command, args.reason, args.log)
    except FileNotFoundError:
        args.reason.write_text(f"could not start: the command was not found ({command[0]})",
                               encoding="utf-8")  # fmt: skip
        return 127


if __name__ == "__main__":
    sys.exit(main())
