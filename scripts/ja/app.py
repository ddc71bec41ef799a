# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for the app frame: welcome page, model bar, state messages (by source string)."""

JA = {
    "memory unknown": "メモリ不明",
    " · good at Japanese": " · 日本語が得意",
    "Still chatting with %1.": "引き続き %1 でチャットします。",
    "Load a model to get a reply. Your message is still here.": "返信を受け取るにはモデルを読み込んでください。メッセージは入力欄に残っています。",
    "Kotoba is already running: here it is.": "Kotoba はすでに起動しています。こちらのウィンドウです。",
    "Load the last model when Kotoba starts": "起動時に前回のモデルを読み込む",
}
