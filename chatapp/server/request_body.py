"""A request's body, read with a cap that holds whatever the headers say.

``Content-Length`` must be one plain decimal number (``-1``, ``12abc`` or two different values
are refused, not guessed at); a chunked body is decoded here with the same cap on what really
arrives. Nothing is read until the headers have been checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from email.message import Message
from io import BufferedIOBase

from chatapp.server.errors import ApiError, BadRequest

MAX_BODY = 32 << 20
PIECE = 1 << 20  # read this much at a time: memory grows with what arrives, not what is declared
_DECIMAL = re.compile(r"[0-9]{1,15}")
_HEX = re.compile(r"[0-9A-Fa-f]{1,8}")


def too_large(cap: int) -> ApiError:
    return ApiError(413, f"the request body is larger than {cap >> 20} MB",
                    code="request_too_large")  # fmt: skip


def declared_length(headers: Message) -> int | None:
    """The body's length from ``Content-Length``, None for chunked; raises ApiError."""
    lengths = {v.strip() for v in headers.get_all("Content-Length") or []}
    encodings = [v.strip().lower() for v in headers.get_all("Transfer-Encoding") or []]
    if encodings:
        if lengths:
            raise BadRequest("a request cannot have both Content-Length and Transfer-Encoding",
                             code="invalid_headers")  # fmt: skip
        if encodings != ["chunked"]:
            raise BadRequest("only the chunked transfer encoding is supported",
                             code="invalid_headers")  # fmt: skip
        return None
    if not lengths:
        return 0
    if len(lengths) > 1:
        raise BadRequest("Content-Length is given twice with different values",
                         code="invalid_headers")  # fmt: skip
    value = lengths.pop()
    if not _DECIMAL.fullmatch(value):
        raise BadRequest("Content-Length must be a whole number of bytes",
                         code="invalid_headers")  # fmt: skip
    return int(value)


def read_body(
    rfile: BufferedIOBase,
    headers: Message,
    cap: int = MAX_BODY,
    before_reading: Callable[[], None] | None = None,
) -> bytes:
    """The body (at most ``cap`` bytes). ``before_reading`` runs once the length is known to
    be acceptable (where ``100 Continue`` is sent). Raises ApiError; a client that stops
    sending raises TimeoutError from the reader."""
    length = declared_length(headers)
    if length is not None and length > cap:
        raise too_large(cap)
    if length == 0:
        return b""
    if before_reading is not None:
        before_reading()
    if length is None:
        return _read_chunked(rfile, cap)
    return _read_exactly(rfile, length)


def _read_exactly(rfile: BufferedIOBase, length: int) -> bytes:
    pieces: list[bytes] = []
    left = length
    while left:
        piece = rfile.read(min(left, PIECE))
        if not piece:
            raise BadRequest(f"the body ended after {length - left} of {length} bytes",
                             code="incomplete_body")  # fmt: skip
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def _line(rfile: BufferedIOBase) -> bytes:
    line = rfile.readline(1026)
    if not line.endswith(b"\n"):
        raise BadRequest("the chunked body is malformed", code="invalid_chunk")
    return line.rstrip(b"\r\n")


def _read_chunked(rfile: BufferedIOBase, cap: int) -> bytes:
    pieces: list[bytes] = []
    total = 0
    while True:
        size_text = _line(rfile).split(b";", 1)[0].strip().decode("latin-1")
        if not _HEX.fullmatch(size_text):
            raise BadRequest("the chunked body is malformed", code="invalid_chunk")
        size = int(size_text, 16)
        if size == 0:
            break
        total += size
        if total > cap:
            raise too_large(cap)
        pieces.append(_read_exactly(rfile, size))
        if _line(rfile):
            raise BadRequest("the chunked body is malformed", code="invalid_chunk")
    for _ in range(64):  # trailer fields, which are ignored, up to the empty line
        if not _line(rfile):
            return b"".join(pieces)
    raise BadRequest("the chunked body has too many trailer lines", code="invalid_chunk")
