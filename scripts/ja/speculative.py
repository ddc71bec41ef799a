# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for speculative decoding: the Preferences rows and the status bar's figures."""

JA = {
    "Off": "オフ",
    "Auto (what this computer measured faster)": "自動（このコンピューターで速いと測れた方式）",
    "Prompt lookup": "プロンプト参照",
    "Draft model": "下書きモデル",
    "Speculative decoding": "投機的デコード",
    "A smaller model of the same family": "同じ系列の小さいモデル",
    "Replies at temperature 0 are written several tokens at a time: the model checks cheap guesses (copied from the prompt, or from a small draft model with the same vocabulary), so the reply is the same, and Auto uses what this computer measured to be faster.": "温度 0 の返答を数トークンずつまとめて書きます。モデルが安価な推測（プロンプトからの写し、または同じ語彙の小さい下書きモデルの出力）を確かめるので返答は変わらず、「自動」はこのコンピューターで速いと測れた方式を使います。",
    "prompt lookup": "プロンプト参照",
    "draft model": "下書きモデル",
    "plain": "通常",
    "measuring": "測定中",
    "Auto: %1": "自動: %1",
    " · %1": " · %1",
    " · %1: %2 % of guesses kept": " · %1: 推測の %2 % を採用",
    ", ×%1 plain speed": "、通常の ×%1 の速さ",
    "Speculative decoding: %1": "投機的デコード: %1",
    "draft %1": "下書き %1",
}
