"""``python -m bench [GROUP ...]``: run benchmark groups, print a table, update results.json.

Every group's figures are stamped with the run they came from (commit, whether the tree had
uncommitted changes, date, machine load): a figure is only ever quoted with its stamp, and
``make bench`` runs every group in one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GROUPS = {
    "runtime": "bench.runtime",
    "context": "bench.context",
    "chat_e2e": "bench.chat_e2e",
    "store": "bench.store",
    "ui": "bench.ui",
    "models": "bench.models",
    "engines": "bench.engines",
    "docs": "bench.docs",
    "tools": "bench.tools",
    "agent": "bench.agent",
    "quant": "bench.quant",
    "cpu": "bench.cpu",
    "spec": "bench.spec",
}
RESULTS = Path(__file__).with_name("results.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("groups", nargs="*", help=f"groups to run (default: all of {list(GROUPS)})")
    parser.add_argument("--in-process", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_process:  # a child: one group, its figures to FILE
        (group,) = args.groups
        figures = importlib.import_module(GROUPS[group]).run()
        Path(args.in_process).write_text(json.dumps(figures))
        return 0
    groups = args.groups or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    results = load_results()
    run = stamp()
    print(f"run {run['run']} at {run['commit'][:12]}{' (dirty)' if run['dirty'] else ''}")
    for group in groups:
        print(f"running {group}…", file=sys.stderr, flush=True)
        started = time.monotonic()
        figures = run_alone(group)
        group_stamp = {
            **run,
            "load_avg": os.getloadavg()[0],
            "seconds": round(time.monotonic() - started, 1),
        }
        results["groups"][group] = {"stamp": group_stamp, "figures": figures}
        width = max(len(k) for k in figures)
        print(f"\n[{group}]")
        for name, value in figures.items():
            print(f"  {name:<{width}}  {value}")
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {RESULTS}")
    return 0


def run_alone(group: str) -> dict[str, Any]:
    """One group in a fresh process: what an earlier group imported or warmed up cannot make a
    later one look faster (the ui group, run after the others, hid its first-use stalls)."""
    with tempfile.TemporaryDirectory(prefix="kotoba-bench-") as tmp:
        out = Path(tmp) / "figures.json"
        cmd = [sys.executable, "-m", "bench", "--in-process", str(out), group]
        subprocess.run(cmd, check=True, cwd=Path(__file__).resolve().parents[1])
        figures: dict[str, Any] = json.loads(out.read_text())
        return figures


def load_results() -> dict[str, Any]:
    try:
        data = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        data = {}
    if not isinstance(data.get("groups"), dict):  # the old unstamped format: start over
        data = {"groups": {}}
    return data


def stamp() -> dict[str, Any]:
    """Which code produced the figures, and when."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        try:
            out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        except OSError:
            return ""
        return out.stdout.strip()

    return {
        "run": dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
        "commit": git("rev-parse", "HEAD") or "unknown",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    raise SystemExit(main())
