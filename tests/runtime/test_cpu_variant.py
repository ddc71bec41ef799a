"""Choosing, forcing and reporting llama.cpp's CPU backend variant (chatapp.runtime.cpu_variant)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chatapp.core.engine import LoadSpec
from chatapp.runtime import cpu_variant as cv
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from chatapp.runtime.local_engine import LocalEngine
from tests.support.cpu_variants import expected_auto_variant, shipped_or_fail

HASWELL = "fpu sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 bmi1 bmi2"
SAPPHIRE = HASWELL + (
    " avx_vnni avx512f avx512cd avx512vl avx512dq avx512bw avx512vbmi avx512_vnni avx512_bf16"
    " amx_tile amx_int8 amx_bf16"
)
ALL_SHIPPED = ["x64", "sse42", "haswell", "alderlake", "skylakex", "icelake", "zen4"]
XSTATE_AVX512 = 0x600E7  # this VM: x87, SSE, AVX, AVX-512 (3 components), AMX (2)


def flags(text: str) -> frozenset[str]:
    return cv.cpu_flags(f"processor\t: 0\nflags\t\t: {text}\n\nprocessor\t: 1\nflags\t: x\n")


def test_reads_the_first_processors_flags() -> None:
    assert flags("sse2 avx2") == {"sse2", "avx2"}
    assert cv.cpu_flags("no flags here") == frozenset()


def test_picks_the_best_shipped_variant_the_cpu_runs() -> None:
    assert cv.choose(ALL_SHIPPED, cv.usable(flags(SAPPHIRE), XSTATE_AVX512)) == "zen4"
    assert cv.choose(ALL_SHIPPED, cv.usable(flags(HASWELL), XSTATE_AVX512)) == "haswell"
    assert cv.choose(ALL_SHIPPED, cv.usable(flags("sse2 sse4_2"), None)) == "sse42"
    assert cv.choose(ALL_SHIPPED, cv.usable(flags("sse2"), None)) == "x64"
    # Cascade Lake has AVX-512 VNNI but not VBMI: icelake does not run, skylakex does
    cascade = flags(HASWELL + " avx512f avx512cd avx512vl avx512dq avx512bw avx512_vnni")
    assert cv.choose(ALL_SHIPPED, cv.usable(cascade, XSTATE_AVX512)) == "skylakex"


def test_avx512_needs_the_os_to_enable_its_registers() -> None:
    only_avx_state = 0x7  # x87, SSE, AVX: the kernel did not enable the AVX-512 state
    assert cv.choose(ALL_SHIPPED, cv.usable(flags(SAPPHIRE), only_avx_state)) == "alderlake"
    assert cv.choose(ALL_SHIPPED, cv.usable(flags(SAPPHIRE), 0x3)) == "sse42"


def test_amx_is_never_a_variant() -> None:
    assert not any(f.startswith("amx") for v in cv.VARIANTS.values() for f in v.flags)
    assert "sapphirerapids" not in cv.VARIANTS


def test_refused_variants_are_skipped_down_to_the_lowest() -> None:
    can = cv.usable(flags(SAPPHIRE), XSTATE_AVX512)
    assert cv.choose(ALL_SHIPPED, can, refused=("zen4",)) == "icelake"
    assert cv.choose(ALL_SHIPPED, can, refused=("zen4", "icelake")) == "skylakex"
    assert cv.choose(ALL_SHIPPED, can, refused=tuple(ALL_SHIPPED)) == "x64"  # something runs
    assert cv.choose(ALL_SHIPPED, can, "zen4", refused=("zen4",)) == "zen4"  # forced wins


def test_forcing_names_a_shipped_variant_the_cpu_runs() -> None:
    can = cv.usable(flags(HASWELL), XSTATE_AVX512)
    assert cv.choose(ALL_SHIPPED, can, "x64") == "x64"
    with pytest.raises(cv.CpuVariantError, match="not in this build"):
        cv.choose(ALL_SHIPPED, can, "cooperlake")
    with pytest.raises(cv.CpuVariantError, match="cannot run"):
        cv.choose(ALL_SHIPPED, can, "zen4")


def test_no_usable_variant_is_an_error() -> None:
    with pytest.raises(cv.CpuVariantError, match="no CPU backend"):
        cv.choose(["haswell"], cv.usable(flags("sse2"), None))


def test_shipped_lists_known_variant_files(tmp_path: Path) -> None:
    for name in ("libggml-cpu-haswell.so", "libggml-cpu-sapphirerapids.so", "libggml-base.so"):
        (tmp_path / name).touch()
    assert cv.shipped(tmp_path) == ["haswell"]


CHILD = """
import json, sys
import llama_cpp
from chatapp.core.engine import LoadSpec
from chatapp.runtime import cpu_variant as cv
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from chatapp.runtime.local_engine import LocalEngine
from tests.support.cpu_variants import expected_auto_variant
act = cv.activate()
llm = llama_cpp.Llama(sys.argv[1], n_ctx=128, n_threads=2, verbose=False)
text = llm("hello", max_tokens=4)["choices"][0]["text"]
print(json.dumps({"chosen": act.variant, "forced": act.forced, "active": cv.active_variant(),
                  "text": text}))
"""


def run_child(model: Path, variant: str | None) -> dict[str, object]:
    env = dict(os.environ)
    env.pop(cv.ENV_VAR, None)
    if variant:
        env[cv.ENV_VAR] = variant
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(model)],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def variants_shipped() -> list[str]:
    return shipped_or_fail(("x64",))


@pytest.mark.parametrize("forced", ["x64", "haswell"])
def test_forced_variant_runs_and_is_reported(
    tiny_q4: Path, variants_shipped: list[str], forced: str
) -> None:
    # x64 and haswell (AVX2) run on every x86-64 machine this project supports.
    assert forced in cv.usable(cv.cpu_flags(), cv.enabled_xstate()), f"this CPU cannot run {forced}"
    result = run_child(tiny_q4, forced)
    assert result == {**result, "chosen": forced, "forced": True, "active": forced}
    assert isinstance(result["text"], str)  # it decoded


def test_automatic_choice_is_the_best_usable(tiny_q4: Path, variants_shipped: list[str]) -> None:
    expected = cv.choose(variants_shipped, cv.usable(cv.cpu_flags(), cv.enabled_xstate()))
    result = run_child(tiny_q4, None)
    assert result["chosen"] == result["active"] == expected
    assert result["forced"] is False


FORCE_UNRUNNABLE = """
import json, sys
from chatapp.core.engine import LoadSpec
from chatapp.runtime import cpu_variant as cv
from chatapp.runtime import protocol as p
from chatapp.runtime.client import RuntimeClient, RuntimeError_
from chatapp.runtime.local_engine import LocalEngine
from tests.support.cpu_variants import expected_auto_variant
try:
    cv.activate(runs=sys.argv[1].split(","))  # a machine that runs only these
except cv.CpuVariantError as exc:
    print(json.dumps({"error": str(exc), "active": cv.active_variant()}))
"""


def test_forcing_a_variant_the_machine_cannot_run_is_refused_not_run(
    variants_shipped: list[str],
) -> None:
    env = {**os.environ, cv.ENV_VAR: "zen4"}
    out = subprocess.run(
        [sys.executable, "-c", FORCE_UNRUNNABLE, "x64,sse42,haswell"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr  # no crash
    result = json.loads(out.stdout)
    assert result["active"] is None  # nothing was loaded
    assert result["error"] == (
        "KOTOBA_CPU_VARIANT=zen4: this CPU or OS cannot run it; unset KOTOBA_CPU_VARIANT "
        "or choose one of x64, sse42, haswell"
    )


@pytest.mark.parametrize("forced", ["sapphirerapids", "pentium"])
def test_the_runtime_refuses_a_forced_variant_it_does_not_have(
    app_paths,
    tiny_q4: Path,
    variants_shipped: list[str],
    forced: str,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """The AMX variant that dies here (SIGILL) is not in the build: forcing it is an error
    for every request, and the runtime process lives on."""
    monkeypatch.setenv(cv.ENV_VAR, forced)
    client = RuntimeClient(log_path=app_paths.runtime_log)
    try:
        client.start(wait=True)
        assert client.runtime_info is not None
        assert client.runtime_info.cpu_variant == ""
        assert "not in this build" in client.runtime_info.cpu_error
        with pytest.raises(RuntimeError_) as caught:
            client.load(tiny_q4, 256)
        event = caught.value.event
        assert isinstance(event, p.ErrorEvent) and event.kind == "unsupported"
        assert f"KOTOBA_CPU_VARIANT={forced}: not in this build" in event.message
        assert client.is_running and client.crash_count == 0
    finally:
        client.shutdown()


def test_the_runtime_reports_the_variant_it_runs(
    app_paths,
    tiny_q4: Path,
    variants_shipped: list[str],
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.delenv(cv.ENV_VAR, raising=False)
    engine = LocalEngine(log_path=app_paths.runtime_log)
    try:
        model = engine.load(LoadSpec(str(tiny_q4), 256))
        expected = expected_auto_variant()
        assert model.cpu_variant == expected
        assert model.details["cpu_variant"] == expected
        ready = engine.client.runtime_info
        assert ready is not None and ready.cpu_variant == expected and not ready.cpu_forced
        assert ready.cpu_candidates[-1] == expected and "x64" in ready.cpu_candidates
        assert engine.client.cpu_variant == expected
    finally:
        engine.close()
