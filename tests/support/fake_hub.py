"""A real HTTP server on 127.0.0.1 that speaks the parts of the Hugging Face Hub protocol we use.

It serves files from memory or disk, supports HEAD, Range and the LFS headers, lists models and
repository trees, and injects faults per file: an HTTP status (429 with Retry-After), a
connection dropped after N bytes, a server that ignores Range or does not clamp it to the file's
size, a corrupt body of the right size, a slow body, a stall before the answer or in the middle,
a file stored without LFS (only its git blob sha1 is known) or with no digest at all. The API
itself can answer with a fault status (``api_status``, e.g. 429).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"
CHUNK = 1 << 16


@dataclass
class HubFile:
    path: str
    source: Path | bytes
    sha256: str = ""
    status: int = 200  # a fault: answer with this status instead
    drop_after: int | None = None  # close the connection after sending this many bytes
    ignore_range: bool = False
    corrupt: bool = False  # flip a byte in the middle: right size, wrong content
    delay_per_chunk: float = 0.0
    chunk_size: int = CHUNK  # smaller chunks with a delay make a slow, steady download
    drops_left: int = 1  # how many times drop_after applies
    retry_after: str | None = None  # sent with the fault status (429)
    clamp_range: bool = True  # False: a range past the end is promised, then the server hangs
    stall_s: float = 0.0  # wait this long before answering
    stall_at: int | None = None  # send this many bytes, then wait stall_for (once)
    stall_for: float = 0.0
    lfs: bool = True  # False: a plain git file (the tree gives its blob sha1, no sha256)
    digests: bool = True  # False: neither the tree nor the headers give any digest

    @property
    def git_sha1(self) -> str:
        data = self.read(0, self.size)
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.source) if isinstance(self.source, bytes) else self.source.stat().st_size

    def read(self, start: int, end: int) -> bytes:
        if isinstance(self.source, bytes):
            return self.source[start:end]
        with self.source.open("rb") as fh:
            fh.seek(start)
            return fh.read(end - start)


@dataclass
class HubRepo:
    repo_id: str
    files: dict[str, HubFile] = field(default_factory=dict)
    downloads: int = 0
    likes: int = 0
    gated: bool = False
    status: int = 200  # 401/403 for gated or private repositories without a token
    token: str | None = None  # with this bearer token, the repository opens


class FakeHub:
    def __init__(self) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.requests: list[str] = []
        self.api_status = 200  # a fault for every /api/ request
        self.api_retry_after: str | None = None
        self.closing = threading.Event()  # set at stop: stalled answers give up
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

    def add_file(self, repo_id: str, path: str, source: Path | bytes, **faults: object) -> HubFile:
        repo = self.repos.setdefault(repo_id, HubRepo(repo_id))
        data_hash = hashlib.sha256(
            source if isinstance(source, bytes) else source.read_bytes()
        ).hexdigest()
        f = HubFile(path, source, data_hash, **faults)  # type: ignore[arg-type]
        repo.files[path] = f
        return f

    # --- the handler --------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                hub.requests.append(f"HEAD {self.path}")
                self._resolve(head=True)

            def do_GET(self) -> None:
                hub.requests.append(f"GET {self.path}")
                path = urlparse(self.path).path
                if path == "/api/whoami-v2":
                    auth = self.headers.get("Authorization", "")
                    if auth.startswith("Bearer hf_"):
                        token = {"displayName": "kotoba", "role": "read"}
                        self._json(
                            {"name": "tester", "type": "user", "auth": {"accessToken": token}}
                        )
                    else:
                        self._error(401, "Invalid credentials")
                    return
                if path.startswith("/api/models"):
                    self._api(path, parse_qs(urlparse(self.path).query))
                else:
                    self._resolve(head=False)

            def _json(self, data: object, status: int = 200) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _error(self, status: int, message: str, retry_after: str | None = None) -> None:
                body = json.dumps({"error": message}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Error-Message", message)
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _api(self, path: str, query: dict[str, list[str]]) -> None:
                if hub.api_status != 200:
                    self._error(hub.api_status, "Too many requests", hub.api_retry_after)
                    return
                rest = unquote(path[len("/api/models") :]).strip("/")
                if not rest:
                    term = (query.get("search") or [""])[0].lower()
                    limit = int((query.get("limit") or ["50"])[0])
                    found = [
                        r for r in hub.repos.values()
                        if term in r.repo_id.lower()
                        and any(f.endswith(".gguf") for f in r.files)
                    ]  # fmt: skip
                    sort = (query.get("sort") or ["downloads"])[0]
                    key = {"likes": lambda r: r.likes}.get(sort, lambda r: r.downloads)
                    found.sort(key=key, reverse=True)
                    self._json([self._summary(r) for r in found[:limit]])
                    return
                if "/tree/" in rest:
                    repo_id = rest.split("/tree/")[0]
                    repo = hub.repos.get(repo_id)
                    if repo is None:
                        self._error(404, "Repository not found")
                        return
                    self._json([self._tree_entry(f) for f in repo.files.values()])
                    return
                repo = hub.repos.get(rest)
                if repo is None:
                    self._error(404, "Repository not found")
                    return
                info = self._summary(repo)
                info["siblings"] = [{"rfilename": p} for p in repo.files]
                self._json(info)

            @staticmethod
            def _tree_entry(f: HubFile) -> dict[str, object]:
                entry: dict[str, object] = {"type": "file", "path": f.path, "size": f.size}
                if not f.digests:
                    return entry
                if not f.lfs:
                    entry["oid"] = f.git_sha1
                    return entry
                entry["oid"] = hashlib.sha1(f.sha256.encode()).hexdigest()  # the pointer's blob
                entry["lfs"] = {"oid": f.sha256, "size": f.size, "pointerSize": 134}
                return entry

            @staticmethod
            def _summary(repo: HubRepo) -> dict[str, object]:
                return {
                    "_id": repo.repo_id, "id": repo.repo_id, "modelId": repo.repo_id,
                    "downloads": repo.downloads, "likes": repo.likes, "gated": repo.gated,
                    "private": False, "tags": ["gguf"], "lastModified": "2026-11-01T00:00:00.000Z",
                    "createdAt": "2026-10-01T00:00:00.000Z", "library_name": "gguf",
                }  # fmt: skip

            def _resolve(self, head: bool) -> None:
                path = unquote(urlparse(self.path).path).lstrip("/")
                if "/resolve/" not in path:
                    self._error(404, "Not found")
                    return
                repo_id, _, rest = path.partition("/resolve/")
                _rev, _, filename = rest.partition("/")
                repo = hub.repos.get(repo_id)
                if repo is None:
                    self._error(404, "Repository not found")
                    return
                authorized = (
                    repo.token and self.headers.get("Authorization") == f"Bearer {repo.token}"
                )
                if repo.status != 200 and not authorized:
                    self._error(repo.status, "Access to this repository is restricted")
                    return
                f = repo.files.get(filename)
                if f is None:
                    self._error(404, "Entry not found")
                    return
                if f.status != 200:
                    message = "Server error" if f.status >= 500 else "Error"
                    self._error(f.status, message, f.retry_after)
                    return
                if f.stall_s:
                    hub.closing.wait(f.stall_s)
                size = f.size
                start, end = 0, size
                ranged = self.headers.get("Range")
                partial = bool(ranged) and not f.ignore_range
                if partial:
                    spec = ranged.split("=", 1)[1]
                    first, _, last = spec.partition("-")
                    start = int(first or 0)
                    end = int(last) + 1 if last else size
                    if f.clamp_range:
                        end = min(size, end)
                    if start >= size:
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{size}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                self.send_response(206 if partial else 200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("X-Repo-Commit", COMMIT)
                if f.digests and f.lfs:
                    self.send_header("X-Linked-Etag", f'"{f.sha256}"')
                    self.send_header("X-Linked-Size", str(size))
                    self.send_header("ETag", f'"{f.sha256}"')
                elif f.digests:
                    self.send_header("ETag", f'"{f.git_sha1}"')
                else:
                    self.send_header("ETag", f'W/"{len(hub.requests)}-{size}"')
                self.send_header("Accept-Ranges", "bytes")
                if partial:
                    self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
                self.send_header("Content-Length", str(end - start))
                self.end_headers()
                if head:
                    return
                sent = 0
                pos = start
                while pos < end:
                    if f.stall_at is not None and sent >= f.stall_at:
                        f.stall_at = None  # once
                        hub.closing.wait(f.stall_for)
                    chunk = f.read(pos, min(end, pos + f.chunk_size))
                    if not chunk:  # a range past the end, not clamped: hang as promised
                        hub.closing.wait(30)
                        return
                    if f.corrupt and pos <= size // 2 < pos + len(chunk):
                        i = size // 2 - pos
                        chunk = chunk[:i] + bytes([chunk[i] ^ 0xFF]) + chunk[i + 1 :]
                    if (
                        f.drop_after is not None
                        and f.drops_left > 0
                        and sent + len(chunk) > f.drop_after
                    ):
                        self.wfile.write(chunk[: max(0, f.drop_after - sent)])
                        self.wfile.flush()
                        f.drops_left -= 1
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    try:
                        self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        return
                    sent += len(chunk)
                    pos += len(chunk)
                    if f.delay_per_chunk:
                        time.sleep(f.delay_per_chunk)

        return Handler
