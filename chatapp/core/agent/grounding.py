"""Figures in a calculation that come from nowhere: asked about once before the call runs.

A small model asked for "the cost of 7 chairs" may call the calculator with a price it made up
(``7 * 1000``) instead of looking the price up. Before a calculator call runs, its numbers are
checked against the task and the results seen so far in it; a number found in neither (and
not a small everyday constant) gets a result that says so instead of a sum. The same call made
again runs: the model may know better (a figure written in words, a unit conversion).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

GROUNDED_TOOLS = frozenset({"calculator"})
EVERYDAY = frozenset(str(n) for n in (*range(0, 13), 24, 60, 100, 365))
_UNITS = {"千": "1000", "万": "10000", "億": "100000000"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
UNSEEN_NOTE = (
    "Not calculated: {figures} appear{s} nowhere in the task or in the results so far. Look "
    "the figure up first ({how}), then calculate with it; or, if it is right, make the same "
    "call again."
)


def _plain(number: str) -> str:
    text = number.replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


def figures(text: str) -> set[str]:
    """The numbers written in ``text``, without thousands separators (12,800 → 12800), in
    ASCII digits (３５４ → 354); 千, 万 and 億 give their values (3万円 → 3 and 10000)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", "")
    found = {_plain(n) for n in _NUMBER.findall(text)}
    return found | {value for unit, value in _UNITS.items() if unit in text}


def unseen_figures(arguments: str, known: Iterable[str]) -> list[str]:
    """Numbers in a call's arguments found in none of ``known`` (nor everyday constants)."""
    try:
        values = json.loads(arguments or "{}")
    except ValueError:
        return []
    text = " ".join(str(v) for v in values.values()) if isinstance(values, dict) else ""
    seen = set().union(*(figures(k) for k in known)) if known else set()
    return sorted(figures(text) - seen - EVERYDAY, key=lambda n: text.find(n))


def unseen_note(unseen: list[str], lookups: Sequence[str] = ()) -> str:
    """The result instead of a sum; ``lookups``: the offered tools that find facts."""
    how = "call " + " or ".join(lookups) if lookups else "with a tool"
    return UNSEEN_NOTE.format(figures=", ".join(unseen), s="s" if len(unseen) == 1 else "", how=how)
