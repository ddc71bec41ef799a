"""Names that come from the Hub are untrusted: repository ids and file paths are checked here."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# The Hub's own rule, roughly: one or two segments of letters, digits, "-", "_" and ".".
_SEGMENT = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
REPO_ID = re.compile(rf"^(?:{_SEGMENT}/)?{_SEGMENT}$")


def valid_repo_id(repo_id: str) -> bool:
    return bool(REPO_ID.match(repo_id)) and ".." not in repo_id and "--" not in repo_id


def file_refusal(path: str) -> str | None:
    """Why a repository path must not become a local file (None: it may).

    "outside": it could escape the models folder; "bad_name": control characters, backslashes
    or a drive letter; "not_gguf": not a model file.
    """
    if not path or any(ord(c) < 32 for c in path) or "\\" in path or ":" in path:
        return "bad_name"
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or path.startswith("~"):
        return "outside"
    name = pure.name
    if not name or name.startswith(".") or not name.lower().endswith(".gguf"):
        return "not_gguf"
    return None


def local_name(path: str) -> str:
    """The file name a repository path is installed under (check ``file_refusal`` first)."""
    return PurePosixPath(path).name
