"""Patch an unpacked llama-cpp-python sdist for Kotoba's dynamic-backend build.

Usage: python scripts/patch_llama_sdist.py SDIST_DIR. Each patch is anchored on text that must occur
exactly once, so a new llama-cpp-python version fails loudly here instead of building something
else. Patching twice is harmless.
"""

from __future__ import annotations

import sys
from pathlib import Path

PATCHES: list[tuple[str, str, str | None]] = [  # (file, anchor, text added after it)
    # 1. GGML_CPU_ALL_VARIANTS builds all 13 x86 variants (about 20 minutes here): build only
    #    the ones named in -DKOTOBA_CPU_VARIANTS=a,b,c.
    (
        "vendor/llama.cpp/ggml/src/CMakeLists.txt",
        "function(ggml_add_cpu_backend_variant tag_name)\n",
        "    if (KOTOBA_CPU_VARIANTS)\n"
        '        string(REPLACE "," ";" _kotoba_variants "${KOTOBA_CPU_VARIANTS}")\n'
        "        if (NOT tag_name IN_LIST _kotoba_variants)\n"
        "            return()\n"
        "        endif()\n"
        "    endif()\n",
    ),
    # 2. llama-cpp-python installs a fixed list of targets into llama_cpp/lib, which misses the
    #    ggml-cpu-<variant> modules: install every backend there, with RPATH $ORIGIN.
    (
        "CMakeLists.txt",
        "    llama_cpp_python_install_target(ggml-cpu)\n",
        "    foreach(_kotoba_backend IN LISTS GGML_AVAILABLE_BACKENDS)\n"
        "        llama_cpp_python_install_target(${_kotoba_backend})\n"
        "    endforeach()\n",
    ),
    # 3. llama-cpp-python forces llama.cpp's "common" library on but never ships or loads it
    #    (about a quarter of the compile time): switch it off (None: replace " ON " by " OFF ").
    (
        "CMakeLists.txt",
        "    # Enable building of the common library\n"
        '    set(LLAMA_BUILD_COMMON ON CACHE BOOL "Build llama.cpp common library" FORCE)\n',
        None,
    ),
]


def patch(root: Path) -> None:
    for rel, anchor, addition in PATCHES:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        new = anchor + addition if addition is not None else anchor.replace(" ON ", " OFF ")
        if new in text:
            continue
        if text.count(anchor) != 1:
            sys.exit(f"patch_llama_sdist: anchor not found exactly once in {rel}: {anchor!r}")
        path.write_text(text.replace(anchor, new), encoding="utf-8")


if __name__ == "__main__":
    patch(Path(sys.argv[1]))
