"""Group ``store``: full-text search over 200,000 messages, opening a 1,000-message chat."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from bench.common import median, p95
from chatapp.core.chat.store import Store

CONVERSATIONS = 10_000
PER_CONVERSATION = 20
QUERIES = 60
WORDS = [
    "river", "mountain", "bread", "engine", "python", "garden", "winter", "music", "planet",
    "window", "coffee", "letter", "market", "silver", "forest", "thunder", "pencil", "harbor",
    "castle", "orange", "pocket", "shadow", "ticket", "violin", "weather", "yellow", "zebra",
    "東京", "天気", "電車", "猫", "音楽", "山", "海", "料理", "図書館", "桜",
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 30))
    words += [f"w{rng.randint(0, 50_000)}" for _ in range(3)]  # rarer terms
    rng.shuffle(words)
    return " ".join(words)


# Rare one- and two-character queries, Japanese and Latin (most match nothing): 富士, 鮭, zz…
RARE_KANJI = "鮭鯛鰻蕎麦麹醤鶏豚苺葡萄檸檬鰹昆布鴨"


def short_queries(rng: random.Random) -> list[str]:
    japanese = ["富士", "鮭", *rng.sample(RARE_KANJI, 8)]
    japanese += ["".join(rng.sample(RARE_KANJI, 2)) for _ in range(10)]
    latin = ["zz", "qx", *("".join(rng.choices("jqxz", k=rng.randint(1, 2))) for _ in range(18))]
    return japanese + latin


def fill(store: Store, rng: random.Random) -> int:
    """Bulk-load through the real schema (triggers feed the FTS index); returns a big chat's id."""
    now = time.time()
    conn = store._conn
    conn.execute("BEGIN")
    for _c in range(CONVERSATIONS):
        cur = conn.execute(
            "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)",
            (sentence(rng)[:40], now, now),
        )
        conv = cur.lastrowid
        parent = None
        for i in range(PER_CONVERSATION):
            cur = conn.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, content, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (conv, parent, "user" if i % 2 == 0 else "assistant", sentence(rng), now),
            )
            parent = cur.lastrowid
        conn.execute("UPDATE conversations SET current_leaf = ? WHERE id = ?", (parent, conv))
    conn.execute("COMMIT")
    big = store.create_conversation("a long chat")
    for i in range(1000):
        store.add_message(big, "user" if i % 2 == 0 else "assistant", sentence(rng))
    return big


def run() -> dict[str, float]:
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        try:
            t0 = time.perf_counter()
            big = fill(store, rng)
            fill_s = time.perf_counter() - t0
            n_messages = store._query("SELECT count(*) FROM messages")[0][0]
            queries = [rng.choice(WORDS) for _ in range(QUERIES // 2)]
            queries += [f"w{rng.randint(0, 50_000)}" for _ in range(QUERIES // 4)]
            queries += [f"{rng.choice(WORDS)} {rng.choice(WORDS)}"[:8] for _ in range(QUERIES // 4)]
            search_ms = []
            for q in queries:
                t = time.perf_counter()
                store.search(q)
                search_ms.append((time.perf_counter() - t) * 1000)
            # The slow path Japanese users hit most: one or two characters, often rare.
            short_ms = []
            for q in short_queries(rng):
                t = time.perf_counter()
                store.search(q)
                short_ms.append((time.perf_counter() - t) * 1000)
            open_ms = []
            for _ in range(20):
                t = time.perf_counter()
                store.conversation(big)
                branch = store.branch(big)
                open_ms.append((time.perf_counter() - t) * 1000)
            assert len(branch) == 1000
        finally:
            store.close()
    return {
        "store_messages": n_messages,
        "store_fill_s": round(fill_s, 1),
        "store_search_ms": round(p95(search_ms), 2),
        "store_search_ms_median": round(median(search_ms), 2),
        "store_search_short_ms": round(p95(short_ms), 2),
        "store_search_short_ms_median": round(median(short_ms), 2),
        "store_open_ms": round(p95(open_ms), 2),
    }
