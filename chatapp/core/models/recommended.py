"""The curated list of recommended models that ships with the app (shown even offline)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path

from chatapp.core.models.memory import RUNTIME_OVERHEAD_BYTES, available_bytes

RESOURCE = Path(__file__).resolve().parents[3] / "resources" / "recommended_models.json"
# Without the header, the KV cache at a default context is estimated as a share of the weights.
KV_SHARE = 0.15
FITS, TIGHT, TOO_BIG, UNKNOWN = "fits", "tight", "too_big", "unknown"


@dataclass(frozen=True)
class Recommended:
    repo: str
    file: str
    size: int
    license: str
    summary_en: str
    summary_ja: str = ""
    good_at_japanese: bool = False
    released: str = ""
    params: str = ""
    source: str = ""
    size_note: str = ""
    mmproj: str = ""  # a vision model's projector file in the same repository
    vision: bool = False

    @property
    def summary(self) -> str:
        return self.summary_en

    def summary_for(self, language: str) -> str:
        return self.summary_ja if language == "ja" and self.summary_ja else self.summary_en

    def fit(self, available: int | None = None) -> str:
        """FITS, TIGHT, TOO_BIG or UNKNOWN: a code the interface words in its language."""
        have = available_bytes() if available is None else available
        need = self.size * (1 + KV_SHARE) + RUNTIME_OVERHEAD_BYTES
        if not have:
            return UNKNOWN
        return FITS if need <= 0.75 * have else TIGHT if need <= have else TOO_BIG


def load_recommended(path: Path = RESOURCE, language: str = "en") -> list[Recommended]:
    """The list, smallest first; in Japanese, the models good at Japanese come first."""
    names = {f.name for f in fields(Recommended)}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        models = [
            Recommended(**{k: v for k, v in entry.items() if k in names})
            for entry in data["models"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    models.sort(key=lambda m: m.size)
    if language == "ja":
        models.sort(key=lambda m: not m.good_at_japanese)  # stable: still smallest first
    return models
