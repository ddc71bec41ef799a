"""Reading what people type into tokens, and writing tokens back as people read them."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from chatapp.core.tools.calc_limits import MAX_DIGITS, CalcError, too_big

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# After NFKC (which already maps full-width forms to ASCII): the remaining ways to write operators.
OPERATOR_FORMS = str.maketrans(
    {
        "×": "*",
        "✕": "*",
        "⋅": "*",
        "·": "*",
        "∙": "*",
        "÷": "/",
        "∕": "/",
        "−": "-",
        "‐": "-",
        "‒": "-",
        "–": "-",
        "、": ",",
        "^": "**",
    }
)


def normalize(text: str) -> str:
    """Full-width forms, other operator signs and superscript powers as plain ASCII."""
    out: list[str] = []
    i = 0
    while i < len(text):  # superscript digits first: NFKC would turn 2³ into 23
        if text[i] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            j = i
            while j < len(text) and text[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
                j += 1
            out.append("**" + text[i:j].translate(SUPERSCRIPTS))
            i = j
        else:
            out.append(text[i])
            i += 1
    text = unicodedata.normalize("NFKC", "".join(out)).translate(OPERATOR_FORMS)
    text = japanese_numbers(text.translate(CURRENCY)).strip()
    while text.endswith("=") or text.endswith("?"):  # "354×139=" and "354*139=?"
        text = text[:-1].rstrip()
    return text


# Currency signs say what is counted, not how: "$248 * 0.75", "2480円 * 3割".
CURRENCY = str.maketrans("", "", "$¥￥€£円")
JA_UNITS = {"兆": 10**12, "億": 10**8, "万": 10**4, "千": 1000}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_JA_NUMBER = re.compile(rf"(?:{_NUMBER}\s*[兆億万千]\s*)+(?:{_NUMBER}(?![\d.]))?")
_JA_PART = re.compile(rf"({_NUMBER})\s*([兆億万千])")
_WARI = re.compile(rf"({_NUMBER})\s*割")


def _units_value(text: str) -> str:
    total = Decimal(0)
    end = 0
    for match in _JA_PART.finditer(text):
        total += Decimal(match.group(1).replace(",", "")) * JA_UNITS[match.group(2)]
        end = match.end()
    rest = text[end:].strip()
    if rest:
        total += Decimal(rest.replace(",", ""))
    return format(total.normalize(), "f") if total == total.to_integral() else format(total, "f")


def japanese_numbers(text: str) -> str:
    """Numbers written with 万, 億, 兆 and 千 as digits (12万3千 is 123000), and 割 as tenths
    (3割 is 30%)."""
    text = _JA_NUMBER.sub(lambda m: _units_value(m.group(0)), text)
    return _WARI.sub(lambda m: format(Decimal(m.group(1).replace(",", "")) * 10, "f") + "%", text)


@dataclass(frozen=True)
class Token:
    kind: str  # "num" or "op"
    text: str
    pos: int


OPERATORS = ("**", "//", "+", "-", "*", "/", "%", "(", ")")


def read_number(text: str, i: int) -> tuple[str, int]:
    """Digits with optional thousands groups, a decimal part and an exponent."""
    start = i
    digits = []
    while i < len(text) and text[i].isdigit():
        digits.append(text[i])
        i += 1
    # "1,234,567": a comma is a thousands separator only between groups of three digits.
    if i < len(text) and text[i] == "," and digits:
        if len(digits) > 3:
            raise CalcError("separator", "a comma must separate groups of three digits", position=i)
        while i < len(text) and text[i] == ",":
            group = text[i + 1 : i + 4]
            if len(group) != 3 or not group.isdigit() or text[i + 4 : i + 5].isdigit():
                raise CalcError(
                    "separator", "a comma must separate groups of three digits", position=i
                )
            digits.append(group)
            i += 4
    if i < len(text) and text[i] == ".":
        digits.append(".")
        i += 1
        while i < len(text) and text[i].isdigit():
            digits.append(text[i])
            i += 1
    if i < len(text) and text[i] in "eE" and digits != ["."]:
        j = i + 1
        if j < len(text) and text[j] in "+-":
            j += 1
        if j < len(text) and text[j].isdigit():
            exponent_start = j
            while j < len(text) and text[j].isdigit():
                j += 1
            exponent = text[exponent_start:j]
            if len(exponent) > 5 or int(exponent) > MAX_DIGITS:
                raise too_big(int(exponent[:6]) * math.log2(10))
            digits.append(text[i:j])
            i = j
    number = "".join(digits)
    if number in (".", "") or number.startswith(".e"):
        raise CalcError("syntax", f"unexpected '{text[start]}'", position=start)
    return number, i


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or (ch == "." and text[i + 1 : i + 2].isdigit()):
            number, end = read_number(text, i)
            tokens.append(Token("num", number, i))
            i = end
        elif ch.isalpha() or ch == "_":
            end = i
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            name = text[i:end]
            raise CalcError(
                "name",
                f"'{name[:20]}' is not a number or an operator "
                "(the calculator knows numbers, + - × ÷ ^ % and parentheses)",
                name=name[:20],
            )
        else:
            for op in OPERATORS:
                if text.startswith(op, i):
                    tokens.append(Token("op", op, i))
                    i += len(op)
                    break
            else:
                raise CalcError(
                    "character", f"the calculator does not know '{ch}'", character=ch, position=i
                )
    return tokens


_SHOWN = {"*": "×", "/": "÷", "**": "^", "//": "//", "%": "%", "+": "+", "-": "-"}


def show_expression(tokens: list[Token]) -> str:
    """The expression as people read it: "354 × 139"."""
    parts: list[str] = []
    previous: Token | None = None
    for token in tokens:
        if token.kind == "num" or token.text in ("(", ")"):
            parts.append(token.text)
        elif token.text in ("+", "-") and (
            previous is None or (previous.kind == "op" and previous.text not in (")", "%"))
        ):
            parts.append(token.text)  # a sign, not an operator
        elif token.text == "%" and not _is_binary_percent(tokens, token):
            parts.append("%")
        else:
            parts.append(f" {_SHOWN[token.text]} ")
        previous = token
    return "".join(parts).replace("( ", "(").replace(" )", ")").strip()


def _is_binary_percent(tokens: list[Token], token: Token) -> bool:
    index = tokens.index(token)
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and (following.kind == "num" or following.text == "(")
