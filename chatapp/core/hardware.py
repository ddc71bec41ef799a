"""Facts about this machine that decide how a model runs: cores and memory."""

from __future__ import annotations

import os
from pathlib import Path


def physical_cores() -> int:
    """Cores, not hardware threads: llama.cpp runs fastest with one thread per core."""
    cpuinfo = Path("/proc/cpuinfo")
    try:
        text = cpuinfo.read_text()
    except OSError:
        text = ""
    cores: set[tuple[str, str]] = set()
    physical = core = ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "physical id":
            physical = value
        elif key == "core id":
            core = value
        elif not key and (physical or core):
            cores.add((physical, core))
            physical = core = ""
    if physical or core:
        cores.add((physical, core))
    logical = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    logical = logical or os.cpu_count() or 1
    # A VM may hide the topology (no core ids): then every logical CPU counts as a core.
    return max(1, min(len(cores), logical)) if cores else logical
