"""``python -m bench [GROUP ...]``: run benchmark groups, print a table, update results.json."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

GROUPS = {
    "runtime": "bench.runtime",
    "context": "bench.context",
    "store": "bench.store",
    "ui": "bench.ui",
    "models": "bench.models",
    "cpu": "bench.cpu",
}
RESULTS = Path(__file__).with_name("results.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("groups", nargs="*", help=f"groups to run (default: all of {list(GROUPS)})")
    args = parser.parse_args(argv)
    groups = args.groups or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    results: dict[str, float | str] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for group in groups:
        print(f"running {group}…", file=sys.stderr, flush=True)
        figures = importlib.import_module(GROUPS[group]).run()
        results.update(figures)
        width = max(len(k) for k in figures)
        print(f"\n[{group}]")
        for name, value in figures.items():
            print(f"  {name:<{width}}  {value}")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
