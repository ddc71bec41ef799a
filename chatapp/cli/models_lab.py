"""``chatapp models evaluate|quantize``: the quantization lab on the command line.

``evaluate FILE... [--text en|ja|PATH] [--ctx 512] [--reference FILE] [--json]`` measures each
file (perplexity ± error, KL divergence and top-token agreement against the reference, speed,
memory); ``--json`` prints one JSON object per file as it finishes. ``quantize SRC --type Q4_K_M
[--out FILE]`` makes a quantization with llama.cpp into the library. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chatapp.core.engine import EngineError
from chatapp.core.evaluate.quantize import QUANT_TYPES, QuantizeRefused, check_source, output_path
from chatapp.core.evaluate.reference import SUFFIX as REFERENCE_SUFFIX
from chatapp.core.evaluate.report import text_table
from chatapp.core.evaluate.results import (
    DEFAULT_CONTEXT,
    EvaluationProgress,
    EvaluationResult,
    EvaluationSpec,
    QuantizeProgress,
    QuantizeSpec,
)
from chatapp.core.evaluate.texts import TextError, load_text
from chatapp.core.models.library import Library
from chatapp.core.models.memory import format_bytes
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings

COMMANDS = ("evaluate", "quantize")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp models", description="The quantization lab")
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("evaluate", help="perplexity, KL divergence, speed and memory of models")
    e.add_argument("files", nargs="+", metavar="FILE", help="a .gguf path or a library name")
    e.add_argument("--text", default="en", help="en, ja (bundled texts) or a UTF-8 text file")
    e.add_argument("--ctx", type=int, default=DEFAULT_CONTEXT, help="the window (default 512)")
    e.add_argument(
        "--reference",
        metavar="FILE",
        help="the model to compare against (a .gguf of the same model, evaluated first) "
        f"or a saved reference file ({REFERENCE_SUFFIX})",
    )
    e.add_argument("--save-reference", metavar="FILE", help="keep the reference file here")
    e.add_argument("--chunks", type=int, help="evaluate at most this many windows")
    e.add_argument("--threads", type=int, help="default: the app's setting")
    e.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    e.add_argument("--json", action="store_true", help="one JSON object per file")
    q = sub.add_parser("quantize", help="make a quantization of an F16/BF16/F32 model")
    q.add_argument("source", metavar="SRC")
    q.add_argument("--type", required=True, choices=list(QUANT_TYPES), dest="quant_type")
    q.add_argument("--out", help="default: <models folder>/<name>-<TYPE>.gguf")
    q.add_argument("--threads", type=int)
    q.add_argument(
        "--allow-requantize", action="store_true", help="quantize an already-quantized file"
    )
    return parser


def _threads(paths: AppPaths, given: int | None) -> int | None:
    return given or load_settings(paths.config_dir).threads or None


def _resolve(paths: AppPaths, name: str) -> Path:
    path = Path(name).expanduser()
    if path.exists():
        return path.resolve()
    found = Library(paths.models_dir, paths.cache_dir, paths.data_dir).find(name)
    if found is None:
        raise FileNotFoundError(f"no model file or library model named {name}")
    return found.path


class StderrProgress:
    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, progress: Any) -> None:
        if isinstance(progress, EvaluationProgress):
            ppl = f"  PPL {progress.perplexity:.4f}" if progress.perplexity else ""
            line = f"{self.label}: {progress.phase} {100 * progress.fraction:5.1f}%{ppl}"
        elif isinstance(progress, QuantizeProgress):
            line = f"{self.label}: tensor {progress.done}/{progress.total} {progress.tensor}"
        else:
            return
        sys.stderr.write(f"\r{line[:100]:<100}")
        sys.stderr.flush()

    def end(self) -> None:
        sys.stderr.write("\n")


def _run(label: str, work: Callable[[StderrProgress], Any]) -> Any:
    progress = StderrProgress(label)
    try:
        return work(progress)
    finally:
        progress.end()


def cmd_evaluate(paths: AppPaths, args: argparse.Namespace, engine: Any) -> int:
    text_name, text = load_text(args.text)
    files = [_resolve(paths, f) for f in args.files]
    threads = _threads(paths, args.threads)

    def spec(path: Path, **extra: Any) -> EvaluationSpec:
        return EvaluationSpec(
            str(path), text, text_name, n_ctx=args.ctx, n_threads=threads,
            max_chunks=args.chunks, speed=not args.no_speed, **extra,
        )  # fmt: skip

    results: list[EvaluationResult] = []

    def emit(result: EvaluationResult) -> None:
        results.append(result)
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)

    reference: str | None = None
    if args.reference:
        ref_path = Path(args.reference).expanduser()
        if ref_path.name.endswith(REFERENCE_SUFFIX):
            reference = str(ref_path)
        else:
            model = _resolve(paths, args.reference)
            reference = args.save_reference or str(
                paths.cache_dir
                / "references"
                / f"{model.stem}-{text_name}-{args.ctx}{REFERENCE_SUFFIX}"
            )
            emit(
                _run(
                    model.name,
                    lambda pr: engine.evaluate(spec(model, save_reference=reference), pr),
                )
            )
            files = [f for f in files if f != model]
    elif args.save_reference:
        if len(files) != 1:
            raise ValueError("--save-reference takes one FILE")
        emit(
            _run(
                files[0].name,
                lambda pr: engine.evaluate(spec(files[0], save_reference=args.save_reference), pr),
            )
        )
        files = []
    for path in files:
        file_spec = spec(path, reference=reference)
        emit(_run(path.name, lambda pr, s=file_spec: engine.evaluate(s, pr)))  # type: ignore[misc]
    if not args.json:
        n = results[0].n_threads
        reference_note = f", reference {results[0].name}" if args.reference else ""
        print(f"text: {text_name}, context {args.ctx}, {n} thread{'s' if n != 1 else ''}"
              f"{reference_note}")  # fmt: skip
        print(text_table(results))
    return 0


def cmd_quantize(paths: AppPaths, args: argparse.Namespace, engine: Any) -> int:
    source = _resolve(paths, args.source)
    check_source(source, args.quant_type, args.allow_requantize)  # refuse before starting
    out = (
        Path(args.out).expanduser()
        if args.out
        else output_path(source, args.quant_type, paths.models_dir)
    )
    spec = QuantizeSpec(
        str(source), str(out), args.quant_type, _threads(paths, args.threads), args.allow_requantize
    )
    result = _run(out.name, lambda pr: engine.quantize(spec, pr))
    print(f"wrote {result.output} ({format_bytes(result.size)}, {result.seconds:.1f} s)")
    return 0


def main(paths: AppPaths, argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from chatapp.runtime.local_engine import LocalEngine

    engine = LocalEngine(log_path=paths.runtime_log)
    try:
        if args.command == "evaluate":
            return cmd_evaluate(paths, args, engine)
        return cmd_quantize(paths, args, engine)
    except (EngineError, QuantizeRefused) as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except (TextError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        engine.cancel_lab()
        print("\nstopped", file=sys.stderr)
        return 130
    finally:
        engine.close()
