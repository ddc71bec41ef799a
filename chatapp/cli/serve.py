"""``chatapp serve``: Kotoba's models over an OpenAI-compatible API (see docs/remote-engines.md).

Listens on 127.0.0.1 unless told otherwise; any other address needs an API key, taken from the
``KOTOBA_API_KEY`` environment variable (never from the command line, where other users of the
machine could read it). Without ``--model`` the library's models are offered, loaded on demand.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from chatapp.core.engine import EngineError
from chatapp.core.paths import AppPaths
from chatapp.core.settings import AppSettings, load_settings

KEY_ENV = "KOTOBA_API_KEY"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatapp serve", description="Serve Kotoba's models over an OpenAI-compatible API"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (8080; 0 picks a free one)")
    parser.add_argument("--model", help="serve this .gguf file (default: the library's models)")
    parser.add_argument("--ctx", type=int, default=None, help="context length")
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let web pages from ORIGIN (like http://localhost:3000; * for any) use the API "
        "from a browser; repeatable; added to those set in Preferences (none by default)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name clients reach this server by (127.0.0.1, localhost and the "
        "--host address are always accepted in the Host header)",
    )
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="time a client has to send a whole request (30)",
    )
    parser.add_argument(
        "--max-waiting",
        type=int,
        default=16,
        metavar="N",
        help="requests that may wait behind the one being answered; past that a request is "
        "refused at once with 429 and a Retry-After (16)",
    )
    return parser


def library_files(paths: AppPaths, settings: AppSettings) -> list[Path]:
    from chatapp.core.models.demo_model import demo_model_path
    from chatapp.core.models.library import Library

    paths = paths.with_models_dir(settings.models_dir or None)
    library = Library(paths.models_dir, paths.cache_dir, paths.data_dir)
    files = [m.path for m in library.scan() if m.error is None]
    if not files:
        demo = demo_model_path(paths.models_dir)
        files = [demo] if demo is not None else []
    return files


def run(paths: AppPaths, args: argparse.Namespace) -> int:
    from chatapp.core.diagnostics import setup_logging
    from chatapp.core.web_origins import parse_origins
    from chatapp.remote.secrets import install_secret_filter
    from chatapp.runtime.local_engine import LocalEngine
    from chatapp.server.catalog import ModelCatalog, spec_from_settings
    from chatapp.server.connection import Bounds
    from chatapp.server.http_server import ApiServer, BindRefused, check_bind

    api_key = os.environ.get(KEY_ENV) or None
    check_bind(args.host, api_key)  # before anything starts
    if not 1.0 <= args.request_timeout <= 3600:
        raise BindRefused("--request-timeout must be between 1 and 3600 seconds")
    if not 0 <= args.max_waiting <= 1024:
        raise BindRefused("--max-waiting must be between 0 and 1024")
    try:
        origins = parse_origins(args.allow_origin)
    except ValueError as exc:
        raise BindRefused(f"--allow-origin: {exc}") from None
    setup_logging(paths.log_dir)
    install_secret_filter()
    settings = load_settings(paths.config_dir)
    origins = tuple(dict.fromkeys(parse_origins(settings.serve_origins) + origins))
    if args.model:
        model = Path(args.model).expanduser()
        if not model.is_file():
            print(f"chatapp serve: no model file at {model}", file=sys.stderr)
            return 1
        files = [model]
    else:
        files = library_files(paths, settings)
        if not files:
            print("chatapp serve: the library has no models: use --model FILE", file=sys.stderr)
            return 1
    engine = LocalEngine(log_path=paths.runtime_log)

    def offered() -> list[Path]:  # the library is scanned again: new downloads appear
        return list(files) if args.model else library_files(paths, settings)

    catalog = ModelCatalog(engine, offered, spec_from_settings(settings, args.ctx))
    timeout = args.request_timeout
    bounds = Bounds(request_s=timeout, idle_s=min(10.0, timeout), max_waiting=args.max_waiting)
    server = ApiServer(catalog, args.host, args.port, api_key, origins=origins,
                       extra_hosts=tuple(args.allow_host), bounds=bounds)  # fmt: skip
    try:
        if args.model:  # one model: load it now, so a bad file fails here, not at a request
            catalog.ensure("")
        server.start()
        names = ", ".join(m.id for m in catalog.models()[:5])
        print(f"Kotoba serves {names} on {server.url} (Ctrl+C stops)", file=sys.stderr, flush=True)
        signal.signal(signal.SIGTERM, _interrupt)
        idle = threading.Event()
        while True:  # the main thread waits for Ctrl+C or SIGTERM; the server has its own
            idle.wait(1.0)
    except KeyboardInterrupt:
        print("chatapp serve: stopped", file=sys.stderr)
        return 0
    finally:
        server.stop()
        engine.close()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(paths: AppPaths, argv: list[str]) -> int:
    from chatapp.server.http_server import BindRefused

    args = build_parser().parse_args(argv)
    try:
        return run(paths, args)
    except BindRefused as exc:
        print(f"chatapp serve: {exc}", file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"chatapp serve: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"chatapp serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)  # fmt: skip
        return 1
