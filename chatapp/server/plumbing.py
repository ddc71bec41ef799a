"""The HTTP side of the handler: reading a request within its bounds, and answering every
refusal, and every unexpected failure, as a JSON error in OpenAI's shape.

The standard library's request loop is replaced (``handle_one_request``) so that nothing a
client sends reaches its error printer: a bad request line, a timeout, a refusal deep in a
route and a bug all end here, as one answer (when the client can still get one) and at most
one line in the log. Request bodies never go to the log.
"""

from __future__ import annotations

import io
import json
import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from chatapp.server.connection import DeadlineReader
from chatapp.server.errors import ApiError
from chatapp.server.json_body import parse_json
from chatapp.server.request_body import MAX_BODY, declared_length, read_body
from chatapp.server.turns import ClientGone

log = logging.getLogger("kotoba.server")
MAX_LINE = 65536
# Statuses the standard library would send that are not 4xx: unknown methods and versions.
AS_CLIENT_ERROR = {501: 405, 505: 400}


class Plumbing(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Kotoba"
    sys_version = ""
    server: Any  # connection.BoundedServer with an ``api``

    # --- the request loop ---------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the standard buffered reader is replaced by one with a deadline
        self.reader = DeadlineReader(self.connection, self.server.bounds)
        self.rfile = io.BufferedReader(self.reader, 1 << 16)
        self._responded = False
        self._body_pending = False
        self._expect_continue = False
        self.cors: list[tuple[str, str]] = []

    def handle_one_request(self) -> None:
        self.reader.restart()
        self._responded = self._body_pending = self._expect_continue = False
        self.cors = []
        self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
        try:
            line = self.rfile.readline(MAX_LINE + 1)
        except (TimeoutError, OSError):  # an idle keep-alive connection, or one abandoned
            self.close_connection = True
            return
        if not line:
            self.close_connection = True
            return
        try:
            if len(line) > MAX_LINE:
                raise ApiError(414, "the request line is too long", code="uri_too_long")
            self.raw_requestline = line
            if len(line.split()) != 3:  # method, target, version: nothing else is HTTP/1.x
                raise ApiError(400, "the request line is not HTTP/1.x", code="bad_request_line")
            if not self.parse_request():
                return  # answered by send_error
            if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):
                self.request_version = "HTTP/1.0"
                raise ApiError(400, "HTTP/1.0 or HTTP/1.1 requests only", code="bad_version")
            self._body_pending = declared_length_or_refuse(self.headers) != 0
            self.dispatch()
        except ApiError as exc:
            self.refuse(exc)
        except ClientGone:
            self.close_connection = True
        except TimeoutError:
            log.info("%s: the request did not arrive in time", self.address_string())
            self.refuse(ApiError(408, "the request did not arrive in time", code="timeout"))
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True
        except Exception as exc:  # any failure is one 500 and one log line
            log.error("unexpected %s answering %s %s: %s", type(exc).__name__, self.command,
                      self.path_only, exc, exc_info=True)  # fmt: skip
            self.refuse(ApiError(500, "the server failed to answer this request",
                                 code="internal_error"))  # fmt: skip
        try:
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def dispatch(self) -> None:
        raise NotImplementedError

    @property
    def path_only(self) -> str:
        """The request's path without its query (which may carry a secret): for the log."""
        path = getattr(self, "path", "") or ""
        if "://" in path.split("?", 1)[0]:  # the absolute form: http://host/v1/models
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        return path.split("?", 1)[0].split("#", 1)[0][:200]

    # --- answers ------------------------------------------------------------------------

    def version_string(self) -> str:
        return self.server_version  # no Python version for a client to look up

    def send_response(self, code: int, message: str | None = None) -> None:
        self._responded = True
        super().send_response(code, message)

    def send_json(
        self, status: int, data: Any, headers: list[tuple[str, str]] | None = None
    ) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8", "replace")
        if self._body_pending:  # an unread body would be taken for the next request
            self.close_connection = True
        self.send_response(status)
        for name, value in [*(headers or []), *self.cors]:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def refuse(self, exc: ApiError) -> None:
        """Answer ``exc`` if nothing was sent yet; otherwise the connection just ends."""
        if self._responded:
            self.close_connection = True
            return
        headers = list(exc.headers)
        if exc.status == 405:
            headers.append(("Allow", "GET, POST, OPTIONS"))
        if exc.status >= 400 and exc.status not in (401, 404, 405, 429):
            self.close_connection = True  # after a malformed or refused request, start afresh
        try:
            self.send_json(exc.status, exc.body(), headers)
        except OSError:
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's refusals (bad request line, headers too large) as JSON."""
        status = AS_CLIENT_ERROR.get(int(code), int(code))
        if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):
            self.request_version = "HTTP/1.1"  # an HTTP/0.9 answer would have no status line
        self.close_connection = True
        phrase = HTTPStatus(status).phrase
        text = (message or phrase)[:200]
        self.refuse(ApiError(status, text, code=phrase.lower().replace(" ", "_")))

    # --- reading ------------------------------------------------------------------------

    def handle_expect_100(self) -> bool:
        # "100 Continue" only once the request has passed every check (read_json sends it).
        self._expect_continue = True
        return True

    def _continue(self) -> None:
        if self._expect_continue:
            self._expect_continue = False
            self.send_response_only(100)
            self.end_headers()
            self._responded = False  # a 100 is not the answer

    def read_json(self) -> Any:
        """The body as JSON: capped, bounded in time, depth and size; raises ApiError."""
        raw = read_body(self.rfile, self.headers, MAX_BODY, self._continue)
        self._body_pending = False
        # From here on the client reads: a reply it leaves unread ends the connection.
        self.connection.settimeout(self.server.bounds.write_s)
        return parse_json(raw)

    # --- the log ------------------------------------------------------------------------

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if isinstance(code, HTTPStatus):
            code = code.value
        log.info("%s %s %s %s", self.address_string(), self.command, self.path_only, code)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), (format % args)[:300])


def declared_length_or_refuse(headers: Any) -> int:
    """The declared body length (-1 for chunked); raises ApiError for malformed headers."""
    length = declared_length(headers)
    return -1 if length is None else length
