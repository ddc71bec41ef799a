#!/usr/bin/env bash
# Build llama-cpp-python once into a folder keyed by version, flags and patch, then print that
# folder. pip's own wheel cache ignores CMAKE_ARGS (see DESIGN.md), so we never let pip reuse a
# wheel it built with other flags: --no-cache-dir, and our own keyed folder.
#
# On x86-64 the wheel carries llama.cpp's CPU backend once per feature level (dynamic backends:
# llama_cpp/lib/libggml-cpu-<variant>.so); chatapp/runtime/cpu_variant.py loads the best one the
# CPU and OS can run when the runtime starts (KOTOBA_CPU_VARIANT forces one). The sdist is patched
# (scripts/patch_llama_sdist.py) to build only these variants and to ship them in llama_cpp/lib.
set -euo pipefail
PY=${PY:-python3}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}
HERE=$(cd "$(dirname "$0")" && pwd)
# x64, sse42: any x86-64 | haswell: AVX2 | alderlake: AVX2 + AVX-VNNI (Intel laptops since 2021)
# skylakex, icelake, zen4: AVX-512 levels. Never AMX (sapphirerapids): it crashes on VMs that
# advertise AMX, and no check of CPU or OS predicts that.
VARIANTS=${KOTOBA_CPU_VARIANTS:-x64,sse42,haswell,alderlake,skylakex,icelake,zen4}
if [ "$(uname -m)" = x86_64 ]; then
  DEFAULT_FLAGS="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DKOTOBA_CPU_VARIANTS=$VARIANTS -DCMAKE_INSTALL_BINDIR=llama_cpp/lib"
else  # elsewhere one portable CPU backend, linked in (cpu_variant reports "builtin")
  DEFAULT_FLAGS="-DGGML_NATIVE=OFF"
fi
FLAGS=${KOTOBA_CMAKE_ARGS:-$DEFAULT_FLAGS}
KEY=$(printf '%s|%s|%s|%s' "$VERSION" "$FLAGS" \
  "$("$PY" -c 'import sys;print(sys.implementation.cache_tag)')" \
  "$(cat "$HERE/build_llama_wheel.sh" "$HERE/patch_llama_sdist.py" | sha256sum)" |
  sha256sum | cut -c1-16)
DIR="${KOTOBA_WHEEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kotoba/wheels}/llama-cpp-python-$VERSION-$KEY"
if ! ls "$DIR"/llama_cpp_python-*.whl >/dev/null 2>&1; then
  rm -rf "$DIR.tmp"
  mkdir -p "$DIR.tmp/src"
  echo "building llama-cpp-python $VERSION ($FLAGS), once: about 6 minutes on 2 cores..." >&2
  "$PY" -m pip download --no-cache-dir --no-deps --no-binary :all: \
    "llama-cpp-python==$VERSION" -d "$DIR.tmp/src" >&2
  tar xzf "$DIR.tmp/src"/llama_cpp_python-"$VERSION".tar.gz -C "$DIR.tmp/src"
  "$PY" "$HERE/patch_llama_sdist.py" "$DIR.tmp/src/llama_cpp_python-$VERSION"
  CMAKE_ARGS="$FLAGS" FORCE_CMAKE=1 "$PY" -m pip wheel --no-cache-dir --no-deps \
    "$DIR.tmp/src/llama_cpp_python-$VERSION" -w "$DIR.tmp" >&2
  rm -rf "$DIR.tmp/src" "$DIR"
  mv "$DIR.tmp" "$DIR"
fi
echo "$DIR"
