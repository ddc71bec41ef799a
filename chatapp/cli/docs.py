"""``chatapp docs …``: document collections from the command line.

``add`` indexes files and folders into a collection (made on first use), ``update`` indexes
what changed (and finishes an interrupted run), ``list`` shows collections or one collection's
files, ``search`` prints the best passages, ``remove`` forgets a collection or some of its
files. Ctrl+C stops indexing; what was indexed stays. Errors: one line on stderr, exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

from chatapp.core.docs.embedders import BUILTIN
from chatapp.core.docs.index import Collection, IndexError_
from chatapp.core.docs.indexer import IndexProgress, IndexReport, unusable
from chatapp.core.engine import EngineError
from chatapp.core.paths import AppPaths

DEFAULT_COLLECTION = "documents"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp docs", description="Local documents")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("add", help="add files or folders to a collection and index them")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--collection", default=DEFAULT_COLLECTION)
    p.add_argument(
        "--embedder",
        default=BUILTIN,
        help="'builtin' (multilingual-e5-small) or a GGUF embedding model (new collections)",
    )
    p = sub.add_parser("update", help="index what changed (or what an interrupted run left)")
    p.add_argument("--collection", default=None, help="default: every collection")
    p.add_argument(
        "--embedder", default=None, help="switch the collection to this embedder (re-indexes it)"
    )
    p = sub.add_parser("list", help="collections, or the files of one")
    p.add_argument("--collection", default=None)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("search", help="the passages that best answer a question")
    p.add_argument("query")
    p.add_argument("--collection", action="append", default=None, help="default: all")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("remove", help="remove a collection, or files from it")
    p.add_argument("collection")
    p.add_argument("paths", nargs="*", type=Path, help="only these files or folders")
    return parser


def service(paths: AppPaths) -> Any:
    from chatapp.runtime.embedding import DOCUMENTS_FILE, DocumentService

    return DocumentService(paths.data_dir / DOCUMENTS_FILE, paths.runtime_log)


def progress_line(p: IndexProgress) -> str:
    eta = f", about {p.eta_s:.0f} s left" if p.eta_s is not None else ""
    return (
        f"{p.collection}: file {min(p.files_done + 1, p.files_total)} of {p.files_total}, "
        f"{p.pages} pages, {p.chunks} chunks, {p.chunks_per_s:.1f} chunks/s{eta}"
    )


def run_index(svc: Any, collection: Collection) -> IndexReport:
    cancel = threading.Event()
    tty = sys.stderr.isatty()

    def show(p: IndexProgress) -> None:
        if tty:
            print("\r" + progress_line(p).ljust(100)[:100], end="", file=sys.stderr, flush=True)

    def waiting() -> None:
        print(
            f"{collection.name}: another run is indexing this collection; waiting for it",
            file=sys.stderr,
            flush=True,
        )

    indexer = svc.indexer(collection)
    try:
        report: IndexReport = indexer.run(collection, show, cancel, waiting)
    except KeyboardInterrupt:
        cancel.set()
        raise
    finally:
        if tty:
            print(file=sys.stderr)
    for failure in report.failures:
        print(f"{failure.path}: {failure.message} [{failure.kind}]", file=sys.stderr)
    note = " (rebuilt for a new embedder)" if report.rebuilt else ""
    print(
        f"{collection.name}: {report.indexed} indexed, {report.unchanged} unchanged, "
        f"{len(report.failures)} failed, {report.removed} removed, "
        f"{report.chunks} new chunks in {report.seconds:.1f} s{note}"
    )
    return report


def cmd_add(svc: Any, args: argparse.Namespace) -> int:
    paths: list[Path] = []
    for path in args.paths:
        if not os.path.lexists(path.expanduser()):
            raise IndexError_(f"no such file or folder: {path}")
        why = unusable(path.expanduser())
        if why is not None:
            print(f"chatapp docs: {path}: {why}; skipped", file=sys.stderr)
        else:
            paths.append(path)
    if not paths:
        raise IndexError_("nothing to add")
    collection = svc.index.ensure_collection(args.collection, args.embedder)
    svc.indexer(collection).add(collection, paths)
    run_index(svc, collection)
    return 0


def cmd_update(svc: Any, args: argparse.Namespace) -> int:
    names = [args.collection] if args.collection else [c.name for c in svc.index.collections()]
    if args.embedder:
        if not args.collection:
            raise IndexError_("--embedder needs --collection")
        svc.index.set_embedder(svc.index.collection(args.collection).id, args.embedder)
    for name in names:
        run_index(svc, svc.index.collection(name))
    return 0


def cmd_list(svc: Any, args: argparse.Namespace) -> int:
    index = svc.index
    if args.collection:
        files = index.files(index.collection(args.collection).id)
        if args.json:
            print(json.dumps([f.__dict__ for f in files], ensure_ascii=False, indent=1))
            return 0
        for f in files:
            detail = f.error if f.status == "error" else f"{f.pages} pages, {f.chunks_done} chunks"
            print(f"{f.status:<8} {f.path}  ({detail})")
        return 0
    collections = index.collections()
    if args.json:
        print(json.dumps([c.__dict__ for c in collections], ensure_ascii=False, indent=1))
        return 0
    if not collections:
        print("no collections yet: chatapp docs add PATH… [--collection NAME]")
    for c in collections:
        extra = f", {c.errors} with errors" if c.errors else ""
        extra += f", {c.pending} to index" if c.pending else ""
        print(f"{c.name}: {c.files} files, {c.chunks} chunks{extra} [{c.embedder}]")
    return 0


def cmd_search(svc: Any, args: argparse.Namespace) -> int:
    names = args.collection or []
    for name in names:
        svc.index.collection(name)  # an unknown name is an error, not an empty result
    hits = svc.retriever.search(args.query, names, max(1, args.k))
    if args.json:
        out = [
            {"file": h.path, "page": h.page, "score": round(h.score, 5), "text": h.text}
            for h in hits
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("no passages found")
    for n, h in enumerate(hits, 1):
        where = f", page {h.page}" if h.page is not None else ""
        print(f"[{n}] {h.path}{where}  (score {h.score:.4f})")
        print("    " + h.text.replace("\n", "\n    "))
    return 0


def cmd_remove(svc: Any, args: argparse.Namespace) -> int:
    collection = svc.index.collection(args.collection)
    if args.paths:
        n = svc.index.remove_paths(collection.id, [p.expanduser().resolve() for p in args.paths])
        print(f"{collection.name}: {n} file{'s' if n != 1 else ''} removed")
    else:
        svc.index.remove_collection(collection.id)
        print(f"collection {collection.name} removed")
    return 0


COMMANDS = {
    "add": cmd_add,
    "update": cmd_update,
    "list": cmd_list,
    "search": cmd_search,
    "remove": cmd_remove,
}


def main(paths: AppPaths, argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    paths.ensure()
    try:
        svc = service(paths)
    except Exception as exc:  # noqa: BLE001 - a damaged index file is one line, not a trace
        print(f"chatapp docs: cannot open the document index ({exc})", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command](svc, args)
    except (IndexError_, EngineError) as exc:
        print(f"chatapp docs: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "chatapp docs: interrupted; what was indexed is kept ('chatapp docs update' goes on)",
            file=sys.stderr,
        )
        return 1
    finally:
        svc.close()


def documents_provider(paths: AppPaths, names: list[str], store: Any, engine: Any) -> Any:
    """For ``chatapp ask --docs NAME``: the provider and the service to close afterwards."""
    from chatapp.core.docs.context import DocumentsProvider

    svc = service(paths)
    for name in names:
        try:
            svc.index.collection(name)
        except IndexError_:
            svc.close()
            raise
    return DocumentsProvider(store, svc.index, svc.retriever, engine), svc
