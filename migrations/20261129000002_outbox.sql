-- One durable queue for everything addressed to people other than the one
-- in front of the bot: reminders, digests, change notices, broadcasts,
-- reports. A row is one message (possibly in several parts) to one chat.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,   -- the same logical message is queued once
    chat_id         INTEGER NOT NULL,
    kind            TEXT NOT NULL,          -- reminder, digest, change, broadcast, report, notice
    payload         TEXT NOT NULL,          -- JSON: parts of text, or a file with caption
    urgent          INTEGER NOT NULL DEFAULT 0,   -- urgent items ignore quiet hours
    broadcast_id    INTEGER REFERENCES broadcasts(id),
    session_id      TEXT,                   -- reminders: the session they announce
    not_after       TEXT,                   -- dropped if still unsent by then
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'dropped')),
    parts_sent      INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,                   -- set while a sender holds it; expired leases go back to pending
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_by_broadcast ON outbox(broadcast_id, state);
CREATE INDEX outbox_by_session ON outbox(session_id, state);

CREATE TABLE broadcasts (
    id            INTEGER PRIMARY KEY,
    created_by    INTEGER NOT NULL,
    audience      TEXT,                     -- NULL: everyone registered; else a course code
    payload       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('scheduled', 'queued', 'done', 'cancelled')),
    send_at       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    queued_at     TEXT,
    finished_at   TEXT
);

-- A session's time, room or cancellation changed (by a command or a
-- reload). Written in the same transaction as the change; the scheduler
-- turns each into notices for the course's participants.
CREATE TABLE session_changes (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL,
    course_code TEXT NOT NULL,
    before      TEXT NOT NULL,              -- JSON snapshot
    after       TEXT NOT NULL,              -- JSON snapshot
    created_at  TEXT NOT NULL,
    notified_at TEXT
);

-- Small persistent facts of the scheduler, e.g. when it last ran, so that
-- reminders missed while the bot was down can be told apart.
CREATE TABLE scheduler_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The definition last imported from programme.toml. A reload only touches a
-- session whose definition in the file changed, so a /move or /room by a
-- coordinator is not undone by an unrelated reload.
ALTER TABLE sessions ADD COLUMN imported TEXT;
