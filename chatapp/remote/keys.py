"""API keys for saved servers: the system keyring where there is one, else a private file.

The file (``server-keys.json`` in the config folder) is created readable by the user only
(mode 0600). Keys never go into ``servers.json``, the log or the diagnostics.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import threading
from pathlib import Path
from typing import Any

SERVICE = "Kotoba"
KEY_FILE = "server-keys.json"
log = logging.getLogger("kotoba.remote.keys")


def system_keyring() -> Any | None:
    """The keyring backend, or None where no real one exists (a headless Linux box)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return backend


class KeyStore:
    """Keys by server id. ``use_keyring=False`` forces the file (tests, portable installs)."""

    def __init__(self, config_dir: Path, use_keyring: bool = True) -> None:
        self.path = config_dir / KEY_FILE
        self._use_keyring = use_keyring
        self._backend: Any | None = None
        self._checked = False
        self._lock = threading.Lock()

    def _keyring(self) -> Any | None:
        if not self._use_keyring:
            return None
        if not self._checked:  # importing keyring scans entry points: only when needed
            self._backend = system_keyring()
            self._checked = True
        return self._backend

    @property
    def where(self) -> str:
        """ "keyring" or "file": where a key saved now would go."""
        return "keyring" if self._keyring() is not None else "file"

    def get(self, server_id: str) -> str:
        backend = self._keyring()
        if backend is not None:
            try:
                value = backend.get_password(SERVICE, server_id)
                if value:
                    return str(value)
            except Exception as exc:  # noqa: BLE001 - a locked or broken keyring: use the file
                log.warning("the keyring could not be read (%s)", type(exc).__name__)
        return str(self._read_file().get(server_id, ""))

    def set(self, server_id: str, key: str) -> str:
        """Save (an empty key deletes); returns where it went: "keyring" or "file"."""
        if not key:
            self.delete(server_id)
            return self.where
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE, server_id, key)
                self._drop_from_file(server_id)
                return "keyring"
            except Exception as exc:  # noqa: BLE001 - fall back to the private file
                log.warning("the keyring refused the key (%s); using a private file",
                            type(exc).__name__)  # fmt: skip
        with self._lock:
            keys = self._read_file()
            keys[server_id] = key
            self._write_file(keys)
        return "file"

    def delete(self, server_id: str) -> None:
        backend = self._keyring()
        if backend is not None:
            # Not there, or the keyring is unavailable: either way it is gone from there.
            with contextlib.suppress(Exception):
                backend.delete_password(SERVICE, server_id)
        self._drop_from_file(server_id)

    # --- the private file ---------------------------------------------------------------

    def _drop_from_file(self, server_id: str) -> None:
        with self._lock:
            keys = self._read_file()
            if server_id in keys:
                del keys[server_id]
                self._write_file(keys)

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}

    def _write_file(self, keys: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)  # whatever the umask left
            json.dump(keys, fh)
        os.replace(tmp, self.path)
