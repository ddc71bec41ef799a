"""Agent lessons (chatapp/core/agent/lessons.py, store_lessons.py): the table and its migration
on a real SQLite file, CRUD, the opt-in setting, the note, a lesson written by a real tiny
model in the runtime process, and the note reaching the requests an agent task sends to a
scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from chatapp.core.agent.budget import AgentBudget
from chatapp.core.agent.lessons import (
    LESSON_CHARS,
    LESSON_MAX_TOKENS,
    NOTE_HEAD,
    NOTE_LESSON_CHARS,
    NOTE_LESSONS,
    LessonFailed,
    clean_lesson,
    lessons_note,
    task_of,
    write_lesson,
)
from chatapp.core.agent.loop import AgentRun, agent_note, extra_reserve, run_task
from chatapp.core.chat.conversation_settings import ConversationSettings, SamplingSettings
from chatapp.core.chat.session import ChatSession
from chatapp.core.chat.store import Store
from chatapp.core.chat.store_lessons import MAX_LESSON_LENGTH
from chatapp.core.chat.store_schema import SCHEMA_VERSION
from chatapp.core.engine import LoadSpec
from chatapp.core.tools.builtin import default_registry
from chatapp.remote.engine import RemoteEngine
from chatapp.runtime.local_engine import LocalEngine
from tests.support.agent_scripts import answer_step, tool_step
from tests.support.scripted_sse import ScriptedServer

# --- the table ------------------------------------------------------------------------------


def test_a_database_of_the_previous_schema_gains_the_lessons_table_and_keeps_its_chats(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    s = Store(path)
    cid = s.create_conversation("Old chat")
    s.add_message(cid, "user", "hello from before")
    s.close()
    raw = sqlite3.connect(path)  # as the release before lessons left it
    raw.execute("DROP TABLE lessons")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    raw.commit()
    assert "lessons" not in {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    s = Store(path)
    try:
        assert [m.content for m in s.branch(cid)] == ["hello from before"]
        assert s.conversation(cid).title == "Old chat"
        assert s.lessons(cid) == []
        lesson_id = s.add_lesson(cid, "Check the units.")
        assert [x.id for x in s.lessons(cid)] == [lesson_id]
        assert s.integrity_ok()
    finally:
        s.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_lessons_are_added_listed_edited_and_deleted_per_conversation(store: Store) -> None:
    a, b = store.create_conversation(), store.create_conversation()
    answer = store.add_message(a, "assistant", "wrong")
    first = store.add_lesson(a, "  Use the calculator\n for sums. ", answer)
    second = store.add_lesson(a, "Cite the passage.")
    other = store.add_lesson(b, "Something else.")
    got = store.lessons(a)
    assert [x.id for x in got] == [first, second]
    assert got[0].text == "Use the calculator for sums." and got[0].source_message_id == answer
    assert got[0].conversation_id == a and got[0].created_at > 0
    assert [x.text for x in store.lessons(b)] == ["Something else."]
    store.edit_lesson(first, "Always use the calculator.")
    assert store.lesson(first).text == "Always use the calculator."
    store.delete_lesson(second)
    assert [x.id for x in store.lessons(a)] == [first]
    assert store.lesson(other).text == "Something else."


def test_bad_lessons_are_refused_with_a_clear_error_and_nothing_changes(store: Store) -> None:
    cid = store.create_conversation()
    kept = store.add_lesson(cid, "Keep me.")
    with pytest.raises(ValueError, match="cannot be empty"):
        store.add_lesson(cid, " \n\t ")
    with pytest.raises(ValueError, match=f"at most {MAX_LESSON_LENGTH}"):
        store.add_lesson(cid, "x" * (MAX_LESSON_LENGTH + 1))
    with pytest.raises(ValueError, match="cannot be empty"):
        store.edit_lesson(kept, "")
    with pytest.raises(KeyError):
        store.add_lesson(cid + 99, "No such chat.")
    with pytest.raises(KeyError):
        store.edit_lesson(kept + 99, "No such lesson.")
    with pytest.raises(KeyError):
        store.delete_lesson(kept + 99)
    assert [x.text for x in store.lessons(cid)] == ["Keep me."]


def test_a_deleted_answer_leaves_its_lesson_and_a_deleted_chat_takes_its_lessons(
    store: Store,
) -> None:
    cid = store.create_conversation()
    store.add_message(cid, "user", "task")
    answer = store.add_message(cid, "assistant", "answer")
    lesson = store.add_lesson(cid, "A lesson.", answer)
    store.delete_message(answer)
    assert store.lesson(lesson).source_message_id is None
    store.delete_conversation(cid)
    with pytest.raises(KeyError):
        store.lesson(lesson)


# --- the setting ----------------------------------------------------------------------------


def test_lessons_are_off_by_default_stored_with_the_settings_and_checked(store: Store) -> None:
    assert ConversationSettings().agent_lessons is False
    cid = store.create_conversation()
    assert store.conversation(cid).settings.agent_lessons is False
    store.set_settings(cid, replace(store.conversation(cid).settings, agent_lessons=True))
    assert store.conversation(cid).settings.agent_lessons is True
    assert ConversationSettings.from_dict({"agent_lessons": "yes"}).agent_lessons is False
    with pytest.raises(ValueError, match="on or off"):
        ConversationSettings(agent_lessons=1).validate()  # type: ignore[arg-type]


# --- the note and the text ------------------------------------------------------------------


def test_the_note_offers_the_newest_few_lessons_each_cut_short() -> None:
    assert lessons_note([]) == ""
    assert lessons_note([" ", ""]) == ""
    texts = [f"Lesson {i}." for i in range(NOTE_LESSONS + 3)] + ["y" * 900]
    note = lessons_note(texts)
    lines = note.splitlines()
    assert lines[0] == NOTE_HEAD
    assert len(lines) == 1 + NOTE_LESSONS
    assert "Lesson 0." not in note and lines[-2] == f"- Lesson {NOTE_LESSONS + 2}."
    assert lines[-1].startswith("- yyy") and len(lines[-1]) == 2 + NOTE_LESSON_CHARS
    assert lines[-1].endswith("…")


def test_a_lesson_is_cleaned_to_one_line_without_labels_or_quotes() -> None:
    assert (
        clean_lesson('\n\nLesson: "Check the date first."\nMore text.') == "Check the date first."
    )
    assert clean_lesson("- 教訓：単位を確認する") == "単位を確認する"
    assert clean_lesson("The user's correction: It is 49,206.") == "It is 49,206."
    assert clean_lesson("  \n \n") == ""
    long = clean_lesson("word " * 200)
    assert len(long) == LESSON_CHARS and long.endswith("…")


def test_the_task_of_an_answer_is_the_user_message_that_started_it(store: Store) -> None:
    cid = store.create_conversation()
    store.add_message(cid, "user", "What is 2 + 2?")
    step = store.add_message(cid, "assistant", "thinking")
    store.add_message(cid, "tool", "2 + 2 = 4")
    answer = store.add_message(cid, "assistant", "It is 5.")
    assert task_of(store, answer) == ("What is 2 + 2?", "It is 5.")
    assert task_of(store, step)[0] == "What is 2 + 2?"
    with pytest.raises(ValueError, match="only an answer"):
        task_of(store, store.branch(cid)[0].id)


# --- written by a real model ----------------------------------------------------------------


def test_a_tiny_model_writes_one_short_line(tiny_engine: LocalEngine) -> None:
    """Random weights: the words are gibberish, the shape is what is checked."""
    lesson = write_lesson(tiny_engine, "What is 2 + 2?", "It is 5.", "It is 4: use the calculator.")
    assert lesson.strip() == lesson and lesson
    assert "\n" not in lesson and len(lesson) <= LESSON_CHARS
    again = write_lesson(tiny_engine, "What is 2 + 2?", "It is 5.", "It is 4: use the calculator.")
    assert again == lesson  # greedy, fixed seed


def test_a_model_that_writes_nothing_gives_a_clear_error(tiny_eos: Path) -> None:
    e = LocalEngine()
    try:
        e.load(LoadSpec(str(tiny_eos), 2048, n_threads=1))
        with pytest.raises(LessonFailed, match="wrote no lesson"):
            write_lesson(e, "A task", "An answer", None)
    finally:
        e.close()


# --- against a scripted server --------------------------------------------------------------


def test_the_lesson_request_has_no_tools_and_a_small_greedy_budget(
    scripted: ScriptedServer, engine: RemoteEngine
) -> None:
    scripted.add(answer_step("Lesson: Use the calculator for arithmetic.\nThen answer."))
    lesson = write_lesson(engine, "What is 2 + 2?", "It is 5.", "It is 4.")
    assert lesson == "Use the calculator for arithmetic."
    body = scripted.chat_requests()[-1].body
    assert not body.get("tools")
    assert body["temperature"] == 0.0 and body["max_tokens"] == LESSON_MAX_TOKENS
    shown = body["messages"][-1]["content"]
    assert "What is 2 + 2?" in shown and "It is 5." in shown and "It is 4." in shown


def _session(store: Store, engine: RemoteEngine, lessons_on: bool) -> ChatSession:
    settings = ConversationSettings(
        sampling=SamplingSettings(temperature=0.0),
        tools_enabled=True,
        tools=("calculator",),
        agent=True,
        agent_lessons=lessons_on,
    )
    cid = store.create_conversation(settings=settings)
    return ChatSession(store, engine, cid, tools=default_registry())


def _systems(scripted: ScriptedServer) -> list[str]:
    return [
        " ".join(m.get("content") or "" for m in r.body["messages"] if m["role"] == "system")
        for r in scripted.chat_requests()
    ]


def test_an_agent_task_sends_the_lessons_of_its_conversation_when_they_are_on(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    session = _session(store, engine, lessons_on=True)
    other = store.create_conversation()
    store.add_lesson(session.conversation_id, "Use the calculator for every sum.")
    store.add_lesson(other, "A lesson of another chat.")
    scripted.add(tool_step("calculator", {"expression": "2 + 2"}), answer_step("4"))
    result = run_task(session, "What is 2 + 2?", AgentBudget(steps=3))
    assert result.answered and result.text == "4"
    systems = _systems(scripted)
    assert len(systems) == 2
    for system in systems:  # every step sees them
        assert NOTE_HEAD in system and "- Use the calculator for every sum." in system
        assert "another chat" not in system


def test_lessons_that_are_off_stay_out_of_the_requests(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    session = _session(store, engine, lessons_on=False)
    store.add_lesson(session.conversation_id, "Use the calculator for every sum.")
    scripted.add(answer_step("4"))
    run_task(session, "What is 2 + 2?", AgentBudget(steps=3))
    assert all("calculator for every sum" not in s for s in _systems(scripted))


def test_the_answer_asked_for_at_the_budget_sees_the_lessons_and_the_note_is_counted(
    scripted: ScriptedServer, engine: RemoteEngine, store: Store
) -> None:
    session = _session(store, engine, lessons_on=True)
    store.add_lesson(session.conversation_id, "Say which unit the figure is in.")
    scripted.add(tool_step("calculator", {"expression": "1 + 1"}), answer_step("2 metres"))
    store.add_message(session.conversation_id, "user", "How long?")
    run = AgentRun(session, AgentBudget(steps=1))
    result = run.run()
    assert result.text == "2 metres"
    final = scripted.chat_requests()[-1].body
    assert final["tool_choice"] == "none"
    assert "Say which unit the figure is in." in _systems(scripted)[-1]
    tools = run.tools()
    assert run.lessons and run.reserve > extra_reserve(session, tools, agent_note(tools))


# --- export and import ----------------------------------------------------------------------


def test_lessons_travel_with_the_exported_chat_and_point_at_the_imported_answer(
    store: Store,
) -> None:
    from chatapp.core.chat.store_transfer import export_json, import_json

    cid = store.create_conversation("Sums")
    store.set_settings(cid, replace(store.conversation(cid).settings, agent_lessons=True))
    store.add_message(cid, "user", "2 + 2?")
    answer = store.add_message(cid, "assistant", "5")
    store.add_lesson(cid, "Use the calculator.", answer)
    store.add_lesson(cid, "Say the unit.")
    data = export_json(store, cid)
    new = import_json(store, data)
    got = store.lessons(new)
    assert [x.text for x in got] == ["Use the calculator.", "Say the unit."]
    imported_answer = store.branch(new)[-1]
    assert (
        got[0].source_message_id == imported_answer.id != answer
        and got[1].source_message_id is None
    )
    assert store.conversation(new).settings.agent_lessons
    del data["lessons"]  # a file from before lessons
    assert store.lessons(import_json(store, data)) == []


def test_a_file_with_a_bad_lesson_is_refused_and_writes_nothing(store: Store) -> None:
    from chatapp.core.chat.store_transfer import ImportError_, export_json, import_json

    cid = store.create_conversation("Sums")
    store.add_message(cid, "user", "2 + 2?")
    data = export_json(store, cid)
    before = len(store.list_conversations())
    for bad in ([{"text": "  "}], [{"text": 5}], ["text"], {"text": "x"}):
        data["lessons"] = bad
        with pytest.raises(ImportError_, match="lesson"):
            import_json(store, data)
    assert len(store.list_conversations()) == before
