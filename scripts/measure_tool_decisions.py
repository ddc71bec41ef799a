"""How often a model calls a tool when it should, and leaves tools alone when it should not.

    .venv/bin/python scripts/measure_tool_decisions.py MODEL.gguf [--threads N]

Runs a fixed question set through the runtime with the calculator and the clock offered
(greedy) and prints each decision and the totals (docs/tools.md records the figures).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chatapp.core.tools.builtin import builtin_tools
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient

NEEDS_A_TOOL = [
    "What is 354 * 139?",
    "How much is 12.5 times 8?",
    "What is 17% of 2500?",
    "Calculate 1234 + 5678.",
    "What day is it today?",
    "How many days until 2027-01-01?",
]
NEEDS_NONE = [
    "What is the capital of Japan?",
    "Hello!",
    "Write a haiku about cats.",
    "Who wrote Hamlet?",
    "Tell me a joke.",
    "What is photosynthesis?",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    tools = tuple(t.schema() for t in builtin_tools())
    client = RuntimeClient()
    try:
        client.load(args.model, 2048, n_threads=args.threads)
        right = {True: 0, False: 0}
        for question in NEEDS_A_TOOL + NEEDS_NONE:
            should = question in NEEDS_A_TOOL
            messages = (
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": question},
            )
            request = p.GenerateRequest(
                client.next_id(), messages, p.Sampling(temperature=0.0, max_tokens=48), tools=tools
            )
            started = time.perf_counter()
            done = client.call(request, timeout=None)
            assert isinstance(done, p.GenerationDone)
            calls = [f"{c['name']}({c['arguments']})" for c in done.tool_calls]
            right[should] += bool(calls) == should
            shown = "; ".join(calls) if calls else "answers: " + json.dumps(done.text[:60])
            took = time.perf_counter() - started
            print(f"{'tool' if should else 'none'}\t{question}\t{shown}\t{took:.1f} s", flush=True)
        print(f"calls when needed: {right[True]}/{len(NEEDS_A_TOOL)}; "
              f"no call when not: {right[False]}/{len(NEEDS_NONE)}")  # fmt: skip
    finally:
        client.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
