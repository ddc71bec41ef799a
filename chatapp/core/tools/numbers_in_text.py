"""The numbers a text writes, however people write them: ``49,206``, ``４９２０６``,
``4万9206``, ``1億``, ``73.50`` — to see whether a reply states a result."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_NUMBER = re.compile(
    r"(?<![\d.])(?:(\d[\d,]*(?:\.\d+)?)\s*億)?\s*(?:(\d[\d,]*(?:\.\d+)?)\s*万)?"
    r"\s*(?:(\d[\d,]*(?:\.\d+)?)\s*千)?\s*(\d[\d,]*(?:\.\d+)?)?"
)


def _decimal(text: str | None) -> Fraction:
    if not text:
        return Fraction(0)
    digits = text.replace(",", "")
    try:
        return Fraction(Decimal(digits))
    except (InvalidOperation, ValueError):
        return Fraction(0)


def numbers_in(text: str) -> list[Fraction]:
    """The numbers a reply writes: ``49,206``, ``４９２０６``, ``4万9206``, ``1億``, ``73.50``."""
    out: list[Fraction] = []
    for match in _NUMBER.finditer(
        unicodedata.normalize("NFKC", text).replace("、", ",").replace("，", ",")
    ):
        oku, man, sen, rest = match.groups()
        if not any((oku, man, sen, rest)):
            continue
        if rest and not (oku or man or sen) and re.search(r",\d{1,2}(?!\d)", rest):
            # "3,5" is two numbers in a list, not one with a separator
            out.extend(_decimal(part) for part in rest.split(",") if part)
            continue
        value = (
            _decimal(oku) * 100_000_000
            + _decimal(man) * 10_000
            + _decimal(sen) * 1_000
            + _decimal(rest)
        )
        out.append(value)
        if oku or man or sen:  # "5万" also stands alone, and so do the parts
            out.extend(_decimal(p) for p in (oku, man, sen, rest) if p)
    return out
