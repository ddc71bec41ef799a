"""A child process for the durability test: writes turns and says what it committed.

``python -m tests.support.store_writer DB SEED`` prints ``user <id>`` after each user message is
committed and ``reply <id> <length>`` after each partial save, until it is killed.
"""

from __future__ import annotations

import random
import sys
import time

from chatapp.core.chat.reply_writer import ReplyWriter
from chatapp.core.chat.store import Store


def main() -> None:
    store = Store(sys.argv[1])
    rng = random.Random(int(sys.argv[2]))
    conv = store.create_conversation()
    while True:
        user = store.add_message(conv, "user", f"message {rng.random()} 日本語も")
        print(f"user {user}", flush=True)
        writer = ReplyWriter(store, conv, user, "test", interval=0.01)
        for _ in range(rng.randint(5, 40)):
            writer.append(f"token{rng.randint(0, 999)} ")
            if writer._saved_len:
                print(f"reply {writer.message_id} {writer._saved_len}", flush=True)
            time.sleep(0.002)
        writer.finish("complete")
        print(f"done {writer.message_id}", flush=True)


if __name__ == "__main__":
    main()
