"""An exact calculator that is safe by construction.

The expression is read by our own tokenizer and recursive-descent parser into a small tree of
numbers and operators, which is then evaluated with ``fractions.Fraction``: integers of any size
(up to a bound), decimals without binary rounding (``0.1 + 0.2`` is ``0.3``) and fractions stay
exact. Nothing is ever handed to Python's ``eval``; names, attributes and calls are not part of
the grammar, so they are refused as unknown text.

What people type is accepted: full-width digits and operators (``３５４×１３９``), ``÷``, ``－``,
``^`` for powers, superscript powers (``2³``), and ``,`` ``，`` ``、`` as thousands separators
(``1,234,567``). A ``%`` after a number is a percentage (``200 * 15%`` is 30); between two
numbers it is the remainder (``7 % 3`` is 1).

Work is bounded before it is done: the input length, the nesting depth and the size of every
number (a power's size is estimated before it is computed), so ``9**9**9**9`` is refused at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from chatapp.core.tools.calc_format import format_value
from chatapp.core.tools.calc_limits import (
    MAX_BITS,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_LENGTH,
    CalcError,
    checked,
    too_big,
)
from chatapp.core.tools.calc_reading import Token, normalize, show_expression, tokenize

__all__ = ["MAX_DIGITS", "MAX_LENGTH", "CalcError", "CalcResult", "calculate"]


@dataclass(frozen=True)
class CalcResult:
    expression: str  # the expression as read, with ×, ÷ and ^ (for display)
    value: Fraction
    exact: bool  # False after a root that is not a rational number

    @property
    def text(self) -> str:
        """The result for a model or a script: plain digits, no grouping."""
        return format_value(self.value, self.exact, group=False)

    @property
    def display(self) -> str:
        """The result for people: digits grouped in thousands."""
        return format_value(self.value, self.exact, group=True)


# --- the tree ------------------------------------------------------------------------------

# A node is ("num", Fraction) | ("neg", node) | ("pct", node) | (operator, left, right).
Node = tuple[object, ...]


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, *ops: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.text in ops

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CalcError("too_deep", f"the expression nests more than {MAX_DEPTH} levels deep")

    def parse(self) -> Node:
        if not self.tokens:
            raise CalcError("empty", "there is no expression to calculate")
        node = self.expr()
        token = self.peek()
        if token is not None:
            raise CalcError("syntax", f"unexpected '{token.text}'", position=token.pos)
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.at("+", "-"):
            op = self.take().text
            node = (op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*", "/", "//", "%"):
            op = self.take().text
            node = (op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.at("+", "-"):
            sign = self.take().text
            self.deeper()
            operand = self.unary()
            self.depth -= 1
            return ("neg", operand) if sign == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at("**"):
            self.take()
            self.deeper()
            exponent = self.unary()  # right-associative: 2**3**2 is 2**9; 2**-1 is allowed
            self.depth -= 1
            return ("**", base, exponent)
        return base

    def postfix(self) -> Node:
        node = self.atom()
        # "15%" is a percentage unless a number or "(" follows, which makes it a remainder.
        while self.at("%"):
            following = self.peek(1)
            if following is not None and (following.kind == "num" or following.text == "("):
                break
            self.take()
            node = ("pct", node)
        return node

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise CalcError("incomplete", "the expression ends too early")
        if token.kind == "num":
            self.take()
            return ("num", Fraction(Decimal(token.text)))
        if token.text == "(":
            self.take()
            self.deeper()
            node = self.expr()
            self.depth -= 1
            if not self.at(")"):
                raise CalcError("parenthesis", "a '(' is not closed")
            self.take()
            return node
        raise CalcError("syntax", f"unexpected '{token.text}'", position=token.pos)


# --- evaluating ----------------------------------------------------------------------------


def _nth_root(n: int, k: int) -> int | None:
    """The exact integer k-th root of n >= 0, or None."""
    if n < 2:
        return n
    guess = round(n ** (1.0 / k)) if n.bit_length() < 1000 else 1 << (n.bit_length() // k)
    # Newton's method from an estimate; integers only, so it is exact.
    x = max(1, guess)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            break
        x = y
    for candidate in (x - 1, x, x + 1):
        if candidate >= 0 and candidate**k == n:
            return candidate
    return None


def _power(base: Fraction, exponent: Fraction) -> tuple[Fraction, bool]:
    if exponent.denominator == 1:
        e = exponent.numerator
        if base == 0 and e < 0:
            raise CalcError("division_by_zero", "zero cannot be raised to a negative power")
        if base in (0, 1) or e == 0:
            return Fraction(1) if e == 0 else base, True
        if base == -1:
            return Fraction(-1 if e % 2 else 1), True
        estimate = max(math.log2(abs(base.numerator)), math.log2(base.denominator)) * abs(e)
        if estimate > MAX_BITS:
            raise too_big(estimate)
        return checked(base**e), True
    # A fractional power: exact when the root is rational, otherwise approximate.
    p, q = exponent.numerator, exponent.denominator
    negative = base < 0
    if negative and q % 2 == 0:
        raise CalcError("not_real", "an even root of a negative number is not a real number")
    magnitude = -base if negative else base
    if q <= 64:
        top, bottom = _nth_root(magnitude.numerator, q), _nth_root(magnitude.denominator, q)
        if top is not None and bottom is not None:
            root = Fraction(-top if negative else top, bottom)
            value, _ = _power(root, Fraction(p))
            return value, True
    if magnitude == 0:
        if p < 0:
            raise CalcError("division_by_zero", "zero cannot be raised to a negative power")
        return Fraction(0), True
    log2 = math.log2(magnitude.numerator) - math.log2(magnitude.denominator)
    if abs(log2 * p / q) > MAX_BITS:
        raise too_big(abs(log2 * p / q))
    with localcontext() as ctx:
        ctx.prec = 40
        approx = (Decimal(magnitude.numerator) / Decimal(magnitude.denominator)).ln()
        approx = (approx * Decimal(p) / Decimal(q)).exp()
    value = Fraction(approx)
    return (-value if negative else value), False


def evaluate(node: Node) -> tuple[Fraction, bool]:
    kind = node[0]
    if kind == "num":
        return checked(node[1]), True  # type: ignore[arg-type]
    if kind == "neg":
        value, exact = evaluate(node[1])  # type: ignore[arg-type]
        return -value, exact
    if kind == "pct":
        value, exact = evaluate(node[1])  # type: ignore[arg-type]
        return checked(value / 100), exact
    left, left_exact = evaluate(node[1])  # type: ignore[arg-type]
    right, right_exact = evaluate(node[2])  # type: ignore[arg-type]
    exact = left_exact and right_exact
    if kind == "+":
        return checked(left + right), exact
    if kind == "-":
        return checked(left - right), exact
    if kind == "*":
        return checked(left * right), exact
    if kind in ("/", "//", "%"):
        if right == 0:
            raise CalcError("division_by_zero", "division by zero")
        if kind == "/":
            return checked(left / right), exact
        if kind == "//":
            return Fraction(math.floor(left / right)), exact
        return checked(left - right * math.floor(left / right)), exact
    if kind == "**":
        value, power_exact = _power(left, right)
        return value, exact and power_exact
    raise CalcError("syntax", f"unknown operator {kind!r}")


def calculate(expression: str) -> CalcResult:
    """Evaluate ``expression`` exactly; raises CalcError with a message for people."""
    if not isinstance(expression, str):
        raise CalcError("empty", "the expression must be text")
    if len(expression) > MAX_LENGTH:
        raise CalcError(
            "too_long",
            f"the expression is too long ({len(expression):,} characters; "
            f"the calculator reads up to {MAX_LENGTH:,})",
            length=len(expression),
            limit=MAX_LENGTH,
        )
    tokens = tokenize(normalize(expression))
    tree = _Parser(tokens).parse()
    value, exact = evaluate(tree)
    return CalcResult(show_expression(tokens), value, exact)
