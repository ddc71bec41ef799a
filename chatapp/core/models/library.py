"""The local model library: the models folder plus files imported in place.

Metadata comes from the GGUF header (no model is loaded) and is cached by path, size and
modification time, so a large library rescans in milliseconds. A model downloaded without any
digest to check it against carries a ``<file>.unverified`` mark beside it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.hub import SPLIT
from chatapp.core.models.model_info import ModelInfo, read_model_info

CACHE_VERSION = 1
UNVERIFIED_SUFFIX = ".unverified"


def unverified_mark(path: Path) -> Path:
    return path.with_name(path.name + UNVERIFIED_SUFFIX)


@dataclass(frozen=True)
class LocalModel:
    path: Path  # the file to load (the first part of a split model)
    parts: tuple[Path, ...]
    info: ModelInfo | None
    error: str | None
    in_place: bool  # imported where it lies, not copied into the models folder
    unverified: bool = False  # downloaded, but the Hub gave no digest to check it against

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.parts if p.exists())


class Library:
    def __init__(self, models_dir: Path, cache_dir: Path, data_dir: Path) -> None:
        self.models_dir = models_dir
        self.cache_file = cache_dir / "model-metadata.json"
        self.in_place_file = data_dir / "models-in-place.json"
        for folder in (models_dir, cache_dir, data_dir):
            folder.mkdir(parents=True, exist_ok=True)

    def set_models_dir(self, models_dir: Path) -> None:
        models_dir.mkdir(parents=True, exist_ok=True)
        self.models_dir = models_dir

    # --- scanning -----------------------------------------------------------------------

    def _in_place(self) -> list[Path]:
        try:
            return [Path(p) for p in json.loads(self.in_place_file.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return []

    def _load_cache(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def scan(self) -> list[LocalModel]:
        cache = self._load_cache()
        fresh: dict[str, dict[str, object]] = {}
        files = sorted(self.models_dir.glob("*.gguf"))
        in_place = [p for p in self._in_place() if p.exists()]
        models: list[LocalModel] = []
        groups: dict[tuple[Path, str], list[tuple[int, Path]]] = {}
        for path in [*files, *in_place]:
            m = SPLIT.match(path.name)
            if m:
                groups.setdefault((path.parent, m["stem"]), []).append((int(m["part"]), path))
                if int(m["part"]) != 1:
                    continue
            parts: tuple[Path, ...] = (path,)
            models.append(self._describe(path, parts, path in in_place, cache, fresh))
        # Fill in the parts of split models; a model missing parts says so.
        out = []
        for model in models:
            m = SPLIT.match(model.path.name)
            if not m:
                out.append(model)
                continue
            found = sorted(groups.get((model.path.parent, m["stem"]), []))
            parts = tuple(p for _, p in found)
            error = model.error
            if len(parts) != int(m["count"]):
                error = f"{len(parts)} of {int(m['count'])} parts present"
            out.append(LocalModel(model.path, parts, model.info, error, model.in_place))
        self._save_cache(fresh)
        return [
            replace(m, unverified=any(unverified_mark(p).exists() for p in m.parts))
            if not m.in_place
            else m
            for m in out
        ]

    def _describe(
        self,
        path: Path,
        parts: tuple[Path, ...],
        in_place: bool,
        cache: dict[str, dict[str, object]],
        fresh: dict[str, dict[str, object]],
    ) -> LocalModel:
        stat = path.stat()
        key = str(path)
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = cache.get(key)
        if entry is not None and entry.get("stamp") == stamp:
            fresh[key] = entry
            raw = entry.get("info")
            info = ModelInfo(**raw) if isinstance(raw, dict) else None
            return LocalModel(path, parts, info, entry.get("error"), in_place)  # type: ignore[arg-type]
        found: ModelInfo | None = None
        error: str | None = None
        try:
            found = read_model_info(path)
        except (GGUFError, OSError) as exc:
            error = str(exc)
        fresh[key] = {"stamp": stamp, "info": asdict(found) if found else None, "error": error}
        return LocalModel(path, parts, found, error, in_place)

    def _save_cache(self, entries: dict[str, dict[str, object]]) -> None:
        """Best effort: a cache that cannot be written (a full disk, a folder gone) is rebuilt
        at the next scan; the scan itself never fails for it."""
        tmp = self.cache_file.with_suffix(".tmp")
        data = json.dumps({"version": CACHE_VERSION, "entries": entries})
        try:
            tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, self.cache_file)
        except OSError:
            tmp.unlink(missing_ok=True)

    # --- changing -----------------------------------------------------------------------

    def import_file(self, source: Path, copy: bool = True) -> Path:
        """Add a .gguf to the library: copied into the models folder, or used where it lies."""
        source = source.expanduser().resolve()
        read_model_info(source)  # refuses what is not a usable GGUF, with a clear message
        if not copy:
            listed = self._in_place()
            if source not in listed:
                listed.append(source)
                self.in_place_file.write_text(json.dumps([str(p) for p in listed]), "utf-8")
            return source
        target = self.models_dir / source.name
        if target.exists():
            raise FileExistsError(f"{source.name} is already in the library")
        partial = target.with_name(target.name + ".importing")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        return target

    def remove(self, model: LocalModel) -> None:
        """Delete a model's files (or forget an in-place import, leaving the file alone)."""
        if model.in_place:
            listed = [p for p in self._in_place() if p != model.path]
            self.in_place_file.write_text(json.dumps([str(p) for p in listed]), "utf-8")
            return
        for part in model.parts:
            part.unlink(missing_ok=True)
            unverified_mark(part).unlink(missing_ok=True)

    def find(self, name: str) -> LocalModel | None:
        for model in self.scan():
            if name in (model.name, str(model.path)) or (model.info and model.info.name == name):
                return model
        return None
