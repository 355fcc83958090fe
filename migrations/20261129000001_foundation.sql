-- Foundation schema. Times are stored as RFC 3339 UTC strings ("...Z") so that
-- they sort and compare as text and read back unambiguously.

-- A person is keyed by their Telegram user id: it is what every update carries,
-- and the private chat with a user has the same id, so later tables (outbox,
-- enquiries) can point at people without a lookup.
CREATE TABLE people (
    user_id         INTEGER PRIMARY KEY,
    full_name       TEXT,
    administration  TEXT,
    position        TEXT,
    email           TEXT,
    username        TEXT,
    timezone        TEXT,               -- NULL: the programme's zone
    reminders_on    INTEGER NOT NULL DEFAULT 1,
    digest_time     TEXT,               -- "HH:MM"; NULL: bot.toml's default
    unreachable_since TEXT,             -- set when Telegram answers 403
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Courses are never deleted by an import: registrations must stay on record.
-- A course missing from programme.toml is marked inactive instead.
CREATE TABLE courses (
    code        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    timezone    TEXT NOT NULL,
    location    TEXT NOT NULL,
    enrolment   TEXT NOT NULL CHECK (enrolment IN ('open', 'invite')),
    invite_code TEXT,
    capacity    INTEGER NOT NULL CHECK (capacity >= 0),
    position    INTEGER NOT NULL DEFAULT 0,   -- order in programme.toml
    active      INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX courses_invite_code ON courses(invite_code) WHERE invite_code IS NOT NULL;

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    course_code TEXT NOT NULL REFERENCES courses(code) ON DELETE CASCADE,
    starts_local TEXT NOT NULL,         -- as written in programme.toml, in the course's zone
    starts_at   TEXT NOT NULL,          -- the same instant in UTC
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    title       TEXT NOT NULL,
    speaker     TEXT,
    room        TEXT,
    cancelled   INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL
);
CREATE INDEX sessions_by_course_time ON sessions(course_code, starts_at);
CREATE INDEX sessions_by_time ON sessions(starts_at);

CREATE TABLE registrations (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES people(user_id) ON DELETE CASCADE,
    course_code   TEXT NOT NULL REFERENCES courses(code),
    status        TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'withdrawn')),
    created_at    TEXT NOT NULL,
    registered_at TEXT,
    waitlisted_at TEXT,
    withdrawn_at  TEXT,
    updated_at    TEXT NOT NULL,
    UNIQUE (user_id, course_code)
);
CREATE INDEX registrations_by_course ON registrations(course_code, status, created_at);

CREATE TABLE faq (
    id        TEXT PRIMARY KEY,
    question  TEXT NOT NULL,
    keywords  TEXT NOT NULL,            -- JSON array of strings
    answer    TEXT NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

-- Dialogue state per chat (JSON of bot::State), so a restart resumes a
-- registration where it was.
CREATE TABLE dialogues (
    chat_id    INTEGER PRIMARY KEY,
    state      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Telegram may deliver an update again after a crash; its id is recorded
-- before the update is handled so a second delivery has no effect.
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL
);
