"""Save the README's screenshots: the main window, light and dark, with a summary and code.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from chatapp.core.models.demo_model import demo_model_path
from chatapp.core.paths import AppPaths
from chatapp.ui.launch import build_window

CODE_ANSWER = """Use slicing, or `reversed()` when you only need to loop:

```python
items = [3, 1, 2]
print(items[::-1])      # [2, 1, 3]
for x in reversed(items):
    print(x)
```

Sorting works the same way: `sorted(items, reverse=True)`."""


def pump(app: QApplication, until, limit: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp).ensure()
        model = demo_model_path(paths.models_dir)
        w = build_window(paths, model)
        w.resize(1180, 760)
        w.show()
        c = w.controller
        c.load_model(str(model))
        pump(app, lambda: c.model is not None, 30)
        store = c.store
        older = store.create_conversation("Packing for a hike")
        store.add_message(older, "user", "What should I pack for a day hike?")
        store.add_message(older, "assistant", "Water, snacks, a map and a rain jacket.")
        cid = c.new_conversation()
        ids = []
        for q, a in [
            ("I'm learning Python. Where do I start?", "Start with the official tutorial."),
            ("What is a list?", "An ordered, changeable collection: `[1, 2, 3]`."),
        ]:
            ids.append(store.add_message(cid, "user", q))
            ids.append(store.add_message(cid, "assistant", a))
        store.add_message(cid, "user", "How do I reverse a list?")
        store.add_message(cid, "assistant", CODE_ANSWER)
        store.add_summary(
            cid, ids, "The user is learning Python; we covered where to start and what a "
            "list is.", "Gemma 3 270m",
        )  # fmt: skip
        c.open_conversation(cid)
        pump(app, lambda: c.last_plan is not None and c._worker is None, 20)
        w.composer.setPlainText("Thanks! And how do I sort it?")
        app.processEvents()
        w.grab().save(str(out / "main-light.png"))
        w.set_theme("dark")
        pump(app, lambda: False, 0.2)
        w.grab().save(str(out / "main-dark.png"))
        w.set_theme("system")
        w.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
