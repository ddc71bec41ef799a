"""Which build of llama.cpp's CPU backend the runtime runs: choose it safely, load it, report it.

scripts/build_llama_wheel.sh builds llama.cpp with dynamic backends: the CPU backend is compiled
several times, once per x86-64 feature level, as ``llama_cpp/lib/libggml-cpu-<variant>.so``.
llama-cpp-python 0.3.36 does not find these files itself (ggml looks next to the executable and in
the current directory), so the runtime process calls :func:`activate` before its first
``Llama()``. Once a backend is registered, ``llama_backend_init()`` searches nothing more.

We choose rather than let ggml do it because ggml's choice reads CPUID only ("FIXME: this does not
check for OS support"): here we also require the register state that the kernel enables
(``arch_prctl(ARCH_GET_XCOMP_SUPP)``). AMX variants are never built: on the project's VM the
``sapphirerapids`` variant died with SIGILL (``tilezero``) on the first decode although CPUID,
the kernel's xstate mask and the AMX permission request all said AMX was usable, as the
``-march=native`` build died on ``ldtilecfg`` (DESIGN.md).

``KOTOBA_CPU_VARIANT=<name>`` forces a variant (tests use it); ``auto`` or unset chooses.
An automatic choice skips the variants the client found crashing on this machine
(``refused``, see ``runtime/cpu_fallback.py``).
"""

from __future__ import annotations

import ctypes
import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "KOTOBA_CPU_VARIANT"

_HASWELL = ("sse4_2", "avx", "f16c", "fma", "avx2", "bmi2")
_AVX512 = ("avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw")

# XCR0 state components (Intel SDM vol. 1, 13.1) the kernel must enable for each register file.
_XSTATE_AVX = 0b110  # SSE + YMM upper halves
_XSTATE_AVX512 = _XSTATE_AVX | 0b1110_0000  # + opmask, ZMM_Hi256, Hi16_ZMM


@dataclass(frozen=True)
class Variant:
    name: str
    flags: tuple[str, ...]  # as /proc/cpuinfo spells them

    @property
    def xstate(self) -> int:
        if any(f.startswith("avx512") for f in self.flags):
            return _XSTATE_AVX512
        return _XSTATE_AVX if "avx" in self.flags else 0

    @property
    def score(self) -> int:
        """ggml's ranking (ggml-cpu/arch/x86/cpu-feats.cpp), so we pick what ggml would."""
        return 1 + sum(w for f, w in _SCORE.items() if f in self.flags)


_SCORE = {
    "fma": 1, "f16c": 2, "sse4_2": 4, "bmi2": 8, "avx": 16, "avx2": 32, "avx_vnni": 64,
    "avx512f": 128, "avx512vbmi": 256, "avx512_bf16": 512, "avx512_vnni": 1024,
}  # fmt: skip

# The x86-64 variants llama.cpp's GGML_CPU_ALL_VARIANTS defines (ggml/src/CMakeLists.txt).
VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("x64", ()),
        Variant("sse42", ("sse4_2",)),
        Variant("sandybridge", ("sse4_2", "avx")),
        Variant("ivybridge", ("sse4_2", "avx", "f16c")),
        Variant("piledriver", ("sse4_2", "avx", "f16c", "fma")),
        Variant("haswell", _HASWELL),
        Variant("alderlake", (*_HASWELL, "avx_vnni")),
        Variant("skylakex", (*_HASWELL, *_AVX512)),
        Variant("cannonlake", (*_HASWELL, *_AVX512, "avx512vbmi")),
        Variant("cascadelake", (*_HASWELL, *_AVX512, "avx512_vnni")),
        Variant("icelake", (*_HASWELL, *_AVX512, "avx512vbmi", "avx512_vnni")),
        Variant("cooperlake", (*_HASWELL, *_AVX512, "avx512_vnni", "avx512_bf16")),
        Variant("zen4", (*_HASWELL, *_AVX512, "avx512vbmi", "avx512_vnni", "avx512_bf16")),
    )
}


class CpuVariantError(Exception):
    pass


@dataclass(frozen=True)
class Activation:
    """What :func:`activate` did, for the runtime's info and the diagnostics page."""

    variant: str  # a VARIANTS name, or "builtin" for a wheel with one CPU backend linked in
    forced: bool
    shipped: tuple[str, ...]
    usable: tuple[str, ...]

    @property
    def candidates(self) -> tuple[str, ...]:
        """The variants this build has and this machine runs, worst first."""
        return tuple(n for n in self.usable if n in self.shipped)


def cpu_flags(cpuinfo: str | None = None) -> frozenset[str]:
    """The first processor's flags from /proc/cpuinfo (empty where there is none)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        except OSError:
            return frozenset()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def enabled_xstate() -> int | None:
    """The XSAVE components the kernel enables for user space, or None when it cannot say.

    ``arch_prctl(ARCH_GET_XCOMP_SUPP)`` (Linux 5.16+) returns them without running XGETBV.
    """
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    mask = ctypes.c_uint64(0)
    sys_arch_prctl, arch_get_xcomp_supp = 158, 0x1021
    if libc.syscall(sys_arch_prctl, arch_get_xcomp_supp, ctypes.byref(mask)) != 0:
        return None  # an older kernel: the flags alone decide (such a kernel has no AMX)
    return mask.value


def usable(flags: frozenset[str], xstate: int | None) -> list[str]:
    """Variant names this CPU and OS can run, worst first."""
    names = []
    for v in VARIANTS.values():
        if not set(v.flags) <= flags:
            continue
        if xstate is not None and v.xstate & xstate != v.xstate:
            continue
        names.append(v.name)
    return sorted(names, key=lambda n: VARIANTS[n].score)


def shipped(lib_dir: Path) -> list[str]:
    """Variant names present as libggml-cpu-<name>.so in ``lib_dir``, worst first."""
    prefix, suffix = "libggml-cpu-", ".so"
    names = [p.name[len(prefix) : -len(suffix)] for p in lib_dir.glob(f"{prefix}*{suffix}")]
    return sorted((n for n in names if n in VARIANTS), key=lambda n: VARIANTS[n].score)


def choose(
    shipped_names: list[str],
    usable_names: list[str],
    forced: str | None = None,
    refused: tuple[str, ...] = (),
) -> str:
    """The variant to load: ``forced`` if this machine runs it, else the best one not refused
    (the lowest one is never refused: something must run)."""
    candidates = [n for n in usable_names if n in shipped_names]
    if forced:
        if forced not in shipped_names:
            raise CpuVariantError(
                f"{ENV_VAR}={forced}: not in this build (it has {', '.join(sorted(shipped_names))})"
            )
        if forced not in candidates:
            raise CpuVariantError(
                f"{ENV_VAR}={forced}: this CPU or OS cannot run it; unset {ENV_VAR} "
                f"or choose one of {', '.join(candidates) or 'none'}"
            )
        return forced
    if not candidates:
        raise CpuVariantError(
            "no CPU backend in this build runs on this machine "
            f"(built: {', '.join(sorted(shipped_names))})"
        )
    lowest = min(candidates, key=lambda n: VARIANTS[n].score)
    allowed = [n for n in candidates if n not in refused] or [lowest]
    return max(allowed, key=lambda n: VARIANTS[n].score)


def llama_lib_dir() -> Path:
    import llama_cpp

    return Path(llama_cpp.__file__).parent / "lib"


def _libggml(lib_dir: Path) -> ctypes.CDLL:
    # Load the file libllama links (its soname, libggml.so.N). The wheel holds copies, not
    # symlinks, and llama_cpp/_ggml.py loads "libggml.so": a second libggml with its own
    # backend registry, where a backend loaded is invisible to llama.
    sonames = sorted(lib_dir.glob("libggml.so.*"), key=lambda p: len(p.name))
    if not sonames:
        raise CpuVariantError(f"libggml not found in {lib_dir}")
    lib = ctypes.CDLL(str(sonames[0]))
    lib.ggml_backend_load.argtypes = [ctypes.c_char_p]
    lib.ggml_backend_load.restype = ctypes.c_void_p
    lib.ggml_backend_reg_count.restype = ctypes.c_size_t
    return lib


def activate(
    lib_dir: Path | None = None,
    env: Mapping[str, str] = os.environ,
    refused: tuple[str, ...] = (),
    runs: list[str] | None = None,
) -> Activation:
    """Load the chosen CPU backend. Call once per process, before the first ``Llama()``.

    ``runs``: the variants this machine runs (default: what the CPU and the OS say).
    """
    lib_dir = lib_dir or llama_lib_dir()
    have = shipped(lib_dir)
    can = usable(cpu_flags(), enabled_xstate()) if runs is None else runs
    forced = env.get(ENV_VAR, "").strip().lower()
    forced = "" if forced == "auto" else forced
    if not have:  # a wheel with the CPU backend linked in: nothing to choose
        if forced:
            raise CpuVariantError(f"{ENV_VAR}={forced}: this build has one built-in CPU backend")
        return Activation("builtin", False, (), tuple(can))
    ggml = _libggml(lib_dir)
    loaded = active_variant()
    if ggml.ggml_backend_reg_count() and loaded:  # activated before in this process
        if forced and forced != loaded:
            raise CpuVariantError(f"{ENV_VAR}={forced}: {loaded} is already loaded")
        return Activation(loaded, bool(forced), tuple(have), tuple(can))
    name = choose(have, can, forced or None, refused)
    path = lib_dir / f"libggml-cpu-{name}.so"
    if not ggml.ggml_backend_load(os.fsencode(path)):  # ggml re-checks CPUID and refuses
        raise CpuVariantError(f"llama.cpp refused to load {path.name}")
    return Activation(name, bool(forced), tuple(have), tuple(can))


def active_variant() -> str | None:
    """The CPU variant mapped into this process ("builtin" for a linked-in one), from its maps."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in maps.splitlines():
        name = line.rsplit("/", 1)[-1]
        if name.startswith("libggml-cpu-") and name.endswith(".so"):
            return name[len("libggml-cpu-") : -len(".so")]
        if name.startswith("libggml-cpu.so"):
            return "builtin"
    return None


def ensure_cpu_code() -> str:
    """Load the CPU code in a process that uses llama.cpp directly (a reference computation,
    a benchmark's raw baseline, ``llama_cpp.server``); a no-op when some is loaded already.
    Returns the variant in use."""
    return activate().variant
