"""Figures in a calculation that come from nowhere: asked about once before the call runs.

A small model asked for "the cost of 7 chairs" may call the calculator with a price it made up
(``7 * 1000``) instead of looking the price up. Before a calculator call runs, its numbers are
checked against the task and the results seen so far in it; a number found in neither (and
not a small everyday constant) gets a result that says so instead of a sum. A small number
counts too when the call leaves out a figure of the task (``3200 * 4`` for "5 hours"): the
model put its own quantity in place of the one asked about. The same call made again runs: the
model may know better (a figure written in words, a unit conversion).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from chatapp.core.engine import ToolCall

GROUNDED_TOOLS = frozenset({"calculator"})
EVERYDAY = frozenset(str(n) for n in (*range(0, 13), 24, 60, 100, 365))
# Figures a calculation or an answer may leave out: "1 hour at 3,200 yen" asks nothing of 1.
NEUTRAL = frozenset({"0", "1"})
_UNITS = {"千": "1000", "万": "10000", "億": "100000000"}
# A number written right after a Latin letter is part of a name (M6 bolts, room B2, A4 paper).
_NUMBER = re.compile(r"(?<![A-Za-z\d.])\d[\d,]*(?:\.\d+)?")
UNSEEN_NOTE = (
    "Not calculated: {figures} appear{s} nowhere in the task or in the results so far. Look "
    "the figure up first ({how}), then calculate with it; or, if it is right, make the same "
    "call again."
)
LEFT_OUT_NOTE = (
    "Not calculated: the task's {figures} {are} not in this calculation, which uses {unseen} "
    "instead ({unseen} {appear} nowhere in the task or in the results). Calculate with the "
    "task's {figures}."
)


def _plain(number: str) -> str:
    text = number.replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


def figures(text: str) -> set[str]:
    """The numbers written in ``text``, without thousands separators (12,800 → 12800), in
    ASCII digits (３５４ → 354); 千, 万 and 億 give their values (3万円 → 3 and 10000); a
    digit after a Latin letter names something (M6) and is not read."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", "")
    found = {_plain(n) for n in _NUMBER.findall(text)}
    return found | {value for unit, value in _UNITS.items() if unit in text}


def _argument_text(arguments: str) -> str:
    try:
        values = json.loads(arguments or "{}")
    except ValueError:
        return ""
    return " ".join(str(v) for v in values.values()) if isinstance(values, dict) else ""


def found_in(result: str, call: ToolCall) -> str:
    """What a lookup's result found: its text without the call's own words echoed back (a
    search for "room B for 5 hours" does not find the 5). A calculation is kept whole."""
    if call.name in GROUNDED_TOOLS:
        return result
    try:
        values = json.loads(call.arguments or "{}")
    except ValueError:
        return result
    if isinstance(values, dict):
        for value in values.values():
            if isinstance(value, str) and value.strip():
                result = result.replace(value, " ")
    return result


def left_out_figures(arguments: str, known: Sequence[str]) -> list[str]:
    """The task's (``known[0]``) figures in neither the call nor the results so far."""
    text = _argument_text(arguments)
    if not text or not known:
        return []
    elsewhere = set().union(figures(text), *(figures(k) for k in known[1:]))
    return sorted(figures(known[0]) - elsewhere - NEUTRAL, key=lambda n: known[0].find(n))


def unseen_figures(arguments: str, known: Sequence[str]) -> list[str]:
    """Numbers in a call's arguments found in none of ``known`` (the task, then the results):
    everyday constants pass unless the call leaves out one of the task's figures."""
    text = _argument_text(arguments)
    seen = set().union(*(figures(k) for k in known)) if known else set()
    unseen = figures(text) - seen - NEUTRAL
    if not left_out_figures(arguments, known):
        unseen -= EVERYDAY
    return sorted(unseen, key=lambda n: text.find(n))


def grounding_note(arguments: str, known: Sequence[str], lookups: Sequence[str] = ()) -> str:
    """The result instead of a sum for a call with figures from nowhere, "" to run it."""
    unseen = unseen_figures(arguments, known)
    if not unseen:
        return ""
    left = left_out_figures(arguments, known)
    if not left:
        return unseen_note(unseen, lookups)
    return LEFT_OUT_NOTE.format(
        figures=", ".join(left),
        are="is" if len(left) == 1 else "are",
        unseen=", ".join(unseen),
        appear="appears" if len(unseen) == 1 else "appear",
    )


def unseen_note(unseen: list[str], lookups: Sequence[str] = ()) -> str:
    """The result instead of a sum; ``lookups``: the offered tools that find facts."""
    how = "call " + " or ".join(lookups) if lookups else "with a tool"
    return UNSEEN_NOTE.format(figures=", ".join(unseen), s="s" if len(unseen) == 1 else "", how=how)


def grounding_check(
    call: ToolCall, known: Sequence[str], lookups: Sequence[str]
) -> tuple[str, bool]:
    """The note for a calculation with figures from nowhere ("" to run it, and for other
    tools), and whether the next step must calculate again (it left out a task's figure)."""
    if call.name not in GROUNDED_TOOLS:
        return "", False
    note = grounding_note(call.arguments, known, lookups)
    return note, bool(note) and bool(left_out_figures(call.arguments, known))
