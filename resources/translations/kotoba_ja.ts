<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>AgentSettingsBox</name>
    <message>
        <location filename="../../chatapp/ui/chat/agent_settings_box.py" line="22" />
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_settings_box.py" line="24" />
        <source>Learn lessons from answers I mark as failed</source>
        <translation>失敗としてマークした回答から教訓を学ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_settings_box.py" line="27" />
        <source>After you mark an agent's answer as failed, the model writes one lesson; later agent tasks in this chat are offered the lessons</source>
        <translation>エージェントの回答を失敗としてマークすると、モデルが教訓を 1 つ書きます。このチャットの今後のエージェントタスクには教訓が渡されます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_settings_box.py" line="33" />
        <source>Lessons…</source>
        <translation>教訓…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_settings_box.py" line="34" />
        <source>Show this chat's lessons</source>
        <translation>このチャットの教訓を表示</translation>
    </message>
</context>
<context>
    <name>AgentStepFolds</name>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="67" />
        <source>%1 (failed)</source>
        <translation>%1（失敗）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="77" />
        <source>Answer checked: it gave no result, only %1 from your request</source>
        <translation>回答を確認: 結果がなく、依頼にある %1 を繰り返しただけです</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="80" />
        <source>Answer checked: it did not use %1 from your request</source>
        <translation>回答を確認: 依頼にある %1 が使われていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="87" />
        <source>Calling %1…</source>
        <translation>%1 を呼び出し中…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="102" />
        <source>(no thought written)</source>
        <translation>（考えは書かれていません）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="104" />
        <source>Call</source>
        <translation>呼び出し</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="104" />
        <source>Thought of this step</source>
        <translation>このステップの考え</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_steps.py" line="105" />
        <source>Observation</source>
        <translation>観察</translation>
    </message>
</context>
<context>
    <name>AgentTurns</name>
    <message>
        <location filename="../../chatapp/ui/chat/agent_turns.py" line="37" />
        <source>The step budget (%1 steps)</source>
        <translation>ステップ数の上限（%1 ステップ）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_turns.py" line="40" />
        <source>The time budget (%1 s)</source>
        <translation>時間の上限（%1 秒）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_turns.py" line="43" />
        <source>The token budget (%1 tokens)</source>
        <translation>トークン数の上限（%1 トークン）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_turns.py" line="124" />
        <source>Stopped. The steps done so far are kept.</source>
        <translation>停止しました。ここまでのステップは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/agent_turns.py" line="134" />
        <source>%1 ran out, so the model was asked to answer without tools.</source>
        <translation>%1に達したため、ツールなしで回答するようモデルに求めました。</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="32" />
        <source>Allow this tool?</source>
        <translation>このツールを実行しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="35" />
        <source>The model wants to run a tool with these arguments.</source>
        <translation>モデルが次の引数でツールを実行しようとしています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="40" />
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="41" />
        <source>built in</source>
        <translation>内蔵</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="42" />
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="47" />
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="51" />
        <source>Allow once</source>
        <translation>今回だけ許可</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="52" />
        <source>Allow for this task</source>
        <translation>このタスクでは許可</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="53" />
        <source>Always allow in this chat</source>
        <translation>このチャットでは常に許可</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/approval_dialog.py" line="54" />
        <source>Deny</source>
        <translation>拒否</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="81" />
        <source>Attached images</source>
        <translation>添付した画像</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="106" />
        <source>pasted image</source>
        <translation>貼り付けた画像</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="113" />
        <source>At most %1 images per message.</source>
        <translation>1 つのメッセージに添付できる画像は %1 枚までです。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="135" />
        <source>%1 was not attached: %2</source>
        <translation>%1 は添付されませんでした: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="146" />
        <source>it says it is %1 × %2 pixels; at most %3 megapixels are accepted</source>
        <translation>%1 × %2 ピクセルと記されています。受け付けるのは %3 メガピクセルまでです</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="153" />
        <source>it is %1 MB; at most %2 MB is accepted</source>
        <translation>%1 MB あります。受け付けるのは %2 MB までです</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="158" />
        <source>it is not a PNG, JPEG, WebP or GIF image</source>
        <translation>PNG、JPEG、WebP、GIF のいずれの画像でもありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="160" />
        <source>the image is damaged</source>
        <translation>画像が壊れています</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="196" />
        <source>Remove this image</source>
        <translation>この画像を外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attachments.py" line="197" />
        <source>Remove %1</source>
        <translation>%1 を外す</translation>
    </message>
</context>
<context>
    <name>CardBuilder</name>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="82" />
        <source>Thinking…</source>
        <translation>考えています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="85" />
        <source>Thought for %1 s</source>
        <translation>%1 秒考えました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="87" />
        <source>Thought</source>
        <translation>考えました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="94" />
        <source>a tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="98" />
        <source>Called %1</source>
        <translation>%1 を呼び出しました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="103" />
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="106" />
        <source>%1 (failed)</source>
        <translation>%1（失敗）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="115" />
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="115" />
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="134" />
        <source>Source %1</source>
        <translation>出典 %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="136" />
        <source>p. %1</source>
        <translation>%1 ページ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="138" />
        <source>Sources</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="147" />
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/card_parts.py" line="147" />
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="246" />
        <source>Your message could not be saved (%1); it was not sent.</source>
        <translation>メッセージを保存できませんでした（%1）。送信していません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="338" />
        <source>Load a model to get a reply. Your message is saved.</source>
        <translation>返信を受け取るにはモデルを読み込んでください。メッセージは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="392" />
        <source>%1 older turns were left out of the context window.</source>
        <translation>古い %1 件のやり取りはコンテキストに入りきらないため外しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="394" />
        <source>%1 older turns summarized.</source>
        <translation>古い %1 件のやり取りを要約しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="396" />
        <source>Summarizing failed; older turns were left out instead.</source>
        <translation>要約できなかったため、古いやり取りを外しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="324" />
        <location filename="../../chatapp/ui/chat/controller.py" line="402" />
        <source>Stopped before the reply began.</source>
        <translation>返信が始まる前に停止しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/controller.py" line="440" />
        <source>%1 (copy)</source>
        <translation>%1（コピー）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/background_work.py" line="139" />
        <source>The summary could not be written again: </source>
        <translation>要約を作り直せませんでした: </translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/model_loading.py" line="135" />
        <source>Your messages are kept.</source>
        <translation>メッセージは保存されています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/model_loading.py" line="152" />
        <source>Your messages are kept; send again to restart.</source>
        <translation>メッセージは保存されています。もう一度送信すると再起動します。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="73" />
        <source>Notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="134" />
        <source>Summarizing %1 earlier messages in the background…</source>
        <translation>以前のメッセージ %1 件をバックグラウンドで要約しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="139" />
        <source>%1 earlier messages summarized.</source>
        <translation>以前のメッセージ %1 件を要約しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="203" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="330" />
        <source>Reply finished</source>
        <translation>返信が終わりました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="357" />
        <source>Summarizing %1 earlier messages before the reply… (Esc stops)</source>
        <translation>返信の前に以前のメッセージ %1 件を要約しています…（Esc で停止）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/chat_page.py" line="375" />
        <source>%1 tokens</source>
        <translation>%1 トークン</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="63" />
        <source>Compare quantizations</source>
        <translation>量子化を比較</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="69" />
        <source>Choose the files of one model. Each is measured on the same text: perplexity (lower is better), divergence from the reference, speed and memory.</source>
        <translation>同じモデルのファイルを選んでください。どれも同じテキストで測ります：パープレキシティ（低いほど良い）、基準からの乖離、速度、メモリ。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="75" />
        <source>Files to compare</source>
        <translation>比較するファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="83" />
        <source>Comparison progress</source>
        <translation>比較の進み具合</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="86" />
        <source>Comparison status</source>
        <translation>比較の状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="101" />
        <location filename="../../chatapp/ui/models/compare.py" line="203" />
        <source>Evaluation text</source>
        <translation>評価用テキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="102" />
        <source>English: Alice in Wonderland</source>
        <translation>英語：不思議の国のアリス</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="103" />
        <source>Japanese: Botchan (坊っちゃん)</source>
        <translation>日本語：坊っちゃん</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="104" />
        <source>A text file…</source>
        <translation>テキストファイル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="110" />
        <source>Context length of each window</source>
        <translation>各ウィンドウのコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="113" />
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="114" />
        <source>Windows to evaluate (0: the whole text)</source>
        <translation>評価するウィンドウ数（0：テキスト全体）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="116" />
        <source>Reference model for KL divergence</source>
        <translation>KL ダイバージェンスの基準モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="117" />
        <source>Measure speed</source>
        <translation>速度を測る</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="120" />
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="121" />
        <source>Context</source>
        <translation>コンテキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="122" />
        <source>Windows</source>
        <translation>ウィンドウ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="123" />
        <source>Reference</source>
        <translation>基準</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="134" />
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="135" />
        <source>Start the comparison</source>
        <translation>比較を始める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="136" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="137" />
        <source>Stop the comparison</source>
        <translation>比較を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="138" />
        <source>Export CSV…</source>
        <translation>CSV に書き出す…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="139" />
        <source>Export the results as CSV</source>
        <translation>結果を CSV に書き出す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="150" />
        <source>Make a quantization of the selected file:</source>
        <translation>選んだファイルから量子化版を作る：</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="152" />
        <source>Quantization type</source>
        <translation>量子化の種類</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="156" />
        <source>Make</source>
        <translation>作成</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="157" />
        <source>Make the quantization</source>
        <translation>量子化版を作る</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="173" />
        <source>bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="187" />
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="203" />
        <source>Text files (*.txt);;All files (*)</source>
        <translation>テキストファイル (*.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="217" />
        <source>This engine cannot measure model files.</source>
        <translation>このエンジンではモデルファイルを測れません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="232" />
        <source>Choose at least one file.</source>
        <translation>ファイルを 1 つ以上選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="262" />
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="281" />
        <source>Stopping…</source>
        <translation>止めています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="291" />
        <source>Quantizing: tensor %1 of %2</source>
        <translation>量子化中：テンソル %2 個中 %1 個目</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="300" />
        <source>loading</source>
        <translation>読み込み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="301" />
        <source>perplexity</source>
        <translation>パープレキシティ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="302" />
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="307" />
        <source>%1 (%2 of %3): %4 %5%</source>
        <translation>%1（%3 個中 %2 個目）：%4 %5%</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="320" />
        <source>Done: %1 files compared.</source>
        <translation>完了：%1 個のファイルを比較しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="326" />
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="328" />
        <source>The comparison failed: %1</source>
        <translation>比較に失敗しました：%1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="355" />
        <source>Export CSV</source>
        <translation>CSV に書き出す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="355" />
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="359" />
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="378" />
        <source>Already quantized</source>
        <translation>量子化済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="380" />
        <source>%1 is already quantized (%2). Quantizing it again loses more quality than quantizing its 16-bit original. Quantize anyway?</source>
        <translation>%1 はすでに量子化されています（%2）。もう一度量子化すると、16 ビットの元ファイルから量子化するより品質が落ちます。それでも量子化しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare.py" line="405" />
        <source>Made %1</source>
        <translation>%1 を作りました</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../chatapp/ui/chat/composer.py" line="27" />
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer.py" line="29" />
        <source>Type a message; Enter sends, Shift+Enter adds a line</source>
        <translation>メッセージを入力。Enter で送信、Shift+Enter で改行</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer.py" line="31" />
        <source>Type a message. Enter sends, Shift+Enter adds a line.</source>
        <translation>メッセージを入力してください。Enter で送信、Shift+Enter で改行します。</translation>
    </message>
</context>
<context>
    <name>ComposerBox</name>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="40" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="42" />
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="43" />
        <source>Send (Enter)</source>
        <translation>送信（Enter）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="44" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="45" />
        <source>Stop the reply</source>
        <translation>返信を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="46" />
        <source>Stop the reply (Esc)</source>
        <translation>返信を止める（Esc）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="48" />
        <location filename="../../chatapp/ui/chat/composer_box.py" line="51" />
        <source>Load a model to start chatting</source>
        <translation>モデルを読み込んでチャットを始める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="52" />
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="54" />
        <source>Agent mode</source>
        <translation>エージェントモード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="57" />
        <source>Agent mode for this chat: the model looks things up in the chat's documents and earlier chats and uses tools, step by step, before it answers</source>
        <translation>このチャットのエージェントモード: モデルは回答の前に、チャットの文書や過去のチャットを調べ、ツールを使いながら一歩ずつ進めます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/composer_box.py" line="63" />
        <source>Tokens in the message</source>
        <translation>メッセージのトークン数</translation>
    </message>
</context>
<context>
    <name>ContextMeter</name>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="30" />
        <source>Context window</source>
        <translation>コンテキストウィンドウ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="64" />
        <source>No context information yet</source>
        <translation>コンテキストの情報はまだありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="68" />
        <source>Context %1 of %2 tokens: system %3, summary %4, history %5, reply %6, free %7</source>
        <translation>コンテキスト %2 トークン中 %1: システム %3、要約 %4、履歴 %5、返信 %6、空き %7</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="80" />
        <source>; documents %1 (%2 sources)</source>
        <translation>。文書 %1（出典 %2 件）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="84" />
        <source>; images %1</source>
        <translation>、画像 %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="86" />
        <source>; %1 messages outside the window</source>
        <translation>。ウィンドウ外のメッセージ %1 件</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/context_meter.py" line="93" />
        <source>KV cache memory: %1 of %2 (%3)</source>
        <translation>KV キャッシュのメモリ: %2 中 %1（%3）</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="51" />
        <source>Rename</source>
        <translation>名前の変更</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="51" />
        <source>Title:</source>
        <translation>タイトル:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="73" />
        <source>Conversation deleted.</source>
        <translation>会話を削除しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="96" />
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="97" />
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="97" />
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="124" />
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="101" />
        <source>Export conversation</source>
        <translation>会話のエクスポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="114" />
        <source>Could not save: %1</source>
        <translation>保存できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="116" />
        <source>Exported to %1</source>
        <translation>%1 に書き出しました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="122" />
        <source>Import a conversation</source>
        <translation>会話をインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="132" />
        <source>%1 (imported)</source>
        <translation>%1（インポート）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="133" />
        <source>Importing %1…</source>
        <translation>%1 をインポートしています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="154" />
        <source>unexpected error (%1)</source>
        <translation>予期しないエラー (%1)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_actions.py" line="156" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="78" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="79" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="172" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="205" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="80" />
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>新しい会話を始める（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="84" />
        <source>Search all chats (Ctrl+F)</source>
        <translation>すべてのチャットを検索（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="85" />
        <source>Search conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="94" />
        <source>Clear the search</source>
        <translation>検索をクリア</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="94" />
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="98" />
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="108" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="256" />
        <source>Pin to the top</source>
        <translation>上に固定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="109" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="256" />
        <source>Unpin</source>
        <translation>固定を外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="110" />
        <source>Rename</source>
        <translation>名前の変更</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="111" />
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="258" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="117" />
        <source>Search results</source>
        <translation>検索結果</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="137" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="138" />
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="139" />
        <source>Previous 7 days</source>
        <translation>過去 7 日間</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="140" />
        <source>Older</source>
        <translation>それ以前</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="164" />
        <source>Pinned</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="201" />
        <source>No matches</source>
        <translation>一致するものはありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/conversation_list.py" line="257" />
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
</context>
<context>
    <name>DiscoverTab</name>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="56" />
        <source>Search the Hugging Face Hub for GGUF models</source>
        <translation>Hugging Face Hub で GGUF モデルを検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="57" />
        <location filename="../../chatapp/ui/models/discover.py" line="65" />
        <source>Search the Hub</source>
        <translation>Hub を検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="59" />
        <source>Sort by</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="60" />
        <source>Most downloaded</source>
        <translation>ダウンロード数順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="60" />
        <source>Most liked</source>
        <translation>いいね数順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="61" />
        <source>Recently updated</source>
        <translation>更新日順</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="64" />
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="71" />
        <source>Repositories</source>
        <translation>リポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="78" />
        <source>Context length for the memory estimate</source>
        <translation>メモリ見積もりに使うコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="79" />
        <source>Memory estimate at a context of</source>
        <translation>メモリ見積もりのコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="82" />
        <source>Context warning</source>
        <translation>コンテキストの警告</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="90" />
        <source>Files of the repository</source>
        <translation>リポジトリのファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="92" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="92" />
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="92" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="92" />
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="103" />
        <source>Access token for gated models (optional)</source>
        <translation>制限付きモデル用のアクセストークン（任意）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="104" />
        <source>Hugging Face access token</source>
        <translation>Hugging Face のアクセストークン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="105" />
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="106" />
        <source>Download the selected model</source>
        <translation>選んだモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="111" />
        <source>Model manager status</source>
        <translation>モデル管理の状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="124" />
        <source>Recommended (works offline; sizes approximate):</source>
        <translation>おすすめ（オフラインでも表示。サイズは目安）:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="130" />
        <location filename="../../chatapp/ui/models/discover.py" line="271" />
        <source>vision</source>
        <translation>ビジョン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="136" />
        <source>Sees images: its projector %1 is downloaded with it</source>
        <translation>画像が見えます: プロジェクター %1 も一緒にダウンロードされます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="152" />
        <source>Checking the token…</source>
        <translation>トークンを確認しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="157" />
        <source>A token is saved (type a new one to replace it)</source>
        <translation>トークンは保存済みです（新しいものを入力すると置き換えます）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="159" />
        <source>Token saved in the Hugging Face token store.</source>
        <translation>トークンを Hugging Face のトークン保存場所に保存しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="171" />
        <source>Searching…</source>
        <translation>検索しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="184" />
        <source>No models found for “%1”.</source>
        <translation>「%1」に一致するモデルは見つかりませんでした。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="186" />
        <source>1 repository</source>
        <translation>1 件のリポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="188" />
        <source>%1 repositories</source>
        <translation>%1 件のリポジトリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="211" />
        <source>Reading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="230" />
        <source>%1: 1 model</source>
        <translation>%1: 1 個のモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="230" />
        <source>%1: %2 models</source>
        <translation>%1: %2 個のモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="233" />
        <source>no memory estimate: %1</source>
        <translation>メモリの見積もりなし: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="267" />
        <source>(%1 parts)</source>
        <translation>（%1 分割）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="269" />
        <source>recommended</source>
        <translation>おすすめ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="273" />
        <source>refused</source>
        <translation>拒否</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="281" />
        <source>Refused: %1.</source>
        <translation>拒否しました: %1。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="293" />
        <source>Choose a file to download.</source>
        <translation>ダウンロードするファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="305" />
        <source>Not enough memory</source>
        <translation>メモリが足りません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/discover.py" line="306" />
        <source>%1 needs about %2 of memory; %3 is available. Download anyway?</source>
        <translation>%1 には約 %2 のメモリが必要ですが、使えるのは %3 です。それでもダウンロードしますか？</translation>
    </message>
</context>
<context>
    <name>DocumentsController</name>
    <message>
        <location filename="../../chatapp/ui/docs/controller.py" line="65" />
        <location filename="../../chatapp/ui/docs/controller.py" line="74" />
        <location filename="../../chatapp/ui/docs/controller.py" line="84" />
        <source>Wait for the indexing to finish, or cancel it.</source>
        <translation>索引付けが終わるまで待つか、中止してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/controller.py" line="154" />
        <source>Indexing stopped: %1</source>
        <translation>索引付けが止まりました: %1</translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="47" />
        <source>Documents</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="62" />
        <location filename="../../chatapp/ui/docs/dialog.py" line="65" />
        <source>Collections</source>
        <translation>コレクション</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="71" />
        <source>New…</source>
        <translation>新規…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="72" />
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="73" />
        <source>Remove the collection</source>
        <translation>コレクションを削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="78" />
        <source>Files</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="82" />
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="82" />
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="82" />
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="82" />
        <source>Chunks</source>
        <translation>チャンク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="83" />
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="85" />
        <source>Files in the collection</source>
        <translation>コレクション内のファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="95" />
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="96" />
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="97" />
        <source>Remove file</source>
        <translation>ファイルを削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="98" />
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="99" />
        <source>Index new and changed files</source>
        <translation>新しいファイルと変更されたファイルを索引付けする</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="100" />
        <source>Embedder…</source>
        <translation>埋め込みモデル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="102" />
        <source>The model that turns passages into vectors; changing it re-indexes</source>
        <translation>文章をベクトルに変えるモデル。変えると索引を作り直します</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="122" />
        <source>Indexing progress</source>
        <translation>索引付けの進み具合</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="124" />
        <source>Indexing status</source>
        <translation>索引付けの状況</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="125" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="126" />
        <source>Cancel indexing</source>
        <translation>索引付けを中止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="174" />
        <source>%1 — %2 files, %3 chunks</source>
        <translation>%1 — %2 ファイル、%3 チャンク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="177" />
        <source>%1 failed</source>
        <translation>%1 件失敗</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="195" />
        <source>Checked collections are searched before each reply in this chat.</source>
        <translation>チェックしたコレクションは、このチャットで返信の前に毎回検索されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="197" />
        <source>Open a chat to choose the collections it uses.</source>
        <translation>チャットを開くと、使うコレクションを選べます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="232" />
        <source>Indexing (%1 of %2)</source>
        <translation>索引付け中（%1 / %2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="237" />
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="238" />
        <source>Indexed</source>
        <translation>索引付け済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="239" />
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="244" />
        <source>Protected by a password</source>
        <translation>パスワードで保護されています</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="245" />
        <source>The file is damaged</source>
        <translation>ファイルが壊れています</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="246" />
        <source>Refused: it would unpack to far more than its size</source>
        <translation>拒否しました: 展開すると元の大きさをはるかに超えます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="247" />
        <source>Too large to index</source>
        <translation>大きすぎて索引付けできません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="248" />
        <source>Not a text file</source>
        <translation>テキストファイルではありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="249" />
        <source>This kind of file is not supported</source>
        <translation>この種類のファイルには対応していません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="250" />
        <source>No text found (a scanned PDF needs text recognition first)</source>
        <translation>テキストが見つかりません（スキャンした PDF は先に文字認識が必要です）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="251" />
        <source>The file cannot be read</source>
        <translation>ファイルを読み取れません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="252" />
        <source>The file is gone</source>
        <translation>ファイルがありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="269" />
        <source>New collection</source>
        <translation>新しいコレクション</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="269" />
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="287" />
        <source>Add files</source>
        <translation>ファイルを追加</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="289" />
        <source>Documents (%1)</source>
        <translation>文書（%1）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="294" />
        <source>Add a folder</source>
        <translation>フォルダーを追加</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="314" />
        <source>Embedder: built-in (multilingual-e5-small)</source>
        <translation>埋め込みモデル: 内蔵（multilingual-e5-small）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="315" />
        <source>Embedder: %1</source>
        <translation>埋め込みモデル: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="321" />
        <source>Built-in: multilingual-e5-small (English, Japanese and more)</source>
        <translation>内蔵: multilingual-e5-small（英語・日本語ほか）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="322" />
        <source>A GGUF embedding model…</source>
        <translation>GGUF の埋め込みモデル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="324" />
        <source>Embedder</source>
        <translation>埋め込みモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="324" />
        <source>Embed the passages with:</source>
        <translation>文章の埋め込みに使うモデル:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="333" />
        <source>Embedding model</source>
        <translation>埋め込みモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="333" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="360" />
        <source>%1: file %2 of %3 · %4 pages · %5 chunks · %6 chunks/s</source>
        <translation>%1: ファイル %2 / %3 · %4 ページ · %5 チャンク · 毎秒 %6 チャンク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="371" />
        <source>about %1 left</source>
        <translation>残り約 %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="377" />
        <source>Indexing cancelled; what was indexed is kept. Update goes on.</source>
        <translation>索引付けを中止しました。済んだ分は保存されています。「更新」で続きを行います。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/dialog.py" line="380" />
        <source>%1: %2 files indexed, %3 unchanged, %4 with errors.</source>
        <translation>%1: %2 ファイルを索引付けしました（変更なし %3、エラー %4）。</translation>
    </message>
</context>
<context>
    <name>DocumentsPart</name>
    <message>
        <location filename="../../chatapp/ui/docs/window_part.py" line="35" />
        <location filename="../../chatapp/ui/docs/window_part.py" line="40" />
        <location filename="../../chatapp/ui/docs/window_part.py" line="74" />
        <source>Documents…</source>
        <translation>文書…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/window_part.py" line="37" />
        <source>Open the documents window</source>
        <translation>文書ウィンドウを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/window_part.py" line="38" />
        <source>Collections of your files that chats can answer from</source>
        <translation>チャットが回答に使える、あなたのファイルのコレクション</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/window_part.py" line="66" />
        <source>Documents (%1 of %2)…</source>
        <translation>文書（%1 / %2）…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/window_part.py" line="85" />
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/docs/window_part.py" line="86" />
        <source>%1 could not be opened; it may have been moved or deleted.</source>
        <translation>%1 を開けませんでした。移動または削除された可能性があります。</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="53" />
        <source>Download progress of %1</source>
        <translation>%1 のダウンロード状況</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="55" />
        <source>Download status</source>
        <translation>ダウンロードの状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="61" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="98" />
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="61" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="108" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="112" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="61" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="112" />
        <source>Download again</source>
        <translation>もう一度ダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="62" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="98" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="108" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="113" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="62" />
        <location filename="../../chatapp/ui/models/downloads_view.py" line="122" />
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="88" />
        <source>Pause the download</source>
        <translation>ダウンロードを一時停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="89" />
        <source>Resume the download</source>
        <translation>ダウンロードを再開</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="93" />
        <source>Remove the download from the list</source>
        <translation>ダウンロードを一覧から消す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="94" />
        <source>Cancel the download and delete what was downloaded</source>
        <translation>ダウンロードをキャンセルし、ダウンロードした分を削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="118" />
        <source>installed, unverified: the Hub gave no checksum for it</source>
        <translation>インストールしました（未検証: Hub がチェックサムを提供しませんでした）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="120" />
        <source>verified and installed</source>
        <translation>検証してインストールしました</translation>
    </message>
</context>
<context>
    <name>DownloadsTab</name>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="140" />
        <source>No downloads. Choose a model on the Discover tab to download it.</source>
        <translation>ダウンロードはありません。「探す」タブでモデルを選ぶとダウンロードできます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="151" />
        <source>The download stopped before it finished; resume to continue.</source>
        <translation>ダウンロードが途中で止まりました。再開すると続きから進みます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/downloads_view.py" line="226" />
        <source>starting…</source>
        <translation>開始しています…</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/edit_dialog.py" line="18" />
        <source>Edit message</source>
        <translation>メッセージの編集</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/edit_dialog.py" line="22" />
        <source>Your message. Sending it starts a new branch; the old one stays reachable.</source>
        <translation>あなたのメッセージです。送信すると新しい分岐になり、元の分岐もそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/edit_dialog.py" line="27" />
        <source>Message text</source>
        <translation>メッセージの本文</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/edit_dialog.py" line="33" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="123" />
        <source>Try one of these:</source>
        <translation>こんな質問から始めてみましょう:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="156" />
        <source>Explain how a rainbow forms, in three sentences.</source>
        <translation>虹ができるしくみを3文で説明してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="157" />
        <source>Write a short, friendly email asking to move our meeting to Friday.</source>
        <translation>打ち合わせを金曜日に変更してもらう、短く丁寧なメールを書いてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="158" />
        <source>Give me five ideas for a rainy Sunday afternoon.</source>
        <translation>雨の日曜日の午後の過ごし方を5つ提案してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="159" />
        <source>Translate into English: 今日はいい天気ですね。散歩に行きましょう。</source>
        <translation>英語に訳してください: 今日はいい天気ですね。散歩に行きましょう。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="185" />
        <source>Loading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="186" />
        <source>The chat is ready as soon as the model is.</source>
        <translation>モデルの準備ができしだい、チャットできます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="187" />
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="189" />
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="191" />
        <source>Load a model to start chatting; nothing leaves this computer.</source>
        <translation>モデルを読み込むとチャットを始められます。データがこのコンピューターの外に出ることはありません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="193" />
        <source>Load %1</source>
        <translation>%1 を読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="195" />
        <source>No model yet</source>
        <translation>モデルがまだありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="197" />
        <source>Kotoba chats with language models on this computer. Get one to start.</source>
        <translation>Kotoba はこのコンピューター上の言語モデルとチャットします。まずモデルを入手しましょう。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="199" />
        <source>Get a model…</source>
        <translation>モデルを入手…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="205" />
        <source>%1 context</source>
        <translation>コンテキスト %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="215" />
        <source>A base model without a chat template: it continues text more than it follows instructions.</source>
        <translation>チャットテンプレートのないベースモデルです。指示に従うより、文章の続きを書く傾向があります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="220" />
        <source>Small and quick: short answers, simple questions, rewording.</source>
        <translation>小さく高速。短い答え、簡単な質問、言い換えに向いています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="222" />
        <source>Everyday questions, summaries, drafts and translations.</source>
        <translation>日常の質問、要約、下書き、翻訳に向いています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="224" />
        <source>Longer answers, writing, reasoning and code.</source>
        <translation>長めの回答、文章作成、推論、コードに向いています。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/empty_state.py" line="225" />
        <source>Ask anything; replies are written on this computer.</source>
        <translation>何でも聞いてください。返信はこのコンピューター上で作られます。</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="34" />
        <source>%1 at a context of %2 tokens needs about %3 of memory; %4 is available. Choose a shorter context or a smaller model.</source>
        <translation>%1 をコンテキスト %2 トークンで使うには約 %3 のメモリが必要ですが、使えるのは %4 です。コンテキストを短くするか、小さいモデルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="44" />
        <source>%1 cannot be used as a model: %2</source>
        <translation>%1 はモデルとして使えません: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="49" />
        <source>The chat template failed (%1). Choose a built-in chat format for this model, such as chatml, and load it again.</source>
        <translation>チャットテンプレートが失敗しました（%1）。このモデルに組み込みのチャット形式（chatml など）を選んで、もう一度読み込んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="57" />
        <source>The model runtime stopped (%1).</source>
        <translation>モデルのランタイムが停止しました（%1）。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="60" />
        <source>No model is loaded.</source>
        <translation>モデルが読み込まれていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="68" />
        <source>The pinned messages and your message need %1 tokens, but the context holds %2. Unpin something, shorten the message or raise the context length.</source>
        <translation>固定したメッセージとあなたのメッセージには %1 トークン必要ですが、コンテキストには %2 トークンしか入りません。固定を外すか、メッセージを短くするか、コンテキスト長を増やしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="77" />
        <source>Your message needs %1 tokens with the system prompt, but the context holds %2 (context length %3 minus %4 kept for the reply). Shorten it, split it, or raise the context length. Nothing was cut.</source>
        <translation>システムプロンプトを含めるとメッセージに %1 トークン必要ですが、コンテキストには %2 トークンしか入りません（コンテキスト長 %3 から返信用の %4 を引いた分）。短くするか、分けるか、コンテキスト長を増やしてください。何も削っていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="89" />
        <source>This conversation needs %1 tokens, but the context holds %2 (context length %3 minus %4 kept for the reply). Start a new chat, raise the context length, or choose the rolling or summarize policy.</source>
        <translation>この会話には %1 トークン必要ですが、コンテキストには %2 トークンしか入りません（コンテキスト長 %3 から返信用の %4 を引いた分）。新しいチャットを始めるか、コンテキスト長を増やすか、古いターンを外す・要約する方針を選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/error_text.py" line="99" />
        <source>There is nothing to reply to.</source>
        <translation>返信する相手のメッセージがありません。</translation>
    </message>
</context>
<context>
    <name>ImageAttach</name>
    <message>
        <location filename="../../chatapp/ui/chat/attach_wiring.py" line="66" />
        <source>Attach images (or paste, or drop them on the window)</source>
        <translation>画像を添付（貼り付けやウィンドウへのドロップでも可）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attach_wiring.py" line="68" />
        <source>Load a vision model to attach images</source>
        <translation>画像を添付するにはビジョンモデルを読み込んでください</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attach_wiring.py" line="72" />
        <source>%1 cannot see images: load a vision model with its projector (mmproj) to attach them</source>
        <translation>%1 は画像を見られません。画像を添付するには、プロジェクター（mmproj）付きのビジョンモデルを読み込んでください</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attach_wiring.py" line="81" />
        <source>Attach images</source>
        <translation>画像を添付</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attach_wiring.py" line="83" />
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif)</source>
        <translation>画像 (*.png *.jpg *.jpeg *.webp *.gif)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/attach_wiring.py" line="103" />
        <source>The images are still being prepared.</source>
        <translation>画像をまだ準備しています。</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../chatapp/ui/chat/image_thumbs.py" line="49" />
        <source>Image</source>
        <translation>画像</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/image_thumbs.py" line="53" />
        <source>This image cannot be shown.</source>
        <translation>この画像は表示できません。</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="67" />
        <source>Installed models</source>
        <translation>インストール済みのモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="69" />
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="69" />
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="69" />
        <source>Parameters</source>
        <translation>パラメータ数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="70" />
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="70" />
        <source>Bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="70" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="71" />
        <source>Context</source>
        <translation>コンテキスト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="71" />
        <source>Chat template</source>
        <translation>チャットテンプレート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="78" />
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="79" />
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="80" />
        <source>Show in folder</source>
        <translation>フォルダに表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="81" />
        <source>Import .gguf…</source>
        <translation>.gguf をインポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="82" />
        <source>Projector…</source>
        <translation>プロジェクター…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="83" />
        <source>Speculative…</source>
        <translation>投機的デコード…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="85" />
        <source>Load the selected model</source>
        <translation>選んだモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="86" />
        <source>Delete the selected model</source>
        <translation>選んだモデルを削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="87" />
        <source>Show the selected model in the file manager</source>
        <translation>選んだモデルをファイルマネージャーで表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="88" />
        <source>Import a local model file</source>
        <translation>手元のモデルファイルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="89" />
        <source>Choose the vision projector of the selected model</source>
        <translation>選択したモデルのビジョン用プロジェクターを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="92" />
        <source>Choose how the selected model guesses ahead (speculative decoding)</source>
        <translation>選択したモデルの先読みの方式を選ぶ（投機的デコード）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="99" />
        <source>Installed models status</source>
        <translation>インストール済みモデルの状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="135" />
        <source>Demo model (bundled; set up when first loaded)</source>
        <translation>デモモデル（同梱。最初に読み込むときに準備します）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="144" />
        <source> (in place)</source>
        <translation>（元の場所）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="146" />
        <source>unverified</source>
        <translation>未検証</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="149" />
        <source>vision projector</source>
        <translation>ビジョン用プロジェクター</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="151" />
        <source>vision</source>
        <translation>ビジョン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="154" />
        <source>unusable: %1</source>
        <translation>使用できません: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="156" />
        <source>fallback</source>
        <translation>代替</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="157" />
        <source>from the file</source>
        <translation>ファイル内のもの</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="165" />
        <source>Downloaded, but the Hub gave no checksum to verify it against.</source>
        <translation>ダウンロード済みですが、Hub が検証用のチェックサムを提供しなかったため未検証です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="168" />
        <source>Sees images with %1 (loaded with it)</source>
        <translation>%1 で画像が見えます（一緒に読み込まれます）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="172" />
        <source>Speculative decoding: %1</source>
        <translation>投機的デコード: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="184" />
        <source>a smaller model of the same family</source>
        <translation>同じ系列の小さいモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="186" />
        <source>%1 with %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="211" />
        <source>%1 loads with %2 from its next load</source>
        <translation>%1 は次に読み込むときから %2 と一緒に読み込まれます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="213" />
        <source>%1 loads text only from its next load</source>
        <translation>%1 は次に読み込むときからテキストのみで読み込まれます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="231" />
        <source>%1 uses %2 from its next load</source>
        <translation>%1 は次の読み込みから%2を使います</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="233" />
        <source>%1 decodes as in Preferences from its next load</source>
        <translation>%1 は次の読み込みから環境設定のとおりにデコードします</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="251" />
        <source>Forget %1? The file stays where it is.</source>
        <translation>%1 を一覧から外しますか？ファイルはそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="252" />
        <source>Delete %1 (%2) from the disk?</source>
        <translation>%1（%2）をディスクから削除しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="256" />
        <source>Delete model</source>
        <translation>モデルの削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="272" />
        <source>Importing %1…</source>
        <translation>%1 をインポートしています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="276" />
        <source>Imported %1</source>
        <translation>%1 をインポートしました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/installed.py" line="280" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
</context>
<context>
    <name>LessonWork</name>
    <message>
        <location filename="../../chatapp/ui/chat/lesson_work.py" line="56" />
        <source>No lesson was written: the model is busy or not loaded.</source>
        <translation>教訓は書かれませんでした: モデルが使用中か、読み込まれていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lesson_work.py" line="75" />
        <source>Lesson saved: %1</source>
        <translation>教訓を保存しました: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lesson_work.py" line="83" />
        <source>the model wrote nothing.</source>
        <translation>モデルが何も書きませんでした。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lesson_work.py" line="64" />
        <location filename="../../chatapp/ui/chat/lesson_work.py" line="84" />
        <source>No lesson was written: </source>
        <translation>教訓は書かれませんでした: </translation>
    </message>
</context>
<context>
    <name>LessonsDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="73" />
        <source>Lessons</source>
        <translation>教訓</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="80" />
        <source>Lessons of this chat</source>
        <translation>このチャットの教訓</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="89" />
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="90" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="107" />
        <source>Later agent tasks in this chat are offered these lessons.</source>
        <translation>このチャットの今後のエージェントタスクには、これらの教訓が渡されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="110" />
        <source>Lessons are off for this chat: turn them on in the conversation settings to offer these to later agent tasks.</source>
        <translation>このチャットでは教訓がオフです。今後のエージェントタスクに渡すには、会話の設定でオンにしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="122" />
        <source>No lessons yet. Mark an agent's answer as failed…</source>
        <translation>教訓はまだありません。エージェントの回答を失敗としてマークすると書かれます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="160" />
        <source>A lesson cannot be empty; it was not changed.</source>
        <translation>教訓を空にはできません。変更されませんでした。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="166" />
        <source>The lesson was not changed: </source>
        <translation>教訓は変更されませんでした: </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="61" />
        <source>Kotoba</source>
        <translation>Kotoba</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="101" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="117" />
        <location filename="../../chatapp/ui/app/main_window.py" line="177" />
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="118" />
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="121" />
        <source>Models…</source>
        <translation>モデル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="123" />
        <source>Open the model manager</source>
        <translation>モデル管理を開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="124" />
        <source>Find, download and manage models (Ctrl+M)</source>
        <translation>モデルを探す・ダウンロードする・管理する（Ctrl+M）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="166" />
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="167" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="168" />
        <source>Import conversation…</source>
        <translation>会話をインポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="169" />
        <source>Export as Markdown…</source>
        <translation>Markdown でエクスポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="170" />
        <source>Export as JSON…</source>
        <translation>JSON でエクスポート…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="172" />
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="173" />
        <source>&amp;Conversation</source>
        <translation>会話(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="174" />
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="175" />
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="176" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="179" />
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="181" />
        <source>Copy last reply</source>
        <translation>直前の返信をコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="182" />
        <source>Search chats</source>
        <translation>チャットを検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="183" />
        <source>Stop reply</source>
        <translation>返信を止める</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="185" />
        <source>Preferences…</source>
        <translation>環境設定…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="186" />
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="189" />
        <source>System theme</source>
        <translation>システムのテーマ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="190" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="191" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="200" />
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="201" />
        <source>Copy diagnostics</source>
        <translation>診断情報をコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/main_window.py" line="281" />
        <source>Kotoba is already running: here it is.</source>
        <translation>Kotoba はすでに起動しています。こちらのウィンドウです。</translation>
    </message>
</context>
<context>
    <name>MarkFailedDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="29" />
        <source>Mark as failed</source>
        <translation>失敗としてマーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="34" />
        <source>The model writes one lesson from this task and its answer. You can read, edit or delete it in the chat's lessons.</source>
        <translation>このタスクと回答から、モデルが教訓を 1 つ書きます。教訓はチャットの「教訓」で確認・編集・削除できます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="40" />
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="43" />
        <source>Correction (optional)</source>
        <translation>訂正（任意）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="42" />
        <source>What the right answer or approach was</source>
        <translation>正しい答えややり方</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="48" />
        <source>Offer lessons to later agent tasks in this chat</source>
        <translation>このチャットの今後のエージェントタスクに教訓を渡す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/lessons_dialog.py" line="53" />
        <source>Write a lesson</source>
        <translation>教訓を書く</translation>
    </message>
</context>
<context>
    <name>McpServersDialog</name>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="40" />
        <source>MCP servers</source>
        <translation>MCP サーバー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="47" />
        <source>Paste the servers as JSON, in the “mcpServers” form other apps use. Their tools ask for your approval before each call, unless you allow them for a chat.</source>
        <translation>サーバーを、ほかのアプリと同じ「mcpServers」形式の JSON で貼り付けてください。そのツールは、チャットで常に許可しない限り、呼び出しのたびに確認を求めます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="57" />
        <source>MCP server configuration (JSON)</source>
        <translation>MCP サーバーの設定（JSON）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="63" />
        <source>Configuration error</source>
        <translation>設定エラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="66" />
        <source>MCP servers and their state</source>
        <translation>MCP サーバーと状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="70" />
        <source>Save and connect</source>
        <translation>保存して接続</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="85" />
        <source>no tools</source>
        <translation>ツールなし</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="86" />
        <source>%1: connected (%2)</source>
        <translation>%1: 接続済み（%2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="88" />
        <source>%1: connecting…</source>
        <translation>%1: 接続中…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="90" />
        <source>%1: turned off</source>
        <translation>%1: オフ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="93" />
        <source>%1: failed (%2)</source>
        <translation>%1: 失敗（%2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="95" />
        <source>%1: stopped</source>
        <translation>%1: 停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="100" />
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/mcp_dialog.py" line="102" />
        <source>No MCP servers are set up.</source>
        <translation>MCP サーバーは設定されていません。</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="55" />
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="59" />
        <source>Previous version</source>
        <translation>前のバージョン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="60" />
        <source>Next version</source>
        <translation>次のバージョン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="61" />
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="62" />
        <source>Edit and send again</source>
        <translation>編集して送り直す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="63" />
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="64" />
        <source>Continue the reply</source>
        <translation>返信の続きを書かせる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="65" />
        <location filename="../../chatapp/ui/chat/message_actions.py" line="113" />
        <source>Show the reasoning</source>
        <translation>思考の過程を表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="66" />
        <location filename="../../chatapp/ui/chat/message_actions.py" line="114" />
        <source>Show the tool details</source>
        <translation>ツールの詳細を表示</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="67" />
        <source>Open the summary</source>
        <translation>要約を開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="68" />
        <source>Write the summary again</source>
        <translation>要約を作り直す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="69" />
        <source>More actions</source>
        <translation>その他の操作</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="70" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="113" />
        <source>Hide the reasoning</source>
        <translation>思考の過程を隠す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/message_actions.py" line="114" />
        <source>Hide the tool details</source>
        <translation>ツールの詳細を隠す</translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="132" />
        <source>Import a model</source>
        <translation>モデルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="134" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="141" />
        <source>Import model</source>
        <translation>モデルのインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="142" />
        <source>Add %1 to the library?</source>
        <translation>%1 をライブラリに追加しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="143" />
        <source>Copy into the library</source>
        <translation>ライブラリにコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="144" />
        <source>Use where it is</source>
        <translation>その場所のまま使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="166" />
        <source>Could not import %1: %2</source>
        <translation>%1 をインポートできませんでした: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="179" />
        <source>Still chatting with %1.</source>
        <translation>引き続き %1 でチャットします。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/model_actions.py" line="187" />
        <source>Load a model to get a reply. Your message is still here.</source>
        <translation>返信を受け取るにはモデルを読み込んでください。メッセージは入力欄に残っています。</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="58" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="60" />
        <source>Open model file…</source>
        <translation>モデルファイルを開く…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="61" />
        <source>Open a model file</source>
        <translation>モデルファイルを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="63" />
        <source>Chat format</source>
        <translation>チャット形式</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="65" />
        <source>How prompts are written for the model: its own template, or a built-in format</source>
        <translation>モデルへのプロンプトの書き方: モデル自身のテンプレート、または組み込みの形式</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="67" />
        <source>Chat format: automatic</source>
        <translation>チャット形式: 自動</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="71" />
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="72" />
        <source>Load the chosen model</source>
        <translation>選んだモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="77" />
        <source>Model loading progress</source>
        <translation>モデルの読み込み状況</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="78" />
        <source>Model: </source>
        <translation>モデル: </translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="112" />
        <source>%1 (demo model)</source>
        <translation>%1（デモモデル）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="140" />
        <source>Open a model</source>
        <translation>モデルを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="140" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="149" />
        <source>Choose a model file first.</source>
        <translation>先にモデルファイルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="158" />
        <source>Preparing the demo model…</source>
        <translation>デモモデルを準備しています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="166" />
        <source>The demo model is not installed.</source>
        <translation>デモモデルがインストールされていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="193" />
        <source>Loading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="204" />
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="213" />
        <source>Not enough memory</source>
        <translation>メモリが足りません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_bar.py" line="216" />
        <source>Load it anyway? The system may become slow or stop the model.</source>
        <translation>それでも読み込みますか？システムが遅くなるか、モデルが停止することがあります。</translation>
    </message>
</context>
<context>
    <name>ModelChip</name>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="56" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="57" />
        <source>Choose, load and set up the model (click)</source>
        <translation>モデルの選択・読み込み・設定（クリック）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="62" />
        <source>Choose a model</source>
        <translation>モデルを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="82" />
        <source>Loading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="89" />
        <source>Loading %1… %2</source>
        <translation>%1 を読み込み中… %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="97" />
        <source>%1 context</source>
        <translation>コンテキスト %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="104" />
        <source>The model did not load — choose another</source>
        <translation>モデルを読み込めませんでした。別のモデルを選んでください</translation>
    </message>
</context>
<context>
    <name>ModelManagerPane</name>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="48" />
        <source>Model manager</source>
        <translation>モデル管理</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="49" />
        <source>Installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="50" />
        <source>Discover</source>
        <translation>探す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="51" />
        <source>Downloads</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="76" />
        <source>Compare…</source>
        <translation>比較…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="77" />
        <source>Compare the selected files of one model</source>
        <translation>同じモデルの選んだファイルを比較する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="131" />
        <source>Quit while downloading?</source>
        <translation>ダウンロード中に終了しますか？</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="134" />
        <source>A download is running. Quit anyway? It continues where it stopped at the next start.</source>
        <translation>ダウンロードが進行中です。それでも終了しますか？次回の起動時に止まったところから続きます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/manager.py" line="139" />
        <source>%1 downloads are running. Quit anyway? They continue where they stopped at the next start.</source>
        <translation>%1 件のダウンロードが進行中です。それでも終了しますか？次回の起動時に止まったところから続きます。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="31" />
        <location filename="../../chatapp/ui/app/model_chip.py" line="36" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/model_chip.py" line="41" />
        <source>Choose and load a model</source>
        <translation>モデルを選んで読み込む</translation>
    </message>
</context>
<context>
    <name>ModelWords</name>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="19" />
        <source>it points outside the models folder</source>
        <translation>モデルフォルダの外を指しています</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="20" />
        <source>it is not a .gguf file</source>
        <translation>.gguf ファイルではありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="21" />
        <source>it contains characters a file name cannot have</source>
        <translation>ファイル名に使えない文字を含んでいます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="22" />
        <source>the name is not safe</source>
        <translation>安全な名前ではありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="27" />
        <source>Searching the Hub</source>
        <translation>Hub の検索</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="28" />
        <location filename="../../chatapp/ui/models/words.py" line="29" />
        <source>Reading %1</source>
        <translation>%1 の読み込み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="30" />
        <source>Saving the access token</source>
        <translation>アクセストークンの保存</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="34" />
        <source>this repository is gated or private. Accept its terms on the Hub and add an access token.</source>
        <translation>このリポジトリは制限付きか非公開です。Hub で利用条件に同意し、アクセストークンを追加してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="39" />
        <source>not found on the Hub (HTTP 404).</source>
        <translation>Hub に見つかりません（HTTP 404）。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="40" />
        <source>the Hub had a problem (HTTP %1). Try again later.</source>
        <translation>Hub で問題が起きました（HTTP %1）。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="41" />
        <source>the Hub answered HTTP %1.</source>
        <translation>Hub が HTTP %1 を返しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="42" />
        <source>rate limited, try again in %1 s.</source>
        <translation>リクエストが多すぎると制限されました。%1 秒後にもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="44" />
        <source>rate limited, try again later.</source>
        <translation>リクエストが多すぎると制限されました。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="45" />
        <source>the Hub cannot be reached (offline?).</source>
        <translation>Hub に接続できません（オフラインですか？）。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="46" />
        <source>the Hub did not answer in time; try again.</source>
        <translation>Hub が時間内に応答しませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="47" />
        <source>not a valid repository id (expected owner/name).</source>
        <translation>有効なリポジトリ ID ではありません（「所有者/名前」の形式です）。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="48" />
        <source>there is no model of that name here.</source>
        <translation>その名前のモデルはここにはありません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="49" />
        <source>no file name given.</source>
        <translation>ファイル名が指定されていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="50" />
        <source>refusing this file name: %1.</source>
        <translation>このファイル名は使えません: %1。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="53" />
        <source>the model header cannot be read.</source>
        <translation>モデルのヘッダーを読み取れません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="54" />
        <source>the model header is too large to read.</source>
        <translation>モデルのヘッダーが大きすぎて読み取れません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="68" />
        <source>Refusing the file name %1: %2.</source>
        <translation>ファイル名 %1 は使えません: %2。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="69" />
        <source>%1 is already in the library.</source>
        <translation>%1 はすでにライブラリにあります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="70" />
        <source>%1 is still stopping; try again in a moment.</source>
        <translation>%1 はまだ停止処理中です。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="71" />
        <source>Not enough disk space: %3 needed, %2 free.</source>
        <translation>ディスクの空きが足りません: %3 必要で、空きは %2 です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="72" />
        <source>The disk is full; free some space, then resume the download.</source>
        <translation>ディスクがいっぱいです。空きを作ってからダウンロードを再開してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="75" />
        <source>The connection dropped at %2 of %3; resume to continue.</source>
        <translation>%3 中 %2 の時点で接続が切れました。再開すると続きから進みます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="78" />
        <source>%1 arrived incomplete (%2 of %3); resume to continue.</source>
        <translation>%1 は不完全なまま届きました（%3 中 %2）。再開すると続きから進みます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="81" />
        <source>%1: the server sent more than %3.</source>
        <translation>%1: サーバーが %3 を超えるデータを送ってきました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="82" />
        <source>%1 is corrupt: its checksum does not match the Hub's. It was deleted; download it again.</source>
        <translation>%1 は壊れています。チェックサムが Hub のものと一致しません。削除したので、もう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="101" />
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="103" />
        <source>a model of that name is already in the library</source>
        <translation>同じ名前のモデルがすでにライブラリにあります</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="105" />
        <source>not a usable GGUF model file (%1)</source>
        <translation>使用できる GGUF モデルファイルではありません（%1）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="111" />
        <source>fits</source>
        <translation>収まります</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="112" />
        <source>tight fit</source>
        <translation>ぎりぎり収まります</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="113" />
        <source>will not fit</source>
        <translation>収まりません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="119" />
        <source>%1 (%2 of %3)</source>
        <translation>%1（%3 中 %2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="132" />
        <source>%1 is above the model's trained context (%2)</source>
        <translation>%1 はモデルの学習時のコンテキスト長（%2）を超えています</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="139" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="141" />
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="142" />
        <source>%1 h</source>
        <translation>%1 時間</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="147" />
        <source>%1 of %2 · %3/s</source>
        <translation>%2 中 %1 · %3/秒</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="153" />
        <source>%1 left</source>
        <translation>残り %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="155" />
        <source>the server restarted the download from the beginning</source>
        <translation>サーバーがダウンロードを最初からやり直しました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="163" />
        <source>Paused at %1 of %2</source>
        <translation>%2 中 %1 で一時停止中</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/words.py" line="165" />
        <source>Stopped when the app quit, at %1 of %2</source>
        <translation>アプリの終了時に %2 中 %1 で停止しました</translation>
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
        <location filename="../../chatapp/ui/models/perplexity_plot.py" line="116" />
        <source>file size (MB) →   ↑ perplexity (lower is better)</source>
        <translation>ファイルサイズ (MB) →   ↑ パープレキシティ（低いほど良い）</translation>
    </message>
</context>
<context>
    <name>PreferenceActions</name>
    <message>
        <location filename="../../chatapp/ui/app/preference_actions.py" line="57" />
        <source>Could not save the settings: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preference_actions.py" line="84" />
        <source>Diagnostics copied to the clipboard.</source>
        <translation>診断情報をクリップボードにコピーしました。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="41" />
        <source>Preferences</source>
        <translation>環境設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="46" />
        <source>default (in the data folder)</source>
        <translation>既定（データフォルダ内）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="47" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="54" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="183" />
        <source>Models folder</source>
        <translation>モデルフォルダ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="48" />
        <source>Choose…</source>
        <translation>選ぶ…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="49" />
        <source>Choose the models folder</source>
        <translation>モデルフォルダを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="57" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="61" />
        <source>Data folder</source>
        <translation>データフォルダ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="59" />
        <source>Conversations live here. A new folder takes effect when Kotoba starts again.</source>
        <translation>会話はここに保存されます。新しいフォルダは Kotoba の次回起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="64" />
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="66" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="67" />
        <source>Threads</source>
        <translation>スレッド数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="70" />
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="72" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="74" />
        <source>GPU layers</source>
        <translation>GPU レイヤー数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="81" />
        <source>all available</source>
        <translation>使える分すべて</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="83" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="89" />
        <source>Memory for models</source>
        <translation>モデルに使うメモリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="86" />
        <source>A model that needs more is refused before loading; you can still load it anyway.</source>
        <translation>これより多く必要なモデルは読み込む前に断ります。それでも読み込むこともできます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="90" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="92" />
        <source>Load the last model when Kotoba starts</source>
        <translation>起動時に前回のモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="98" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="99" />
        <source>Default context length</source>
        <translation>既定のコンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="103" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="107" />
        <source>When the context is full</source>
        <translation>コンテキストがいっぱいになったら</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="104" />
        <source>Summarize old turns</source>
        <translation>古いやりとりを要約する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="104" />
        <source>Drop old turns</source>
        <translation>古いやりとりを外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="105" />
        <source>Stop and tell me</source>
        <translation>止めて知らせる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="109" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="112" />
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="110" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="115" />
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="110" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="110" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="114" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="117" />
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="119" />
        <source>MCP servers…</source>
        <translation>MCP サーバー…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="120" />
        <source>Set up MCP servers (tools)</source>
        <translation>MCP サーバー（ツール）を設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="121" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="123" />
        <source>Calculator and clock in new chats</source>
        <translation>新しいチャットで電卓と時計を使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="125" />
        <source>The model may use the exact calculator and the clock (they run nothing outside Kotoba). Each chat has its own switch in its settings.</source>
        <translation>モデルが正確な電卓と時計を使えるようにします（Kotoba の外では何も実行しません）。チャットごとの設定でも切り替えられます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="131" />
        <source>Tools</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="135" />
        <source>A new language or data folder takes effect when Kotoba starts again.</source>
        <translation>言語やデータフォルダの変更は Kotoba の次回起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="140" />
        <source>Settings error</source>
        <translation>設定のエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="145" />
        <source>Takes effect when a model is loaded next.</source>
        <translation>次にモデルを読み込んだときに反映されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="146" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="148" />
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="150" />
        <source>Computes attention without its large score tables: less memory for long contexts. Needed for a Q8_0 KV cache.</source>
        <translation>大きなスコア表を作らずにアテンションを計算します。長いコンテキストでメモリが少なく済みます。Q8_0 の KV キャッシュに必要です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="155" />
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="162" />
        <source>KV cache</source>
        <translation>KV キャッシュ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="156" />
        <source>F16 (exact)</source>
        <translation>F16（劣化なし）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="156" />
        <source>Q8_0 (half the memory)</source>
        <translation>Q8_0（メモリ半分）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="159" />
        <source>How the context is stored. Q8_0 takes about half the memory of F16 and needs flash attention.</source>
        <translation>コンテキストの保存形式です。Q8_0 は F16 の約半分のメモリで済み、Flash Attention が必要です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/preferences_dialog.py" line="167" />
        <source>A Q8_0 KV cache needs flash attention: turn on flash attention, or keep the KV cache at F16.</source>
        <translation>Q8_0 の KV キャッシュには Flash Attention が必要です。Flash Attention をオンにするか、KV キャッシュを F16 のままにしてください。</translation>
    </message>
</context>
<context>
    <name>ProjectorDialog</name>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="46" />
        <source>Vision projector</source>
        <translation>ビジョン用プロジェクター</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="49" />
        <source>Which projector %1 loads with: it lets the model see images.</source>
        <translation>%1 と一緒に読み込むプロジェクターです。これでモデルが画像を見られるようになります。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="56" />
        <source>Projectors</source>
        <translation>プロジェクター</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="58" />
        <source>Other file…</source>
        <translation>ほかのファイル…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="59" />
        <source>Choose a projector file</source>
        <translation>プロジェクターのファイルを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="62" />
        <source>Projector error</source>
        <translation>プロジェクターのエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="81" />
        <source>Automatic: %1</source>
        <translation>自動: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="83" />
        <source>Automatic: none fits in the model's folder</source>
        <translation>自動: モデルのフォルダーに合うものがありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="86" />
        <source>None: text only</source>
        <translation>なし: テキストのみ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="103" />
        <source>Choose a vision projector</source>
        <translation>ビジョン用プロジェクターを選ぶ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/projector_dialog.py" line="104" />
        <source>Projector files (*.gguf)</source>
        <translation>プロジェクターのファイル (*.gguf)</translation>
    </message>
</context>
<context>
    <name>RemotePicker</name>
    <message>
        <location filename="../../chatapp/ui/remote/picker.py" line="65" />
        <source>%1 (server)</source>
        <translation>%1（サーバー）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/picker.py" line="72" />
        <source>Add a server…</source>
        <translation>サーバーを追加…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/picker.py" line="136" />
        <source>That server is no longer saved.</source>
        <translation>そのサーバーはもう保存されていません。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/picker.py" line="148" />
        <source>Wait for the reply to finish before switching models.</source>
        <translation>返信が終わるまで待ってからモデルを切り替えてください。</translation>
    </message>
</context>
<context>
    <name>ResultsTable</name>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="17" />
        <source>Comparison results</source>
        <translation>比較の結果</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="24" />
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="25" />
        <source>Quant</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="26" />
        <source>Bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="27" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="28" />
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="29" />
        <source>Perplexity ± error</source>
        <translation>パープレキシティ ± 誤差</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="30" />
        <source>KLD mean</source>
        <translation>KLD 平均</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="31" />
        <source>KLD p99</source>
        <translation>KLD 99パーセンタイル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="32" />
        <source>Same top token</source>
        <translation>最上位トークン一致</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="33" />
        <source>Prompt tok/s</source>
        <translation>プロンプト トークン/秒</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="34" />
        <source>Generation tok/s</source>
        <translation>生成 トークン/秒</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/compare_table.py" line="45" />
        <source>no reference</source>
        <translation>基準なし</translation>
    </message>
</context>
<context>
    <name>ServeRow</name>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="26" />
        <source>Serve models to other apps on 127.0.0.1, port</source>
        <translation>127.0.0.1 で他のアプリにモデルを提供する。ポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="29" />
        <source>Serve models to other apps</source>
        <translation>他のアプリにモデルを提供</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="31" />
        <source>An OpenAI-compatible API (/v1/chat/completions) for editors, agents and scripts on this computer, with the models in your library.</source>
        <translation>このコンピューター上のエディター、エージェント、スクリプト向けの OpenAI 互換 API（/v1/chat/completions）で、ライブラリのモデルを使えます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="40" />
        <source>Server port</source>
        <translation>サーバーのポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="47" />
        <source>Other apps</source>
        <translation>他のアプリ</translation>
    </message>
</context>
<context>
    <name>ServeSwitch</name>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="91" />
        <source>Stopped serving models to other apps.</source>
        <translation>他のアプリへのモデルの提供を止めました。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="108" />
        <source>Could not serve on port %1: %2</source>
        <translation>ポート %1 で提供できませんでした: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/serving.py" line="118" />
        <source>Serving models to other apps at %1</source>
        <translation>%1 で他のアプリにモデルを提供しています</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="56" />
        <source>Add a server</source>
        <translation>サーバーを追加</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="63" />
        <source>Chat with a model served by another program: llama-server, Ollama, LM Studio, vLLM or any server with an OpenAI-compatible API. Your conversations stay here.</source>
        <translation>別のプログラムが提供するモデルとチャットします: llama-server、Ollama、LM Studio、vLLM など、OpenAI 互換 API を持つサーバーです。会話はこのアプリに保存されます。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="71" />
        <source>Server address</source>
        <translation>サーバーのアドレス</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="72" />
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="75" />
        <source>optional</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="76" />
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="82" />
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="79" />
        <source>Kept in the system keyring where there is one, else in a file only you can read.</source>
        <translation>システムのキーリングがあればそこに、なければ自分だけが読めるファイルに保存します。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="85" />
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="94" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="88" />
        <source>press Get models, or type a name</source>
        <translation>「モデルを取得」を押すか、名前を入力</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="89" />
        <source>Get models</source>
        <translation>モデルを取得</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="90" />
        <source>Get the server's models</source>
        <translation>サーバーのモデル一覧を取得</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="98" />
        <source>as the server says</source>
        <translation>サーバーの値</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="99" />
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="103" />
        <source>Context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="101" />
        <source>The server's context length, when it does not say itself (0: ask it).</source>
        <translation>サーバーが自分で知らせない場合のコンテキスト長（0: サーバーに問い合わせる）。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="105" />
        <source>optional: a name for the model picker</source>
        <translation>任意: モデル選択に表示する名前</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="106" />
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="107" />
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="110" />
        <source>Server status</source>
        <translation>サーバーの状態</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="116" />
        <source>Server error</source>
        <translation>サーバーのエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="127" />
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="171" />
        <source>The address must look like http://host:port/v1.</source>
        <translation>アドレスは http://ホスト:ポート/v1 の形で入力してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="133" />
        <source>Asking the server for its models…</source>
        <translation>サーバーにモデルの一覧を問い合わせています…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="158" />
        <source>Models on the server: %1</source>
        <translation>サーバーのモデル: %1 個</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="160" />
        <source>The server lists no models: type the model's name.</source>
        <translation>サーバーがモデルを一覧に出していません。モデル名を入力してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/remote/server_dialog.py" line="174" />
        <source>Choose a model (press Get models) or type its name.</source>
        <translation>モデルを選ぶ（「モデルを取得」を押す）か、名前を入力してください。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="37" />
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="43" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="45" />
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="46" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="70" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="47" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="70" />
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="48" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="71" />
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="50" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="72" />
        <source>Repeat penalty</source>
        <translation>繰り返しペナルティ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="52" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="71" />
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="53" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="73" />
        <source>Max tokens</source>
        <translation>最大トークン数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="55" />
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="56" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="73" />
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="58" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="74" />
        <source>Context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="60" />
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="75" />
        <source>When the context is full</source>
        <translation>コンテキストがいっぱいになったら</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="62" />
        <source>Summarize old turns</source>
        <translation>古いやりとりを要約する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="63" />
        <source>Drop old turns</source>
        <translation>古いやりとりを外す</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="64" />
        <source>Stop and tell me</source>
        <translation>止めて知らせる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="84" />
        <source>Settings error</source>
        <translation>設定のエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="108" />
        <source>The seed must be empty (random) or a whole number.</source>
        <translation>シードは空欄（ランダム）か整数にしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="110" />
        <source>Top-p must be greater than 0.</source>
        <translation>Top-p は 0 より大きくしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="112" />
        <source>The repeat penalty must be greater than 0.</source>
        <translation>繰り返しペナルティは 0 より大きくしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="121" />
        <source>The context length must be at least 256 tokens.</source>
        <translation>コンテキスト長は 256 トークン以上にしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/settings_dialog.py" line="132" />
        <source>Max tokens cannot exceed the context length.</source>
        <translation>最大トークン数はコンテキスト長を超えられません。</translation>
    </message>
</context>
<context>
    <name>SpeculativeDialog</name>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="42" />
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="43" />
        <source>Auto (what this computer measured faster)</source>
        <translation>自動（このコンピューターで速いと測れた方式）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="46" />
        <source>Prompt lookup</source>
        <translation>プロンプト参照</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="47" />
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="88" />
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="98" />
        <source>Draft model</source>
        <translation>下書きモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="66" />
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="78" />
        <source>Speculative decoding</source>
        <translation>投機的デコード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="70" />
        <source>How %1 guesses ahead in replies at temperature 0; the reply stays the same. Takes effect with its next load.</source>
        <translation>温度 0 の返答で %1 がどう先読みするか（返答は変わりません）。次の読み込みから有効です。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="81" />
        <source>As in Preferences (%1)</source>
        <translation>環境設定のとおり（%1）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="86" />
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="91" />
        <source>A smaller model of the same family: %1</source>
        <translation>同じ系列の小さいモデル: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="93" />
        <source>A smaller model of the same family: none in the library</source>
        <translation>同じ系列の小さいモデル: ライブラリにありません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="102" />
        <source>Offered as drafts: the library's models of the same architecture and vocabulary at most half this model's size.</source>
        <translation>下書きとして示すのは、アーキテクチャと語彙が同じで、このモデルの半分以下の大きさのライブラリのモデルです。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="109" />
        <source>Speculative decoding error</source>
        <translation>投機的デコードのエラー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/models/speculative_dialog.py" line="136" />
        <source>No model in the library can be the draft of %1: download a smaller model of the same family, or choose Prompt lookup.</source>
        <translation>ライブラリに %1 の下書きになれるモデルがありません。同じ系列の小さいモデルをダウンロードするか、「プロンプト参照」を選んでください。</translation>
    </message>
</context>
<context>
    <name>SpeculativeRows</name>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="23" />
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="24" />
        <source>Auto (what this computer measured faster)</source>
        <translation>自動（このコンピューターで速いと測れた方式）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="27" />
        <source>Prompt lookup</source>
        <translation>プロンプト参照</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="28" />
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="38" />
        <source>Draft model</source>
        <translation>下書きモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="32" />
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="75" />
        <source>Speculative decoding</source>
        <translation>投機的デコード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="40" />
        <source>A smaller model of the same family</source>
        <translation>同じ系列の小さいモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="51" />
        <source>Replies at temperature 0 are written several tokens at a time: the model checks cheap guesses (copied from the prompt, or from a small draft model with the same vocabulary), so the reply is the same, and Auto uses what this computer measured to be faster.</source>
        <translation>温度 0 の返答を数トークンずつまとめて書きます。モデルが安価な推測（プロンプトからの写し、または同じ語彙の小さい下書きモデルの出力）を確かめるので返答は変わらず、「自動」はこのコンピューターで速いと測れた方式を使います。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/speculative_rows.py" line="59" />
        <source>A model can have its own choice in Models… → Installed → Speculative…</source>
        <translation>モデルごとにも選べます（モデル… → インストール済み → 投機的デコード…）。</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="19" />
        <source>No model loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="20" />
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
        <location filename="../../chatapp/ui/chat/status_panel.py" line="41" />
        <source>%1 bits/weight · context %2 · chat format %3 (%4)</source>
        <translation>%1 ビット/重み · コンテキスト %2 · チャット形式 %3（%4）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="49" />
        <source>%1 threads · %2 GPU layers</source>
        <translation>%1 スレッド · GPU レイヤー %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="53" />
        <source>CPU code: %1</source>
        <translation>CPU コード: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="59" />
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="63" />
        <source>Speculative decoding: %1</source>
        <translation>投機的デコード: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="67" />
        <source>draft %1</source>
        <translation>下書き %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="75" />
        <source>flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="79" />
        <source>KV cache %1 (%2)</source>
        <translation>KV キャッシュ %1（%2）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="83" />
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="84" />
        <source>reached the token limit</source>
        <translation>トークン上限に到達</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="85" />
        <source>stop string</source>
        <translation>停止文字列</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="86" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="87" />
        <source>context full</source>
        <translation>コンテキストが満杯</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="88" />
        <source>called a tool</source>
        <translation>ツールを呼び出し</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="60" />
        <location filename="../../chatapp/ui/chat/status_panel.py" line="99" />
        <source>prompt lookup</source>
        <translation>プロンプト参照</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="61" />
        <location filename="../../chatapp/ui/chat/status_panel.py" line="100" />
        <source>draft model</source>
        <translation>下書きモデル</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="101" />
        <source>plain</source>
        <translation>通常</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="102" />
        <source>measuring</source>
        <translation>測定中</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="107" />
        <source>Auto: %1</source>
        <translation>自動: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="110" />
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="112" />
        <source> · %1: %2 % of guesses kept</source>
        <translation> · %1: 推測の %2 % を採用</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="117" />
        <source>, ×%1 plain speed</source>
        <translation>、通常の ×%1 の速さ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="122" />
        <source>%1 tokens · %2 tok/s · first token %3 ms · %4</source>
        <translation>%1 トークン · %2 トークン/秒 · 最初のトークンまで %3 ms · %4</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/status_panel.py" line="130" />
        <source> · summary %1 s</source>
        <translation> · 要約 %1 秒</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../../chatapp/ui/chat/summary_dialog.py" line="18" />
        <source>Summary of earlier messages</source>
        <translation>以前のメッセージの要約</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/summary_dialog.py" line="23" />
        <source>The model sees this summary instead of the earlier messages (they stay saved). Correct it if it got something wrong.</source>
        <translation>モデルは以前のメッセージの代わりにこの要約を読みます（メッセージ自体は保存されたままです）。間違いがあれば直してください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/summary_dialog.py" line="30" />
        <source>Summary text</source>
        <translation>要約の本文</translation>
    </message>
</context>
<context>
    <name>ToolWording</name>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="20" />
        <source>Monday</source>
        <translation>月曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="20" />
        <source>Tuesday</source>
        <translation>火曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="20" />
        <source>Wednesday</source>
        <translation>水曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="20" />
        <source>Thursday</source>
        <translation>木曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="21" />
        <source>Friday</source>
        <translation>金曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="21" />
        <source>Saturday</source>
        <translation>土曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="21" />
        <source>Sunday</source>
        <translation>日曜日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="27" />
        <source>January</source>
        <translation>1月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="27" />
        <source>February</source>
        <translation>2月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="27" />
        <source>March</source>
        <translation>3月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="27" />
        <source>April</source>
        <translation>4月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="28" />
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="28" />
        <source>June</source>
        <translation>6月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="28" />
        <source>July</source>
        <translation>7月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="28" />
        <source>August</source>
        <translation>8月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="29" />
        <source>September</source>
        <translation>9月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="29" />
        <source>October</source>
        <translation>10月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="29" />
        <source>November</source>
        <translation>11月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="29" />
        <source>December</source>
        <translation>12月</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="36" />
        <source>%weekday, %day %month %year</source>
        <translation>%year年%m月%day日（%weekday）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="51" />
        <source>in %n days → %date</source>
        <translation>%n 日後 → %date</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="51" />
        <source>%n days ago → %date</source>
        <translation>%n 日前 → %date</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="55" />
        <source>%n days until %date</source>
        <translation>%date まであと %n 日</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="55" />
        <source>%n days since %date</source>
        <translation>%date から %n 日経過</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="61" />
        <source>Clock: %1</source>
        <translation>時計: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="65" />
        <source>Calculator: %1</source>
        <translation>電卓: %1</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="70" />
        <source>Searched your documents for 「%1」 — no passages</source>
        <translation>文書で「%1」を検索 — 該当なし</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="72" />
        <source>Searched your documents for 「%1」 — 1 passage</source>
        <translation>文書で「%1」を検索 — 1 件の抜粋</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="74" />
        <source>Searched your documents for 「%1」 — %2 passages</source>
        <translation>文書で「%1」を検索 — %2 件の抜粋</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="82" />
        <source>Read %1, chunk %2</source>
        <translation>%1 の第 %2 チャンクを読みました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="84" />
        <source>Read %1, the beginning</source>
        <translation>%1 の冒頭を読みました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="90" />
        <source>Searched your chats for 「%1」 — 1 result</source>
        <translation>チャットで「%1」を検索 — 1 件</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="92" />
        <source>Searched your chats for 「%1」 — %2 results</source>
        <translation>チャットで「%1」を検索 — %2 件</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="80" />
        <source>Read %1, page %2</source>
        <translation>%1 の %2 ページを読みました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="96" />
        <source>%1: declined</source>
        <translation>%1: 拒否されました</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/wording.py" line="100" />
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
</context>
<context>
    <name>ToolsSettingsBox</name>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="28" />
        <source>Tools</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="30" />
        <source>Let the model use tools</source>
        <translation>モデルにツールの使用を許可する</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="34" />
        <source>Tools the model may use</source>
        <translation>モデルが使えるツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="42" />
        <source>%1 (not available now)</source>
        <translation>%1（現在は利用できません）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="48" />
        <location filename="../../chatapp/ui/tools/settings_box.py" line="49" />
        <source>Tool rounds per reply</source>
        <translation>1 回の返信でのツール使用回数</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="58" />
        <source>%1 (MCP server %2, asks first)</source>
        <translation>%1（MCP サーバー %2、実行前に確認）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="62" />
        <source>Calculator (exact)</source>
        <translation>電卓（正確な計算）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/tools/settings_box.py" line="62" />
        <source>Clock and dates</source>
        <translation>時計と日付</translation>
    </message>
</context>
<context>
    <name>TranscriptActions</name>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_actions.py" line="48" />
        <source>Delete message</source>
        <translation>メッセージの削除</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_actions.py" line="48" />
        <source>Delete this message?</source>
        <translation>このメッセージを削除しますか？</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="73" />
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="75" />
        <source>The messages of the open conversation; Tab reaches a message's actions</source>
        <translation>開いている会話のメッセージ。Tab でメッセージの操作に移動します</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="228" />
        <source>Summary of %1 earlier messages</source>
        <translation>以前のメッセージ %1 件の要約</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="232" />
        <source>(edited)</source>
        <translation>（編集済み）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="237" />
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="238" />
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="239" />
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="240" />
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="246" />
        <source>summarized</source>
        <translation>要約済み</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="246" />
        <source>outside the context window</source>
        <translation>コンテキストウィンドウの外</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="250" />
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="252" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript.py" line="254" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_stream.py" line="115" />
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="147" />
        <source>Copy code block %1: %2</source>
        <translation>コードブロック %1 をコピー: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="150" />
        <source>Mark as failed…</source>
        <translation>失敗としてマーク…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="155" />
        <source>Open source %1: %2</source>
        <translation>出典 %1 を開く: %2</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="355" />
        <source>Copy the code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="356" />
        <source>Open or close</source>
        <translation>開く・閉じる</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="418" />
        <source>Open link</source>
        <translation>リンクを開く</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_interaction.py" line="419" />
        <source>Open this link in your web browser?

%1</source>
        <translation>このリンクをウェブブラウザで開きますか？

%1</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="98" />
        <source>Chat with language models on this computer, offline. Choose a model to begin.</source>
        <translation>このコンピューターの上で、オフラインで言語モデルとチャットできます。まずモデルを選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="109" />
        <source>Use the demo model (%1, %2, already here)</source>
        <translation>デモモデルを使う（%1、%2、導入済み）</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="120" />
        <source>Use the demo model</source>
        <translation>デモモデルを使う</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="127" />
        <source>Or download a recommended model:</source>
        <translation>または、おすすめのモデルをダウンロード:</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="91" />
        <source>Welcome to Kotoba</source>
        <translation>Kotoba へようこそ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="58" />
        <source>Welcome</source>
        <translation>ようこそ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="113" />
        <source>A small model for trying Kotoba: it answers simple questions in English and Japanese, calculates exactly and tells the date and time with its tools. Download a bigger model below for real work.</source>
        <translation>Kotoba を試すための小さなモデルです。英語と日本語の簡単な質問に答え、ツールで正確に計算し、日付と時刻を答えます。本格的に使うには、下から大きなモデルをダウンロードしてください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="117" />
        <source>Ready now</source>
        <translation>すぐ使えます</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="117" />
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="134" />
        <source>fits this computer</source>
        <translation>このコンピューターで動作可</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="135" />
        <source>a tight fit</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="136" />
        <source>too big here</source>
        <translation>このコンピューターには大きすぎ</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="143" />
        <source>memory unknown</source>
        <translation>メモリ不明</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="145" />
        <source>good at Japanese</source>
        <translation>日本語が得意</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="149" />
        <source>Download %1</source>
        <translation>%1 をダウンロード</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="158" />
        <source>Use a .gguf file from this computer…</source>
        <translation>このコンピューターの .gguf ファイルを使う…</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="159" />
        <source>Drop a .gguf file anywhere on this window, or click to choose one.</source>
        <translation>.gguf ファイルをこのウィンドウにドロップするか、クリックして選んでください。</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="162" />
        <source>Import a model file</source>
        <translation>モデルファイルをインポート</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="80" />
        <source>Not now</source>
        <translation>あとで</translation>
    </message>
    <message>
        <location filename="../../chatapp/ui/app/welcome.py" line="82" />
        <source>Close the welcome page</source>
        <translation>ようこそページを閉じる</translation>
    </message>
</context>
<context>
    <name>self.view</name>
    <message>
        <location filename="../../chatapp/ui/chat/transcript_delegate.py" line="141" />
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
</context>
</TS>