# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for speculative decoding: the Preferences rows, the status bar's figures and a
model's own choice in Installed → Speculative…."""

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
    # Installed → Speculative… (a model's own choice)
    "A model can have its own choice in Models… → Installed → Speculative…": "モデルごとにも選べます（モデル… → インストール済み → 投機的デコード…）。",
    "Speculative…": "投機的デコード…",
    "Choose how the selected model guesses ahead (speculative decoding)": "選択したモデルの先読みの方式を選ぶ（投機的デコード）",
    "How %1 guesses ahead in replies at temperature 0; the reply stays the same. Takes effect with its next load.": "温度 0 の返答で %1 がどう先読みするか（返答は変わりません）。次の読み込みから有効です。",
    "As in Preferences (%1)": "環境設定のとおり（%1）",
    "Method": "方式",
    "A smaller model of the same family: %1": "同じ系列の小さいモデル: %1",
    "A smaller model of the same family: none in the library": "同じ系列の小さいモデル: ライブラリにありません",
    "Offered as drafts: the library's models of the same architecture and vocabulary at most half this model's size.": "下書きとして示すのは、アーキテクチャと語彙が同じで、このモデルの半分以下の大きさのライブラリのモデルです。",
    "Speculative decoding error": "投機的デコードのエラー",
    "No model in the library can be the draft of %1: download a smaller model of the same family, or choose Prompt lookup.": "ライブラリに %1 の下書きになれるモデルがありません。同じ系列の小さいモデルをダウンロードするか、「プロンプト参照」を選んでください。",
    "a smaller model of the same family": "同じ系列の小さいモデル",
    "%1 with %2": "%1（%2）",
    "%1 uses %2 from its next load": "%1 は次の読み込みから%2を使います",
    "%1 decodes as in Preferences from its next load": "%1 は次の読み込みから環境設定のとおりにデコードします",
}
