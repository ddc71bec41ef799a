"""The exact calculator: results, the ways people type, and hostile input refused fast."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest

from chatapp.core.tools.calculator import MAX_DIGITS, CalcError, calculate


@pytest.mark.parametrize(
    ("expression", "text", "display"),
    [
        ("354 * 139", "49206", "49,206"),
        ("0.1 + 0.2", "0.3", "0.3"),
        ("1/3 + 1/6", "0.5", "0.5"),
        ("2**100", str(2**100), f"{2**100:,}"),
        ("2^10", "1024", "1,024"),
        ("10 ÷ 4", "2.5", "2.5"),
        ("200 * 15%", "30", "30"),
        ("7 % 3", "1", "1"),
        ("-2**2", "-4", "-4"),
        ("(2 + 3) * 4", "20", "20"),
        ("2³", "8", "8"),
        ("16 ** 0.5", "4", "4"),
        ("(-8) ** (1/3)", "-2", "-2"),
        ("100 // 7", "14", "14"),
        ("1.5e-3 * 2", "0.003", "0.003"),
        ("1,234,567 + 1", "1234568", "1,234,568"),
        ("354 × 139 =", "49206", "49,206"),
    ],
)
def test_exact_results(expression: str, text: str, display: str) -> None:
    result = calculate(expression)
    assert result.text == text
    assert result.display == display
    assert result.exact


@pytest.mark.parametrize(
    "expression",
    [
        "３５４×１３９",
        "３５４＊１３９",
        "（３５４）×１３９",
        "49,206 + 0",
        "４９、２０６ ＋ ０",
        "４９，２０６",
    ],
)
def test_the_way_people_type_in_japanese(expression: str) -> None:
    assert calculate(expression).value == 49206


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("5万 * 15%", 7500),
        ("1億 / 250", 400000),
        ("12万3千 / 3", 41000),
        ("１億２３４５万６７８９", 123456789),
        ("1,234万", 12340000),
        ("1.5万 + 2", 15002),
        ("2480円 * 3割", 744),
        ("$248 * 0.75", 186),
        ("2兆 / 4億", 5000),
    ],
)
def test_japanese_units_and_currency_signs(expression: str, value: int) -> None:
    assert calculate(expression).value == value


def test_units_alone_are_not_numbers() -> None:
    with pytest.raises(CalcError):
        calculate("万 * 2")


def test_full_width_minus_and_division() -> None:
    assert calculate("１００－１").value == 99
    assert calculate("１÷８").text == "0.125"


def test_fractions_stay_exact_and_show_an_approximation() -> None:
    result = calculate("1/3")
    assert result.value == Fraction(1, 3)
    assert result.text == "1/3 ≈ 0.3333333333333333"


def test_irrational_roots_are_marked_approximate() -> None:
    result = calculate("2 ** 0.5")
    assert not result.exact
    assert result.text.startswith("≈ 1.41421356237309")


def test_display_of_the_expression() -> None:
    assert calculate("354*139").expression == "354 × 139"


@pytest.mark.parametrize(
    ("expression", "code"),
    [
        ("1/0", "division_by_zero"),
        ("12,34", "separator"),
        ("(-1) ** 0.5", "not_real"),
        ("", "empty"),
        ("(1 + 2", "parenthesis"),
        ("1 +", "incomplete"),
        ("3 4", "syntax"),
    ],
)
def test_invalid_expressions_say_why(expression: str, code: str) -> None:
    with pytest.raises(CalcError) as info:
        calculate(expression)
    assert info.value.code == code
    assert info.value.message


HOSTILE = {
    "attribute access": "().__class__.__bases__[0].__subclasses__()",
    "names": "__import__('os').system('echo hacked')",
    "a call": "exec('1')",
    "a lambda": "(lambda: 1)()",
    "huge power": "9**9**9**9",
    "huge power, spaced": "9 ^ 9 ^ 9 ^ 9",
    "power tower of tens": "10**10**10",
    "exponent literal": "1e999999999",
    "a long input": "1+" * 5000 + "1",
    "deep nesting": "(" * 5000 + "1" + ")" * 5000,
    "deep signs": "-" * 900 + "1",
    "nested powers": "2**" * 400 + "2",
    "many big factors": " * ".join(["9" * 90] * 11),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_refused_within_100_ms(name: str) -> None:
    expression = HOSTILE[name]
    started = time.perf_counter()
    with pytest.raises(CalcError) as info:
        calculate(expression)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.1, f"{name}: {elapsed * 1000:.1f} ms"
    assert info.value.message and len(info.value.message.splitlines()) == 1


def test_a_huge_power_says_how_large_it_would_be() -> None:
    with pytest.raises(CalcError) as info:
        calculate("9**9**9**9")
    assert info.value.code == "too_big"
    assert "369,693,100 digits" in info.value.message


def test_the_largest_allowed_result_is_exact() -> None:
    result = calculate("10 ** 3999")
    assert len(result.text) == MAX_DIGITS
