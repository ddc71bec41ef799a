"""The API's routes: ``/health``, ``/v1/models``, ``/v1/chat/completions``, ``/v1/embeddings``.

Every request passes the browser checks (Host, Origin: browser.py) and, when the server has
one, the API key before anything else is read; bodies are checked by chat_request.py before
a request joins the queue for the model.
"""

from __future__ import annotations

import base64
import struct
from typing import TYPE_CHECKING, Any

from chatapp.core.engine import EngineError, GenerationResult
from chatapp.server.browser import ALLOWED_METHODS, cors_headers
from chatapp.server.catalog import UnknownModel
from chatapp.server.chat_request import ChatCall, parse_embeddings, with_context
from chatapp.server.disconnect import DisconnectWatch, peer_closed
from chatapp.server.errors import ApiError, error_body
from chatapp.server.openai_api import (
    Completion,
    finish_reason,
    models_list,
    parse_chat,
    sse,
    tool_calls,
)
from chatapp.server.plumbing import Plumbing
from chatapp.server.turns import QueueFull

if TYPE_CHECKING:
    from chatapp.server.http_server import ApiServer

DEFAULT_CONTEXT = 4096  # for checking a request before any model is loaded
CHARS_PER_TOKEN_MAX = 128  # no tokenizer packs more text in a token: longer prompts cannot fit
ENGINE_STATUS = {"bad_request": 400, "too_long": 400, "template": 400, "unsupported": 400,
                 "too_big": 507, "not_loaded": 503, "load_failed": 500}  # fmt: skip


def engine_refusal(exc: EngineError) -> ApiError:
    status = ENGINE_STATUS.get(exc.kind, 500)
    if exc.kind == "too_long":
        return ApiError(400, exc.message, code="context_length_exceeded", param="messages")
    return ApiError(status, exc.message, code=exc.kind,
                    kind="invalid_request_error" if status < 500 else "server_error")  # fmt: skip


def prompt_chars(call: ChatCall) -> int:
    return sum(len(m.get("content") or "") for m in call.messages)


class Handler(Plumbing):
    @property
    def api(self) -> ApiServer:
        return self.server.api  # type: ignore[no-any-return]

    def dispatch(self) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            raise ApiError(400, "the request has more than one Host header", code="invalid_headers")
        origin = self.api.guard.check(hosts[0] if hosts else None,
                                      self.headers.get_all("Origin") or [],
                                      self.request_version)  # fmt: skip
        if origin is not None:
            self.cors = cors_headers(origin)
        path = self.path_only.rstrip("/")
        if self.command == "OPTIONS":
            self._preflight(origin)
            return
        if self.command not in ("GET", "HEAD", "POST"):
            raise ApiError(405, f"the method {str(self.command)[:20]} is not allowed",
                           code="method_not_allowed")  # fmt: skip
        if path in ("", "/health"):  # open without a key: it says nothing but "up"
            if self.command == "POST":
                raise ApiError(405, "use GET for /health", code="method_not_allowed")
            self.send_json(200, {"status": "ok"})
            return
        if not self.api.authorized(self.headers.get_all("Authorization") or []):
            raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key",
                           headers=(("WWW-Authenticate", "Bearer"),))  # fmt: skip
        routes = {"/v1/models": ("GET", self._models),
                  "/v1/chat/completions": ("POST", self._chat),
                  "/v1/embeddings": ("POST", self._embeddings)}  # fmt: skip
        if path not in routes:
            raise ApiError(404, f"Unknown path {path[:100]}", code="not_found")
        method, route = routes[path]
        if (self.command if self.command != "HEAD" else "GET") != method:
            raise ApiError(405, f"use {method} for {path}", code="method_not_allowed")
        try:
            route()
        except UnknownModel as exc:
            raise ApiError(404, str(exc), code="model_not_found", param="model") from None
        except EngineError as exc:
            raise engine_refusal(exc) from None
        except QueueFull as exc:
            raise ApiError(429, "the server is busy with other requests; try again shortly",
                           code="queue_full",
                           headers=(("Retry-After", str(exc.retry_after)),)) from None  # fmt: skip

    def _preflight(self, origin: str | None) -> None:
        headers = [("Allow", ALLOWED_METHODS), ("Content-Length", "0")]
        if origin is not None:
            headers = cors_headers(origin, self.headers.get("Access-Control-Request-Headers"))
            headers.append(("Content-Length", "0"))
        if self._body_pending:
            self.close_connection = True
        self.send_response(204)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    # --- models -------------------------------------------------------------------------

    def _models(self) -> None:
        loaded = self.api.engine.model
        models = []
        for m in self.api.catalog.models():
            try:
                created = int(m.path.stat().st_mtime)
            except OSError:
                created = 0
            is_loaded = loaded is not None and loaded.source == str(m.path)
            models.append((m.id, created, loaded.n_ctx if is_loaded and loaded else None))
        self.send_json(200, models_list(models))

    # --- chat ---------------------------------------------------------------------------

    def _chat(self) -> None:
        body = self.read_json()
        loaded = self.api.engine.model
        call = parse_chat(body, loaded.n_ctx if loaded else DEFAULT_CONTEXT)
        with self.api.queue.turn(lambda: peer_closed(self.connection)):
            chosen, model = self.api.catalog.ensure(call.model)
            call = with_context(call, model.n_ctx)
            if prompt_chars(call) > model.n_ctx * CHARS_PER_TOKEN_MAX:
                raise ApiError(
                    400,
                    f"the messages have {prompt_chars(call):,} characters: far more than the "
                    f"context holds ({model.n_ctx:,} tokens)",
                    code="context_length_exceeded",
                    param="messages",
                )
            if call.stream:
                self._stream(call, chosen.id, model.n_ctx)
            else:
                self._complete(call, chosen.id, model.n_ctx)

    def _complete(self, call: ChatCall, model_id: str, n_ctx: int) -> None:
        engine = self.api.engine
        with DisconnectWatch(self.connection, engine.cancel) as watch:
            result = engine.generate(call.messages, call.request)
        self.api.record(model_id, result)
        if watch.gone:
            self.close_connection = True
            return
        self.send_json(200, Completion(model_id, call.max_tokens, n_ctx).response(result))

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _stream(self, call: ChatCall, model_id: str, n_ctx: int) -> None:
        engine = self.api.engine
        completion = Completion(model_id, call.max_tokens, n_ctx)
        self.send_response(200)
        for name, value in self.cors:
            self.send_header(name, value)
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
            except OSError:  # the client went away or stopped reading: stop generating
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

    def _embeddings(self) -> None:
        model_name, texts, encoding = parse_embeddings(self.read_json())
        with self.api.queue.turn(lambda: peer_closed(self.connection)):
            chosen, _ = self.api.catalog.ensure(model_name)
            vectors = self.api.engine.embed(texts)
            n = sum(self.api.engine.count_texts(texts))
        data = [{"object": "embedding", "index": i, "embedding": _encoded(v, encoding)}
                for i, v in enumerate(vectors)]  # fmt: skip
        self.send_json(200, {"object": "list", "data": data, "model": chosen.id,
                             "usage": {"prompt_tokens": n, "total_tokens": n}})  # fmt: skip


def _encoded(vector: list[float], encoding: str) -> Any:
    if encoding == "base64":  # OpenAI's: little-endian float32s
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
    return vector
