"""A search result shows the sentences of its passage that match the query, not its start."""

from __future__ import annotations

from chatapp.core.agent.passage_focus import focus, terms

PRICE_LIST = (
    "Harbor Supply ships office and workshop goods from Kobe to small businesses all over "
    "the country. Orders over 50,000 yen ship free; smaller orders pay a flat fee. "
    "The Aoba standing desk costs 38,500 yen per unit and comes in oak and walnut. "
    "A box of M6 hex bolts costs 640 yen per box.\n"
    "The Hinoki office chair costs 12,800 yen per unit and has a five-year warranty.\n"
    "Unopened goods can be returned within 30 days for a full refund."
)


def test_the_matching_sentence_is_kept_even_late_in_the_passage() -> None:
    shown = focus(PRICE_LIST, "How much do 7 Hinoki office chairs cost?", 160)
    assert len(shown) <= 160
    assert "The Hinoki office chair costs 12,800 yen per unit" in shown
    assert shown.startswith("…")  # something before it was left out, and it says so
    assert PRICE_LIST[:160] != shown


def test_sentences_keep_their_order_and_nothing_matching_gives_the_start() -> None:
    shown = focus(PRICE_LIST, "desk and bolts", 200)
    assert shown.index("standing desk") < shown.index("hex bolts")
    assert focus(PRICE_LIST, "zebra", 80) == PRICE_LIST[:79].rstrip() + "…"
    short = "One line only."
    assert focus(short, "anything", 80) == short


def test_japanese_matches_by_character_pairs() -> None:
    text = "学習コストは高い。" * 8 + "価格は一台三万円です。" + "性能は良い。" * 8
    shown = focus(text, "価格はいくら", 40)
    assert "価格は一台三万円です。" in shown and len(shown) <= 40
    assert {"価格", "格は"} <= terms("価格は")


def test_plurals_meet_their_singular() -> None:
    assert terms("chairs boxes glass") == {"chair", "box", "glass"}
