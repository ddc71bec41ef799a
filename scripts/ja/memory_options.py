# ruff: noqa: E501 - a translation table reads best one string per line
"""Japanese for the memory options (flash attention, KV cache type) and the KV cache figures."""

JA = {
    "Takes effect when a model is loaded next.": "次にモデルを読み込んだときに反映されます。",
    "Flash attention": "Flash Attention",
    "Computes attention without its large score tables: less memory for long contexts. Needed for a Q8_0 KV cache.": "大きなスコア表を作らずにアテンションを計算します。長いコンテキストでメモリが少なく済みます。Q8_0 の KV キャッシュに必要です。",
    "KV cache": "KV キャッシュ",
    "F16 (exact)": "F16（劣化なし）",
    "Q8_0 (half the memory)": "Q8_0（メモリ半分）",
    "How the context is stored. Q8_0 takes about half the memory of F16 and needs flash attention.": "コンテキストの保存形式です。Q8_0 は F16 の約半分のメモリで済み、Flash Attention が必要です。",
    "A Q8_0 KV cache needs flash attention: turn on flash attention, or keep the KV cache at F16.": "Q8_0 の KV キャッシュには Flash Attention が必要です。Flash Attention をオンにするか、KV キャッシュを F16 のままにしてください。",
    "KV cache memory: %1 of %2 (%3)": "KV キャッシュのメモリ: %2 中 %1（%3）",
    "flash attention": "Flash Attention",
    "KV cache %1 (%2)": "KV キャッシュ %1（%2）",
}
