"""The clock tool with a fixed time zone and a fixed time."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

import pytest

from chatapp.core.tools.builtin import clock_tool
from chatapp.core.tools.clock import ClockError, read_clock
from chatapp.core.tools.registry import REPLY_LANGUAGE

TOKYO = ZoneInfo("Asia/Tokyo")


def fixed(zone: tzinfo) -> datetime:
    # 2026-11-29 23:30 UTC is already Monday 30 November in Tokyo.
    return datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo("UTC")).astimezone(zone)


def test_the_clock_reports_the_local_date_in_a_fixed_zone() -> None:
    tool = clock_tool(TOKYO, fixed)
    output = tool.function({})
    assert output.content == (  # no language known: both
        "Now: Monday 2026-11-30 08:30, time zone Asia/Tokyo (UTC+09:00).\n"
        "現在: 2026年11月30日（月曜日） 8時30分（Asia/Tokyo）。"
    )
    assert output.display == "Clock: Monday, 30 November 2026, 08:30 (Asia/Tokyo)"
    assert output.display_data["weekday"] == 0
    assert output.display_data["now"] == "2026-11-30T08:30:00+09:00"


def test_in_100_days() -> None:
    reading = read_clock({"days_from_now": 100}, TOKYO, fixed)
    assert reading.target is not None and reading.target.isoformat() == "2027-03-10"
    text = reading.for_model("en")
    assert text.startswith("Now: Monday 2026-11-30 08:30")  # the time now comes with every reading
    assert text.endswith("In 100 days: Wednesday 2027-03-10.") and "日" not in text
    ja = reading.for_model("ja")
    assert ja.startswith("現在: 2026年11月30日（月曜日） 8時30分（Asia/Tokyo）。")
    assert ja.endswith("100日後: 2027年3月10日（水曜日）。")


def test_days_until_a_date() -> None:
    reading = read_clock({"until": "2027-01-01"}, TOKYO, fixed)
    assert reading.days == 32
    assert "is 32 days from today" in reading.for_model()
    assert "2027年1月1日（金曜日）まであと32日" in reading.for_model("ja")
    past = read_clock({"until": "2026-11-01"}, TOKYO, fixed)
    assert past.days == -29 and "was 29 days ago" in past.for_model()


def test_zero_days_from_now_is_the_time_now() -> None:
    # Qwen2.5-Coder 1.5B asked 「今何時ですか？」 calls {"days_from_now": 0}: that is "now".
    reading = read_clock({"days_from_now": 0}, TOKYO, fixed)
    assert reading.mode == "now" and "8時30分" in reading.for_model()


def test_the_clock_speaks_the_language_of_the_question() -> None:
    tool = clock_tool(TOKYO, fixed)
    token = REPLY_LANGUAGE.set("ja")
    try:
        assert tool.function({}).content == "現在: 2026年11月30日（月曜日） 8時30分（Asia/Tokyo）。"
    finally:
        REPLY_LANGUAGE.reset(token)
    assert "Monday" in tool.function({}).content


def test_an_empty_until_is_no_date() -> None:
    assert read_clock({"days_from_now": 3, "until": ""}, TOKYO, fixed).mode == "offset"


def test_the_zone_changes_the_date() -> None:
    reading = read_clock({}, ZoneInfo("America/New_York"), fixed)
    assert reading.now.date().isoformat() == "2026-11-29"
    assert reading.utc_offset == "-05:00"


@pytest.mark.parametrize(
    "arguments",
    [
        {"until": "next friday"},
        {"days_from_now": 10**9},
        {"days_from_now": 1, "until": "2027-01-01"},
    ],
)
def test_bad_arguments_are_errors(arguments: dict[str, object]) -> None:
    with pytest.raises(ClockError):
        read_clock(arguments, TOKYO, fixed)
    assert clock_tool(TOKYO, fixed).function(arguments).error
