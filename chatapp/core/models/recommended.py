"""The curated list of recommended models that ships with the app (shown even offline)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.models.memory import RUNTIME_OVERHEAD_BYTES, available_bytes

RESOURCE = Path(__file__).resolve().parents[3] / "resources" / "recommended_models.json"
# Without the header, the KV cache at a default context is estimated as a share of the weights.
KV_SHARE = 0.15


@dataclass(frozen=True)
class Recommended:
    repo: str
    file: str
    size: int
    license: str
    summary: str

    def fit(self, available: int | None = None) -> str:
        have = available_bytes() if available is None else available
        need = self.size * (1 + KV_SHARE) + RUNTIME_OVERHEAD_BYTES
        if not have:
            return "unknown"
        return "fits" if need <= 0.75 * have else "tight" if need <= have else "too_big"


def load_recommended(path: Path = RESOURCE) -> list[Recommended]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Recommended(**entry) for entry in data["models"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
