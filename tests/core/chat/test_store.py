from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.store import ImportError_, Store
from chatapp.core.chat.store_schema import SCHEMA_VERSION, NewerDatabase


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "chats.sqlite3")
    yield s
    s.close()


def chat(store: Store, *texts: str) -> tuple[int, list[int]]:
    conv = store.create_conversation()
    ids = []
    for i, text in enumerate(texts):
        ids.append(store.add_message(conv, "user" if i % 2 == 0 else "assistant", text))
    return conv, ids


def test_file_is_wal_durable_and_versioned(store: Store) -> None:
    raw = sqlite3.connect(store.path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    raw.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(NewerDatabase, match="newer Kotoba"):
        Store(path)


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    s = Store(tmp_path / "c.sqlite3")
    conv, _ids = chat(s, "hello", "hi there")
    s.close()
    s2 = Store(tmp_path / "c.sqlite3")
    assert [m.content for m in s2.branch(conv)] == ["hello", "hi there"]
    s2.close()


def test_title_is_automatic_then_editable(store: Store) -> None:
    conv, _ = chat(
        store, "  How do I   bake bread at home with a very small oven and no mixer?", "…"
    )
    title = store.conversation(conv).title
    assert title.startswith("How do I bake bread") and len(title) <= 60 and title.endswith("…")
    store.rename(conv, "Bread")
    store.add_message(conv, "user", "another question")
    assert store.conversation(conv).title == "Bread"


def test_settings_round_trip_and_validation(store: Store) -> None:
    settings = ConversationSettings(
        system_prompt="Be terse.", sampling=SamplingSettings(temperature=0.2, seed=5), n_ctx=1024,
        policy="rolling",
    )  # fmt: skip
    conv = store.create_conversation(settings=settings)
    assert store.conversation(conv).settings == settings
    with pytest.raises(ValueError, match="policy"):
        store.set_settings(conv, ConversationSettings(policy="nope"))


def test_tools_on_in_new_chats_and_kept_in_old_ones(store: Store) -> None:
    new = store.create_conversation()
    assert store.conversation(new).settings.tools_enabled
    assert store.conversation(new).settings.tools == ("calculator", "clock")
    # A chat stored before tools were on by default has no "tools_enabled": it stays off.
    old = store.create_conversation()
    stored = json.loads(ConversationSettings().to_json())
    del stored["tools_enabled"]
    raw = sqlite3.connect(store.path)
    with raw:
        raw.execute("UPDATE conversations SET settings = ? WHERE id = ?", (json.dumps(stored), old))
        raw.execute("UPDATE conversations SET settings = ? WHERE id = ?", ("not json", new))
    raw.close()
    assert not store.conversation(old).settings.tools_enabled
    assert not store.conversation(new).settings.tools_enabled  # unreadable: as before, no tools
    off = store.create_conversation(settings=ConversationSettings(tools_enabled=False))
    assert not store.conversation(off).settings.tools_enabled


def test_branches_from_regenerate_and_edit(store: Store) -> None:
    conv, (u1, a1) = chat(store, "question", "first answer")
    # Regenerate: a sibling of a1 under u1.
    store.set_current_leaf(conv, u1)
    a2 = store.add_message(conv, "assistant", "second answer")
    assert store.siblings(a1) == [a1, a2]
    assert [m.content for m in store.branch(conv)] == ["question", "second answer"]
    store.select_branch(a1)
    assert [m.content for m in store.branch(conv)] == ["question", "first answer"]
    # Edit the first user message: a new root; the old branch stays reachable.
    u2 = store.add_message(conv, "user", "better question", parent_id=None)
    assert store.siblings(u1) == [u1, u2]
    assert [m.content for m in store.branch(conv)] == ["better question"]
    store.select_branch(u1)
    assert [m.content for m in store.branch(conv)] == ["question", "second answer"]
    assert len(store.all_messages(conv)) == 4


def test_delete_message_keeps_the_rest(store: Store) -> None:
    conv, (_u1, a1, _u2, a2) = chat(store, "q1", "a1", "q2", "a2")
    store.delete_message(a1)
    assert [m.content for m in store.branch(conv)] == ["q1", "q2", "a2"]
    store.delete_message(a2)
    assert [m.content for m in store.branch(conv)] == ["q1", "q2"]


def test_partial_then_complete(store: Store) -> None:
    conv, (_u1,) = chat(store, "q")
    a = store.add_message(conv, "assistant", "", status="partial")
    store.update_message(a, content="half")
    assert store.message(a).status == "partial"
    store.update_message(
        a, content="half and whole", status="complete", stats={"tokens_per_s": 9.5}
    )
    m = store.message(a)
    assert (m.content, m.status, m.stats) == ("half and whole", "complete", {"tokens_per_s": 9.5})


def test_token_count_cache_is_per_model(store: Store) -> None:
    _conv, (u1, a1) = chat(store, "q", "a")
    store.save_token_counts({u1: 3, a1: 7}, "model-a")
    assert store.token_counts([u1, a1], "model-a") == {u1: 3, a1: 7}
    assert store.token_counts([u1, a1], "model-b") == {}


def test_search_english_and_japanese(store: Store) -> None:
    c1, (m1, m2) = chat(store, "Tell me about photosynthesis", "Plants convert light")
    c2, (m3, m4) = chat(store, "東京の天気はどうですか", "今日の東京は晴れです")
    store.rename(c2, "天気の話")
    hits = store.search("photosynth")
    # The automatic title (from the first message) and the message itself.
    assert [(h.conversation_id, h.message_id) for h in hits] == [(c1, None), (c1, m1)]
    hit = hits[1]
    assert hit.snippet == "Tell me about photosynthesis"  # no marks in the text itself
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "photosynth"
    assert [h.message_id for h in store.search("東京の")] == [m3]
    assert [h.message_id for h in store.search("晴れです")] == [m4]
    assert [h.message_id for h in store.search("東京")] == [m4, m3]  # two characters: no trigram
    assert store.search("天気の話")[0].message_id is None  # the title
    assert store.search("LIGHT")[0].message_id == m2  # case-insensitive
    assert store.search('qu"ote') == [] and store.search("   ") == []
    store.update_message(m2, content="Plants make sugar")
    assert store.search("light") == []
    store.delete_conversation(c1)
    assert store.search("photosynth") == []


def test_export_markdown_and_json_round_trip(store: Store) -> None:
    conv, (u1, _a1) = chat(store, "What is 2+2?", "**4**")
    store.set_current_leaf(conv, u1)
    store.add_message(conv, "assistant", "Four.")
    store.add_summary(conv, [u1], "The user asked arithmetic.", "tiny")
    md = store.export_markdown(conv)
    assert "## You" in md and "What is 2+2?" in md and "Four." in md
    assert "The user asked arithmetic." in md
    data = json.loads(json.dumps(store.export_json(conv)))
    copy = store.import_json(data)
    assert [m.content for m in store.branch(copy)] == ["What is 2+2?", "Four."]
    assert len(store.all_messages(copy)) == 3
    assert store.latest_summary(copy).content == "The user asked arithmetic."
    assert store.conversation(copy).settings == store.conversation(conv).settings


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(format="other"),
        lambda d: d.update(version=99),
        lambda d: d.update(messages="nope"),
        lambda d: d["messages"][1].update(parent=12345),
        lambda d: d["messages"][0].update(role=""),
        lambda d: d["messages"][0].update(content=None),
        lambda d: d["messages"][1].update(id=d["messages"][0]["id"]),
        lambda d: d.update(current_leaf=999999),
        lambda d: d["summaries"].append({"covered": [424242], "content": "x"}),
        lambda d: d["messages"][0].update(created_at="yesterday"),
    ],
)
def test_malformed_import_writes_nothing(store: Store, mutate) -> None:  # type: ignore[no-untyped-def]
    conv, _ = chat(store, "q", "a")
    data = store.export_json(conv)
    mutate(data)
    before = store._query("SELECT count(*) FROM messages")[0][0], len(store.list_conversations())
    with pytest.raises(ImportError_, match="not a Kotoba conversation"):
        store.import_json(data)
    after = store._query("SELECT count(*) FROM messages")[0][0], len(store.list_conversations())
    assert before == after


def test_one_damaged_conversation_does_not_hide_the_others(store: Store) -> None:
    good, _ = chat(store, "fine", "yes")
    bad, (b1, b2) = chat(store, "broken", "indeed")
    store._conn.execute("UPDATE conversations SET settings = '{not json' WHERE id = ?", (bad,))
    store._conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (b2, b1))  # a cycle
    store._conn.execute("UPDATE messages SET stats = '[1,' WHERE id = ?", (b2,))
    convs = {c.id: c for c in store.list_conversations()}
    assert set(convs) == {good, bad}
    assert convs[bad].settings == ConversationSettings(tools_enabled=False)
    assert [m.content for m in store.branch(good)] == ["fine", "yes"]
    assert {m.content for m in store.branch(bad)} == {"broken", "indeed"}
    assert store.message(b2).stats is None


def test_snippets_start_near_the_match_and_say_where_it_is(store: Store) -> None:
    words = "This is a long message about many things, " * 6
    _c, (m, _a) = chat(store, words + "and then the 東京タワー fact, " + "more words " * 20, "ok")
    hit = next(h for h in store.search("東京タワー") if h.message_id == m)
    assert "[" not in hit.snippet and hit.snippet.startswith("…")
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "東京タワー"
    assert hit.match_start <= 26  # a short lead: the match shows in a narrow list
    assert hit.snippet.endswith("…") and "\n" not in hit.snippet


def test_a_snippet_keeps_the_spaces_around_the_match() -> None:
    from chatapp.core.chat.store import snippet

    text = "print(items[::-1])   # a reversed copy: [2, 1, 3]\nfor x in reversed(items):"
    line, start, length = snippet(text, "reversed")
    assert line[start : start + length] == "reversed"
    assert "# a reversed copy:" in line  # was "# a reversedcopy:"
    assert "\n" not in line and "  " not in line
    assert snippet("x  y", "x") == ("x y", 0, 1)


def test_pinned_conversations(store: Store) -> None:
    a = store.create_conversation("a")
    assert not store.conversation(a).pinned
    store.set_pinned(a, True)
    assert store.conversation(a).pinned
    store.set_pinned(a, False)
    assert not store.conversation(a).pinned


def test_one_and_two_character_searches_use_an_index(store: Store) -> None:
    conv = store.create_conversation("旅行の計画")
    fuji = store.add_message(conv, "user", "富士山に登りたい。鮭のおにぎりも持っていく。")
    store.add_message(conv, "assistant", "Pizza and a zebra crossing near the harbour.")
    other = store.add_message(conv, "user", "東京タワーの展望台")

    def found(q: str) -> set[int | None]:
        return {h.message_id for h in store.search(q)}

    assert found("鮭") == {fuji}
    assert found("富士") == {fuji} and found("士山") == {fuji}  # any two neighbours
    assert found("タワ") == {other}
    assert found("猫") == set()
    assert len(found("ze")) == 1  # the start of a word ("zebra"), not the middle of "Pizza"
    assert found("zz") == set()
    # Edits and deletions keep the index right.
    store.update_message(fuji, content="今日は雨")
    assert found("鮭") == set() and found("雨") == {fuji}
    store.delete_message(other)
    assert found("タワ") == set()
    plan = store._query(
        "EXPLAIN QUERY PLAN SELECT rowid FROM short_fts WHERE short_fts MATCH '\"鮭\"'"
    )
    assert any("VIRTUAL TABLE INDEX" in str(tuple(r)) for r in plan)


def test_an_older_database_gets_the_short_index(tmp_path: Path) -> None:
    import sqlite3

    from chatapp.core.chat.store_schema import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(f"BEGIN;{MIGRATIONS[0]}{MIGRATIONS[1]}PRAGMA user_version = 2;COMMIT;")
    conn.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES ('t', 0, 0)")
    conn.execute(
        "INSERT INTO messages (conversation_id, role, content, created_at)"
        " VALUES (1, 'user', '鮭が好き', 0)"
    )
    conn.close()
    store = Store(path)
    try:
        assert [h.message_id for h in store.search("鮭")] == [1]
    finally:
        store.close()
