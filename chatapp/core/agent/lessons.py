"""Lessons (Reflexion, opt-in): after an agent answer the user marks as failed (with or without
a correction), the model is asked once, without tools, for ONE sentence a later task should
keep in mind. Lessons are stored per conversation (store_lessons.py), shown to the user, and
offered to later tasks of that conversation in the agent's system note, when the
conversation's ``agent_lessons`` is on. The note is small (the newest few, each capped), and
the agent loop counts it in the context budget with the rest of its note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chatapp.core.chat.conversation_settings import SamplingSettings
from chatapp.core.chat.store import PromptMessage, Store
from chatapp.core.chat.store_lessons import MAX_LESSON_LENGTH
from chatapp.core.chat.store_records import Lesson
from chatapp.core.engine import Engine, EngineError, GenerationRequest

LESSON_MAX_TOKENS = 80  # one sentence
LESSON_CHARS = 240  # a written lesson is cut to this (the store takes up to MAX_LESSON_LENGTH)
EXCERPT_CHARS = 800  # of the task, the answer and the correction shown to the model
NOTE_LESSONS = 5  # the newest lessons offered to a task
NOTE_LESSON_CHARS = 200  # each, in the note
NOTE_HEAD = (
    "Lessons from earlier tasks in this chat (the user marked those answers as failed); "
    "keep them in mind:"
)
INSTRUCTION = (
    "You are reviewing an assistant's answer to a task; the user marked the answer as failed. "
    "Write ONE short sentence: a lesson that would help the assistant do such a task better "
    "next time (what to check, which tool to use, what to avoid). Reply with the sentence only."
)
# Labels a small model writes before its sentence (SmolLM2-135M echoes "The user's correction:").
_LABEL = re.compile(r"^\s*(lesson|教訓|(the user's )?correction|訂正)\s*[:：]\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_QUOTES = "\"'「」『』“”‘’*#`"

assert LESSON_CHARS <= MAX_LESSON_LENGTH


class LessonFailed(EngineError):
    """The model wrote no usable lesson (nothing is stored)."""

    def __init__(self, message: str) -> None:
        super().__init__("no_lesson", message)


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def lesson_messages(task: str, answer: str, correction: str | None) -> list[PromptMessage]:
    shown = f"Task: {_excerpt(task)}\n\nAnswer (marked as failed): {_excerpt(answer)}"
    if correction and correction.strip():
        shown += f"\n\nThe user's correction: {_excerpt(correction)}"
    return [
        {"role": "system", "content": INSTRUCTION},
        {"role": "user", "content": shown},
    ]


def clean_lesson(text: str) -> str:
    """The model's lesson on one line, without labels, bullets or quotes, cut to LESSON_CHARS;
    "" when nothing is left."""
    line = next((part for part in text.strip().splitlines() if part.strip()), "")
    line = _LABEL.sub("", _BULLET.sub("", line))
    line = " ".join(line.split()).strip(_QUOTES).strip()
    if len(line) > LESSON_CHARS:
        line = line[: LESSON_CHARS - 1].rstrip() + "…"
    return line


def write_lesson(engine: Engine, task: str, answer: str, correction: str | None = None) -> str:
    """Ask the model once (no tools, greedy, capped) for one sentence; raises LessonFailed when
    it returns nothing usable, EngineError when the model fails."""
    request = GenerationRequest(
        sampling=SamplingSettings(temperature=0.0, seed=0, max_tokens=LESSON_MAX_TOKENS),
        tool_choice="none",
    )
    result = engine.generate(lesson_messages(task, answer, correction), request)
    if result.stop_reason == "cancelled":
        raise LessonFailed("writing the lesson was stopped; no lesson was saved")
    lesson = clean_lesson(result.text)
    if not lesson:
        raise LessonFailed("the model wrote no lesson; nothing was saved")
    return lesson


def task_of(store: Store, message_id: int) -> tuple[str, str]:
    """(task, answer) for an agent answer: the user message that started its task, and the
    answer's text. Raises ValueError when the message is not an answer to a user's task."""
    answer = store.message(message_id)
    if answer.role != "assistant":
        raise ValueError("only an answer can be marked as failed")
    parent = answer.parent_id
    seen = 0
    while parent is not None and seen < 100_000:
        message = store.message(parent)
        if message.role == "user":
            return message.content, answer.content
        parent = message.parent_id
        seen += 1
    raise ValueError("this answer has no task before it")


def lessons_note(lessons: Sequence[Lesson | str]) -> str:
    """The lessons for the agent's system note: the newest NOTE_LESSONS, each cut to
    NOTE_LESSON_CHARS, oldest first; "" when there are none."""
    texts = [" ".join((x.text if isinstance(x, Lesson) else x).split()) for x in lessons]
    texts = [t for t in texts if t][-NOTE_LESSONS:]
    if not texts:
        return ""
    cut = [t if len(t) <= NOTE_LESSON_CHARS else t[: NOTE_LESSON_CHARS - 1] + "…" for t in texts]
    return "\n".join([NOTE_HEAD, *(f"- {t}" for t in cut)])
