# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for agent mode: the composer's toggle, folded steps, approval for a task, notices."""

JA = {
    # the composer
    "Agent": "エージェント",
    "Agent mode": "エージェントモード",
    "Agent mode for this chat: the model looks things up in the chat's documents and earlier chats and uses tools, step by step, before it answers": "このチャットのエージェントモード: モデルは回答の前に、チャットの文書や過去のチャットを調べ、ツールを使いながら一歩ずつ進めます",
    # a step in the transcript
    "Calling %1…": "%1 を呼び出し中…",
    "Answer checked: it did not use %1 from your request": "回答を確認: 依頼にある %1 が使われていません",
    "Answer checked: it gave no result, only %1 from your request": "回答を確認: 結果がなく、依頼にある %1 を繰り返しただけです",
    "(no thought written)": "（考えは書かれていません）",
    "Thought of this step": "このステップの考え",
    "Call": "呼び出し",
    "Observation": "観察",
    # the agent's tools, one line each
    "Searched your documents for 「%1」 — no passages": "文書で「%1」を検索 — 該当なし",
    "Searched your documents for 「%1」 — 1 passage": "文書で「%1」を検索 — 1 件の抜粋",
    "Searched your documents for 「%1」 — %2 passages": "文書で「%1」を検索 — %2 件の抜粋",
    "Read %1, page %2": "%1 の %2 ページを読みました",
    "Read %1, chunk %2": "%1 の第 %2 チャンクを読みました",
    "Read %1, the beginning": "%1 の冒頭を読みました",
    "Searched your chats for 「%1」 — 1 result": "チャットで「%1」を検索 — 1 件",
    "Searched your chats for 「%1」 — %2 results": "チャットで「%1」を検索 — %2 件",
    # approval
    "Allow for this task": "このタスクでは許可",
    # notices
    "Stopped. The steps done so far are kept.": "停止しました。ここまでのステップは保存されています。",
    "%1 ran out, so the model was asked to answer without tools.": "%1に達したため、ツールなしで回答するようモデルに求めました。",
    "The step budget (%1 steps)": "ステップ数の上限（%1 ステップ）",
    "The time budget (%1 s)": "時間の上限（%1 秒）",
    "The token budget (%1 tokens)": "トークン数の上限（%1 トークン）",
}
