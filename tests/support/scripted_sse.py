"""A scripted OpenAI-compatible server on 127.0.0.1 for the remote engine's edge cases.

Each chat request takes the next ``Script`` from a queue: a status, headers and the body in
parts (bytes written and flushed one by one; a float is a pause; ``HANG`` waits until the
test releases it). The body goes out with chunked transfer encoding, so ``drop=True`` (closing
without the final chunk) looks to the client exactly like a server that died mid-reply.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HANG = "hang"


def sse(*chunks: Any, newline: bytes = b"\n", done: bool = True) -> list[bytes]:
    """Events for these chunks (dicts become JSON), then ``data: [DONE]``."""
    out = []
    for chunk in chunks:
        data = chunk if isinstance(chunk, str) else json.dumps(chunk)
        out.append(b"data: " + data.encode("utf-8") + newline + newline)
    if done:
        out.append(b"data: [DONE]" + newline + newline)
    return out


def delta(content: str | None = None, finish: str | None = None, **fields: Any) -> dict[str, Any]:
    """One streamed chunk with a delta for choice 0."""
    d: dict[str, Any] = dict(fields)
    if content is not None:
        d["content"] = content
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "model": "scripted",
        "choices": [{"index": 0, "delta": d, "finish_reason": finish}],
    }


@dataclass
class Script:
    parts: Sequence[bytes | float | str] = ()
    status: int = 200
    content_type: str = "text/event-stream"
    drop: bool = False  # close the connection without ending the body


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class ScriptedServer:
    models: list[dict[str, Any]] = field(default_factory=lambda: [{"id": "scripted"}])
    # llama.cpp's /tokenize and /apply-template, llama-cpp-python's /extras/tokenize/count,
    # or neither (None): tokens are one per word here, which tests can check.
    tokenizer: str | None = None
    props: dict[str, Any] | None = None
    scripts: queue.Queue[Script] = field(default_factory=queue.Queue)
    requests: list[Recorded] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    disconnected: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    _httpd: ThreadingHTTPServer | None = None

    def add(self, *scripts: Script) -> None:
        for s in scripts:
            self.scripts.put(s)

    def start(self) -> ScriptedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _body(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                return json.loads(raw) if raw else None

            def _json(self, status: int, data: Any) -> None:
                payload = json.dumps(data).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _record(self, body: Any) -> None:
                server.requests.append(Recorded(self.path, dict(self.headers.items()), body))

            def do_GET(self) -> None:
                self._record(None)
                if self.path == "/v1/models":
                    self._json(200, {"object": "list", "data": server.models})
                elif self.path == "/props" and server.props is not None:
                    self._json(200, server.props)
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                body = self._body()
                self._record(body)
                tok = server.tokenizer
                if self.path == "/tokenize" and tok == "llama.cpp":
                    words = str(body.get("content", "")).split()
                    extra = 1 if body.get("add_special") else 0
                    self._json(200, {"tokens": list(range(len(words) + extra))})
                elif self.path == "/apply-template" and tok == "llama.cpp":
                    text = "".join(f"<s>{m['role']} {m['content']} </s> " for m in body["messages"])
                    self._json(200, {"prompt": text + "<s>assistant"})
                elif self.path == "/extras/tokenize/count" and tok == "llama-cpp-python":
                    self._json(200, {"count": 1 + len(str(body.get("input", "")).split())})
                elif self.path == "/v1/chat/completions":
                    self._chat()
                else:
                    self._json(404, {"detail": "Not Found"})

            def _chat(self) -> None:
                try:
                    script = server.scripts.get_nowait()
                except queue.Empty:
                    self._json(500, {"error": {"message": "no script left"}})
                    return
                self.send_response(script.status)
                self.send_header("Content-Type", script.content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for part in script.parts:
                        if isinstance(part, float):
                            time.sleep(part)
                        elif part == HANG:
                            while not server.release.wait(0.05):
                                if _peer_closed(self.connection):
                                    server.disconnected.set()
                                    return
                        elif isinstance(part, bytes):
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                            self.wfile.flush()
                    if script.drop:
                        self.close_connection = True
                        return
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    server.disconnected.set()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]


def _peer_closed(conn: Any) -> bool:
    import select
    import socket

    readable, _, _ = select.select([conn], [], [], 0)
    if not readable:
        return False
    try:
        return conn.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
