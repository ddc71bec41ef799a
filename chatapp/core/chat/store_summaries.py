"""The store's per-model token counts and conversation summaries, mixed into ``Store``."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from chatapp.core.chat.store_records import Summary


class SummaryTables:
    """The ``token_counts`` and ``summaries`` tables; ``Store`` gives the connection."""

    if TYPE_CHECKING:

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]: ...

    # --- token counts -------------------------------------------------------------------

    def token_counts(self, message_ids: Iterable[int], model_key: str) -> dict[int, int]:
        ids = list(message_ids)
        out: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT message_id, count FROM token_counts WHERE model_key = ?"
                f" AND message_id IN ({marks})",
                (model_key, *chunk),
            )
            out.update({r[0]: r[1] for r in rows})
        return out

    def save_token_counts(self, counts: dict[int, int], model_key: str) -> None:
        with self._tx() as c:
            c.executemany(
                "INSERT OR REPLACE INTO token_counts (message_id, model_key, count)"
                " VALUES (?, ?, ?)",
                [(mid, model_key, n) for mid, n in counts.items()],
            )

    # --- summaries ----------------------------------------------------------------------

    def add_summary(
        self,
        conversation_id: int,
        covered_ids: Iterable[int],
        content: str,
        model: str | None,
        edited: bool = False,
    ) -> int:
        with self._tx() as c:
            cur = c.execute(
                "INSERT INTO summaries (conversation_id, covered_ids, content, model, edited,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation_id, json.dumps(list(covered_ids)), content, model, int(edited),
                 time.time()),
            )  # fmt: skip
        return int(cur.lastrowid or 0)

    def edit_summary(self, summary_id: int, content: str) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE summaries SET content = ?, edited = 1 WHERE id = ?", (content, summary_id)
            )

    def summaries(self, conversation_id: int) -> list[Summary]:
        rows = self._query(
            "SELECT * FROM summaries WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        out = []
        for r in rows:
            try:
                covered = tuple(int(i) for i in json.loads(r["covered_ids"]))
            except (ValueError, TypeError):
                covered = ()
            out.append(
                Summary(r["id"], r["conversation_id"], covered, r["content"], r["model"],
                        bool(r["edited"]), r["created_at"])
            )  # fmt: skip
        return out

    def latest_summary(self, conversation_id: int) -> Summary | None:
        found = self.summaries(conversation_id)
        return found[-1] if found else None
