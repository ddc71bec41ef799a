"""The calculator's bounds: work is refused before it is done, with an error a UI can word."""

from __future__ import annotations

import math
from fractions import Fraction

MAX_LENGTH = 1000  # characters of input
MAX_DEPTH = 64  # nested parentheses, unary signs and powers
MAX_DIGITS = 4000  # of any number met on the way (Python prints ints up to 4,300 digits)
MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))


class CalcError(ValueError):
    """A refused or invalid expression; ``code`` and ``params`` let a UI word it."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


def bits(value: Fraction) -> int:
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def too_big(size_bits: float) -> CalcError:
    digits = int(size_bits * math.log10(2)) + 1
    return CalcError(
        "too_big",
        f"the result would be too large (about {digits:,} digits); "
        f"the calculator stops at {MAX_DIGITS:,} digits",
        digits=digits,
        limit=MAX_DIGITS,
    )


def checked(value: Fraction) -> Fraction:
    if bits(value) > MAX_BITS:
        raise too_big(bits(value))
    return value
