"""The models a server offers, and loading the one a request names (one at a time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chatapp.core.engine import Engine, LoadedModel, LoadSpec
from chatapp.core.settings import AppSettings

# Names clients send when they do not know ours; with one model offered they mean that one.
PLACEHOLDER_NAMES = ("", "default", "kotoba")


@dataclass(frozen=True)
class ServedModel:
    id: str  # the file's name without .gguf
    path: Path


class UnknownModel(LookupError):
    def __init__(self, name: str, offered: list[str]) -> None:
        listing = ", ".join(offered[:10]) or "none"
        super().__init__(f"The model '{name}' does not exist here. Models: {listing}.")
        self.name = name


def spec_from_settings(settings: AppSettings, n_ctx: int | None) -> Callable[[Path], LoadSpec]:
    """How a model file is loaded for serving: with the user's threads, GPU layers and cache."""

    def spec_for(path: Path) -> LoadSpec:
        return LoadSpec(
            str(path),
            n_ctx,
            n_threads=settings.threads or None,
            n_gpu_layers=settings.gpu_layers,
            flash_attn=settings.flash_attn,
            kv_cache_type=settings.kv_cache_type,
        )

    return spec_for


def served(paths: list[Path]) -> list[ServedModel]:
    seen: set[str] = set()
    out = []
    for path in paths:
        model_id = path.name[: -len(".gguf")] if path.name.endswith(".gguf") else path.name
        if model_id not in seen:
            seen.add(model_id)
            out.append(ServedModel(model_id, path))
    return out


class ModelCatalog:
    """``files`` lists the model files (the library, or the one ``--model``); ``spec_for``
    turns a file into a load with the user's settings. Call ``ensure`` inside a queue turn."""

    def __init__(
        self,
        engine: Engine,
        files: Callable[[], list[Path]],
        spec_for: Callable[[Path], LoadSpec],
    ) -> None:
        self.engine = engine
        self._files = files
        self._spec_for = spec_for

    def models(self) -> list[ServedModel]:
        return served(self._files())

    def resolve(self, name: str) -> ServedModel:
        models = self.models()
        for m in models:
            if m.id == name or str(m.path) == name:
                return m
        loaded = self.engine.model
        if name in PLACEHOLDER_NAMES or len(models) == 1:
            if loaded is not None:
                current = next((m for m in models if str(m.path) == loaded.source), None)
                if current is not None:
                    return current
            if models:
                return models[0]
        raise UnknownModel(name, [m.id for m in models])

    def ensure(self, name: str) -> tuple[ServedModel, LoadedModel]:
        """The named model, loaded (loading it, in place of another, when needed)."""
        chosen = self.resolve(name)
        loaded = self.engine.model
        if loaded is None or loaded.source != str(chosen.path):
            loaded = self.engine.load(self._spec_for(chosen.path))
        return chosen, loaded
