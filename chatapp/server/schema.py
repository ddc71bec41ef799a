"""A small schema for request bodies: types, ranges, finite numbers, lengths, list sizes.

Each field checks a value and returns it in the form the server uses, or raises BadRequest
naming the field (``messages[2].content``). Objects ignore fields they do not know, the way
OpenAI's API does; ``null`` for an optional field means "not given".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from chatapp.server.errors import BadRequest, shown
from chatapp.server.json_body import has_lone_surrogate


def _type_error(where: str, expected: str, value: Any) -> BadRequest:
    got = "null" if value is None else type(value).__name__.replace("str", "string")
    got = {"dict": "object", "list": "array", "float": "number", "int": "integer"}.get(got, got)
    return BadRequest(f"{where} must be {expected}, not {got}", where, "invalid_type")


class Field:
    def check(self, value: Any, where: str) -> Any:
        raise NotImplementedError


class Str(Field):
    def __init__(
        self,
        max_len: int = 1 << 25,
        *,
        min_len: int = 0,
        choices: tuple[str, ...] = (),
        pattern: str | None = None,
    ) -> None:
        self.max_len, self.min_len, self.choices = max_len, min_len, choices
        self.pattern = re.compile(pattern) if pattern else None

    def check(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise _type_error(where, "a string", value)
        if self.choices and value not in self.choices:
            raise BadRequest(f"{where} must be one of {', '.join(self.choices)}, not "
                             f"{shown(value)}", where)  # fmt: skip
        if len(value) > self.max_len:
            raise BadRequest(f"{where} is longer than {self.max_len:,} characters", where,
                             "string_above_max_length")  # fmt: skip
        if len(value) < self.min_len:
            raise BadRequest(f"{where} must not be empty" if self.min_len == 1 else
                             f"{where} needs {self.min_len} characters or more", where)  # fmt: skip
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise BadRequest(f"{where} {shown(value)} has characters it may not have", where)
        if has_lone_surrogate(value):
            raise BadRequest(f"{where} contains an unpaired surrogate (\\ud800–\\udfff), "
                             "which is not text", where, "invalid_encoding")  # fmt: skip
        return value


class Bool(Field):
    def check(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise _type_error(where, "true or false", value)
        return value


class Num(Field):
    """A finite number in [lo, hi]; ``lo_open`` makes the low end exclusive."""

    def __init__(self, lo: float, hi: float, *, lo_open: bool = False) -> None:
        self.lo, self.hi, self.lo_open = lo, hi, lo_open

    def check(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _type_error(where, "a number", value)
        if isinstance(value, int):
            if not -(2**63) <= value < 2**64:
                raise BadRequest(f"{where} is out of range", where, "out_of_range")
            value = float(value)
        if not math.isfinite(value):
            raise BadRequest(f"{where} must be a finite number", where, "out_of_range")
        low_ok = value > self.lo if self.lo_open else value >= self.lo
        if not low_ok or value > self.hi:
            low = "greater than" if self.lo_open else "from"
            raise BadRequest(f"{where} must be {low} {self.lo:g} to {self.hi:g}, not "
                             f"{shown(value)}", where, "out_of_range")  # fmt: skip
        return value


class Int(Field):
    """A whole number in [lo, hi] (``3.0`` counts as 3; ``3.5`` does not)."""

    def __init__(self, lo: int, hi: int) -> None:
        self.lo, self.hi = lo, hi

    def check(self, value: Any, where: str) -> int:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _type_error(where, "an integer", value)
        if not self.lo <= value <= self.hi:
            raise BadRequest(f"{where} must be from {self.lo:,} to {self.hi:,}, not "
                             f"{shown(value)}", where, "out_of_range")  # fmt: skip
        return value


class List(Field):
    def __init__(self, item: Field, max_items: int, *, min_items: int = 0) -> None:
        self.item, self.max_items, self.min_items = item, max_items, min_items

    def check(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise _type_error(where, "an array", value)
        if len(value) > self.max_items:
            raise BadRequest(f"{where} has {len(value):,} items; at most {self.max_items:,}",
                             where, "array_above_max_length")  # fmt: skip
        if len(value) < self.min_items:
            raise BadRequest(f"{where} must be a non-empty array" if self.min_items == 1 else
                             f"{where} needs {self.min_items} items or more", where,
                             "array_below_min_length")  # fmt: skip
        return [self.item.check(v, f"{where}[{i}]") for i, v in enumerate(value)]


class Obj(Field):
    """An object with known fields (others ignored); ``required`` ones must be there."""

    def __init__(self, fields: dict[str, Field], required: tuple[str, ...] = ()) -> None:
        self.fields, self.required = fields, required

    def check(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _type_error(where or "the body", "an object", value)
        out: dict[str, Any] = {}
        for name, field in self.fields.items():
            path = f"{where}.{name}" if where else name
            item = value.get(name)
            if item is None:
                if name in self.required:
                    raise BadRequest(f"{path} is required", path, "missing_required_parameter")
                continue
            out[name] = field.check(item, path)
        return out


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else "null"


class Either(Field):
    """One field per JSON type (``string=Str(), array=List(Str(), 4)``)."""

    def __init__(self, expected: str, **by_type: Field) -> None:
        self.expected, self.by_type = expected, by_type

    def check(self, value: Any, where: str) -> Any:
        field = self.by_type.get(json_type(value))
        if field is None:
            raise _type_error(where, self.expected, value)
        return field.check(value, where)


class Json(Field):
    """Any JSON value the server passes on without reading (a tool's parameter schema):
    still bounded, and every string in it must be text."""

    def __init__(self, max_string: int = 1 << 16, kind: type | None = dict) -> None:
        self.max_string, self.kind = max_string, kind

    def check(self, value: Any, where: str) -> Any:
        if self.kind is not None and not isinstance(value, self.kind):
            raise _type_error(where, "an object" if self.kind is dict else "JSON", value)
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                Str(self.max_string).check(item, where)
            elif isinstance(item, dict):
                for key, inner in item.items():
                    Str(self.max_string).check(key, where)
                    stack.append(inner)
            elif isinstance(item, list):
                stack.extend(item)
        return value


class Custom(Field):
    """A check written as a function (for the few rules a table cannot say)."""

    def __init__(self, function: Callable[[Any, str], Any]) -> None:
        self.function = function

    def check(self, value: Any, where: str) -> Any:
        return self.function(value, where)
