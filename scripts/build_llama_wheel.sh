#!/usr/bin/env bash
# Build llama-cpp-python once with portable CPU flags into a folder keyed by version and flags,
# then print that folder. pip's own wheel cache ignores CMAKE_ARGS (see DESIGN.md), so we never
# let pip reuse a wheel it built with other flags: --no-cache-dir, and our own keyed folder.
set -euo pipefail
PY=${PY:-python3}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}
FLAGS=${KOTOBA_CMAKE_ARGS:-"-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"}
KEY=$(printf '%s|%s|%s' "$VERSION" "$FLAGS" "$("$PY" -c 'import sys;print(sys.implementation.cache_tag)')" | sha256sum | cut -c1-16)
DIR="${KOTOBA_WHEEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kotoba/wheels}/llama-cpp-python-$VERSION-$KEY"
if ! ls "$DIR"/llama_cpp_python-*.whl >/dev/null 2>&1; then
  mkdir -p "$DIR.tmp"
  echo "building llama-cpp-python $VERSION with portable flags (about 5 minutes, once)..." >&2
  CMAKE_ARGS="$FLAGS" FORCE_CMAKE=1 "$PY" -m pip wheel --no-cache-dir --no-deps \
    "llama-cpp-python==$VERSION" -w "$DIR.tmp" >&2
  rm -rf "$DIR"; mv "$DIR.tmp" "$DIR"
fi
echo "$DIR"
