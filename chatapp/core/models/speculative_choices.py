"""The user's own speculative decoding per model, kept in this machine's config folder
(docs/speculative.md).

Preferences → Speculative decoding is the default for every model; Installed → Speculative…
overrides it for one model: a mode (Off, Auto, Prompt lookup, Draft model) and, for Draft model
and Auto, a draft from the library or "a smaller model of the same family" (the empty string).
No entry: as in Preferences. The entries are keyed by the model's full path on this machine, so
a choice made here (where Auto measured what pays) does not travel to another computer. A
chosen draft whose file has gone falls back to the smaller model of the same family, so a
deleted draft never stops the model from loading.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.models.draft_choice import choose_draft
from chatapp.core.models.library import LocalModel
from chatapp.core.settings import SPECULATIVE, AppSettings

CHOICES_FILE = "speculative-models.json"
NEEDS_DRAFT = ("auto", "draft")  # the modes that load a draft model beside the chat model


def _key(model: str | os.PathLike[str]) -> str:
    return str(Path(model).expanduser().resolve())


@dataclass(frozen=True)
class ModelSpeculative:
    """One model's own choice: ``mode`` is one of ``settings.SPECULATIVE``; ``draft`` the
    draft's .gguf for Draft model and Auto ("" : a smaller model of the same family)."""

    mode: str
    draft: str = ""

    def validate(self, model: str | os.PathLike[str]) -> None:
        """Raise ValueError with a message for the user."""
        if self.mode not in SPECULATIVE:
            raise ValueError(f"Speculative decoding must be one of {', '.join(SPECULATIVE)}.")
        if not self.draft:
            return
        if self.mode not in NEEDS_DRAFT:
            raise ValueError(f"{self.mode} decoding loads no draft model.")
        if not Path(self.draft).expanduser().is_absolute():
            raise ValueError("The draft model must be a full path.")
        if _key(self.draft) == _key(model):
            raise ValueError("A model cannot be its own draft: choose a smaller one.")


@dataclass(frozen=True)
class SpeculativeLoad:
    """What a load of one model asks the runtime for, and where it came from."""

    mode: str
    draft_path: str | None
    own: bool  # True: the model's own choice; False: Preferences


class SpeculativeChoices:
    def __init__(self, config_dir: Path) -> None:
        self.file = config_dir / CHOICES_FILE

    def _read(self) -> dict[str, ModelSpeculative]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: every model is as in Preferences again
        if not isinstance(data, dict):
            return {}
        found = {}
        for key, entry in data.items():
            if not isinstance(entry, dict):
                continue
            mode, draft = entry.get("mode"), entry.get("draft", "")
            if not isinstance(mode, str) or not isinstance(draft, str):
                continue
            choice = ModelSpeculative(mode, draft)
            try:
                choice.validate(key)
            except ValueError:
                continue  # a bad entry is as in Preferences; the others stand
            found[str(key)] = choice
        return found

    def _write(self, data: dict[str, ModelSpeculative]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        payload = {k: {"mode": c.mode, "draft": c.draft} for k, c in data.items()}
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.file)  # a kill mid-write leaves the old file, never half a file

    def choice(self, model: str | os.PathLike[str]) -> ModelSpeculative | None:
        """None: as in Preferences."""
        return self._read().get(_key(model))

    def choose(self, model: str | os.PathLike[str], choice: ModelSpeculative) -> None:
        """Keep ``choice`` for ``model``; a bad one raises ValueError and nothing is stored."""
        choice.validate(model)
        data = self._read()
        data[_key(model)] = choice
        self._write(data)

    def reset(self, model: str | os.PathLike[str]) -> None:
        """Back to Preferences."""
        data = self._read()
        if data.pop(_key(model), None) is not None:
            self._write(data)


def resolve_speculative(
    settings: AppSettings,
    choice: ModelSpeculative | None,
    model: str | os.PathLike[str],
    scan: Callable[[], Sequence[LocalModel]],
) -> SpeculativeLoad:
    """The mode and draft a load of ``model`` asks for: the model's own ``choice`` when there
    is one, else Preferences. ``scan`` lists the library (called only when a draft is needed)."""
    if choice is None:
        mode, draft, own = settings.speculative, settings.draft_model, False
    else:
        mode, draft, own = choice.mode, choice.draft, True
        if draft and not Path(draft).is_file():
            draft = ""  # gone since it was chosen: a smaller model of the same family
    if mode not in NEEDS_DRAFT:
        return SpeculativeLoad(mode, None, own)
    return SpeculativeLoad(mode, choose_draft(scan(), str(model), draft), own)
