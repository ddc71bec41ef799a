"""The conversation database schema and its migrations (``PRAGMA user_version``)."""

from __future__ import annotations

import sqlite3

# Each entry migrates from version i to i + 1; append, never edit a released step.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        title_is_auto INTEGER NOT NULL DEFAULT 1,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        model TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        current_leaf INTEGER
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL,
        created_at REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'complete'
            CHECK (status IN ('complete', 'partial', 'cancelled', 'error')),
        pinned INTEGER NOT NULL DEFAULT 0,
        model TEXT,
        stats TEXT
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE INDEX messages_by_parent ON messages(parent_id);
    CREATE TABLE token_counts (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (message_id, model_key)
    ) WITHOUT ROWID;
    CREATE TABLE summaries (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        covered_ids TEXT NOT NULL,
        content TEXT NOT NULL,
        model TEXT,
        edited INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE INDEX summaries_by_conversation ON summaries(conversation_id, id);

    -- Full-text search: trigram does substring search, which also works for Japanese text.
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='id', tokenize='trigram'
    );
    CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
    END;
    CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE VIRTUAL TABLE titles_fts USING fts5(
        title, content='conversations', content_rowid='id', tokenize='trigram'
    );
    CREATE TRIGGER conversations_ai AFTER INSERT ON conversations BEGIN
        INSERT INTO titles_fts(rowid, title) VALUES (new.id, new.title);
    END;
    CREATE TRIGGER conversations_ad AFTER DELETE ON conversations BEGIN
        INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
    END;
    CREATE TRIGGER conversations_au AFTER UPDATE OF title ON conversations BEGIN
        INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO titles_fts(rowid, title) VALUES (new.id, new.title);
    END;
    """,
    # 2: roles are an open set (tool messages next), and a message carries structured extras
    # ("meta": tool calls, the tool call a result answers, reasoning text). SQLite cannot drop
    # a CHECK, so the table is rebuilt; ids and the search index stay as they are.
    """
    CREATE TABLE messages_new (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        role TEXT NOT NULL CHECK (length(role) > 0),
        content TEXT NOT NULL,
        created_at REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'complete'
            CHECK (status IN ('complete', 'partial', 'cancelled', 'error')),
        pinned INTEGER NOT NULL DEFAULT 0,
        model TEXT,
        stats TEXT,
        meta TEXT
    );
    INSERT INTO messages_new (id, conversation_id, parent_id, role, content, created_at, status,
                              pinned, model, stats)
        SELECT id, conversation_id, parent_id, role, content, created_at, status, pinned, model,
               stats FROM messages;
    DROP TABLE messages;
    ALTER TABLE messages_new RENAME TO messages;
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE INDEX messages_by_parent ON messages(parent_id);
    CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
    END;
    CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    """,
    # 3: one- and two-character searches from an index (see short_search.py), not a scan.
    """
    CREATE VIRTUAL TABLE short_fts USING fts5(grams, tokenize='unicode61', prefix='1 2');
    INSERT INTO short_fts(rowid, grams) SELECT id, kotoba_grams(content) FROM messages;
    CREATE TRIGGER short_ai AFTER INSERT ON messages BEGIN
        INSERT INTO short_fts(rowid, grams) VALUES (new.id, kotoba_grams(new.content));
    END;
    CREATE TRIGGER short_ad AFTER DELETE ON messages BEGIN
        DELETE FROM short_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER short_au AFTER UPDATE OF content ON messages BEGIN
        UPDATE short_fts SET grams = kotoba_grams(new.content) WHERE rowid = new.id;
    END;
    """,
    # 4: conversations can be pinned to the top of the list.
    """
    ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
    """,
    # 5: images attached to messages. The files live in the data folder by sha256
    # (core/images/image_store.py); this table says which messages refer to which, so that a
    # file nothing refers to any more can go. The message's meta describes them for display.
    """
    CREATE TABLE message_images (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        PRIMARY KEY (message_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX message_images_by_hash ON message_images(sha256);
    """,
    # 6: lessons an agent task learned after the user marked an answer as failed
    # (core/agent/lessons.py); offered to later tasks of the same conversation when it has
    # ``agent_lessons`` on. The message a lesson came from may be deleted; the lesson stays.
    """
    CREATE TABLE lessons (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        created_at REAL NOT NULL,
        source_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
    );
    CREATE INDEX lessons_by_conversation ON lessons(conversation_id, id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# The roles Kotoba writes today; the store accepts any (a newer version may add more).
ROLES = ("system", "user", "assistant", "tool")
MAX_ROLE_LENGTH = 32
STATUSES = ("complete", "partial", "cancelled", "error")


class NewerDatabase(RuntimeError):
    pass


def migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"this conversation database was written by a newer Kotoba (schema {version}); "
            "update Kotoba to open it"
        )
    if version == SCHEMA_VERSION:
        return
    # A step may rebuild a table: foreign keys stay off meanwhile (a DROP would cascade), and
    # are checked before each step commits.
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for step in range(version, SCHEMA_VERSION):
            # executescript commits first; the whole step then runs in one transaction.
            conn.executescript(f"BEGIN;\n{MIGRATIONS[step]}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                conn.execute("ROLLBACK")
                raise sqlite3.DatabaseError(f"migration {step + 1} broke {len(broken)} links")
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
