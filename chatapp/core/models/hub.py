"""The Hugging Face Hub: search GGUF repositories, list their quantizations, estimate the fit.

Network access happens only in these functions, which only the model manager calls (on the
user's request). huggingface_hub reads its endpoint and offline settings when it is imported,
so it is imported here, late, after telemetry is switched off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from chatapp.core.models.gguf_header import GGUFError, HeaderIncomplete, parse_header_bytes
from chatapp.core.models.hub_errors import HubError, explain
from chatapp.core.models.memory import available_bytes, format_bytes, required_bytes
from chatapp.core.models.model_info import ModelInfo, describe
from chatapp.core.models.names import file_refusal, valid_repo_id
from chatapp.core.models.projectors import is_projector_name

HEADER_FIRST_BYTES = 4 << 20
HEADER_MAX_BYTES = 64 << 20
TIMEOUT_S = 8.0
SPLIT = re.compile(r"^(?P<stem>.+)-(?P<part>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
QUANT = re.compile(
    r"(?<![A-Za-z0-9])(I?Q\d(?:_[A-Z0-9]+)*|BF16|F16|F32|TQ\d_\d|MXFP4)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
SORTS = {"downloads": "downloads", "likes": "likes", "recent": "lastModified"}


def _hf() -> Any:
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    import huggingface_hub
    import huggingface_hub.errors
    import huggingface_hub.utils

    return huggingface_hub


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


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
    sha256: str | None  # the LFS sha256
    git_oid: str | None = None  # for a file stored without LFS: its git blob sha1


@dataclass(frozen=True)
class RemoteModel:
    """One downloadable model: a .gguf file, or all the parts of a split one."""

    repo_id: str
    name: str
    parts: tuple[RemoteFile, ...]
    quantization: str
    refused: str | None = None  # why a name is refused (see names.file_refusal); None: usable
    projector: RemoteFile | None = None  # a vision model's mmproj file, downloaded with it

    @property
    def vision(self) -> bool:
        return self.projector is not None

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
    n_ctx: int = 0  # the context length the estimate is for

    @property
    def over_trained_context(self) -> bool:
        """The chosen context is longer than the one the model was trained for."""
        trained = self.info.context_length if self.info is not None else 0
        return bool(trained) and self.n_ctx > trained

    def describe(self) -> str:
        """In English, for the command line (the GUI words the fields itself)."""
        words = {"fits": "fits", "tight": "tight fit", "too_big": "will not fit", "unknown": "?"}
        text = (
            f"{words[self.verdict]} ({format_bytes(self.needed)} of {format_bytes(self.available)})"
        )
        if self.over_trained_context and self.info is not None:
            trained = self.info.context_length
            text += f"; {self.n_ctx} is above the model's trained context ({trained})"
        return text


def quantization_from_name(name: str) -> str:
    found = QUANT.findall(name.rsplit("/", 1)[-1])
    return found[-1].upper() if found else "unknown"


def group_models(repo_id: str, files: Iterable[RemoteFile]) -> list[RemoteModel]:
    """.gguf files as models; the parts of a split GGUF become one model.

    A name that could escape the models folder stays in the list, marked ``refused``, after the
    usable models: the user sees it is there and why it cannot be downloaded.
    """
    singles: list[RemoteModel] = []
    splits: dict[str, list[tuple[int, int, RemoteFile]]] = {}
    projectors: list[RemoteFile] = []
    for f in files:
        if not f.path.lower().endswith(".gguf"):
            continue
        if is_projector_name(f.path.rsplit("/", 1)[-1]):
            if not file_refusal(f.path):
                projectors.append(f)  # not a model: it goes with the models (see below)
            continue
        m = SPLIT.match(f.path)
        refused = file_refusal(f.path)
        if m and not refused:
            splits.setdefault(m["stem"], []).append((int(m["part"]), int(m["count"]), f))
        else:
            quant = quantization_from_name(f.path)
            singles.append(RemoteModel(repo_id, f.path, (f,), quant, refused))
    for stem, parts in splits.items():
        parts.sort(key=lambda p: p[0])
        count = parts[0][1]
        if [p[0] for p in parts] != list(range(1, count + 1)):
            continue  # an incomplete set of parts cannot be used
        files_ = tuple(p[2] for p in parts)
        singles.append(RemoteModel(repo_id, stem, files_, quantization_from_name(stem)))
    if projectors:
        singles = [with_projector(m, projectors) for m in singles]
    return sorted(singles, key=lambda m: (m.refused is not None, m.size))


def with_projector(model: RemoteModel, projectors: list[RemoteFile]) -> RemoteModel:
    """A vision repository: the model with the projector that suits it. The one in the same
    folder, then the 16-bit one (full precision for the image encoder), else the smallest."""
    if model.refused is not None:
        return model
    folder = model.first.path.rpartition("/")[0]
    near = [p for p in projectors if p.path.rpartition("/")[0] == folder] or projectors

    def rank(p: RemoteFile) -> tuple[int, int]:
        name = p.path.lower()
        return (0 if ("f16" in name or "bf16" in name) else 1, p.size)

    return replace(model, projector=min(near, key=rank))


def header_source(models: list[RemoteModel]) -> RemoteModel | None:
    """The model whose header stands for the repository: the smallest one that may be read."""
    usable = [m for m in models if m.refused is None]
    return min(usable, key=lambda m: m.size) if usable else None


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
        raise explain(exc, "search") from None


def check_repo_id(repo_id: str, action: str = "list") -> None:
    if not valid_repo_id(repo_id):
        raise HubError("invalid_repo", action, repo_id)


def _remote_file(entry: dict[str, Any]) -> RemoteFile:
    lfs = entry.get("lfs")
    sha256 = lfs.get("oid") if isinstance(lfs, dict) else None
    # Without LFS, "oid" is the git blob sha1 of the content itself (with LFS, of the pointer).
    git_oid = entry.get("oid") if lfs is None else None
    return RemoteFile(
        str(entry["path"]),
        int(entry.get("size") or 0),
        str(sha256) if sha256 else None,
        str(git_oid) if git_oid else None,
    )


def list_models(repo_id: str, token: str | None = None) -> list[RemoteModel]:
    check_repo_id(repo_id)
    try:
        entries = _get_json(f"/api/models/{repo_id}/tree/main", {"recursive": "true"}, token)
        files = [
            _remote_file(e) for e in entries if isinstance(e, dict) and e.get("type") == "file"
        ]
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, "list", repo_id) from None
    return group_models(repo_id, files)


def file_url(repo_id: str, filename: str, revision: str = "main") -> str:
    # Built here: huggingface_hub's URL template is fixed to the endpoint it saw at import.
    check_repo_id(repo_id, "download")
    return f"{endpoint()}/{repo_id}/resolve/{quote(revision, safe='')}/{quote(filename)}"


def remote_model_info(model: RemoteModel, token: str | None = None) -> ModelInfo:
    """Read the GGUF header of a remote file with Range requests, without downloading it."""
    path, size = model.first.path, model.first.size
    if model.refused:
        raise HubError("refused_name", "read", path, detail=model.refused)
    hf = _hf()
    session = hf.utils.get_session()
    url = file_url(model.repo_id, path)
    headers = hf.utils.build_hf_headers(token=token)
    want = HEADER_FIRST_BYTES
    while True:
        # Never ask past the end: a server that does not clamp the range waits for bytes that
        # never come.
        want = min(want, size) if size else want
        headers["Range"] = f"bytes=0-{want - 1}"
        try:
            response = session.get(url, headers=headers, timeout=TIMEOUT_S, follow_redirects=True)
            hf.utils.hf_raise_for_status(response)
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, "read", path) from None
        data = response.content[:want]
        try:
            header = parse_header_bytes(data, size, path)
        except HeaderIncomplete:
            if want >= HEADER_MAX_BYTES or len(data) < want or (size and want >= size):
                raise HubError("header_too_large", "read", path) from None
            want *= 4
            continue
        except GGUFError as exc:
            raise HubError("bad_header", "read", path, detail=str(exc)) from None
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
        return Fit("unknown", need, have, info, n_ctx)
    verdict = "fits" if need <= 0.75 * have else "tight" if need <= have else "too_big"
    return Fit(verdict, need, have, info, n_ctx)


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
        raise explain(exc, "token") from None
    path = Path(huggingface_hub.constants.HF_TOKEN_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token)


def saved_token() -> bool:
    return bool(_hf().get_token())
