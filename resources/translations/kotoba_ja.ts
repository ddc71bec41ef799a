<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="236" />
        <source>Your messages are kept.</source>
        <translation>メッセージは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="250" />
        <source>Your messages are kept; send again to restart.</source>
        <translation>メッセージは保存されています。もう一度送信すると再起動します。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="290" />
        <source>Your message could not be saved (%1); it was not sent.</source>
        <translation>メッセージを保存できませんでした（%1）。送信していません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="356" />
        <source>Load a model to get a reply. Your message is saved.</source>
        <translation>返信を受け取るにはモデルを読み込んでください。メッセージは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="459" />
        <source>The summary could not be written again: </source>
        <translation>要約を作り直せませんでした: </translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="477" />
        <source>%1 (copy)</source>
        <translation>%1（コピー）</translation>
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
        <location filename="../../chatapp/ui/chat/context_meter.py" line="26" />
        <source>Context window</source>
        <translation>コンテキストウィンドウ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="57" />
        <source>No context information yet</source>
        <translation>コンテキストの情報はまだありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="61" />
        <source>Context %1 of %2 tokens: system %3, summary %4, history %5, reply %6, free %7</source>
        <translation>コンテキスト %2 トークン中 %1: システム %3、要約 %4、履歴 %5、返信 %6、空き %7</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="72" />
        <source>; %1 messages outside the window</source>
        <translation>。ウィンドウ外のメッセージ %1 件</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="79" />
        <source>KV cache memory: %1 of %2 (%3)</source>
        <translation>KV キャッシュのメモリ: %2 中 %1（%3）</translation>
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
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="125" />
        <source>No matches</source>
        <translation>一致するものはありません</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="73" />
        <source>Kotoba</source>
        <translation>Kotoba</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="102" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="111" />
        <location filename="../../chatapp/ui/app/main_window.py" line="196" />
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="112" />
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="115" />
        <source>Models…</source>
        <translation>モデル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="116" />
        <source>Open the model manager</source>
        <translation>モデル管理を開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="117" />
        <source>Find, download and manage models (Ctrl+M)</source>
        <translation>モデルを探す・ダウンロードする・管理する（Ctrl+M）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="129" />
        <source>Notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="136" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="137" />
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="138" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="139" />
        <source>Stop the reply</source>
        <translation>返信を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="140" />
        <source>Stop the reply (Esc)</source>
        <translation>返信を止める（Esc）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="141" />
        <location filename="../../chatapp/ui/app/main_window.py" line="142" />
        <source>Load a model to start chatting</source>
        <translation>モデルを読み込んでチャットを始める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="144" />
        <source>Tokens in the message</source>
        <translation>メッセージのトークン数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="185" />
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="186" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="187" />
        <source>Import conversation…</source>
        <translation>会話をインポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="188" />
        <source>Export as Markdown…</source>
        <translation>Markdown でエクスポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="189" />
        <source>Export as JSON…</source>
        <translation>JSON でエクスポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="191" />
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="192" />
        <source>&amp;Conversation</source>
        <translation>会話(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="193" />
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="194" />
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="195" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="197" />
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="198" />
        <source>Copy last reply</source>
        <translation>直前の返信をコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="199" />
        <source>Search chats</source>
        <translation>チャットを検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="200" />
        <source>Stop reply</source>
        <translation>返信を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="202" />
        <source>Preferences…</source>
        <translation>環境設定…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="203" />
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="206" />
        <source>System theme</source>
        <translation>システムのテーマ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="207" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="208" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="217" />
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="218" />
        <source>Copy diagnostics</source>
        <translation>診断情報をコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="346" />
        <source>Import a model</source>
        <translation>モデルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="346" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="353" />
        <source>Import model</source>
        <translation>モデルのインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="354" />
        <source>Add %1 to the library?</source>
        <translation>%1 をライブラリに追加しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="355" />
        <source>Copy into the library</source>
        <translation>ライブラリにコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="356" />
        <source>Use where it is</source>
        <translation>その場所のまま使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="378" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="388" />
        <source>Still chatting with %1.</source>
        <translation>引き続き %1 でチャットします。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="396" />
        <source>Load a model to get a reply. Your message is still here.</source>
        <translation>返信を受け取るにはモデルを読み込んでください。メッセージは入力欄に残っています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="544" />
        <source>Reply finished</source>
        <translation>返信が終わりました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="580" />
        <source>Edit message</source>
        <translation>メッセージの編集</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="580" />
        <source>Message:</source>
        <translation>メッセージ:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="586" />
        <source>Delete message</source>
        <translation>メッセージの削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="586" />
        <source>Delete this message?</source>
        <translation>このメッセージを削除しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="607" />
        <source>Diagnostics copied to the clipboard.</source>
        <translation>診断情報をクリップボードにコピーしました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="620" />
        <source>Could not save the settings: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="663" />
        <source>%1 tokens</source>
        <translation>%1 トークン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="716" />
        <source>Kotoba is already running: here it is.</source>
        <translation>Kotoba はすでに起動しています。こちらのウィンドウです。</translation>
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
        <location filename="../../chatapp/ui/models/manager.py" line="238" />
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
        <location filename="../../chatapp/ui/models/manager.py" line="238" />
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
        <location filename="../../chatapp/ui/models/manager.py" line="122" />
        <source>Load the selected model</source>
        <translation>選んだモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="123" />
        <source>Delete the selected model</source>
        <translation>選んだモデルを削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="124" />
        <source>Show the selected model in the file manager</source>
        <translation>選んだモデルをファイルマネージャーで表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="125" />
        <source>Import a local model file</source>
        <translation>手元のモデルファイルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="143" />
        <source> (in place)</source>
        <translation>（元の場所）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="145" />
        <source>unusable: %1</source>
        <translation>使用できません: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="147" />
        <source>from the file</source>
        <translation>ファイル内のもの</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="172" />
        <source>Forget %1? The file stays where it is.</source>
        <translation>%1 を一覧から外しますか？ファイルはそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="173" />
        <source>Delete %1 (%2) from the disk?</source>
        <translation>%1（%2）をディスクから削除しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="177" />
        <source>Delete model</source>
        <translation>モデルの削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="192" />
        <source>Imported %1</source>
        <translation>%1 をインポートしました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="196" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="208" />
        <source>Search the Hugging Face Hub for GGUF models</source>
        <translation>Hugging Face Hub で GGUF モデルを検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="209" />
        <location filename="../../chatapp/ui/models/manager.py" line="217" />
        <source>Search the Hub</source>
        <translation>Hub を検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="211" />
        <source>Sort by</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="212" />
        <source>Most downloaded</source>
        <translation>ダウンロード数順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="212" />
        <source>Most liked</source>
        <translation>いいね数順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="213" />
        <source>Recently updated</source>
        <translation>更新日順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="216" />
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="223" />
        <source>Repositories</source>
        <translation>リポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="230" />
        <source>Context length for the memory estimate</source>
        <translation>メモリ見積もりに使うコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="231" />
        <source>Memory estimate at a context of</source>
        <translation>メモリ見積もりのコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="236" />
        <source>Files of the repository</source>
        <translation>リポジトリのファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="238" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="238" />
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="249" />
        <source>Access token for gated models (optional)</source>
        <translation>制限付きモデル用のアクセストークン（任意）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="250" />
        <source>Hugging Face access token</source>
        <translation>Hugging Face のアクセストークン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="251" />
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="252" />
        <source>Download the selected model</source>
        <translation>選んだモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="258" />
        <source>Model manager status</source>
        <translation>モデル管理の状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="272" />
        <source>Recommended (works offline; sizes approximate):</source>
        <translation>おすすめ（オフラインでも表示。サイズは目安）:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="291" />
        <source>Checking the token…</source>
        <translation>トークンを確認しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="296" />
        <source>A token is saved (type a new one to replace it)</source>
        <translation>トークンは保存済みです（新しいものを入力すると置き換えます）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="298" />
        <source>Token saved in the Hugging Face token store.</source>
        <translation>トークンを Hugging Face のトークン保存場所に保存しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="306" />
        <source>Searching…</source>
        <translation>検索しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="318" />
        <source>%1 repositories</source>
        <translation>%1 件のリポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="339" />
        <source>Reading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="356" />
        <source>%1: %2 models</source>
        <translation>%1: %2 個のモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="383" />
        <source>recommended</source>
        <translation>おすすめ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="396" />
        <source>No downloads.</source>
        <translation>ダウンロードはありません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="405" />
        <source>Choose a file to download.</source>
        <translation>ダウンロードするファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="411" />
        <source>Not enough memory</source>
        <translation>メモリが足りません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="412" />
        <source>%1 needs about %2 of memory; %3 is available. Download anyway?</source>
        <translation>%1 には約 %2 のメモリが必要ですが、使えるのは %3 です。それでもダウンロードしますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="431" />
        <source>Download progress of %1</source>
        <translation>%1 のダウンロード状況</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="435" />
        <source>Download status</source>
        <translation>ダウンロードの状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="436" />
        <location filename="../../chatapp/ui/models/manager.py" line="502" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="436" />
        <location filename="../../chatapp/ui/models/manager.py" line="472" />
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="437" />
        <source>Pause or resume the download</source>
        <translation>ダウンロードを一時停止・再開</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="438" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="439" />
        <source>Cancel the download</source>
        <translation>ダウンロードをキャンセル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="473" />
        <source>starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="495" />
        <source>verified and installed</source>
        <translation>検証してインストールしました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="503" />
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="37" />
        <source>Preferences</source>
        <translation>環境設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="42" />
        <source>default (in the data folder)</source>
        <translation>既定（データフォルダ内）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="43" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="50" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="151" />
        <source>Models folder</source>
        <translation>モデルフォルダ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="44" />
        <source>Choose…</source>
        <translation>選ぶ…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="45" />
        <source>Choose the models folder</source>
        <translation>モデルフォルダを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="53" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="57" />
        <source>Data folder</source>
        <translation>データフォルダ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="55" />
        <source>Conversations live here. A new folder takes effect when Kotoba starts again.</source>
        <translation>会話はここに保存されます。新しいフォルダは Kotoba の次回起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="60" />
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="62" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="63" />
        <source>Threads</source>
        <translation>スレッド数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="66" />
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="68" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="70" />
        <source>GPU layers</source>
        <translation>GPU レイヤー数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="73" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="75" />
        <source>Load the last model when Kotoba starts</source>
        <translation>起動時に前回のモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="81" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="82" />
        <source>Default context length</source>
        <translation>既定のコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="85" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="89" />
        <source>When the context is full</source>
        <translation>コンテキストがいっぱいになったら</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="86" />
        <source>Summarize old turns</source>
        <translation>古いやりとりを要約する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="86" />
        <source>Drop old turns</source>
        <translation>古いやりとりを外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="87" />
        <source>Stop and tell me</source>
        <translation>止めて知らせる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="91" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="94" />
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="92" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="97" />
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="92" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="92" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="96" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="99" />
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="103" />
        <source>A new language or data folder takes effect when Kotoba starts again.</source>
        <translation>言語やデータフォルダの変更は Kotoba の次回起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="108" />
        <source>Settings error</source>
        <translation>設定のエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="113" />
        <source>Takes effect when a model is loaded next.</source>
        <translation>次にモデルを読み込んだときに反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="114" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="116" />
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="118" />
        <source>Computes attention without its large score tables: less memory for long contexts. Needed for a Q8_0 KV cache.</source>
        <translation>大きなスコア表を作らずにアテンションを計算します。長いコンテキストでメモリが少なく済みます。Q8_0 の KV キャッシュに必要です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="123" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="130" />
        <source>KV cache</source>
        <translation>KV キャッシュ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="124" />
        <source>F16 (exact)</source>
        <translation>F16（劣化なし）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="124" />
        <source>Q8_0 (half the memory)</source>
        <translation>Q8_0（メモリ半分）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="127" />
        <source>How the context is stored. Q8_0 takes about half the memory of F16 and needs flash attention.</source>
        <translation>コンテキストの保存形式です。Q8_0 は F16 の約半分のメモリで済み、Flash Attention が必要です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="135" />
        <source>A Q8_0 KV cache needs flash attention: turn on flash attention, or keep the KV cache at F16.</source>
        <translation>Q8_0 の KV キャッシュには Flash Attention が必要です。Flash Attention をオンにするか、KV キャッシュを F16 のままにしてください。</translation>
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
        <location filename="../../chatapp/ui/chat/status_panel.py" line="18" />
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="19" />
        <source>Loaded model</source>
        <translation>読み込み済みのモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="22" />
        <source>Last reply figures</source>
        <translation>直前の返信の数値</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="23" />
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="24" />
        <source>Undo delete</source>
        <translation>削除を元に戻す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="42" />
        <source>%1 bits/weight · context %2 · chat format %3 (%4)</source>
        <translation>%1 ビット/重み · コンテキスト %2 · チャット形式 %3（%4）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="50" />
        <source>%1 threads · %2 GPU layers</source>
        <translation>%1 スレッド · GPU レイヤー %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="54" />
        <source>CPU code: %1</source>
        <translation>CPU コード: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="63" />
        <source>flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="67" />
        <source>KV cache %1 (%2)</source>
        <translation>KV キャッシュ %1（%2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="71" />
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
        <location filename="../../chatapp/ui/app/welcome.py" line="33" />
        <source>&lt;h2&gt;Welcome to Kotoba&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Kotoba へようこそ&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="35" />
        <source>Chat with language models on this computer, offline. Choose a model to begin.</source>
        <translation>このコンピューターの上で、オフラインで言語モデルとチャットできます。まずモデルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="41" />
        <source>Use the demo model (Gemma 3 270M, 253 MB, already here)</source>
        <translation>デモモデルを使う（Gemma 3 270M、253 MB、導入済み）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="43" />
        <source>Use the demo model</source>
        <translation>デモモデルを使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="46" />
        <source>Or download a recommended model:</source>
        <translation>または、おすすめのモデルをダウンロード:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="48" />
        <source>Recommended models</source>
        <translation>おすすめのモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="51" />
        <source>fits this computer</source>
        <translation>このコンピューターで動作可</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="52" />
        <source>a tight fit</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="53" />
        <source>too big here</source>
        <translation>このコンピューターには大きすぎ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="56" />
        <source>memory unknown</source>
        <translation>メモリ不明</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="57" />
        <source> · good at Japanese</source>
        <translation> · 日本語が得意</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="65" />
        <source>Get the selected model…</source>
        <translation>選んだモデルを入手…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="66" />
        <source>Download the selected recommended model</source>
        <translation>選んだおすすめモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="67" />
        <source>Use a .gguf file from this computer…</source>
        <translation>このコンピューターの .gguf ファイルを使う…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="68" />
        <source>Import a model file</source>
        <translation>モデルファイルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="69" />
        <source>Not now</source>
        <translation>あとで</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="70" />
        <source>Close the welcome page</source>
        <translation>ようこそページを閉じる</translation>
    </message>
</context>
</TS>