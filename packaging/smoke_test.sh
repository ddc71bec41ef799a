#!/usr/bin/env bash
# Start the built app offscreen with --self-check on a freshly generated tiny model; expect exit 0.
set -euo pipefail
app=${1:-dist/kotoba/kotoba}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/.venv/bin/python" -c "
import sys; sys.path.insert(0, '$here')
from pathlib import Path
from tests.support.tiny_models import write_tiny_model
write_tiny_model(Path('$work/tiny.gguf'), 'Q4_0')"
QT_QPA_PLATFORM=offscreen "$app" --data-dir "$work/data" --self-check --model "$work/tiny.gguf"
