"""``ApiServer``: the OpenAI-compatible HTTP API over an ``Engine`` and a ``ModelCatalog``.

Requests are served on their own threads but reach the engine one at a time, in order
(``TurnQueue``). A client that disconnects cancels its generation, or leaves the queue.
Binding to anything but a loopback address needs an API key.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import socket
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chatapp.core.engine import EngineError, GenerationResult
from chatapp.server.catalog import ModelCatalog, UnknownModel
from chatapp.server.disconnect import DisconnectWatch, peer_closed
from chatapp.server.openai_api import (
    BadRequest,
    ChatCall,
    Completion,
    error_body,
    finish_reason,
    models_list,
    parse_chat,
    sse,
    tool_calls,
)
from chatapp.server.turns import ClientGone, TurnQueue

MAX_BODY = 32 << 20
log = logging.getLogger("kotoba.server")
ENGINE_STATUS = {"bad_request": 400, "too_long": 400, "template": 400, "unsupported": 400,
                 "too_big": 507, "not_loaded": 503, "load_failed": 500}  # fmt: skip


class BindRefused(ValueError):
    """Listening on this address would expose the models without a key."""


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, api_key: str | None) -> None:
    if not is_loopback_host(host) and not api_key:
        raise BindRefused(
            f"Serving on {host} would let other machines use your models: an API key is "
            "required for any address but 127.0.0.1 (set KOTOBA_API_KEY)."
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], api: ApiServer) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.api = api


class ApiServer:
    def __init__(
        self,
        catalog: ModelCatalog,
        host: str = "127.0.0.1",
        port: int = 8080,
        api_key: str | None = None,
    ) -> None:
        check_bind(host, api_key)
        self.catalog = catalog
        self.engine = catalog.engine
        self.host = host
        self.port = port
        self.api_key = api_key or None
        self.queue = TurnQueue()
        # The last replies: (model, stop reason, completion tokens), for status and tests.
        self.history: deque[tuple[str, str, int]] = deque(maxlen=100)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"ApiServer({self.host}:{self.port}, key={'set' if self.api_key else 'none'})"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    def start(self) -> ApiServer:
        """Bind and serve on a background thread; raises OSError if the port is taken."""
        httpd = _Server((self.host, self.port), self)
        self.port = int(httpd.server_address[1])
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, name="kotoba-serve", daemon=True
        )
        self._thread.start()
        log.info("serving the OpenAI-compatible API on %s", self.url)
        return self

    def serve_forever(self) -> None:
        """Serve on this thread until ``stop`` (the command line)."""
        httpd = _Server((self.host, self.port), self)
        self.port = int(httpd.server_address[1])
        self._httpd = httpd
        log.info("serving the OpenAI-compatible API on %s", self.url)
        httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self.engine.cancel()
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def record(self, model_id: str, result: GenerationResult) -> None:
        tokens = int(result.stats.get("completion_tokens", 0))
        self.history.append((model_id, result.stop_reason, tokens))
        log.info("reply from %s: %d tokens, %s", model_id, tokens, result.stop_reason)

    def authorized(self, header: str | None) -> bool:
        if self.api_key is None:
            return True
        expected = f"Bearer {self.api_key}".encode()
        return hmac.compare_digest((header or "").encode(), expected)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    @property
    def api(self) -> ApiServer:
        return self.server.api

    # --- plumbing -----------------------------------------------------------------------

    def _send_json(self, status: int, data: Any) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _error(self, status: int, message: str, kind: str = "invalid_request_error",
               code: str | None = None, param: str | None = None) -> None:  # fmt: skip
        self._send_json(status, error_body(message, kind, code, param))

    def _read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise BadRequest("the request is too large")
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise BadRequest("the body is not valid JSON") from None

    def _check_key(self) -> bool:
        if self.api.authorized(self.headers.get("Authorization")):
            return True
        self._error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        return False

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    # --- routes -------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("", "/health"):
            self._send_json(200, {"status": "ok"})
            return
        if not self._check_key():
            return
        if path == "/v1/models":
            loaded = self.api.engine.model
            models = []
            for m in self.api.catalog.models():
                try:
                    created = int(m.path.stat().st_mtime)
                except OSError:
                    created = 0
                is_loaded = loaded is not None and loaded.source == str(m.path)
                models.append((m.id, created, loaded.n_ctx if is_loaded and loaded else None))
            self._send_json(200, models_list(models))
        else:
            self._error(404, f"Unknown path {path}", code="not_found")

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if not self._check_key():
            return
        try:
            body = self._read_body()
            if path == "/v1/chat/completions":
                self._chat(body)
            elif path == "/v1/embeddings":
                self._embeddings(body)
            else:
                self._error(404, f"Unknown path {path}", code="not_found")
        except BadRequest as exc:
            self._error(400, str(exc), param=exc.param)
        except UnknownModel as exc:
            self._error(404, str(exc), code="model_not_found", param="model")
        except ClientGone:
            self.close_connection = True
        except EngineError as exc:
            self._engine_error(exc)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _engine_error(self, exc: EngineError) -> None:
        status = ENGINE_STATUS.get(exc.kind, 500)
        kind = "invalid_request_error" if status < 500 else "server_error"
        self._error(status, exc.message, kind, exc.kind)

    # --- chat ---------------------------------------------------------------------------

    def _chat(self, body: Any) -> None:
        loaded = self.api.engine.model
        call = parse_chat(body, loaded.n_ctx if loaded else 4096)
        gone = lambda: peer_closed(self.connection)  # noqa: E731
        with self.api.queue.turn(gone):
            chosen, model = self.api.catalog.ensure(call.model)
            if not call.max_tokens_given:  # the reply may use the rest of the context
                call = parse_chat(body, model.n_ctx)
            if call.stream:
                self._stream(call, chosen.id)
            else:
                self._complete(call, chosen.id)

    def _complete(self, call: ChatCall, model_id: str) -> None:
        engine = self.api.engine
        with DisconnectWatch(self.connection, engine.cancel) as watch:
            result = engine.generate(call.messages, call.request)
        self.api.record(model_id, result)
        if watch.gone:
            self.close_connection = True
            return
        self._send_json(200, Completion(model_id).response(result))

    def _stream(self, call: ChatCall, model_id: str) -> None:
        engine = self.api.engine
        completion = Completion(model_id)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        broken = False

        def send(data: bytes) -> None:
            nonlocal broken
            if broken:
                return
            try:
                self._chunk(data)
            except OSError:  # the client went away: stop generating for it
                broken = True
                engine.cancel()

        send(completion.chunk({"role": "assistant", "content": ""}))
        result: GenerationResult | None = None
        with DisconnectWatch(self.connection, engine.cancel) as watch:
            try:
                result = engine.generate(
                    call.messages,
                    call.request,
                    lambda text: send(completion.chunk({"content": text})),
                )
            except EngineError as exc:
                # After a 200 the error can only travel inside the stream.
                send(sse(error_body(exc.message, "server_error", exc.kind)))
        if result is not None:
            self.api.record(model_id, result)
        if broken or watch.gone:
            self.close_connection = True
            return
        if result is not None:
            if result.tool_calls:
                send(completion.chunk({"tool_calls": tool_calls(result.tool_calls, True)}))
            send(completion.chunk({}, finish_reason(result)))
            if call.include_usage:
                send(completion.usage_chunk(result))
        send(sse("[DONE]"))
        if not broken:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    # --- embeddings ---------------------------------------------------------------------

    def _embeddings(self, body: Any) -> None:
        if not isinstance(body, dict) or "input" not in body:
            raise BadRequest("input is required", "input")
        texts = body["input"]
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise BadRequest("input must be a string or a list of strings", "input")
        with self.api.queue.turn(lambda: peer_closed(self.connection)):
            chosen, _ = self.api.catalog.ensure(str(body.get("model") or ""))
            vectors = self.api.engine.embed(texts)
            n = sum(self.api.engine.count_texts(texts))
        data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]
        self._send_json(200, {"object": "list", "data": data, "model": chosen.id,
                              "usage": {"prompt_tokens": n, "total_tokens": n}})  # fmt: skip
