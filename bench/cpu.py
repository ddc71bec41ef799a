"""Group ``cpu``: llama.cpp's CPU code chosen at run time against the AVX2-only code.

Both sides are the same wheel, model (Gemma 3 270M Q4_K_M), thread count (1), 1,500-token prompt
and 256 tokens decoded one at a time: "dispatched" lets the runtime choose (on an AVX-512 machine,
zen4 or another AVX-512 variant), "avx2" forces ``KOTOBA_CPU_VARIANT=haswell``. The haswell variant
is built with exactly the flags of the project's former AVX2-only wheel (AVX, F16C, AVX2, BMI2,
FMA) from the same sources, so it stands in for that wheel; docs/cpu-variants.md has the check
against the old wheel itself (``KOTOBA_BENCH_OLD_WHEEL_PYTHON`` adds it as a third side).

Each measurement runs in a fresh process, since a process loads one variant. The sides alternate
for ``ROUNDS`` rounds and each keeps its best round. Speeds are tokens per CPU-second of the
process: this machine's two cores are shared by other sessions, which wall time would measure
as much as our code (the wall-time ratios are reported beside them). Decoding is timed in
windows of 32 tokens and a round counts its fastest window: decoding waits on memory, which a
neighbour's burst slows for a moment (``decode_tps_ratio_mean`` compares whole runs instead).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.common import gemma_model

ROOT = Path(__file__).resolve().parents[1]
THREADS = 1
PROMPT_TOKENS = 1500
DECODE_TOKENS = 256
ROUNDS = 4
AVX2_VARIANT = "haswell"


def measure(python: str, variant: str | None) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KOTOBA_CPU_VARIANT", None)
    if variant:
        env["KOTOBA_CPU_VARIANT"] = variant
    out = subprocess.run(
        [python, "-m", "bench.cpu_child", str(gemma_model()), str(THREADS), str(PROMPT_TOKENS),
         str(DECODE_TOKENS)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def best(runs: list[dict[str, object]], key: str) -> float:
    return max(float(r[key]) for r in runs)  # type: ignore[arg-type]


def run() -> dict[str, float | str]:
    sides: dict[str, tuple[str, str | None]] = {
        "dispatched": (sys.executable, None),
        "avx2": (sys.executable, AVX2_VARIANT),
    }
    old_wheel = os.environ.get("KOTOBA_BENCH_OLD_WHEEL_PYTHON")
    if old_wheel:
        sides["old_wheel"] = (old_wheel, None)
    runs: dict[str, list[dict[str, object]]] = {side: [] for side in sides}
    for _ in range(ROUNDS):
        for side, (python, variant) in sides.items():
            runs[side].append(measure(python, variant))
    auto, avx2 = runs["dispatched"], runs["avx2"]
    figures: dict[str, float | str] = {
        "cpu_variant_auto": str(auto[0]["variant"]),
        "cpu_threads": THREADS,
        "cpu_prompt_tokens": PROMPT_TOKENS,
    }
    for what in ("prompt", "decode"):
        fast, slow = best(auto, f"{what}_cpu_tps"), best(avx2, f"{what}_cpu_tps")
        figures[f"{what}_cpu_tps_dispatched"] = round(fast, 1)
        figures[f"{what}_cpu_tps_avx2"] = round(slow, 1)
        figures[f"{what}_tps_ratio"] = round(fast / slow, 3)
        figures[f"{what}_tps_ratio_wall"] = round(
            best(auto, f"{what}_tps") / best(avx2, f"{what}_tps"), 3
        )
        if what == "decode":
            figures["decode_tps_ratio_mean"] = round(
                best(auto, "decode_cpu_tps_mean") / best(avx2, "decode_cpu_tps_mean"), 3
            )
        if old_wheel:
            old = best(runs["old_wheel"], f"{what}_cpu_tps")
            figures[f"{what}_cpu_tps_old_wheel"] = round(old, 1)
            figures[f"{what}_tps_ratio_avx2_vs_old_wheel"] = round(slow / old, 3)
    return figures
