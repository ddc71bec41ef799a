"""Application settings: one typed table of defaults, a schema version, tolerant loading.

Kept as JSON in the user config folder. A damaged or unknown file, or a bad value, falls back to
the defaults (for that value) and never touches conversations, which live elsewhere.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from chatapp.core.chat.conversation_settings import POLICIES
from chatapp.core.web_origins import parse_origins

SCHEMA_VERSION = 1
THEMES = ("system", "light", "dark")
LANGUAGES = ("system", "en", "ja")
KV_CACHE_TYPES = ("f16", "q8_0")
SPECULATIVE = ("off", "auto", "lookup", "draft")  # how greedy replies guess ahead (runtime)


@dataclass(frozen=True)
class AppSettings:
    data_dir: str = ""  # empty: the platform's user data folder (takes effect at the next start)
    models_dir: str = ""  # empty: <data folder>/models
    threads: int = 0  # 0: automatic
    gpu_layers: int = 0
    default_context: int = 4096
    default_policy: str = "summarize"
    theme: str = "system"
    language: str = "system"
    flash_attn: bool = False
    kv_cache_type: str = "f16"  # "f16" or "q8_0" (needs flash attention)
    load_last_model: bool = True  # at start, load the model used last
    memory_limit_mb: int = 0  # memory models may use (0: what the machine has available)
    last_model: str = ""  # the .gguf loaded last (set by the app)
    last_chat_format: str = ""  # its chat format override, if any
    serve: bool = False  # serve the library's models on 127.0.0.1 (OpenAI-compatible API)
    serve_port: int = 8080
    serve_origins: str = ""  # web origins allowed to use the server (core/web_origins.py)
    tools_default: bool = True  # new chats may call the built-in calculator and clock
    speculative: str = "off"  # speculative decoding of greedy replies (docs/speculative.md)
    draft_model: str = ""  # the draft's .gguf; empty: a smaller model of the same family

    def validate(self) -> None:
        """Raise ValueError with a message for the user."""
        if self.models_dir and not Path(self.models_dir).expanduser().is_absolute():
            raise ValueError("The models folder must be a full path.")
        if self.data_dir and not Path(self.data_dir).expanduser().is_absolute():
            raise ValueError("The data folder must be a full path.")
        if not 0 <= self.threads <= 512:
            raise ValueError("Threads must be between 0 (automatic) and 512.")
        if not -1 <= self.gpu_layers <= 10_000:
            raise ValueError("GPU layers must be -1 (all), 0 (none) or a layer count.")
        if not 256 <= self.default_context <= 1 << 20:
            raise ValueError("The default context length must be between 256 and 1048576 tokens.")
        if self.default_policy not in POLICIES:
            raise ValueError(f"The overflow policy must be one of {', '.join(POLICIES)}.")
        if self.theme not in THEMES:
            raise ValueError(f"The theme must be one of {', '.join(THEMES)}.")
        if self.language not in LANGUAGES:
            raise ValueError(f"The language must be one of {', '.join(LANGUAGES)}.")
        if not 0 <= self.memory_limit_mb <= 1 << 24:
            raise ValueError("The memory limit must be between 0 (none) and 16 TB.")
        if self.kv_cache_type not in KV_CACHE_TYPES:
            raise ValueError(f"The KV cache type must be one of {', '.join(KV_CACHE_TYPES)}.")
        if self.speculative not in SPECULATIVE:
            raise ValueError(f"Speculative decoding must be one of {', '.join(SPECULATIVE)}.")
        if self.draft_model and not Path(self.draft_model).expanduser().is_absolute():
            raise ValueError("The draft model must be a full path.")
        if not 1 <= self.serve_port <= 65535:
            raise ValueError("The port must be between 1 and 65535.")
        parse_origins(self.serve_origins)  # raises ValueError naming the bad origin
        if self.kv_cache_type != "f16" and not self.flash_attn:
            raise ValueError("A quantized KV cache needs flash attention.")


def settings_file(config_dir: Path) -> Path:
    return config_dir / "settings.json"


def load_settings(config_dir: Path) -> AppSettings:
    try:
        data = json.loads(settings_file(config_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppSettings()
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return AppSettings()
    values: dict[str, Any] = data["values"]
    settings = AppSettings()
    for f in fields(AppSettings):
        if f.name not in values:
            continue
        candidate = replace(settings, **{f.name: values[f.name]})
        if type(values[f.name]) is type(getattr(settings, f.name)):
            try:
                candidate.validate()
            except ValueError:
                continue
            settings = candidate
    return settings


def save_settings(config_dir: Path, settings: AppSettings) -> None:
    settings.validate()
    config_dir.mkdir(parents=True, exist_ok=True)
    path = settings_file(config_dir)
    tmp = path.with_suffix(".tmp")
    payload = {"schema_version": SCHEMA_VERSION, "values": asdict(settings)}
    tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    os.replace(tmp, path)
