"""Saved servers: address, model and context length in ``servers.json``; keys in ``KeyStore``."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from chatapp.remote.engine import RemoteEngine, display_name, normalize_base_url
from chatapp.remote.http_errors import safe_url
from chatapp.remote.keys import KeyStore

SERVERS_FILE = "servers.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class SavedServer:
    id: str
    base_url: str
    model: str
    n_ctx: int = 0  # 0: what the server says, else the engine's default
    name: str = ""  # the user's name for it; empty: the model and host

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return f"{display_name(self.model)} @ {safe_url(self.base_url).split('://', 1)[-1]}"


class ServerList:
    def __init__(self, config_dir: Path, keys: KeyStore) -> None:
        self.path = config_dir / SERVERS_FILE
        self.keys = keys

    def all(self) -> list[SavedServer]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        items = data.get("servers") if isinstance(data, dict) else None
        out = []
        for item in items if isinstance(items, list) else ():
            try:
                server = SavedServer(
                    id=str(item["id"]),
                    base_url=normalize_base_url(str(item["base_url"])),
                    model=str(item.get("model", "")),
                    n_ctx=int(item.get("n_ctx") or 0),
                    name=str(item.get("name", "")),
                )
            except (KeyError, TypeError, ValueError):
                continue  # one damaged entry does not lose the others
            out.append(server)
        return out

    def get(self, server_id: str) -> SavedServer | None:
        return next((s for s in self.all() if s.id == server_id), None)

    def add(
        self, base_url: str, model: str, api_key: str = "", n_ctx: int = 0, name: str = ""
    ) -> SavedServer:
        """Save a server (a new id); raises ValueError for an address that is not a URL."""
        server = SavedServer(
            uuid.uuid4().hex[:12], normalize_base_url(base_url), model, n_ctx, name
        )
        if api_key:
            self.keys.set(server.id, api_key)
        self._write([*self.all(), server])
        return server

    def update(self, server: SavedServer, api_key: str | None = None) -> SavedServer:
        """Replace the saved entry; ``api_key`` None keeps the key, "" removes it."""
        server = replace(server, base_url=normalize_base_url(server.base_url))
        if api_key is not None:
            self.keys.set(server.id, api_key)
        self._write([server if s.id == server.id else s for s in self.all()])
        return server

    def remove(self, server_id: str) -> None:
        self.keys.delete(server_id)
        self._write([s for s in self.all() if s.id != server_id])

    def engine_for(self, server: SavedServer) -> RemoteEngine:
        return RemoteEngine(server.base_url, self.keys.get(server.id), label=server.label)

    def _write(self, servers: list[SavedServer]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"schema_version": SCHEMA_VERSION, "servers": [asdict(s) for s in servers]}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        os.replace(tmp, self.path)
