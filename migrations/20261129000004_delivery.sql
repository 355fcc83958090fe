-- Delivery that survives faults, and timestamps that cannot go wrong.
--
-- Instants are compared as text in SQL, which is only time order while every
-- value has the same fixed width: "YYYY-MM-DDTHH:MM:SS.mmmZ". A year such as
-- +10000 or -0001 once slipped in through a typed date and sorted before
-- every real date. The tables whose times drive what is sent (outbox,
-- sessions, broadcasts, inbox) are rebuilt with CHECK constraints, so such a
-- value is refused by the database itself. Rows already holding an
-- unreadable time are repaired, not copied: a session is left out (the
-- start-up import restores it from programme.toml), a queued message is
-- dropped with the reason, a scheduled broadcast is cancelled.
--
-- SQLite has no ALTER TABLE ... ADD CHECK: each table is copied into a new
-- one. The outbox is a child of broadcasts, so it is set aside first.

-- ------------------------------------------------------------------ outbox

CREATE TABLE outbox_old AS SELECT * FROM outbox;
DROP TABLE outbox;

-- --------------------------------------------------------------- broadcasts

CREATE TABLE broadcasts_new (
    id            INTEGER PRIMARY KEY,
    created_by    INTEGER NOT NULL,
    audience      TEXT,                     -- NULL: everyone registered; else a course code
    payload       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('scheduled', 'queued', 'done', 'cancelled')),
    -- "Send to everyone now": delivered inside quiet hours too.
    urgent        INTEGER NOT NULL DEFAULT 0,
    send_at       TEXT NOT NULL CHECK (send_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    created_at    TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    queued_at     TEXT CHECK (queued_at IS NULL OR queued_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    finished_at   TEXT CHECK (finished_at IS NULL OR finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
INSERT INTO broadcasts_new (id, created_by, audience, payload, state, urgent, send_at, created_at, queued_at, finished_at)
SELECT id, created_by, audience, payload,
       CASE WHEN send_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN state ELSE 'cancelled' END,
       0,
       CASE WHEN send_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN send_at ELSE created_at END,
       created_at,
       CASE WHEN queued_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN queued_at END,
       CASE WHEN finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN finished_at END
FROM broadcasts
WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z';
DROP TABLE broadcasts;
ALTER TABLE broadcasts_new RENAME TO broadcasts;

-- ----------------------------------------------------------------- sessions

CREATE TABLE sessions_new (
    id          TEXT PRIMARY KEY,
    course_code TEXT NOT NULL REFERENCES courses(code) ON DELETE CASCADE,
    -- As written in programme.toml or typed by a coordinator, in the course's zone.
    starts_local TEXT NOT NULL CHECK (starts_local GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),
    starts_at   TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    title       TEXT NOT NULL,
    speaker     TEXT,
    room        TEXT,
    cancelled   INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL,
    imported    TEXT                        -- the definition last imported from programme.toml
);
INSERT INTO sessions_new (id, course_code, starts_local, starts_at, minutes, title, speaker, room, cancelled, updated_at, imported)
SELECT id, course_code, starts_local, starts_at, minutes, title, speaker, room, cancelled, updated_at, imported
FROM sessions
WHERE starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
  AND starts_local GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]';
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_by_course_time ON sessions(course_code, starts_at);
CREATE INDEX sessions_by_time ON sessions(starts_at);

-- ------------------------------------------------------------ outbox again

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,   -- the same logical message is queued once
    chat_id         INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,          -- JSON: parts of text (and buttons), or a file with caption
    urgent          INTEGER NOT NULL DEFAULT 0,   -- urgent items ignore quiet hours
    broadcast_id    INTEGER REFERENCES broadcasts(id),
    session_id      TEXT,                   -- reminders: the session they announce
    -- Past this instant the item is no use and is dropped: a session's end,
    -- the end of a digest's day, else a day after it was queued.
    not_after       TEXT CHECK (not_after IS NULL OR not_after GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'dropped')),
    parts_sent      INTEGER NOT NULL DEFAULT 0,
    -- Attempts Telegram answered (a 5xx); tries while it was unreachable
    -- are not counted. Only sets the back-off.
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL CHECK (next_attempt_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    lease_until     TEXT CHECK (lease_until IS NULL OR lease_until GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    last_error      TEXT,
    created_at      TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    sent_at         TEXT CHECK (sent_at IS NULL OR sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    enquiry_id      INTEGER REFERENCES enquiries(id) ON DELETE CASCADE
);
INSERT INTO outbox (id, dedupe_key, chat_id, kind, payload, urgent, broadcast_id, session_id, not_after, state,
                    parts_sent, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at, enquiry_id)
SELECT o.id, o.dedupe_key, o.chat_id, o.kind, o.payload, o.urgent,
       CASE WHEN o.broadcast_id IN (SELECT id FROM broadcasts) THEN o.broadcast_id END,
       CASE WHEN o.session_id IN (SELECT id FROM sessions) OR o.state <> 'pending' THEN o.session_id END,
       CASE WHEN o.not_after GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN o.not_after END,
       CASE WHEN o.state IN ('pending', 'sending')
             AND NOT (o.next_attempt_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
                      AND (o.not_after IS NULL OR o.not_after GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
                      AND (o.session_id IS NULL OR o.session_id IN (SELECT id FROM sessions)))
            THEN 'dropped' ELSE o.state END,
       o.parts_sent, o.attempts,
       CASE WHEN o.next_attempt_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN o.next_attempt_at ELSE o.created_at END,
       CASE WHEN o.lease_until GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN o.lease_until END,
       CASE WHEN o.state IN ('pending', 'sending')
             AND NOT (o.next_attempt_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
                      AND (o.not_after IS NULL OR o.not_after GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
                      AND (o.session_id IS NULL OR o.session_id IN (SELECT id FROM sessions)))
            THEN 'an unreadable time was stored for it' ELSE o.last_error END,
       o.created_at,
       CASE WHEN o.sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'
            THEN o.sent_at END,
       o.enquiry_id
FROM outbox_old o
WHERE o.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z';
DROP TABLE outbox_old;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_by_broadcast ON outbox(broadcast_id, state);
CREATE INDEX outbox_by_session ON outbox(session_id, state);
CREATE INDEX outbox_by_enquiry ON outbox(enquiry_id);
CREATE INDEX outbox_by_chat ON outbox(chat_id);

-- ------------------------------------------------------------------- inbox

-- Every update Telegram hands over is written here before the next
-- getUpdates confirms it, and handled from here: a crash or a stop loses
-- none, and one delivered twice (same update_id) is handled once.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    user_id     INTEGER,                    -- who it came from, so /forgetme can find it
    payload     TEXT,                       -- the raw update; cleared once handled
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    received_at TEXT NOT NULL CHECK (received_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    handled_at  TEXT CHECK (handled_at IS NULL OR handled_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    CHECK (state = 'done' OR payload IS NOT NULL)
);
CREATE INDEX inbox_pending ON inbox(state, update_id);
CREATE INDEX inbox_by_user ON inbox(user_id);
CREATE INDEX inbox_handled ON inbox(handled_at);
INSERT INTO inbox (update_id, state, received_at, handled_at)
SELECT update_id, 'done', processed_at, processed_at FROM processed_updates
WHERE processed_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z';
DROP TABLE processed_updates;

-- --------------------------------------------------------------- enquiries

-- An answer or a relay that could not be delivered for good (the asker
-- blocked the bot, a day of outage): the coordinators are told and
-- /enquiries shows it until someone answers again.
ALTER TABLE enquiries ADD COLUMN undelivered TEXT;
ALTER TABLE enquiries ADD COLUMN undelivered_at TEXT;
