# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for agent lessons: Mark as failed, the Lessons dialog, the opt-in in the settings."""

JA = {
    # the answer's More actions menu and its dialog
    "Mark as failed…": "失敗としてマーク…",
    "Mark as failed": "失敗としてマーク",
    "The model writes one lesson from this task and its answer. You can read, edit or delete it in the chat's lessons.": "このタスクと回答から、モデルが教訓を 1 つ書きます。教訓はチャットの「教訓」で確認・編集・削除できます。",
    "Correction (optional)": "訂正（任意）",
    "What the right answer or approach was": "正しい答えややり方",
    "Offer lessons to later agent tasks in this chat": "このチャットの今後のエージェントタスクに教訓を渡す",
    "Write a lesson": "教訓を書く",
    # while and after it is written
    "No lesson was written: the model is busy or not loaded.": "教訓は書かれませんでした: モデルが使用中か、読み込まれていません。",
    "Lesson saved: %1": "教訓を保存しました: %1",
    "No lesson was written: ": "教訓は書かれませんでした: ",
    "the model wrote nothing.": "モデルが何も書きませんでした。",
    # the Lessons dialog
    "Lessons": "教訓",
    "Lessons of this chat": "このチャットの教訓",
    "Edit": "編集",
    "Delete": "削除",
    "Later agent tasks in this chat are offered these lessons.": "このチャットの今後のエージェントタスクには、これらの教訓が渡されます。",
    "Lessons are off for this chat: turn them on in the conversation settings to offer these to later agent tasks.": "このチャットでは教訓がオフです。今後のエージェントタスクに渡すには、会話の設定でオンにしてください。",
    "No lessons yet. Mark an agent's answer as failed…": "教訓はまだありません。エージェントの回答を失敗としてマークすると書かれます。",
    "A lesson cannot be empty; it was not changed.": "教訓を空にはできません。変更されませんでした。",
    "The lesson was not changed: ": "教訓は変更されませんでした: ",
    # the conversation settings
    "Agent": "エージェント",
    "Learn lessons from answers I mark as failed": "失敗としてマークした回答から教訓を学ぶ",
    "After you mark an agent's answer as failed, the model writes one lesson; later agent tasks in this chat are offered the lessons": "エージェントの回答を失敗としてマークすると、モデルが教訓を 1 つ書きます。このチャットの今後のエージェントタスクには教訓が渡されます",
    "Lessons…": "教訓…",
    "Show this chat's lessons": "このチャットの教訓を表示",
}
