# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for the app frame: welcome page, model bar, state messages (by source string)."""

JA = {
    "memory unknown": "メモリ不明",
    " · good at Japanese": " · 日本語が得意",
}
