"""Where Kotoba keeps its files: platformdirs locations, or one folder (tests, portable use)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "Kotoba"
DATA_DIR_ENV = "KOTOBA_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path
    models_override: Path | None = None

    @property
    def models_dir(self) -> Path:
        return self.models_override or self.data_dir / "models"

    def with_models_dir(self, folder: str | os.PathLike[str] | None) -> AppPaths:
        """The same paths with the models folder the user chose (empty: the default)."""
        return replace(self, models_override=Path(folder).expanduser() if folder else None)

    @property
    def runtime_log(self) -> Path:
        return self.log_dir / "runtime.log"

    @property
    def speculative_state(self) -> Path:
        """Auto speculative decoding's measured speeds, per model, draft and machine."""
        return self.cache_dir / "speculative.json"

    @property
    def runtime_cpu_state(self) -> Path:
        """llama.cpp CPU code that crashed the runtime on this machine (runtime/cpu_fallback.py)."""
        return self.cache_dir / "runtime-cpu.json"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.config_dir, self.cache_dir, self.log_dir, self.models_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def under(cls, root: str | os.PathLike[str]) -> AppPaths:
        """Everything in one folder (``--data-dir``): tests, portable installs."""
        root = Path(root).expanduser().resolve()
        return cls(root / "data", root / "config", root / "cache", root / "logs")

    @classmethod
    def default(cls) -> AppPaths:
        override = os.environ.get(DATA_DIR_ENV)
        if override:
            return cls.under(override)
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            Path(dirs.user_data_dir),
            Path(dirs.user_config_dir),
            Path(dirs.user_cache_dir),
            Path(dirs.user_log_dir),
        )
