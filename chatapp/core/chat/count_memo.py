"""Exact prompt counts remembered across plans, keyed by the messages' content."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict

from chatapp.core.chat.store import PromptMessage


class CountMemo:
    """Exact prompt counts remembered across plans (a count is a round trip to the engine)."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._counts: OrderedDict[str, int] = OrderedDict()

    @staticmethod
    def key(messages: list[PromptMessage]) -> str:
        data = json.dumps(messages, ensure_ascii=False, sort_keys=True)
        return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()

    def get(self, key: str) -> int | None:
        value = self._counts.get(key)
        if value is not None:
            self._counts.move_to_end(key)
        return value

    def put(self, key: str, value: int) -> None:
        self._counts[key] = value
        self._counts.move_to_end(key)
        while len(self._counts) > self._size:
            self._counts.popitem(last=False)
