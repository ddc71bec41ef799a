"""Auto speculative decoding: per kind of request, the method this machine measured fastest.

Every method gives the same greedy tokens (``speculative.greedy_tokens``), so Auto can learn
on real replies: while a kind of request has too few measured tokens for some method, its
replies take turns in segments of ``SEGMENT`` tokens (plain, prompt lookup, the draft model)
and the rounds' times are added up. Once every method has ``CALIBRATION_TOKENS``, the fastest
is used (a guessing method only when it beats plain by ``MARGIN``), and the figures are kept in
a JSON file per model, draft and machine, so the next load knows at once. Within a reply, a
``Throttle`` stops guessing for a while when too few guesses are kept (a translation copies
little of its prompt), which is the fall-back to plain decoding.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chatapp.runtime.speculative import Drafter, Fixed

KINDS = ("chat", "paste")
METHODS = ("plain", "lookup", "draft")
# A last user message this long holds a pasted text (code to edit, a paragraph to translate):
# the kind of request where copying from the prompt can pay.
PASTE_CHARS = 800
CALIBRATION_TOKENS = 48  # tokens each method decodes for a kind before Auto decides
SEGMENT = 16  # tokens in a row with one method while calibrating
MARGIN = 1.05  # a guessing method must be this much faster than plain to be chosen
KEEP_TOKENS = 4000  # past this, old figures weigh half (the machine's load changes)


def request_kind(messages: Sequence[dict[str, Any]]) -> str:
    """ "paste" when the last user message is long, else "chat"."""
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # parts: count the text ones
                content = " ".join(str(p.get("text") or "") for p in content if isinstance(p, dict))
            return "paste" if len(str(content or "")) >= PASTE_CHARS else "chat"
    return "chat"


def machine_key(n_threads: int, cpu_variant: str) -> str:
    """What makes decoding speeds on one machine comparable: its CPU, cores, code, threads."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}|{os.cpu_count()}cpu|{cpu_variant}|{n_threads}t"


@dataclass
class Calibration:
    """Measured decoding speeds per kind and method: ``rates[kind][method] = [tokens, s]``."""

    path: Path | None
    key: str
    rates: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path | None, key: str) -> Calibration:
        rates: dict[str, dict[str, list[float]]] = {}
        if path is not None:
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))["entries"][key]
                rates = {
                    str(k): {str(m): [float(v[0]), float(v[1])] for m, v in ms.items()}
                    for k, ms in entry.items()
                }
            except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
                rates = {}
        return cls(path, key, rates)

    def add(self, kind: str, method: str, tokens: int, seconds: float) -> None:
        if tokens <= 0 or seconds <= 0:
            return
        entry = self.rates.setdefault(kind, {}).setdefault(method, [0.0, 0.0])
        entry[0] += tokens
        entry[1] += seconds
        if entry[0] > KEEP_TOKENS:
            entry[0] /= 2
            entry[1] /= 2
        self.changed = True

    def measured(self, kind: str, method: str) -> float:
        return self.rates.get(kind, {}).get(method, [0.0, 0.0])[0]

    def rate(self, kind: str, method: str) -> float:
        """Tokens per second, 0 when not measured."""
        tokens, seconds = self.rates.get(kind, {}).get(method, [0.0, 0.0])
        return tokens / seconds if seconds > 0 else 0.0

    def decision(self, kind: str, methods: Sequence[str]) -> str | None:
        """The method for ``kind``, None while some method is not measured enough."""
        if any(self.measured(kind, m) < CALIBRATION_TOKENS for m in methods):
            return None
        plain = self.rate(kind, "plain")
        best = max(
            (m for m in methods if m != "plain"), key=lambda m: self.rate(kind, m), default=""
        )
        return best if best and self.rate(kind, best) >= MARGIN * plain else "plain"

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data.get("entries"), dict):
                raise ValueError
        except (OSError, ValueError, AttributeError):
            data = {"version": 1, "entries": {}}
        data["entries"][self.key] = self.rates
        partial = self.path.with_name(self.path.name + ".part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(partial, self.path)
            self.changed = False
        except OSError:
            pass  # figures not kept: Auto measures again after the next load


@dataclass
class Throttle:
    """After ``window`` guessing rounds that kept less than ``min_rate`` of their guesses,
    decode ``pause`` tokens plainly, then guess again."""

    min_rate: float
    window: int = 4
    pause: int = 32
    _recent: list[tuple[int, int]] = field(default_factory=list)
    _paused_until: int = 0

    def allow(self, n_out: int) -> bool:
        return n_out >= self._paused_until

    def record(self, n_out: int, drafted: int, kept: int) -> None:
        if not drafted:
            return
        self._recent = [*self._recent[-(self.window - 1) :], (drafted, kept)]
        drafted_all = sum(r[0] for r in self._recent)
        if len(self._recent) >= self.window and sum(r[1] for r in self._recent) < (
            self.min_rate * drafted_all
        ):
            self._paused_until = n_out + self.pause
            self._recent = []


# Below these shares of kept guesses a method costs more than it saves: a lookup guess only
# widens the target's batch, a draft guess also costs a decode of the draft model.
MIN_KEPT = {"lookup": 0.25, "draft": 0.5}


class AutoPolicy:
    """``speculative.Policy`` for Auto: calibrate, then the kind's best method, throttled."""

    def __init__(self, calibration: Calibration, kind: str, drafters: dict[str, Drafter]) -> None:
        self.calibration = calibration
        self.kind = kind
        self.drafters = drafters
        self.methods = ["plain", *drafters]
        self.decided = calibration.decision(kind, self.methods)
        self.throttle = Throttle(MIN_KEPT.get(self.decided or "", 0.3))
        self._segment = ("plain", 0)  # the method being calibrated and its tokens left
        self._n_out = 0
        self.label = f"auto:{self.decided or 'calibrating'}"  # what the reply used

    def _calibrating(self) -> str:
        method, left = self._segment
        if left <= 0:
            method = min(self.methods, key=lambda m: self.calibration.measured(self.kind, m))
            self._segment = (method, SEGMENT)
        return method

    def drafter(self, n_out: int) -> Drafter | None:
        self._n_out = n_out
        if self.decided is None:
            method = self._calibrating()
        elif self.decided != "plain" and self.throttle.allow(n_out):
            method = self.decided
        else:
            method = "plain"
        return self.drafters.get(method)

    def record(
        self, drafter: Drafter | None, drafted: int, kept: int, produced: int, seconds: float
    ) -> None:
        method = next((m for m, d in self.drafters.items() if d is drafter), "plain")
        self.calibration.add(self.kind, method, produced, seconds)
        if self.decided is None:
            name, left = self._segment
            self._segment = (name, left - produced)
            self.decided = self.calibration.decision(self.kind, self.methods)
            if self.decided is not None:
                self.throttle = Throttle(MIN_KEPT.get(self.decided, 0.3))
        elif drafter is not None:
            self.throttle.record(self._n_out, drafted, kept)


@dataclass
class MeasuredFixed(Fixed):
    """One method chosen by the user, measuring as it goes: a round that guessed nothing is
    a plain decode, so its time is plain decoding's here (the status bar's "× plain speed",
    and a head start for Auto on this model and machine)."""

    calibration: Calibration | None = None
    kind: str = "chat"

    def record(
        self, drafter: Drafter | None, drafted: int, kept: int, produced: int, seconds: float
    ) -> None:
        if self.calibration is not None and drafted == 0:
            self.calibration.add(self.kind, "plain", produced, seconds)
