"""The curated model list: every entry complete, verified and described in both languages."""

from __future__ import annotations

import json

from chatapp.core.models.recommended import RESOURCE, TOO_BIG, load_recommended


def test_every_entry_is_complete_and_sourced() -> None:
    raw = json.loads(RESOURCE.read_text(encoding="utf-8"))["models"]
    models = load_recommended()
    assert len(models) == len(raw) >= 8  # nothing dropped by the loader
    for m in models:
        assert m.repo.count("/") == 1 and m.file.endswith(".gguf"), m
        assert m.size > 100_000_000 and m.license and m.params
        assert m.summary_en and m.summary_ja and m.summary_ja != m.summary_en
        assert m.source.strip(), f"{m.file} has no verification source"
        assert m.released[:4] in {"2024", "2025", "2026"}
    assert any(m.good_at_japanese for m in models)
    sizes = [m.size for m in models]
    assert min(sizes) < 1_000_000_000 and max(sizes) > 5_000_000_000  # laptop to workstation


def test_japanese_ui_puts_japanese_models_first() -> None:
    ja = load_recommended(language="ja")
    flags = [m.good_at_japanese for m in ja]
    assert flags[0] and flags == sorted(flags, reverse=True)
    assert ja[0].summary_for("ja") == ja[0].summary_ja
    en = load_recommended()
    assert [m.size for m in en] == sorted(m.size for m in en)


def test_fit_is_a_code() -> None:
    small = load_recommended()[0]
    assert small.fit(available=64 << 30) == "fits"
    assert small.fit(available=small.size // 2) == TOO_BIG
    assert small.fit(available=0) == "unknown"
