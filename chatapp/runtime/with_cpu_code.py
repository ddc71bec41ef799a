"""Run a Python module with llama.cpp's CPU code loaded first.

Kotoba's llama-cpp-python carries its CPU code as one library per x86-64 level
(docs/cpu-variants.md), which llama.cpp does not load by itself. A program that uses the wheel
directly, such as llama-cpp-python's own server, is started through this module::

    python -m chatapp.runtime.with_cpu_code llama_cpp.server --model FILE --port 8000
"""

from __future__ import annotations

import importlib.util
import runpy
import sys

from chatapp.runtime.cpu_variant import CpuVariantError, ensure_cpu_code


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m chatapp.runtime.with_cpu_code MODULE [ARG...]", file=sys.stderr)
        return 2
    try:
        ensure_cpu_code()
    except CpuVariantError as exc:
        print(f"CPU code: {exc}", file=sys.stderr)
        return 2
    try:
        found = importlib.util.find_spec(argv[0]) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        print(f"no Python module named {argv[0]!r}", file=sys.stderr)
        return 2
    sys.argv = argv
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
