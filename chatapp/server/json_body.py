"""A request body's bytes as JSON, with the bounds checked before ``json.loads`` runs.

Python's parser recurses once per nesting level (100,000 nested brackets raise
``RecursionError``), reads ``1e999`` as infinity and accepts ``NaN``; a body of many small
values costs far more memory than its size. The structure is therefore measured first, with
regular expressions (C speed), on the text with its strings taken out.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from chatapp.server.errors import BadRequest

MAX_DEPTH = 64  # nesting of arrays and objects
MAX_VALUES = 200_000  # arrays, objects and separators together: a bound on the parsed size

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def decode_utf8(raw: bytes) -> str:
    """The body as text: JSON travels as UTF-8 (RFC 8259); a UTF-8 BOM is tolerated."""
    if raw.startswith(_BOMS) or (len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0)):
        raise BadRequest("the body must be JSON in UTF-8 (this looks like UTF-16 or UTF-32)",
                         code="invalid_encoding")  # fmt: skip
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            f"the body is not valid UTF-8 (byte {exc.start})", code="invalid_encoding"
        ) from None


def check_structure(text: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH or made of more than MAX_VALUES parts."""
    skeleton = _STRING.sub("", text)
    parts = skeleton.count(",") + skeleton.count("[") + skeleton.count("{")
    if parts > MAX_VALUES:
        raise BadRequest(f"the body has more than {MAX_VALUES:,} JSON values",
                         code="too_many_values")  # fmt: skip
    brackets = _NOT_BRACKET.sub("", skeleton)
    # Each pass removes the innermost pairs: the number of passes is the depth.
    for _ in range(MAX_DEPTH):
        if not brackets:
            return
        shorter = _EMPTY_PAIR.sub("", brackets)
        if shorter == brackets:
            return  # unbalanced: json.loads says where
        brackets = shorter
    if brackets and _EMPTY_PAIR.search(brackets):
        raise BadRequest(f"the body is nested deeper than {MAX_DEPTH} levels",
                         code="too_deep")  # fmt: skip


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(raw: bytes) -> Any:
    """Raises BadRequest (400) for anything but one bounded, finite JSON value in UTF-8."""
    if not raw.strip():
        raise BadRequest("the request needs a JSON body", code="missing_body")
    text = decode_utf8(raw)
    check_structure(text)
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:  # the pre-scan should make this unreachable; never a traceback
        raise BadRequest(f"the body is nested deeper than {MAX_DEPTH} levels",
                         code="too_deep") from None  # fmt: skip
    except ValueError as exc:
        raise BadRequest(f"the body is not valid JSON ({str(exc)[:120]})",
                         code="invalid_json") from None  # fmt: skip
    return value


def has_lone_surrogate(text: str) -> bool:
    """``"\\ud800"`` is valid JSON but no text: it cannot be encoded, tokenized or stored."""
    return _SURROGATE.search(text) is not None
