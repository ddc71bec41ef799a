"""A generated folder of text files, many chunks long (indexing, cancelling, killing)."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "harbour", "lantern", "keeper", "granite", "village", "tram", "ticket", "festival", "river",
    "bridge", "market", "winter", "bakery", "starter", "flour", "weather", "cloud", "thunder",
    "library", "garden", "orchard", "ferry", "island", "station",
]  # fmt: skip


def write_corpus(folder: Path, files: int = 6, paragraphs: int = 8, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        paras = []
        for p in range(paragraphs):
            sentences = [
                " ".join(rng.choices(WORDS, k=rng.randint(8, 16))).capitalize() + "."
                for _ in range(rng.randint(4, 7))
            ]
            paras.append(f"Part {f}-{p}. " + " ".join(sentences))
            if p % 2:
                paras.append(f"第{f}章{p}節。" + "港の灯台は夜ごとに光った。" * rng.randint(3, 8))
        (folder / f"file{f:02d}.md").write_text("\n\n".join(paras), encoding="utf-8")
    return folder
