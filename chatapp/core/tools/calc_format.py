"""Writing exact results: grouped digits, exact decimals, fractions with an approximation."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

MAX_DECIMALS = 40  # an exact decimal longer than this is shown as a fraction too
APPROX_DIGITS = 16  # significant digits of an approximate value


def _group(digits: str) -> str:
    return f"{int(digits):,}" if digits else digits


def _decimal_places(denominator: int) -> int | None:
    """How many decimals 1/denominator needs, or None when it repeats for ever."""
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def _plain(value: Fraction, places: int, group: bool) -> str:
    sign = "-" if value < 0 else ""
    scaled = abs(value) * 10**places
    whole, fraction = divmod(int(scaled), 10**places)
    whole_text = _group(str(whole)) if group else str(whole)
    if places == 0:
        return sign + whole_text
    return f"{sign}{whole_text}.{str(fraction).rjust(places, '0')}"


def _approximate(value: Fraction, group: bool) -> str:
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value.numerator)) - math.log10(value.denominator))
    if -6 <= magnitude < APPROX_DIGITS:
        places = max(0, APPROX_DIGITS - 1 - magnitude)
        rounded = round(value, places)
        text = _plain(Fraction(rounded), places, group)
        return text.rstrip("0").rstrip(".") if "." in text else text
    with localcontext() as ctx:
        ctx.prec = APPROX_DIGITS
        number = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{number:.{APPROX_DIGITS - 1}e}"


def format_value(value: Fraction, exact: bool, group: bool = True) -> str:
    """49206 / "49,206"; 0.3; 1/3 ≈ 0.3333333333333333; ≈ 1.414213562373095."""
    if not exact:
        return "≈ " + _approximate(value, group)
    if value.denominator == 1:
        return _group(str(value.numerator)) if group else str(value.numerator)
    places = _decimal_places(value.denominator)
    if places is not None and places <= MAX_DECIMALS:
        return _plain(value, places, group)
    return f"{value.numerator}/{value.denominator} ≈ {_approximate(value, group)}"
