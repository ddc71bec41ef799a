"""The Hugging Face Hub: search GGUF repositories, list their quantizations, estimate the fit.

Network access happens only in these functions, which only the model manager calls (on the
user's request). huggingface_hub reads its endpoint and offline settings when it is imported,
so it is imported here, late, after telemetry is switched off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from chatapp.core.models.gguf_header import GGUFError, HeaderIncomplete, parse_header_bytes
from chatapp.core.models.memory import available_bytes, format_bytes, required_bytes
from chatapp.core.models.model_info import ModelInfo, describe

HEADER_FIRST_BYTES = 4 << 20
HEADER_MAX_BYTES = 64 << 20
TIMEOUT_S = 8.0
SPLIT = re.compile(r"^(?P<stem>.+)-(?P<part>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
QUANT = re.compile(
    r"(?<![A-Za-z0-9])(I?Q\d(?:_[A-Z0-9]+)*|BF16|F16|F32|TQ\d_\d|MXFP4)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
SORTS = {"downloads": "downloads", "likes": "likes", "recent": "lastModified"}


class HubError(Exception):
    """A problem talking to the Hub, worded for the user."""


def _hf() -> Any:
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    import huggingface_hub
    import huggingface_hub.errors
    import huggingface_hub.utils

    return huggingface_hub


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def explain(exc: BaseException, what: str) -> HubError:
    """Turn any exception from the network into one clear sentence."""
    hf = _hf()
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(exc, hf.errors.GatedRepoError) or status in (401, 403):
        return HubError(
            f"{what}: this repository is gated or private. Accept its terms on the Hub and add "
            "an access token."
        )
    if isinstance(exc, hf.errors.RepositoryNotFoundError) or status == 404:
        return HubError(f"{what}: not found on the Hub (HTTP 404).")
    if status is not None and status >= 500:
        return HubError(f"{what}: the Hub had a problem (HTTP {status}). Try again later.")
    if status is not None:
        return HubError(f"{what}: the Hub answered HTTP {status}.")
    name = type(exc).__name__
    if "Timeout" in name or "Connect" in name or isinstance(exc, (ConnectionError, TimeoutError)):
        return HubError(f"{what}: the Hub cannot be reached (offline?).")
    return HubError(f"{what}: {exc}")


@dataclass(frozen=True)
class RepoSummary:
    repo_id: str
    downloads: int
    likes: int
    last_modified: str
    gated: bool


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None


@dataclass(frozen=True)
class RemoteModel:
    """One downloadable model: a .gguf file, or all the parts of a split one."""

    repo_id: str
    name: str
    parts: tuple[RemoteFile, ...]
    quantization: str

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def first(self) -> RemoteFile:
        return self.parts[0]


@dataclass(frozen=True)
class Fit:
    verdict: str  # "fits", "tight", "too_big" or "unknown"
    needed: int
    available: int
    info: ModelInfo | None = None

    def describe(self) -> str:
        words = {"fits": "fits", "tight": "tight fit", "too_big": "will not fit", "unknown": "?"}
        return (
            f"{words[self.verdict]} ({format_bytes(self.needed)} of {format_bytes(self.available)})"
        )


def quantization_from_name(name: str) -> str:
    found = QUANT.findall(name.rsplit("/", 1)[-1])
    return found[-1].upper() if found else "unknown"


def group_models(repo_id: str, files: Iterable[RemoteFile]) -> list[RemoteModel]:
    """.gguf files as models; the parts of a split GGUF become one model."""
    singles: list[RemoteModel] = []
    splits: dict[str, list[tuple[int, int, RemoteFile]]] = {}
    for f in files:
        if not f.path.lower().endswith(".gguf"):
            continue
        m = SPLIT.match(f.path)
        if m:
            splits.setdefault(m["stem"], []).append((int(m["part"]), int(m["count"]), f))
        else:
            singles.append(RemoteModel(repo_id, f.path, (f,), quantization_from_name(f.path)))
    for stem, parts in splits.items():
        parts.sort(key=lambda p: p[0])
        count = parts[0][1]
        if [p[0] for p in parts] != list(range(1, count + 1)):
            continue  # an incomplete set of parts cannot be used
        files_ = tuple(p[2] for p in parts)
        singles.append(RemoteModel(repo_id, stem, files_, quantization_from_name(stem)))
    return sorted(singles, key=lambda m: m.size)


def _get_json(path: str, params: dict[str, Any] | None = None, token: str | None = None) -> Any:
    """One GET to the Hub API, no retries: offline must show within seconds, not minutes."""
    hf = _hf()
    session = hf.utils.get_session()
    url = f"{endpoint()}{path}"
    pages: list[Any] = []
    while url:
        response = session.get(
            url, params=params, headers=hf.utils.build_hf_headers(token=token), timeout=TIMEOUT_S
        )
        hf.utils.hf_raise_for_status(response)
        data = response.json()
        if not isinstance(data, list):
            return data
        pages.extend(data)
        url, params = response.links.get("next", {}).get("url", ""), None
    return pages


def search(query: str, sort: str = "downloads", limit: int = 30) -> list[RepoSummary]:
    params = {"filter": "gguf", "sort": SORTS.get(sort, "downloads"), "direction": -1,
              "limit": limit}  # fmt: skip
    if query:
        params["search"] = query
    try:
        found = _get_json("/api/models", params)
        return [
            RepoSummary(
                str(m.get("id") or m.get("modelId")),
                int(m.get("downloads") or 0),
                int(m.get("likes") or 0),
                str(m.get("lastModified") or ""),
                bool(m.get("gated")),
            )
            for m in found
            if isinstance(m, dict)
        ]
    except Exception as exc:  # noqa: BLE001 - every network failure becomes one sentence
        raise explain(exc, "Searching the Hub") from None


def list_models(repo_id: str, token: str | None = None) -> list[RemoteModel]:
    try:
        entries = _get_json(f"/api/models/{repo_id}/tree/main", {"recursive": "true"}, token)
        files = [
            RemoteFile(
                str(e["path"]),
                int(e.get("size") or 0),
                (e.get("lfs") or {}).get("oid") if isinstance(e.get("lfs"), dict) else None,
            )
            for e in entries
            if isinstance(e, dict) and e.get("type") == "file"
        ]
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, f"Listing {repo_id}") from None
    return group_models(repo_id, files)


def file_url(repo_id: str, filename: str, revision: str = "main") -> str:
    # Built here: huggingface_hub's URL template is fixed to the endpoint it saw at import.
    return f"{endpoint()}/{repo_id}/resolve/{quote(revision, safe='')}/{quote(filename)}"


def remote_model_info(model: RemoteModel, token: str | None = None) -> ModelInfo:
    """Read the GGUF header of a remote file with Range requests, without downloading it."""
    hf = _hf()
    session = hf.utils.get_session()
    url = file_url(model.repo_id, model.first.path)
    headers = hf.utils.build_hf_headers(token=token)
    want = HEADER_FIRST_BYTES
    while True:
        headers["Range"] = f"bytes=0-{want - 1}"
        try:
            response = session.get(url, headers=headers, timeout=TIMEOUT_S, follow_redirects=True)
            hf.utils.hf_raise_for_status(response)
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, f"Reading {model.first.path}") from None
        data = response.content[:want]
        try:
            header = parse_header_bytes(data, model.first.size, model.first.path)
        except HeaderIncomplete:
            if want >= HEADER_MAX_BYTES or len(data) < want:
                raise HubError(
                    f"{model.first.path}: the model header is too large to read"
                ) from None
            want *= 4
            continue
        except GGUFError as exc:
            raise HubError(f"{model.first.path}: {exc}") from None
        header.file_size = model.size
        return describe(header)


def estimate_fit(
    info: ModelInfo,
    n_ctx: int,
    available: int | None = None,
    kv_cache_type: str = "f16",
    flash_attn: bool = False,
) -> Fit:
    """Whether the model fits at ``n_ctx`` with the memory options the settings choose."""
    have = available_bytes() if available is None else available
    need = required_bytes(info, n_ctx, kv_cache_type, flash_attn)
    if not have:
        return Fit("unknown", need, have, info)
    verdict = "fits" if need <= 0.75 * have else "tight" if need <= have else "too_big"
    return Fit(verdict, need, have, info)


def recommend(fits: dict[str, Fit], models: list[RemoteModel]) -> RemoteModel | None:
    """Q4_K_M when it fits; Q8_0 when memory is plentiful; else the largest model that fits."""
    fitting = [m for m in models if fits.get(m.name) and fits[m.name].verdict == "fits"]
    if not fitting:
        return None
    by_quant = {m.quantization: m for m in fitting}
    q8 = by_quant.get("Q8_0")
    if q8 is not None and fits[q8.name].needed <= 0.4 * fits[q8.name].available:
        return q8
    if "Q4_K_M" in by_quant:
        return by_quant["Q4_K_M"]
    return max(fitting, key=lambda m: m.size)


def save_token(token: str) -> None:
    """Check the token with the Hub, then keep it where huggingface_hub keeps its token."""
    hf = _hf()
    import huggingface_hub.constants

    try:
        hf.HfApi(endpoint=endpoint()).whoami(token=token)
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, "Saving the access token") from None
    path = Path(huggingface_hub.constants.HF_TOKEN_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token)


def saved_token() -> bool:
    return bool(_hf().get_token())
