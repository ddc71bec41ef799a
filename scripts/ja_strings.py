"""Japanese translations of the user interface, by source string (used by scripts/translate.py).

Each feature keeps its strings in its own module under ``scripts/ja/`` (a module defines ``JA``);
this merges them. A string translated twice must be translated the same way.
"""

from __future__ import annotations

import importlib
from pathlib import Path

JA: dict[str, str] = {}
for _module in sorted((Path(__file__).parent / "ja").glob("*.py")):
    if _module.stem == "__init__":
        continue
    _table = importlib.import_module(f"ja.{_module.stem}").JA
    for _source, _text in _table.items():
        if JA.get(_source, _text) != _text:
            raise ValueError(f"{_source!r} is translated two ways ({_module.name})")
        JA[_source] = _text
