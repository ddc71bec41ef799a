"""``chatapp --self-check``: load a model in the runtime process, generate, print one JSON line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chatapp.core.models.demo_model import demo_model_path
from chatapp.core.models.gguf_header import GGUFError
from chatapp.core.models.model_info import read_model_info
from chatapp.core.paths import AppPaths

SEED = 42
TOKENS = 16
PROMPT = "Write one sentence about the sea."


def run_self_check(paths: AppPaths, model: str | None, n_ctx: int = 512) -> int:
    from chatapp.runtime import protocol as p
    from chatapp.runtime.client import RuntimeClient, RuntimeError_

    result: dict[str, Any] = {
        "ok": False,
        "model": model,
        "quantization": None,
        "tokens": 0,
        "tokens_per_s": 0.0,
        "cpu_variant": None,  # the llama.cpp CPU code the runtime runs (runtime/cpu_variant.py)
        "error": None,
    }
    client: RuntimeClient | None = None
    try:
        path = Path(model) if model else demo_model_path(paths.models_dir)
        if path is None:
            raise GGUFError(
                "no model given and the demo model is not installed"
                " (package kotoba-demo-model or extra 'demo')"
            )
        result["model"] = str(path)
        info = read_model_info(path)  # the cheap checks, before a process starts
        result["quantization"] = info.quantization
        client = RuntimeClient(log_path=paths.runtime_log, cpu_state_path=paths.runtime_cpu_state)
        client.load(path, n_ctx=min(n_ctx, info.context_length or n_ctx))
        done = client.generate(
            [{"role": "user", "content": PROMPT}],
            p.Sampling(seed=SEED, max_tokens=TOKENS, temperature=0.8),
        )
        result["tokens"] = done.stats.completion_tokens
        result["tokens_per_s"] = round(done.stats.tokens_per_s, 2)
        if done.stats.completion_tokens == 0:
            result["error"] = "the model produced no text (check its chat format)"
        else:
            result["ok"] = True
    except (GGUFError, OSError) as exc:
        result["error"] = str(exc)
    except RuntimeError_ as exc:
        result["error"] = exc.event.message
    except Exception as exc:  # noqa: BLE001 - support tooling must print one line, never a traceback
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if client is not None:
            result["cpu_variant"] = client.cpu_variant or None
            client.shutdown()
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0 if result["ok"] else 2
