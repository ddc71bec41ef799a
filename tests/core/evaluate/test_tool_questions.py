"""The tool question set and the judge of its answers (chatapp/core/evaluate/tool_questions.py)."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

from chatapp.core.evaluate.tool_questions import (
    Outcome,
    Tally,
    check,
    hours_in,
    load_questions,
    numbers_in,
    repeats_question,
)

QUESTIONS = load_questions(Path(__file__).parents[2] / "data" / "tool_questions.json")
BY_ID = {q.id: q for q in QUESTIONS}
TOKYO = ZoneInfo("Asia/Tokyo")
SUNDAY = datetime(2026, 12, 6, 13, 45, tzinfo=TOKYO)


def judge(qid: str, reply: str, when: datetime = SUNDAY) -> bool:
    return check(BY_ID[qid], reply, when, when).right


def test_the_set_is_balanced() -> None:
    assert len(QUESTIONS) >= 40 and len(BY_ID) == len(QUESTIONS)
    assert sum(q.lang == "ja" for q in QUESTIONS) * 2 == len(QUESTIONS)
    assert {q.tool for q in QUESTIONS} == {"calculator", "clock", None}
    assert sum(q.tool is None for q in QUESTIONS) >= 10
    kinds = {q.expect["kind"] for q in QUESTIONS}
    assert kinds == {"number", "hour", "weekday", "date", "days_until", "keywords"}


def test_no_question_passes_by_repeating_itself() -> None:
    for question in QUESTIONS:
        verdict = check(question, question.question, SUNDAY, SUNDAY)
        assert not verdict.right and verdict.repeated, question.id
        assert not check(question, f"「{question.question}」", SUNDAY, SUNDAY).right


def test_numbers_as_people_write_them() -> None:
    assert Fraction(49206) in numbers_in("354 × 139 = 49,206")
    assert Fraction(49206) in numbers_in("答えは４９，２０６です。")
    assert Fraction(49206) in numbers_in("4万9206")
    assert Fraction(400000) in numbers_in("40万です")
    assert Fraction(100_000_000) in numbers_in("1億")
    assert Fraction(147, 2) in numbers_in("73.50")
    assert Fraction(7500) in numbers_in("7,500円")
    assert Fraction(41000) in numbers_in("4万1千円")
    assert Fraction(35) not in numbers_in("3,5")


def test_arithmetic_answers() -> None:
    assert judge("ja-mul-fullwidth", "３５４×１３９は49,206です。")
    assert not judge("ja-mul-fullwidth", "354 × 139 = 50,866")
    assert judge("ja-mul-fullwidth", "354 × 139 = 49206")  # no words: any language
    assert not judge("ja-mul-fullwidth", "The answer is 49206.")  # right number, in English
    assert judge("en-mul", "354 × 139 = 49,206.")
    assert judge("ja-man-percent", "5万円の15%は7,500円です。")
    assert judge("en-split", "Each person pays $308.50.")


def test_hours() -> None:
    assert hours_in("It is 1:45 PM.") == {13}
    assert hours_in("現在の時刻は13時45分です。") == {13}
    assert hours_in("午後1時45分です") == {13}
    assert 13 in hours_in("13:45:02")
    assert judge("ja-time", "今は13時45分です。")
    assert judge("en-time", "It's 13:45 (Asia/Tokyo).")
    assert not judge("ja-time", "今日は2026年12月6日（日曜日）です。")
    # A reply written across the hour: either reading counts.
    late = datetime(2026, 12, 6, 13, 59, 59, tzinfo=TOKYO)
    later = datetime(2026, 12, 6, 14, 0, 3, tzinfo=TOKYO)
    assert check(BY_ID["en-time"], "It is 14:00.", late, later).right


def test_weekdays_and_dates_in_the_question_language() -> None:
    assert judge("ja-weekday", "今日は日曜日です。")
    assert not judge("ja-weekday", "今日はSundayです。")
    assert judge("en-weekday", "Today is Sunday.")
    assert not judge("en-weekday", "Today is Monday.")
    assert judge("en-weekday-later", "In 10 days it will be a Wednesday.")
    assert judge("ja-today", "今日は12月6日です。")
    assert judge("en-today", "Today is December 6, 2026.")
    assert judge("en-today", "It is 2026-12-06.")
    assert judge("en-in-90-days", "In 90 days it will be March 6, 2027.")
    assert judge("ja-in-100-days", "100日後は2027年3月16日（火曜日）です。")
    assert judge("ja-days-until", "2027年12月31日まであと390日です。")
    assert not judge("ja-days-until", "2027年12月31日まであと391日です。")


def test_keywords_and_language() -> None:
    assert judge("ja-capital", "日本の首都は東京です。")
    assert not judge("ja-capital", "The capital of Japan is Tokyo.")
    assert not judge("ja-capital", "日本の首都は Tokyo です。")
    assert judge("en-capital", "Tokyo.")
    assert judge("ja-thanks-en", "「Thank you」と言います。")


def test_the_tally() -> None:
    right = check(BY_ID["en-mul"], "49206", SUNDAY, SUNDAY)
    wrong = check(BY_ID["en-capital"], "Paris", SUNDAY, SUNDAY)
    outcomes = [
        Outcome(BY_ID["en-mul"], "49206", [{"name": "calculator"}], right),
        Outcome(BY_ID["en-capital"], "Paris", [{"name": "calculator"}], wrong),
    ]
    tally = Tally.of(outcomes)
    assert (tally.tool_questions, tally.tool_answers_right, tally.tool_called_right) == (1, 1, 1)
    assert (tally.plain_questions, tally.plain_without_call, tally.plain_answers_right) == (1, 0, 0)


def test_repeats() -> None:
    assert repeats_question("今何時ですか？", "今何時ですか？")
    assert repeats_question("今何時ですか？", "「今何時ですか」")
    assert not repeats_question("今何時ですか？", "今何時ですか？今は13時です。")


def test_chinese_is_not_japanese() -> None:
    assert not judge("ja-capital", "日本的首都是东京，东京是一个大城市。")
    assert judge("ja-capital", "東京")


def test_a_japanese_answer_in_kanji_and_digits_is_japanese() -> None:
    assert judge("ja-time", "現在: 2026年12月6日（日曜日） 13時45分。")
