# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for the app frame: welcome page, model bar, state messages (by source string)."""

JA = {
    "memory unknown": "メモリ不明",
    " · good at Japanese": " · 日本語が得意",
    "Still chatting with %1.": "引き続き %1 でチャットします。",
    "Load a model to get a reply. Your message is still here.": "返信を受け取るにはモデルを読み込んでください。メッセージは入力欄に残っています。",
    "Kotoba is already running: here it is.": "Kotoba はすでに起動しています。こちらのウィンドウです。",
    "Load the last model when Kotoba starts": "起動時に前回のモデルを読み込む",
    "Stopped before the reply began.": "返信が始まる前に停止しました。",
    "Summarizing %1 earlier messages in the background…": "以前のメッセージ %1 件をバックグラウンドで要約しています…",
    "%1 earlier messages summarized.": "以前のメッセージ %1 件を要約しました。",
    "Summarizing %1 earlier messages before the reply… (Esc stops)": "返信の前に以前のメッセージ %1 件を要約しています…（Esc で停止）",
    "finished": "完了",
    "reached the token limit": "トークン上限に到達",
    "stop string": "停止文字列",
    "context full": "コンテキストが満杯",
    "called a tool": "ツールを呼び出し",
    " · summary %1 s": " · 要約 %1 秒",
    "Exported to %1": "%1 に書き出しました",
    "%1 (imported)": "%1（インポート）",
    "Your message. Sending it starts a new branch; the old one stays reachable.": "あなたのメッセージです。送信すると新しい分岐になり、元の分岐もそのまま残ります。",
    "Message text": "メッセージの本文",
    "The model sees this summary instead of the earlier messages (they stay saved). Correct it if it got something wrong.": "モデルは以前のメッセージの代わりにこの要約を読みます（メッセージ自体は保存されたままです）。間違いがあれば直してください。",
}
