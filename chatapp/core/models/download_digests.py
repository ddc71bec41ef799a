"""The digest a download is checked against, learned from the Hub's answer when the file list
gave none."""

from __future__ import annotations

import re
from typing import Any

SHA256 = re.compile(r"^[0-9a-f]{64}$")
GIT_SHA1 = re.compile(r"^[0-9a-f]{40}$")


def learn_digests(f: dict[str, Any], response: Any) -> bool:
    """Take the digest the Hub sends with the file when the tree gave none; True if learned.

    The Hub's own answer (before any redirect to a CDN) carries ``X-Linked-Etag``, the LFS
    sha256; a file stored without LFS has its git blob sha1 as ``ETag``.
    """
    if f.get("sha256") or f.get("git_oid"):
        return False
    answers = [*getattr(response, "history", []), response]
    for r in answers:
        linked = _etag(r.headers.get("X-Linked-Etag"))
        if linked and SHA256.match(linked):
            f["sha256"] = linked
            return True
    etag = _etag(answers[0].headers.get("ETag"))
    if etag and SHA256.match(etag):
        f["sha256"] = etag
    elif etag and GIT_SHA1.match(etag):
        f["git_oid"] = etag
    return bool(f.get("sha256") or f.get("git_oid"))


def _etag(value: str | None) -> str | None:
    if not value or value.startswith("W/"):  # a weak ETag names a version, not the bytes
        return None
    return value.strip().strip('"').lower()
