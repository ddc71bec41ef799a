"""The user's own choice of a vision projector per model, kept in the config folder.

Automatic pairing (``projectors.find_projector``) is right for downloads, but a folder can hold
several projectors of one width (an f16 and a q8_0 one, a fine-tune's), or a model the user
wants to run text-only. A choice is one of: automatic (no entry), none (the empty string), or a
projector file. A chosen file that has since gone falls back to automatic, so a deleted
projector never stops the model from loading.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from chatapp.core.images.projector import ProjectorError, ProjectorInfo, read_projector
from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.projectors import embedding_width, find_projector, projectors_in

CHOICES_FILE = "projectors.json"
NONE = ""  # stored for "no projector: text only"


def _key(model: str | os.PathLike[str]) -> str:
    return str(Path(model).expanduser().resolve())


def check_pair(model: str | os.PathLike[str], projector: str | os.PathLike[str]) -> ProjectorInfo:
    """The projector's header if it can serve ``model``; ProjectorError saying why not."""
    try:
        info = read_projector(projector)
    except ProjectorError:
        raise
    except (GGUFError, OSError) as exc:
        raise ProjectorError(f"{Path(projector).name} cannot be read: {exc}") from exc
    width = embedding_width(model)
    if width and info.output_dim != width:
        raise ProjectorError(
            f"{Path(projector).name} gives images {info.output_dim} wide, but "
            f"{Path(model).name} takes {width}: it belongs to another model"
        )
    return info


def fitting_projectors(model: str | os.PathLike[str]) -> list[ProjectorInfo]:
    """The projectors in the model's folder of the model's embedding width."""
    width = embedding_width(model)
    return [p for p in projectors_in(Path(model).parent) if width and p.output_dim == width]


class ProjectorChoices:
    def __init__(self, config_dir: Path) -> None:
        self.file = config_dir / CHOICES_FILE

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: every model is automatic again
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str)}

    def _write(self, data: dict[str, str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.file)  # a kill mid-write leaves the old file, never half a file

    def choice(self, model: str | os.PathLike[str]) -> str | None:
        """None: automatic; NONE: text only; otherwise the chosen projector's path."""
        return self._read().get(_key(model))

    def choose(
        self, model: str | os.PathLike[str], projector: str | os.PathLike[str] | None
    ) -> None:
        """Pair ``projector`` with ``model`` (None: text only). Checked first: a projector of
        another width raises ProjectorError and nothing is stored."""
        if projector is not None:
            check_pair(model, projector)
        data = self._read()
        data[_key(model)] = NONE if projector is None else _key(projector)
        self._write(data)

    def reset(self, model: str | os.PathLike[str]) -> None:
        """Back to automatic pairing."""
        data = self._read()
        if data.pop(_key(model), None) is not None:
            self._write(data)

    def resolve(self, model: str | os.PathLike[str]) -> Path | None:
        """The projector to load with ``model``, or None."""
        chosen = self.choice(model)
        if chosen == NONE:
            return None
        if chosen is not None and Path(chosen).is_file():
            return Path(chosen)
        return find_projector(model)
