"""Prompt lookup: guesses copied from the place in the conversation the reply is copying.

A reply that edits a pasted file, or quotes a text, writes long runs of tokens that stand
earlier in the conversation. ``PromptLookup`` keeps a pointer to that place: each token the
reply writes moves the pointer on when it is the token there, and after one that is not (a
renamed word, an inserted line, a dropped one) the pointer finds its place again a few tokens
further on. Its guesses are the tokens at the pointer, as many as it was asked for once two
tokens in a row were right there, fewer before. Without a pointer it looks for the longest run
of the reply's last tokens (at least ``min_ngram``) that occurred before, and points after the
most recent one. A word the reply renames (``Order`` written as ``Purchase``) becomes a rule:
where the text it copies has that word again, the guesses have the reply's word instead. The
longer the run of right guesses, the more tokens it guesses at once (a checked batch costs less
per token the longer it is).

It guesses nothing otherwise. On this machine a checked batch costs most of a decode per token
it holds (docs/speculative.md), so a guess that is likely wrong costs more than it can save:
where nothing is being copied (a translation, free chat), prompt lookup then decodes as plain
decoding does. A pointer into a file whose lines look alike (``def f_1``, ``def f_2``, …) also
keeps its place where the most recent match of a short n-gram would be a line too early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Tokens = npt.NDArray[np.int64]
Rule = tuple[tuple[int, ...], tuple[int, ...]]  # (tokens in the text, the reply's instead)

MAX_RULE = 8  # tokens on either side of a rule
MAX_RULES = 32


@dataclass
class PromptLookup:
    """A ``speculative.Drafter`` that copies; one per loaded model, it follows one text at a
    time (a call with a text that does not extend the last one starts afresh)."""

    min_ngram: int = 3  # tokens a fresh match needs in common with the reply's end
    max_ngram: int = 16
    resync: int = 12  # how far past the pointer a token that missed is looked for
    lost_after: int = 4  # tokens in a row that missed and were not found: the pointer is lost
    cold_len: int = 3  # guesses while the pointer has not been right twice in a row
    _seen: Tokens | None = field(default=None, repr=False)
    _src: int | None = None  # where in the text the next token is expected to be copied from
    _pending: tuple[int, ...] = ()  # the rest of a rule's tokens, expected before ``_src``
    _rule_start: int = 0  # where the text of the rule being followed begins
    _hits: int = 0  # tokens in a row that were expected
    _misses: int = 0  # tokens in a row neither expected nor found after the pointer
    _miss_at: int = 0  # where in the text the first of those misses was written
    _rules: list[Rule] = field(default_factory=list, repr=False)

    def propose(self, tokens: Sequence[int], n: int) -> list[int]:
        seq = np.asarray(tokens, dtype=np.int64)
        self._follow(seq)
        self._seen = seq
        if self._src is None:
            self._src = self._fresh(seq)
            self._pending, self._hits, self._misses = (), 0, 0
        if self._src is None or self._misses or n <= 0:
            return []  # lost, or just missed: one token plainly, then look again
        return self._expected(seq, self._count(n))

    def _count(self, n: int) -> int:
        if self._hits < 2:
            return min(n, self.cold_len)
        return min(n, 6 if self._hits < 8 else 10 if self._hits < 16 else 16)

    # --- following the reply ------------------------------------------------------------

    def _rule_at(self, seq: Tokens, q: int, limit: int) -> Rule | None:
        for rule in self._rules:  # the longest first
            text = rule[0]
            if q + len(text) <= limit and tuple(int(t) for t in seq[q : q + len(text)]) == text:
                return rule
        return None

    def _step(
        self, seq: Tokens, at: tuple[int, tuple[int, ...], int], limit: int
    ) -> tuple[int, tuple[int, tuple[int, ...], int]] | None:
        """The expected token and the pointer after it, from the pointer ``at`` (where the
        text goes on, the rule's tokens still to come, where that rule's text began); None
        past ``limit``."""
        src, pending, start = at
        if pending:
            return pending[0], (src, pending[1:], start)
        if src >= limit:
            return None
        rule = self._rule_at(seq, src, limit)
        if rule is not None:
            return rule[1][0], (src + len(rule[0]), rule[1][1:], src)
        return int(seq[src]), (src + 1, (), src)

    def _expected(self, seq: Tokens, count: int) -> list[int]:
        assert self._src is not None
        out: list[int] = []
        at = (self._src, self._pending, self._rule_start)
        while len(out) < count:
            step = self._step(seq, at, len(seq))
            if step is None:
                break
            token, at = step
            out.append(token)
        return out

    def _follow(self, seq: Tokens) -> None:
        """Move the pointer over the tokens written since the last call."""
        seen = self._seen
        if seen is None or len(seq) < len(seen) or not np.array_equal(seq[: len(seen)], seen):
            self._src, self._pending, self._rules = None, (), []  # another text: start afresh
            return
        for j in range(len(seen), len(seq)):
            if self._src is None:
                return
            self._take(seq, j, int(seq[j]))

    def _take(self, seq: Tokens, j: int, token: int) -> None:
        """The reply wrote ``token`` at ``j``."""
        assert self._src is not None
        step = self._step(seq, (self._src, self._pending, self._rule_start), j)
        if step is not None and step[0] == token:
            self._src, self._pending, self._rule_start = step[1]
            self._hits, self._misses = self._hits + 1, 0
            return
        if self._pending:  # the rule did not hold here: follow the text itself again
            self._src, self._pending = self._rule_start, ()
        src = self._src
        self._hits = 0
        if src < j and seq[src] == token:
            self._src, self._misses = src + 1, 0
            return
        where = np.nonzero(seq[src + 1 : min(src + 1 + self.resync, j)] == token)[0]
        if len(where):  # found further on: what the reply wrote since the misses replaced
            found = src + 1 + int(where[0])  # the text's tokens from the pointer to here
            if self._misses:
                self._learn(seq[src:found], seq[self._miss_at : j])
            self._src, self._misses = found + 1, 0
            return
        if not self._misses:
            self._miss_at = j
        self._misses += 1
        if self._misses >= self.lost_after:
            self._src = None

    def _learn(self, text: Tokens, instead: Tokens) -> None:
        if not (0 < len(text) <= MAX_RULE and 0 < len(instead) <= MAX_RULE):
            return
        rule = (tuple(int(t) for t in text), tuple(int(t) for t in instead))
        rules = [r for r in self._rules if r[0] != rule[0]]
        rules.append(rule)
        rules.sort(key=lambda r: -len(r[0]))
        self._rules = rules[-MAX_RULES:] if len(rules) > MAX_RULES else rules

    # --- a fresh match --------------------------------------------------------------------

    def _fresh(self, seq: Tokens) -> int | None:
        """The place after the most recent earlier occurrence of the longest run of the
        text's last tokens, if that run has at least ``min_ngram`` tokens."""
        last = len(seq) - 1
        if last < self.min_ngram:
            return None
        found = np.nonzero(seq[:last] == seq[last])[0]
        length = 1
        while len(found) and length < self.max_ngram:
            before = found - length
            ok = before >= 0
            ok[ok] = seq[before[ok]] == seq[last - length]
            if not ok.any():
                break
            found, length = found[ok], length + 1
        if not len(found) or length < self.min_ngram:
            return None
        return int(found[-1]) + 1
