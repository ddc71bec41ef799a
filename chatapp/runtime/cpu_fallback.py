"""Falling back to lower CPU code when the chosen one crashes this machine's runtime.

The runtime process picks the best CPU variant the CPU and the OS say they run
(``cpu_variant.py``). A machine can still lie: a virtual machine that advertises AMX and kills
the process on its first AMX instruction is why AMX is never built. Should another variant ever
die the same way, the client notices the pattern — SIGILL, SIGSEGV or SIGBUS during the
process's first reply, with a variant chosen automatically and never seen decoding here — and
refuses that variant from then on: the next process starts with the next lower one.

The verdicts are kept in a small JSON file (the cache folder), keyed by the CPU's flags: moving
the data to another machine starts afresh. A variant that decoded once is trusted for good, so
a model that crashes for other reasons cannot walk the choice down.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from chatapp.runtime import protocol as p
from chatapp.runtime.cpu_variant import cpu_flags

log = logging.getLogger(__name__)

CRASH_SIGNALS = frozenset({"SIGILL", "SIGSEGV", "SIGBUS"})


def machine_key() -> str:
    """Identifies this CPU as the OS describes it (its flags)."""
    return hashlib.sha256(" ".join(sorted(cpu_flags())).encode()).hexdigest()[:16]


class CpuFallback:
    """What this machine taught us about CPU variants: refused ones and trusted ones."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.key = machine_key()
        self.refused: list[str] = []
        self.trusted: list[str] = []
        self._read()

    def _read(self) -> None:
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("machine") != self.key:
            return
        self.refused = [str(n) for n in data.get("refused", []) if isinstance(n, str)]
        self.trusted = [str(n) for n in data.get("trusted", []) if isinstance(n, str)]

    def _write(self) -> None:
        if self.path is None:
            return
        data = {"machine": self.key, "refused": self.refused, "trusted": self.trusted}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:  # remembering is a convenience; this session still falls back
            log.warning("cannot save %s: %s", self.path, exc)

    def decoded(self, ready: p.Ready) -> None:
        """The process decoded with its variant: trust it from now on."""
        if ready.cpu_variant and ready.cpu_variant not in self.trusted:
            self.trusted.append(ready.cpu_variant)
            self._write()

    def crashed(self, ready: p.Ready, signal_name: str | None, first_reply: bool) -> str | None:
        """The process died; returns the variant the next process will use if we fall back."""
        variant = ready.cpu_variant
        if (
            signal_name not in CRASH_SIGNALS
            or not first_reply
            or not variant
            or ready.cpu_forced
            or variant in self.trusted
            or variant in self.refused
        ):
            return None
        candidates = list(ready.cpu_candidates)
        if variant not in candidates or candidates.index(variant) == 0:
            return None  # nothing lower to try
        lower = [n for n in candidates[: candidates.index(variant)] if n not in self.refused]
        if not lower:
            return None
        self.refused.append(variant)
        self._write()
        log.warning(
            "CPU code %s crashed the runtime (%s); using %s", variant, signal_name, lower[-1]
        )
        return lower[-1]
