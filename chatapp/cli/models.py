"""``chatapp models …``: the model manager without the GUI, for scripts and support.

Every error ends in one clear line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from chatapp.core.models.downloads import DownloadError, DownloadJob, Downloads, Progress, Stopped
from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.hub import (
    HubError,
    RemoteModel,
    check_repo_id,
    estimate_fit,
    header_source,
    list_models,
    recommend,
    remote_model_info,
    search,
)
from chatapp.core.models.hub_errors import REFUSALS
from chatapp.core.models.library import Library
from chatapp.core.models.memory import format_bytes
from chatapp.core.models.model_info import ModelInfo
from chatapp.core.paths import AppPaths
from chatapp.core.settings import load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp models", description="Manage local models")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the models in the library")
    p = sub.add_parser("search", help="search the Hub for GGUF repositories")
    p.add_argument("query")
    p.add_argument("--sort", choices=["downloads", "likes", "recent"], default="downloads")
    p = sub.add_parser("files", help="a repository's models, with memory fit estimates")
    p.add_argument("repo")
    p.add_argument("--ctx", type=int, default=4096, help="context length for the estimate")
    p = sub.add_parser("download", help="download, verify and install a model (resumable)")
    p.add_argument("repo")
    p.add_argument("file", help="the .gguf file (or a split model's name)")
    p = sub.add_parser("remove", help="remove a model from the library")
    p.add_argument("name")
    p = sub.add_parser("import", help="add a local .gguf to the library")
    p.add_argument("path")
    p.add_argument("--in-place", action="store_true", help="use the file where it is")
    return parser


def library(paths: AppPaths) -> Library:
    return Library(paths.models_dir, paths.cache_dir, paths.data_dir)


def cmd_list(paths: AppPaths, _args: argparse.Namespace) -> int:
    models = library(paths).scan()
    if not models:
        print(f"no models in {paths.models_dir}")
    for m in models:
        marks = ("\t(in place)" if m.in_place else "") + (
            "\tunverified (the Hub gave no checksum)" if m.unverified else ""
        )
        if m.info is None:
            print(f"{m.name}\tunusable: {m.error}{marks}")
            continue
        i = m.info
        template = (
            "template from the file"
            if i.chat_format_source == "file"
            else f"{i.chat_format} ({i.chat_format_source})"
        )
        print(
            f"{m.name}\t{i.architecture}\t{i.size_label}\t{i.quantization}\t"
            f"{i.bits_per_weight} bpw\t{format_bytes(m.size)}\tctx {i.context_length}\t"
            f"{template}{marks}"
        )
    return 0


def cmd_search(_paths: AppPaths, args: argparse.Namespace) -> int:
    found = search(args.query, args.sort)
    if not found:
        print(f"no models found for {args.query!r}")
    for r in found:
        gated = "\tgated" if r.gated else ""
        print(f"{r.repo_id}\t{r.downloads} downloads\t{r.likes} likes{gated}")
    return 0


def model_infos(models: list[RemoteModel]) -> dict[str, ModelInfo]:
    """One header read per repository: quantizations share the architecture, not the size."""
    source = header_source(models)
    if source is None:
        return {}
    base = remote_model_info(source)
    return {
        m.name: replace(
            base,
            file_size=m.size,
            quantization=m.quantization,
            bits_per_weight=round(m.size * 8 / base.n_params, 2) if base.n_params else 0.0,
        )
        for m in models
        if m.refused is None
    }


def cmd_files(paths: AppPaths, args: argparse.Namespace) -> int:
    models = list_models(args.repo)
    if not models:
        print(f"{args.repo} has no .gguf files")
        return 0
    try:
        infos = model_infos(models)
    except HubError as exc:  # the list is still worth showing
        infos = {}
        print(f"note: no memory estimate: {exc}", file=sys.stderr)
    s = load_settings(paths.config_dir)  # the memory options a load would use
    fits = {
        name: estimate_fit(info, args.ctx, None, s.kv_cache_type, s.flash_attn)
        for name, info in infos.items()
    }
    best = recommend(fits, models)
    for m in models:
        if m.refused is not None:
            print(f"{m.name}\trefused: {REFUSALS[m.refused]}")
            continue
        star = "  ← recommended" if best is not None and m.name == best.name else ""
        parts = f" ({len(m.parts)} parts)" if len(m.parts) > 1 else ""
        fit = fits[m.name].describe() if m.name in fits else "memory ?"
        print(f"{m.name}{parts}\t{m.quantization}\t{format_bytes(m.size)}\t{fit}{star}")
    return 0


def cmd_download(paths: AppPaths, args: argparse.Namespace) -> int:
    check_repo_id(args.repo, "download")
    if not args.file.strip():
        raise HubError("no_name", "download", args.repo)
    downloads = Downloads(paths.data_dir / "downloads", paths.models_dir)
    waiting = [j for j in downloads.jobs() if j.repo_id == args.repo and j.name == args.file]
    if waiting:
        job = waiting[0]
        print(f"resuming {job.name} ({format_bytes(downloads.bytes_done(job))} already here)")
    else:
        models = [m for m in list_models(args.repo) if args.file in (m.name, m.first.path)]
        if not models:
            raise HubError("no_such_model", "download", args.repo, detail=args.file)
        job = DownloadJob.for_model(models[0])
    shown = {"progress": False, "restarted": False}

    def show(p: Progress) -> None:
        if p.restarted and not shown["restarted"]:
            shown["restarted"] = True
            sys.stderr.write(
                ("\n" if shown["progress"] else "")
                + "the server restarted the download from the beginning\n"
            )
        shown["progress"] = True
        eta = f", {p.eta_s:.0f} s left" if p.eta_s is not None else ""
        sys.stderr.write(
            f"\r{p.fraction * 100:5.1f}%  {format_bytes(p.done)} of {format_bytes(p.total)}"
            f"  {format_bytes(p.bytes_per_s)}/s{eta}   "
        )
        sys.stderr.flush()

    try:
        installed = downloads.run(job, show)
    finally:
        if shown["progress"]:  # end the progress line; an error then starts on its own line
            sys.stderr.write("\n")
    for path in installed:
        mark = " (unverified: the Hub gave no checksum)" if path.name in job.unverified else ""
        print(f"installed {path}{mark}")
    return 0


def cmd_remove(paths: AppPaths, args: argparse.Namespace) -> int:
    lib = library(paths)
    model = lib.find(args.name)
    if model is None:
        raise FileNotFoundError(f"no model named {args.name} in the library")
    lib.remove(model)
    print(f"removed {model.name}")
    return 0


def cmd_import(paths: AppPaths, args: argparse.Namespace) -> int:
    path = library(paths).import_file(Path(args.path), copy=not args.in_place)
    print(f"imported {path}")
    return 0


COMMANDS = {
    "list": cmd_list,
    "search": cmd_search,
    "files": cmd_files,
    "download": cmd_download,
    "remove": cmd_remove,
    "import": cmd_import,
}


def main(paths: AppPaths, argv: list[str]) -> int:
    from chatapp.cli import models_lab  # evaluate, quantize: the quantization lab

    if argv and argv[0] in models_lab.COMMANDS:
        return models_lab.main(paths, argv)
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](paths, args)
    except (HubError, DownloadError, GGUFError, OSError) as exc:
        message = str(exc) if not isinstance(exc, OSError) or exc.strerror is None else (
            f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
        )  # fmt: skip
        print(f"error: {message}", file=sys.stderr)
        return 1
    except Stopped:
        print("error: stopped; run the same command again to resume", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopped; run the same command again to resume", file=sys.stderr)
        return 130
