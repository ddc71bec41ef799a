<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="225" />
        <source>Your messages are kept.</source>
        <translation>メッセージは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="239" />
        <source>Your messages are kept; send again to restart.</source>
        <translation>メッセージは保存されています。もう一度送信すると再起動します。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="274" />
        <source>Your message could not be saved (%1); it was not sent.</source>
        <translation>メッセージを保存できませんでした（%1）。送信していません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="329" />
        <source>Load a model to get a reply. Your message is saved.</source>
        <translation>返信を受け取るにはモデルを読み込んでください。メッセージは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="432" />
        <source>The summary could not be written again: </source>
        <translation>要約を作り直せませんでした: </translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="450" />
        <source>%1 (copy)</source>
        <translation>%1（コピー）</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="82" />
        <source>Compare quantizations</source>
        <translation>量子化を比較</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="88" />
        <source>Choose the files of one model. Each is measured on the same text: perplexity (lower is better), divergence from the reference, speed and memory.</source>
        <translation>同じモデルのファイルを選んでください。どれも同じテキストで測ります：パープレキシティ（低いほど良い）、基準からの乖離、速度、メモリ。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="94" />
        <source>Files to compare</source>
        <translation>比較するファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="102" />
        <source>Comparison progress</source>
        <translation>比較の進み具合</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="105" />
        <source>Comparison status</source>
        <translation>比較の状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="110" />
        <source>Comparison results</source>
        <translation>比較の結果</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="123" />
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="124" />
        <source>Quant</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="125" />
        <source>Bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="126" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="127" />
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="128" />
        <source>Perplexity ± error</source>
        <translation>パープレキシティ ± 誤差</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="129" />
        <source>KLD mean</source>
        <translation>KLD 平均</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="130" />
        <source>KLD p99</source>
        <translation>KLD 99パーセンタイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="131" />
        <source>Same top token</source>
        <translation>最上位トークン一致</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="132" />
        <source>Prompt tok/s</source>
        <translation>プロンプト トークン/秒</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="133" />
        <source>Generation tok/s</source>
        <translation>生成 トークン/秒</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="140" />
        <location filename="../../chatapp/ui/models/compare.py" line="242" />
        <source>Evaluation text</source>
        <translation>評価用テキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="141" />
        <source>English: Alice in Wonderland</source>
        <translation>英語：不思議の国のアリス</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="142" />
        <source>Japanese: Botchan (坊っちゃん)</source>
        <translation>日本語：坊っちゃん</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="143" />
        <source>A text file…</source>
        <translation>テキストファイル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="149" />
        <source>Context length of each window</source>
        <translation>各ウィンドウのコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="152" />
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="153" />
        <source>Windows to evaluate (0: the whole text)</source>
        <translation>評価するウィンドウ数（0：テキスト全体）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="155" />
        <source>Reference model for KL divergence</source>
        <translation>KL ダイバージェンスの基準モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="156" />
        <source>Measure speed</source>
        <translation>速度を測る</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="159" />
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="160" />
        <source>Context</source>
        <translation>コンテキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="161" />
        <source>Windows</source>
        <translation>ウィンドウ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="162" />
        <source>Reference</source>
        <translation>基準</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="173" />
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="174" />
        <source>Start the comparison</source>
        <translation>比較を始める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="175" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="176" />
        <source>Stop the comparison</source>
        <translation>比較を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="177" />
        <source>Export CSV…</source>
        <translation>CSV に書き出す…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="178" />
        <source>Export the results as CSV</source>
        <translation>結果を CSV に書き出す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="189" />
        <source>Make a quantization of the selected file:</source>
        <translation>選んだファイルから量子化版を作る：</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="191" />
        <source>Quantization type</source>
        <translation>量子化の種類</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="195" />
        <source>Make</source>
        <translation>作成</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="196" />
        <source>Make the quantization</source>
        <translation>量子化版を作る</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="212" />
        <source>bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="226" />
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="242" />
        <source>Text files (*.txt);;All files (*)</source>
        <translation>テキストファイル (*.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="256" />
        <source>This engine cannot measure model files.</source>
        <translation>このエンジンではモデルファイルを測れません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="271" />
        <source>Choose at least one file.</source>
        <translation>ファイルを 1 つ以上選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="301" />
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="337" />
        <source>Stopping…</source>
        <translation>止めています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="347" />
        <source>Quantizing: tensor %1 of %2</source>
        <translation>量子化中：テンソル %2 個中 %1 個目</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="356" />
        <source>loading</source>
        <translation>読み込み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="357" />
        <source>perplexity</source>
        <translation>パープレキシティ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="358" />
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="366" />
        <source>%1 (%2 of %3): %4 %5%</source>
        <translation>%1（%3 個中 %2 個目）：%4 %5%</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="379" />
        <source>Done: %1 files compared.</source>
        <translation>完了：%1 個のファイルを比較しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="385" />
        <source>Stopped.</source>
        <translation>止めました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="387" />
        <source>The comparison failed: %1</source>
        <translation>比較に失敗しました：%1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="396" />
        <source>no reference</source>
        <translation>基準なし</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="421" />
        <source>Export CSV</source>
        <translation>CSV に書き出す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="421" />
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="425" />
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="444" />
        <source>Already quantized</source>
        <translation>量子化済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="446" />
        <source>%1 is already quantized (%2). Quantizing it again loses more quality than quantizing its 16-bit original. Quantize anyway?</source>
        <translation>%1 はすでに量子化されています（%2）。もう一度量子化すると、16 ビットの元ファイルから量子化するより品質が落ちます。それでも量子化しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="471" />
        <source>Made %1</source>
        <translation>%1 を作りました</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../chatapp/ui/chat/composer.py" line="23" />
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer.py" line="25" />
        <source>Type a message; Enter sends, Shift+Enter adds a line</source>
        <translation>メッセージを入力。Enter で送信、Shift+Enter で改行</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer.py" line="27" />
        <source>Type a message. Enter sends, Shift+Enter adds a line.</source>
        <translation>メッセージを入力してください。Enter で送信、Shift+Enter で改行します。</translation>
    </message>
</context>
<context>
    <name>ContextMeter</name>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="23" />
        <source>Context window</source>
        <translation>コンテキストウィンドウ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="49" />
        <source>No context information yet</source>
        <translation>コンテキストの情報はまだありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="53" />
        <source>Context %1 of %2 tokens: system %3, summary %4, history %5, reply %6, free %7</source>
        <translation>コンテキスト %2 トークン中 %1: システム %3、要約 %4、履歴 %5、返信 %6、空き %7</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="64" />
        <source>; %1 messages outside the window</source>
        <translation>。ウィンドウ外のメッセージ %1 件</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="39" />
        <source>Rename</source>
        <translation>名前の変更</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="39" />
        <source>Title:</source>
        <translation>タイトル:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="61" />
        <source>Conversation deleted.</source>
        <translation>会話を削除しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="86" />
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="86" />
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="109" />
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="89" />
        <source>Export conversation</source>
        <translation>会話のエクスポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="102" />
        <source>Could not save: %1</source>
        <translation>保存できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="107" />
        <source>Import a conversation</source>
        <translation>会話をインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="119" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="45" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="46" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="97" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="47" />
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>新しい会話を始める（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="51" />
        <source>Search all chats (Ctrl+F)</source>
        <translation>すべてのチャットを検索（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="52" />
        <source>Search conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="57" />
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="62" />
        <source>Search results</source>
        <translation>検索結果</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="77" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="78" />
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="79" />
        <source>Previous 7 days</source>
        <translation>過去 7 日間</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="80" />
        <source>Older</source>
        <translation>それ以前</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="124" />
        <source>No matches</source>
        <translation>一致するものはありません</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="71" />
        <source>Kotoba</source>
        <translation>Kotoba</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="97" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="106" />
        <location filename="../../chatapp/ui/app/main_window.py" line="191" />
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="107" />
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="110" />
        <source>Models…</source>
        <translation>モデル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="111" />
        <source>Open the model manager</source>
        <translation>モデル管理を開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="112" />
        <source>Find, download and manage models (Ctrl+M)</source>
        <translation>モデルを探す・ダウンロードする・管理する（Ctrl+M）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="124" />
        <source>Notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="131" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="132" />
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="133" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="134" />
        <source>Stop the reply</source>
        <translation>返信を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="135" />
        <source>Stop the reply (Esc)</source>
        <translation>返信を止める（Esc）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="136" />
        <location filename="../../chatapp/ui/app/main_window.py" line="137" />
        <source>Load a model to start chatting</source>
        <translation>モデルを読み込んでチャットを始める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="139" />
        <source>Tokens in the message</source>
        <translation>メッセージのトークン数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="180" />
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="181" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="182" />
        <source>Import conversation…</source>
        <translation>会話をインポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="183" />
        <source>Export as Markdown…</source>
        <translation>Markdown でエクスポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="184" />
        <source>Export as JSON…</source>
        <translation>JSON でエクスポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="186" />
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="187" />
        <source>&amp;Conversation</source>
        <translation>会話(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="188" />
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="189" />
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="190" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="192" />
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="193" />
        <source>Copy last reply</source>
        <translation>直前の返信をコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="194" />
        <source>Search chats</source>
        <translation>チャットを検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="195" />
        <source>Stop reply</source>
        <translation>返信を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="197" />
        <source>Preferences…</source>
        <translation>環境設定…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="198" />
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="201" />
        <source>System theme</source>
        <translation>システムのテーマ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="202" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="203" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="212" />
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="213" />
        <source>Copy diagnostics</source>
        <translation>診断情報をコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="310" />
        <source>Import a model</source>
        <translation>モデルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="310" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="317" />
        <source>Import model</source>
        <translation>モデルのインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="318" />
        <source>Add %1 to the library?</source>
        <translation>%1 をライブラリに追加しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="319" />
        <source>Copy into the library</source>
        <translation>ライブラリにコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="320" />
        <source>Use where it is</source>
        <translation>その場所のまま使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="468" />
        <source>Reply finished</source>
        <translation>返信が終わりました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="493" />
        <source>Edit message</source>
        <translation>メッセージの編集</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="493" />
        <source>Message:</source>
        <translation>メッセージ:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="499" />
        <source>Delete message</source>
        <translation>メッセージの削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="499" />
        <source>Delete this message?</source>
        <translation>このメッセージを削除しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="520" />
        <source>Diagnostics copied to the clipboard.</source>
        <translation>診断情報をクリップボードにコピーしました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="533" />
        <source>Could not save the settings: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="576" />
        <source>%1 tokens</source>
        <translation>%1 トークン</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="52" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="54" />
        <source>Open model file…</source>
        <translation>モデルファイルを開く…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="55" />
        <source>Open a model file</source>
        <translation>モデルファイルを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="57" />
        <source>Chat format</source>
        <translation>チャット形式</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="59" />
        <source>How prompts are written for the model: its own template, or a built-in format</source>
        <translation>モデルへのプロンプトの書き方: モデル自身のテンプレート、または組み込みの形式</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="61" />
        <source>Chat format: automatic</source>
        <translation>チャット形式: 自動</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="65" />
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="66" />
        <source>Load the chosen model</source>
        <translation>選んだモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="71" />
        <source>Model loading progress</source>
        <translation>モデルの読み込み状況</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="72" />
        <source>Model: </source>
        <translation>モデル: </translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="103" />
        <source>Gemma 3 270M (demo model)</source>
        <translation>Gemma 3 270M（デモモデル）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="130" />
        <source>Open a model</source>
        <translation>モデルを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="130" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="139" />
        <source>Choose a model file first.</source>
        <translation>先にモデルファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="145" />
        <source>Preparing the demo model…</source>
        <translation>デモモデルを準備しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="153" />
        <source>The demo model is not installed.</source>
        <translation>デモモデルがインストールされていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="174" />
        <source>Loading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="185" />
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="194" />
        <source>Not enough memory</source>
        <translation>メモリが足りません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="197" />
        <source>Load it anyway? The system may become slow or stop the model.</source>
        <translation>それでも読み込みますか？システムが遅くなるか、モデルが停止することがあります。</translation>
    </message>
</context>
<context>
    <name>ModelManagerPane</name>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="88" />
        <source>Model manager</source>
        <translation>モデル管理</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="89" />
        <source>Installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="90" />
        <source>Discover</source>
        <translation>探す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="91" />
        <source>Downloads</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="104" />
        <source>Installed models</source>
        <translation>インストール済みのモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="106" />
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="106" />
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="106" />
        <source>Parameters</source>
        <translation>パラメータ数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="107" />
        <location filename="../../chatapp/ui/models/manager.py" line="249" />
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="107" />
        <source>Bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="107" />
        <location filename="../../chatapp/ui/models/manager.py" line="249" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="108" />
        <source>Context</source>
        <translation>コンテキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="108" />
        <source>Chat template</source>
        <translation>チャットテンプレート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="117" />
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="118" />
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="119" />
        <source>Show in folder</source>
        <translation>フォルダに表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="120" />
        <source>Import .gguf…</source>
        <translation>.gguf をインポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="121" />
        <source>Compare…</source>
        <translation>比較…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="123" />
        <source>Compare the selected files of one model</source>
        <translation>同じモデルの選んだファイルを比較する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="124" />
        <source>Load the selected model</source>
        <translation>選んだモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="125" />
        <source>Delete the selected model</source>
        <translation>選んだモデルを削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="126" />
        <source>Show the selected model in the file manager</source>
        <translation>選んだモデルをファイルマネージャーで表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="127" />
        <source>Import a local model file</source>
        <translation>手元のモデルファイルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="147" />
        <source> (in place)</source>
        <translation>（元の場所）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="149" />
        <source>unusable: %1</source>
        <translation>使用できません: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="151" />
        <source>from the file</source>
        <translation>ファイル内のもの</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="183" />
        <source>Forget %1? The file stays where it is.</source>
        <translation>%1 を一覧から外しますか？ファイルはそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="184" />
        <source>Delete %1 (%2) from the disk?</source>
        <translation>%1（%2）をディスクから削除しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="188" />
        <source>Delete model</source>
        <translation>モデルの削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="203" />
        <source>Imported %1</source>
        <translation>%1 をインポートしました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="207" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="219" />
        <source>Search the Hugging Face Hub for GGUF models</source>
        <translation>Hugging Face Hub で GGUF モデルを検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="220" />
        <location filename="../../chatapp/ui/models/manager.py" line="228" />
        <source>Search the Hub</source>
        <translation>Hub を検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="222" />
        <source>Sort by</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="223" />
        <source>Most downloaded</source>
        <translation>ダウンロード数順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="223" />
        <source>Most liked</source>
        <translation>いいね数順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="224" />
        <source>Recently updated</source>
        <translation>更新日順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="227" />
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="234" />
        <source>Repositories</source>
        <translation>リポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="241" />
        <source>Context length for the memory estimate</source>
        <translation>メモリ見積もりに使うコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="242" />
        <source>Memory estimate at a context of</source>
        <translation>メモリ見積もりのコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="247" />
        <source>Files of the repository</source>
        <translation>リポジトリのファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="249" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="249" />
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="260" />
        <source>Access token for gated models (optional)</source>
        <translation>制限付きモデル用のアクセストークン（任意）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="261" />
        <source>Hugging Face access token</source>
        <translation>Hugging Face のアクセストークン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="262" />
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="263" />
        <source>Download the selected model</source>
        <translation>選んだモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="269" />
        <source>Model manager status</source>
        <translation>モデル管理の状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="283" />
        <source>Recommended (works offline; sizes approximate):</source>
        <translation>おすすめ（オフラインでも表示。サイズは目安）:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="302" />
        <source>Checking the token…</source>
        <translation>トークンを確認しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="307" />
        <source>A token is saved (type a new one to replace it)</source>
        <translation>トークンは保存済みです（新しいものを入力すると置き換えます）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="309" />
        <source>Token saved in the Hugging Face token store.</source>
        <translation>トークンを Hugging Face のトークン保存場所に保存しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="317" />
        <source>Searching…</source>
        <translation>検索しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="329" />
        <source>%1 repositories</source>
        <translation>%1 件のリポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="350" />
        <source>Reading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="367" />
        <source>%1: %2 models</source>
        <translation>%1: %2 個のモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="391" />
        <source>recommended</source>
        <translation>おすすめ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="404" />
        <source>No downloads.</source>
        <translation>ダウンロードはありません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="413" />
        <source>Choose a file to download.</source>
        <translation>ダウンロードするファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="419" />
        <source>Not enough memory</source>
        <translation>メモリが足りません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="420" />
        <source>%1 needs about %2 of memory; %3 is available. Download anyway?</source>
        <translation>%1 には約 %2 のメモリが必要ですが、使えるのは %3 です。それでもダウンロードしますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="439" />
        <source>Download progress of %1</source>
        <translation>%1 のダウンロード状況</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="443" />
        <source>Download status</source>
        <translation>ダウンロードの状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="444" />
        <location filename="../../chatapp/ui/models/manager.py" line="510" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="444" />
        <location filename="../../chatapp/ui/models/manager.py" line="480" />
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="445" />
        <source>Pause or resume the download</source>
        <translation>ダウンロードを一時停止・再開</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="446" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="447" />
        <source>Cancel the download</source>
        <translation>ダウンロードをキャンセル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="481" />
        <source>starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="503" />
        <source>verified and installed</source>
        <translation>検証してインストールしました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="511" />
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
</context>
<context>
    <name>PerplexityPlot</name>
    <message>
        <location filename="../../chatapp/ui/models/perplexity_plot.py" line="48" />
        <source>Perplexity against file size</source>
        <translation>ファイルサイズとパープレキシティ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/perplexity_plot.py" line="71" />
        <source>Compare to plot perplexity against size</source>
        <translation>比較すると、サイズとパープレキシティのグラフを描きます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/perplexity_plot.py" line="114" />
        <source>file size (MB) →   ↑ perplexity (lower is better)</source>
        <translation>ファイルサイズ (MB) →   ↑ パープレキシティ（低いほど良い）</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="35" />
        <source>Preferences</source>
        <translation>環境設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="40" />
        <source>default (in the data folder)</source>
        <translation>既定（データフォルダ内）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="41" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="48" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="116" />
        <source>Models folder</source>
        <translation>モデルフォルダ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="42" />
        <source>Choose…</source>
        <translation>選ぶ…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="43" />
        <source>Choose the models folder</source>
        <translation>モデルフォルダを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="51" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="55" />
        <source>Data folder</source>
        <translation>データフォルダ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="53" />
        <source>Conversations live here. A new folder takes effect when Kotoba starts again.</source>
        <translation>会話はここに保存されます。新しいフォルダは Kotoba の次回起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="58" />
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="60" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="61" />
        <source>Threads</source>
        <translation>スレッド数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="64" />
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="66" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="68" />
        <source>GPU layers</source>
        <translation>GPU レイヤー数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="75" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="76" />
        <source>Default context length</source>
        <translation>既定のコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="78" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="82" />
        <source>When the context is full</source>
        <translation>コンテキストがいっぱいになったら</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="79" />
        <source>Summarize old turns</source>
        <translation>古いやりとりを要約する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="79" />
        <source>Drop old turns</source>
        <translation>古いやりとりを外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="80" />
        <source>Stop and tell me</source>
        <translation>止めて知らせる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="84" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="87" />
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="85" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="90" />
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="85" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="85" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="89" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="92" />
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="96" />
        <source>A new language or data folder takes effect when Kotoba starts again.</source>
        <translation>言語やデータフォルダの変更は Kotoba の次回起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="101" />
        <source>Settings error</source>
        <translation>設定のエラー</translation>
    </message>
</context>
<context>
    <name>SafeTextBrowser</name>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="60" />
        <source>Open link</source>
        <translation>リンクを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="61" />
        <source>Open this link in your web browser?

%1</source>
        <translation>このリンクをウェブブラウザで開きますか？

%1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="28" />
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="34" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="36" />
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="37" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="61" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="38" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="61" />
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="39" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="62" />
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="41" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="63" />
        <source>Repeat penalty</source>
        <translation>繰り返しペナルティ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="43" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="62" />
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="44" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="64" />
        <source>Max tokens</source>
        <translation>最大トークン数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="46" />
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="47" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="64" />
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="49" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="65" />
        <source>Context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="51" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="66" />
        <source>When the context is full</source>
        <translation>コンテキストがいっぱいになったら</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="53" />
        <source>Summarize old turns</source>
        <translation>古いやりとりを要約する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="54" />
        <source>Drop old turns</source>
        <translation>古いやりとりを外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="55" />
        <source>Stop and tell me</source>
        <translation>止めて知らせる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="71" />
        <source>Settings error</source>
        <translation>設定のエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="95" />
        <source>The seed must be empty (random) or a whole number.</source>
        <translation>シードは空欄（ランダム）か整数にしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="97" />
        <source>Top-p must be greater than 0.</source>
        <translation>Top-p は 0 より大きくしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="99" />
        <source>The repeat penalty must be greater than 0.</source>
        <translation>繰り返しペナルティは 0 より大きくしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="108" />
        <source>The context length must be at least 256 tokens.</source>
        <translation>コンテキスト長は 256 トークン以上にしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="118" />
        <source>Max tokens cannot exceed the context length.</source>
        <translation>最大トークン数はコンテキスト長を超えられません。</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="17" />
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="18" />
        <source>Loaded model</source>
        <translation>読み込み済みのモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="21" />
        <source>Last reply figures</source>
        <translation>直前の返信の数値</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="22" />
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="23" />
        <source>Undo delete</source>
        <translation>削除を元に戻す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="41" />
        <source>%1 bits/weight · context %2 · chat format %3 (%4)</source>
        <translation>%1 ビット/重み · コンテキスト %2 · チャット形式 %3（%4）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="48" />
        <source>%1 threads · %2 GPU layers</source>
        <translation>%1 スレッド · GPU レイヤー %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="52" />
        <source>CPU code: %1</source>
        <translation>CPU コード: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="57" />
        <source>%1 tokens · %2 tok/s · first token %3 ms · %4</source>
        <translation>%1 トークン · %2 トークン/秒 · 最初のトークンまで %3 ms · %4</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/summary_dialog.py" line="11" />
        <source>Summary of earlier messages</source>
        <translation>以前のメッセージの要約</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/summary_dialog.py" line="14" />
        <source>Summary text</source>
        <translation>要約の本文</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="75" />
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="76" />
        <source>The messages of the open conversation</source>
        <translation>開いている会話のメッセージ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="110" />
        <source>Show %1 earlier messages</source>
        <translation>以前のメッセージ %1 件を表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="137" />
        <source>Summary of %1 earlier messages</source>
        <translation>以前のメッセージ %1 件の要約</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="139" />
        <source>(edited)</source>
        <translation>（編集済み）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="155" />
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="156" />
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="157" />
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="158" />
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="166" />
        <source>summarized</source>
        <translation>要約済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="168" />
        <source>outside the context window</source>
        <translation>コンテキストウィンドウの外</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="171" />
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="173" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="175" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="180" />
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="182" />
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="184" />
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="185" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="31" />
        <source>&lt;h2&gt;Welcome to Kotoba&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Kotoba へようこそ&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="33" />
        <source>Chat with language models on this computer, offline. Choose a model to begin.</source>
        <translation>このコンピューターの上で、オフラインで言語モデルとチャットできます。まずモデルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="39" />
        <source>Use the demo model (Gemma 3 270M, 253 MB, already here)</source>
        <translation>デモモデルを使う（Gemma 3 270M、253 MB、導入済み）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="41" />
        <source>Use the demo model</source>
        <translation>デモモデルを使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="44" />
        <source>Or download a recommended model:</source>
        <translation>または、おすすめのモデルをダウンロード:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="46" />
        <source>Recommended models</source>
        <translation>おすすめのモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="49" />
        <source>fits this computer</source>
        <translation>このコンピューターで動作可</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="50" />
        <source>a tight fit</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="51" />
        <source>too big here</source>
        <translation>このコンピューターには大きすぎ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="59" />
        <source>Get the selected model…</source>
        <translation>選んだモデルを入手…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="60" />
        <source>Download the selected recommended model</source>
        <translation>選んだおすすめモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="61" />
        <source>Use a .gguf file from this computer…</source>
        <translation>このコンピューターの .gguf ファイルを使う…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="62" />
        <source>Import a model file</source>
        <translation>モデルファイルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="63" />
        <source>Not now</source>
        <translation>あとで</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="64" />
        <source>Close the welcome page</source>
        <translation>ようこそページを閉じる</translation>
    </message>
</context>
</TS>