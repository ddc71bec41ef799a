"""Prompt lookup's pointer (``runtime/prompt_lookup.py``) on plain token lists: it keeps its
place in a text the reply copies, finds it again after a word the reply changed, carries a
renamed word on as a rule, grows its guesses with a run of right ones, and guesses nothing
where nothing is copied. Exactness on real inference is in test_speculative.py and
test_spec_runtime.py: any guesses give the plain reply."""

from __future__ import annotations

from chatapp.runtime.prompt_lookup import PromptLookup


def _copy(lookup: PromptLookup, prompt: list[int], reply: list[int], n: int = 16) -> list[int]:
    """Write ``reply`` after ``prompt`` as the speculative loop does: a round's guesses are
    kept while they are right, then the reply's own token follows. Returns, per round, how
    many guesses were kept."""
    kept_per_round = []
    i = 1
    while i < len(reply):
        guesses = lookup.propose([*prompt, *reply[:i]], n)
        kept = 0
        while kept < len(guesses) and i + kept < len(reply) and guesses[kept] == reply[i + kept]:
            kept += 1
        kept_per_round.append(kept)
        i += kept + 1
    return kept_per_round


def test_a_fresh_match_needs_three_tokens_in_common() -> None:
    assert PromptLookup().propose([1, 2, 3, 9, 9, 1, 2, 3], 3) == [9, 9, 1]
    assert PromptLookup().propose([5, 6, 7], 3) == []
    assert PromptLookup().propose([1, 2, 8, 9, 4, 2], 3) == []  # only "2" in common
    # The longest match wins over a more recent shorter one.
    assert PromptLookup().propose([7, 1, 2, 3, 50, 51, 8, 2, 3, 60, 61, 7, 1, 2, 3], 2) == [50, 51]


START, END = 1000, 1001  # tokens that stand around the pasted text, nowhere else


def test_the_pointer_keeps_its_place_in_lines_that_look_alike() -> None:
    # Lines "def", "f", k, ":", "return", k: the most recent "return" is the last line's; the
    # pointer is where the reply copies from.
    lines = [[100, 101, 10 + k, 102, 103, 10 + k] for k in range(10)]
    text = [t for line in lines for t in line]
    kept = _copy(PromptLookup(), [START, *text, END], text)
    assert max(kept) >= 10  # a long run is guessed at once
    # 59 tokens after the first in 8 evaluations of the model (plain decoding takes 59): the
    # first two find the place, the last stops where the text ends.
    assert len(kept) <= 8 and kept[:2] == [0, 0]


def test_a_renamed_word_becomes_a_rule() -> None:
    # "Order" (7) is written as "Pur" "chase" (70, 71) in every line of the copy.
    text = [t for k in range(10) for t in (100, 7, 10 + k, 101, 102, 10 + k)]
    reply = [t for k in range(10) for t in (100, 70, 71, 10 + k, 101, 102, 10 + k)]
    lookup = PromptLookup()
    kept = _copy(lookup, [START, *text, END], reply)
    assert lookup._rules == [((7,), (70, 71))]
    # The first line (before the pointer) and the rename in the second (before the rule) take
    # a round a token; every later line's new word is guessed: 69 tokens in 14 rounds.
    assert len(kept) <= 14 and max(kept[-4:]) == 16


def test_a_word_left_out_or_added_is_followed() -> None:
    text = list(range(200, 260))
    left_out = text[:20] + text[22:]
    added = [*text[:30], 999, *text[30:]]
    for reply in (left_out, added):
        kept = _copy(PromptLookup(), [START, *text, END], reply)
        assert len(kept) <= 12, kept  # of 58 or 60 tokens


def test_nothing_copied_nothing_guessed_and_a_new_text_starts_afresh() -> None:
    lookup = PromptLookup()
    assert _copy(lookup, list(range(300, 340)), list(range(500, 560))) == [0] * 59
    lookup = PromptLookup()
    assert lookup.propose([1, 2, 3, 4, 5, 1, 2, 3], 4) == [4, 5, 1]  # three while unconfirmed
    assert lookup.propose([9, 8, 7, 6], 4) == []  # another text: the pointer is not carried
