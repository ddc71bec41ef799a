"""The first questions a new user asks, with no flags at all (issue 25): the demo model with
the built-in tools on and the system prompt of the question's language, in real processes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from chatapp.core.evaluate.tool_questions import hours_in, numbers_in
from chatapp.core.tools.clock import local_zone
from tests.cli.test_tools_cli import chatapp

pytestmark = pytest.mark.demo


def ask(tmp_path: Path, demo_path: Path, question: str) -> tuple[str, str]:
    done = chatapp(tmp_path, "ask", "--model", str(demo_path), question, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def test_the_seed_example_gets_the_calculator(tmp_path: Path, demo_path: Path) -> None:
    out, err = ask(tmp_path, demo_path, "３５４×１３９は？")
    assert 49206 in numbers_in(out)
    assert "[tool call] calculator" in err


def test_what_time_is_it_gets_the_hour(tmp_path: Path, demo_path: Path) -> None:
    before = datetime.now(local_zone()).hour
    out, err = ask(tmp_path, demo_path, "今何時ですか？")
    after = datetime.now(local_zone()).hour
    assert hours_in(out) & {before, after}, out
    assert "[tool call] clock" in err and out.strip() != "今何時ですか？"


def test_a_japanese_question_is_answered_in_japanese(tmp_path: Path, demo_path: Path) -> None:
    out, err = ask(tmp_path, demo_path, "日本の首都はどこですか？")
    assert "東京" in out and "Tokyo" not in out
    assert "[tool call]" not in err  # nothing to calculate, no time asked


def test_tools_none_turns_them_off(tmp_path: Path, demo_path: Path) -> None:
    done = chatapp(
        tmp_path, "ask", "--model", str(demo_path), "--tools", "none", "--max-tokens", "24",
        "３５４×１３９は？", timeout=600,
    )  # fmt: skip
    assert done.returncode == 0 and "[tool" not in done.stderr
