"""An answer that leaves out the request's own figures: asked about once.

A small model asked "what do 7 chairs cost?" may look the price up and answer with the price
of one. When the calculator is offered, an answer is checked before it is taken: if every
figure in it was copied from the results, and a figure of the request is neither in the
answer nor in a calculation of the task, the answer is kept as a step, and the model's next
step is a calculator call (the request names the tool), told which figure it left out. The
step after that is its own again, and no answer is held twice.

An answer whose only figures are the request's own ("I need to find the cost of 12 boxes"),
given before anything was calculated, is held the same way: it restates the task instead of
answering it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chatapp.core.agent.grounding import NEUTRAL, figures

UNUSED_NOTE = (
    "Your answer does not use {figures} from my request. Calculate the answer with the "
    "calculator, from {it} and the figures you found."
)


RESTATED_NOTE = (
    "Your answer gives no result: its only figures ({figures}) are the ones in my request. "
    "Calculate the answer with the calculator, from {them} and the figures you found."
)


def unused_request_figures(
    request: str, answer: str, results: Sequence[str], calculations: Sequence[str] = ()
) -> list[str]:
    """The request's figures an answer made only of copied figures leaves out ([] when the
    answer has no figure, or one of its own, or uses them all); ``calculations``: the
    calculator's results in the task, whose figures count as used."""
    said = figures(answer)
    seen = set().union(*(figures(r) for r in results)) if results else set()
    if not said or not said <= seen:
        return []
    asked = figures(request) - NEUTRAL
    used = set().union(*(figures(c) for c in calculations)) if calculations else set()
    return sorted(asked - said - used, key=lambda n: request.find(n))


def restated_request_figures(
    request: str, answer: str, results: Sequence[str], calculations: Sequence[str] = ()
) -> list[str]:
    """The request's figures an answer only repeats: [] unless it has figures, all of them
    the request's, the results so far hold figures and nothing was calculated in the task."""
    said = figures(answer)
    if not said or calculations or not any(figures(r) for r in results):
        return []
    return sorted(said, key=lambda n: request.find(n)) if said <= figures(request) else []


def answer_check(
    request: str, answer: str, results: Sequence[str], calculations: Sequence[str] = ()
) -> dict[str, list[str]]:
    """Why an answer is held (``{"unused": […]}`` or ``{"restated": […]}``), {} to take it."""
    unused = unused_request_figures(request, answer, results, calculations)
    if unused:
        return {"unused": unused}
    restated = restated_request_figures(request, answer, results, calculations)
    return {"restated": restated} if restated else {}


def check_note(check: dict[str, list[str]]) -> str:
    """The question put to the model on a held answer."""
    if "restated" in check:
        them = check["restated"]
        return RESTATED_NOTE.format(
            figures=", ".join(them), them="it" if len(them) == 1 else "them"
        )
    return unused_note(check.get("unused", []))


def unused_note(unused: Sequence[str]) -> str:
    it = "it" if len(unused) == 1 else "them"
    return UNUSED_NOTE.format(figures=", ".join(unused), it=it)


def after_held_answer(
    messages: Sequence[dict[str, Any]], answer: str, question: str
) -> list[dict[str, Any]]:
    """``messages`` with ``question`` as a user turn right after the held ``answer`` (as it is
    when left out of the prompt by now)."""
    out = [dict(m) for m in messages]
    for i in range(len(out) - 1, -1, -1):
        m = out[i]
        held = m.get("role") == "assistant" and not m.get("tool_calls")
        if held and str(m.get("content") or "").strip() == answer:
            out.insert(i + 1, {"role": "user", "content": question})
            break
    return out
