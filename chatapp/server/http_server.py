"""``ApiServer``: the OpenAI-compatible HTTP API over an ``Engine`` and a ``ModelCatalog``.

Requests are served on their own threads (at most ``Bounds.max_connections``) but reach the
engine one at a time, in order (``TurnQueue``, at most ``Bounds.max_waiting`` waiting). A
client that disconnects cancels its generation, or leaves the queue. Binding to anything but
a loopback address needs an API key; web pages are kept out by the Host and Origin checks
(browser.py). docs/security.md lists every defence and its test.
"""

from __future__ import annotations

import hmac
import logging
import threading
from collections import deque

from chatapp.core.engine import GenerationResult
from chatapp.core.loopback import is_loopback_host
from chatapp.server.browser import BrowserGuard
from chatapp.server.catalog import ModelCatalog
from chatapp.server.connection import BoundedServer, Bounds
from chatapp.server.handler import Handler
from chatapp.server.turns import TurnQueue

log = logging.getLogger("kotoba.server")


class BindRefused(ValueError):
    """Listening on this address would expose the models without a key."""


def check_bind(host: str, api_key: str | None) -> None:
    if not is_loopback_host(host) and not api_key:
        raise BindRefused(
            f"Serving on {host} would let other machines use your models: an API key is "
            "required for any address but 127.0.0.1 (set KOTOBA_API_KEY)."
        )


class _Server(BoundedServer):
    def __init__(self, address: tuple[str, int], api: ApiServer) -> None:
        super().__init__(address, Handler, api.bounds)
        self.api = api


class ApiServer:
    def __init__(
        self,
        catalog: ModelCatalog,
        host: str = "127.0.0.1",
        port: int = 8080,
        api_key: str | None = None,
        *,
        origins: tuple[str, ...] = (),
        extra_hosts: tuple[str, ...] = (),
        bounds: Bounds | None = None,
    ) -> None:
        check_bind(host, api_key)
        self.catalog = catalog
        self.engine = catalog.engine
        self.host = host
        self.port = port
        self.api_key = api_key or None
        self.origins = origins  # normalized (core/web_origins.py); "*" allows every origin
        self.extra_hosts = extra_hosts
        self.bounds = bounds or Bounds()
        self.guard = BrowserGuard(host, port, origins, extra_hosts)
        self.queue = TurnQueue(self.bounds.max_waiting)
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
        httpd = self._bind()
        self._thread = threading.Thread(
            target=httpd.serve_forever, name="kotoba-serve", daemon=True
        )
        self._thread.start()
        log.info("serving the OpenAI-compatible API on %s", self.url)
        return self

    def serve_forever(self) -> None:
        """Serve on this thread until ``stop`` (the command line)."""
        httpd = self._bind()
        log.info("serving the OpenAI-compatible API on %s", self.url)
        httpd.serve_forever(poll_interval=0.2)

    def _bind(self) -> _Server:
        httpd = _Server((self.host, self.port), self)
        self.port = int(httpd.server_address[1])
        self.guard = BrowserGuard(self.host, self.port, self.origins, self.extra_hosts)
        self._httpd = httpd
        return httpd

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

    def authorized(self, headers: list[str]) -> bool:
        """One ``Authorization: Bearer <key>`` with the key (compared in constant time)."""
        if self.api_key is None:
            return True
        if len(headers) != 1:
            return False
        scheme, _, token = headers[0].strip().partition(" ")
        given = token.strip().encode("utf-8", "surrogateescape")
        expected = self.api_key.encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, expected) and scheme.lower() == "bearer"
