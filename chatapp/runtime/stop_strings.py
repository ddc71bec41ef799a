"""Hold back streamed text that might be the start of a stop string."""

from __future__ import annotations


class StopScanner:
    """Feed generated text; get back what is safe to show and whether a stop string was hit."""

    def __init__(self, stops: list[str] | tuple[str, ...]) -> None:
        self._stops = [s for s in stops if s]
        self._held = ""
        self.hit: str | None = None

    def feed(self, text: str) -> str:
        if self.hit is not None:
            return ""
        pending = self._held + text
        if not self._stops:
            self._held = ""
            return pending
        first = -1
        for stop in self._stops:
            at = pending.find(stop)
            if at != -1 and (first == -1 or at < first):
                first, self.hit = at, stop
        if first != -1:
            self._held = ""
            return pending[:first]
        keep = self._longest_stop_prefix_suffix(pending)
        self._held = pending[len(pending) - keep :] if keep else ""
        return pending[: len(pending) - keep]

    def flush(self) -> str:
        """At the end of generation: the held-back text was not a stop string after all."""
        held, self._held = self._held, ""
        return "" if self.hit is not None else held

    def _longest_stop_prefix_suffix(self, text: str) -> int:
        best = 0
        for stop in self._stops:
            for n in range(min(len(stop) - 1, len(text)), best, -1):
                if text.endswith(stop[:n]):
                    best = n
                    break
        return best
