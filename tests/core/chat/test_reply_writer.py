from pathlib import Path

from chatapp.core.chat.reply_writer import ReplyWriter
from chatapp.core.chat.store import Store


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_saves_at_most_every_interval_and_marks_partial(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.sqlite3")
    conv = store.create_conversation()
    user = store.add_message(conv, "user", "hi")
    clock = Clock()
    w = ReplyWriter(store, conv, user, "m", interval=0.5, clock=clock)
    assert store.message(w.message_id).status == "partial"
    w.append("Hel")
    clock.now += 0.2
    w.append("lo")
    assert store.message(w.message_id).content == ""  # not yet half a second
    clock.now += 0.31
    w.append(" there")
    assert store.message(w.message_id).content == "Hello there"
    assert store.message(w.message_id).status == "partial"
    w.finish("complete", {"tokens_per_s": 1.0})
    m = store.message(w.message_id)
    assert (m.content, m.status, m.parent_id) == ("Hello there", "complete", user)
    store.close()
