"""The server the window's Preferences switch starts: the library's models, own runtime."""

from __future__ import annotations

from pathlib import Path

from chatapp.core.models.library import Library
from chatapp.core.settings import AppSettings
from chatapp.core.web_origins import parse_origins
from chatapp.runtime.local_engine import LocalEngine
from chatapp.server.catalog import ModelCatalog, spec_from_settings
from chatapp.server.http_server import ApiServer

HOST = "127.0.0.1"


def start_library_server(
    library: Library, settings: AppSettings, port: int, runtime_log: Path
) -> ApiServer:
    """Serve ``library``'s models on 127.0.0.1:``port`` (raises OSError if it is taken).

    The models run in a runtime process of the server's own: a Stop in the chat never stops
    another app's reply, and a crash of one leaves the other running.
    """
    engine = LocalEngine(log_path=runtime_log)

    def files() -> list[Path]:
        return [m.path for m in library.scan() if m.error is None]

    try:
        catalog = ModelCatalog(engine, files, spec_from_settings(settings, None))
        origins = parse_origins(settings.serve_origins)
        return ApiServer(catalog, HOST, port, origins=origins).start()
    except OSError:
        engine.close()
        raise


def stop_library_server(server: ApiServer) -> None:
    server.stop()
    server.engine.close()
