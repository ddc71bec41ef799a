"""``RemoteEngine``: the ``Engine`` protocol over an OpenAI-compatible HTTP server.

Replies stream over server-sent events. Stop shuts the connection's socket down, which ends a
blocked read at once; each reply therefore gets its own connection (model lists and token
counts share a kept-alive one). The API key is sent as a bearer token and kept out of every
message, ``repr`` and log line.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx2

from chatapp.core.engine import (
    Count,
    EngineError,
    GenerationRequest,
    GenerationResult,
    Listener,
    LoadedModel,
    LoadSpec,
    ProgressCallback,
    PromptMessage,
    TextCallback,
    require_model,
)
from chatapp.remote.addresses import (
    RemoteModelEntry,
    context_of,
    display_name,
    is_loopback,
    normalize_base_url,
    server_root,
)
from chatapp.remote.http_errors import safe_url, status_error, transport_error
from chatapp.remote.image_parts import image_refusal
from chatapp.remote.reply import ReplyAssembler, StreamError
from chatapp.remote.request_body import chat_body
from chatapp.remote.secrets import protect
from chatapp.remote.stream_reading import read_events, reply_result
from chatapp.remote.tokens import RemoteTokenizer

DEFAULT_CONTEXT = 4096  # when neither the user nor the server says
READ_TIMEOUT_S = 300.0  # a long prompt on a big model may take minutes before the first token

# Importable from here as before: the addresses and model entries live in ``addresses``.
__all__ = ["RemoteEngine", "RemoteModelEntry", "display_name", "normalize_base_url", "server_root"]


class RemoteEngine:
    """One server; ``load`` picks the model (``LoadSpec.source`` is its id)."""

    kind = "remote"

    def __init__(
        self,
        base_url: str,
        api_key: str = "",
        *,
        read_timeout: float = READ_TIMEOUT_S,
        label: str = "",
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        protect(self.base_url, api_key)  # the key and the URL's secrets: masked in the log
        self.label = label or safe_url(self.base_url)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # A proxy from the environment must not catch a server on this machine.
        trust_env = not is_loopback(self.base_url)
        self._client = httpx2.Client(
            headers=headers, timeout=httpx2.Timeout(30.0, connect=10.0), trust_env=trust_env
        )
        self._stream_client = httpx2.Client(
            headers=headers,
            timeout=httpx2.Timeout(connect=10.0, read=read_timeout, write=30.0, pool=10.0),
            limits=httpx2.Limits(max_keepalive_connections=0),
            trust_env=trust_env,
        )
        self._listeners: list[Listener] = []
        self._model: LoadedModel | None = None
        self._tokenizer: RemoteTokenizer | None = None
        self._lock = threading.Lock()
        self._cancelled = False
        self._socket: socket.socket | None = None
        self._send_extras = True

    def __repr__(self) -> str:
        return f"RemoteEngine({self.label!r})"

    # --- state --------------------------------------------------------------------------

    @property
    def model(self) -> LoadedModel | None:
        return self._model

    def add_listener(self, listener: Listener) -> None:
        # A server that goes away is reported by the call that noticed it, once.
        self._listeners.append(listener)

    # --- plain requests -----------------------------------------------------------------

    def _request(self, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
        try:
            response = self._client.request(method, url, json=body)
        except httpx2.HTTPError as exc:
            raise transport_error(exc, url, during_reply=False) from None
        if response.status_code >= 300:
            location = response.headers.get("location", "")
            raise status_error(response.status_code, response.content, url, location)
        try:
            return response.json()
        except ValueError:
            raise EngineError("server", f"The server sent something other than JSON from "
                              f"{urlsplit(url).path}.") from None  # fmt: skip

    def _post_root(self, path: str, body: dict[str, Any]) -> Any:
        return self._request("POST", server_root(self.base_url) + path, body)

    def list_models(self) -> list[RemoteModelEntry]:
        """The models the server offers (``GET /v1/models``); raises EngineError."""
        data = self._request("GET", self.base_url + "/models")
        entries = data.get("data") if isinstance(data, dict) else data
        out: list[RemoteModelEntry] = []
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                out.append(
                    RemoteModelEntry(entry["id"], context_of(entry), str(entry.get("owned_by", "")))
                )
        return out

    # --- loading ------------------------------------------------------------------------

    def load(self, spec: LoadSpec, on_progress: ProgressCallback | None = None) -> LoadedModel:
        self._model = None
        models = self.list_models()
        ids = [m.id for m in models]
        name = spec.source or (ids[0] if ids else "")
        if not name:
            raise EngineError("load_failed", "The server lists no models; name one.")
        if ids and name not in ids:
            offered = ", ".join(ids[:8]) + ("…" if len(ids) > 8 else "")
            raise EngineError(
                "load_failed", f"The server has no model “{name}”. It offers: {offered}."
            )
        if on_progress is not None:
            on_progress(0.5)
        tokenizer = RemoteTokenizer(self._post_root, name)
        tokenizer.probe()
        entry = next((m for m in models if m.id == name), None)
        detected = entry.context_length if entry else None
        if detected is None and tokenizer.kind == "llama.cpp":
            detected = self._llama_server_context()
        n_ctx = spec.n_ctx or detected or DEFAULT_CONTEXT
        context_source = "setting" if spec.n_ctx else ("server" if detected else "default")
        self._tokenizer = tokenizer
        self._model = LoadedModel(
            key=f"remote|{self.base_url}|{name}|{tokenizer.kind}",
            name=display_name(name),
            source=name,
            engine="remote",
            n_ctx=int(n_ctx),
            exact_counts=tokenizer.exact,
            context_length=detected,
            chat_format="server",
            chat_format_source="server",
            details={
                "name": name,
                "server": safe_url(self.base_url),
                "tokenizer": tokenizer.kind,
                "n_ctx": int(n_ctx),
                "context_source": context_source,
                "chat_format": "server",
                "chat_format_source": "server",
            },
        )
        if on_progress is not None:
            on_progress(1.0)
        return self._model

    def _llama_server_context(self) -> int | None:
        try:
            props = self._request("GET", server_root(self.base_url) + "/props")
        except EngineError:
            return None
        if not isinstance(props, dict):
            return None
        settings = props.get("default_generation_settings")
        for source in (settings, props):
            if isinstance(source, dict) and isinstance(source.get("n_ctx"), int):
                return int(source["n_ctx"])
        return None

    def unload(self) -> None:
        self._model = None

    # --- counting -----------------------------------------------------------------------

    def _need_tokenizer(self) -> RemoteTokenizer:
        require_model(self)
        assert self._tokenizer is not None
        return self._tokenizer

    def count(self, messages: Sequence[PromptMessage]) -> Count:
        tokenizer = self._need_tokenizer()
        return Count(tokenizer.count_prompt(messages), exact=tokenizer.exact)

    def count_texts(self, texts: Sequence[str]) -> list[int]:
        tokenizer = self._need_tokenizer()
        return [tokenizer.count_text(t) for t in texts]

    # --- generating ---------------------------------------------------------------------

    def chat_body(
        self, messages: Sequence[PromptMessage], request: GenerationRequest, stream: bool
    ) -> dict[str, Any]:
        model = require_model(self)
        return chat_body(model.source, messages, request, stream, self._send_extras)

    def generate(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None = None,
    ) -> GenerationResult:
        require_model(self)
        with self._lock:
            self._cancelled = False
        t0 = time.perf_counter()
        try:
            try:
                return self._stream(messages, request, on_text, t0)
            except _Refused as refused:
                if not self._send_extras:
                    raise refused.error from None
                # Some servers refuse settings beyond the standard: ask again without them.
                self._send_extras = False
                return self._stream(messages, request, on_text, t0)
        except _Refused as refused:
            raise image_refusal(refused.error, messages) from None
        except EngineError as error:
            raise image_refusal(error, messages) from None
        finally:
            with self._lock:
                self._socket = None

    def _stream(
        self,
        messages: Sequence[PromptMessage],
        request: GenerationRequest,
        on_text: TextCallback | None,
        t0: float,
    ) -> GenerationResult:
        url = self.base_url + "/chat/completions"
        body = self.chat_body(messages, request, stream=True)
        reply = ReplyAssembler(on_text)
        finished = False
        try:
            with self._stream_client.stream(
                "POST", url, json=body, extensions={"trace": self._trace}
            ) as response:
                self._keep_socket(response.extensions.get("network_stream"))
                if response.status_code >= 300:
                    location = response.headers.get("location", "")
                    error = status_error(response.status_code, response.read(), url, location)
                    if error.kind == "bad_request" and self._send_extras:
                        raise _Refused(error)
                    raise error
                content_type = response.headers.get("content-type", "")
                if "event-stream" not in content_type:  # a server that ignored "stream"
                    reply.feed(json.loads(response.read()), time.perf_counter())
                    finished = True
                else:
                    finished = read_events(response, reply, self._is_cancelled)
        except StreamError as exc:
            raise EngineError(
                "server", f"The server reported an error during the reply: {exc.message}"
            ) from None
        except (httpx2.HTTPError, httpx2.StreamError) as exc:
            if not self._is_cancelled():
                raise transport_error(exc, url, during_reply=reply.pieces > 0) from None
        except ValueError:
            raise EngineError("server", "The server's answer was not valid JSON.") from None
        reply.finish()
        return reply_result(reply, messages, finished, t0, self._is_cancelled(), self._tokenizer)

    def _trace(self, name: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: the socket is known as soon as the connection exists."""
        if name.endswith(("connect_tcp.complete", "start_tls.complete")):
            self._keep_socket(info.get("return_value"))

    def _keep_socket(self, stream: Any) -> None:
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._socket = sock
            cancelled = self._cancelled
        if cancelled:
            _shutdown(sock)

    def _is_cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            sock = self._socket
        if sock is not None:
            _shutdown(sock)  # the reading thread's recv returns at once

    # --- the rest -----------------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        model = require_model(self)
        data = self._request(
            "POST", self.base_url + "/embeddings", {"model": model.source, "input": list(texts)}
        )
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise EngineError("unsupported", "The server did not return one vector per text.")
        ordered = sorted(items, key=lambda item: int(item.get("index", 0)))
        return [[float(x) for x in item["embedding"]] for item in ordered]

    def close(self) -> None:
        self.cancel()
        self._client.close()
        self._stream_client.close()
        self._model = None


class _Refused(Exception):
    """The server refused the request as sent (400/422): maybe the extra settings."""

    def __init__(self, error: EngineError) -> None:
        super().__init__(error.message)
        self.error = error


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)
