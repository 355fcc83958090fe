-- Issue 11, lessons learned: attendance, session feedback, the course
-- evaluation, and the per-course rules for them from programme.toml.

-- A course's rules, imported from programme.toml with the rest of it, so
-- handlers and the scheduler read them where they read sessions.
ALTER TABLE courses ADD COLUMN require_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN attendance_window_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE courses ADD COLUMN certificate_min_attendance REAL;
ALTER TABLE courses ADD COLUMN feedback_delay_minutes INTEGER NOT NULL DEFAULT 10;
ALTER TABLE courses ADD COLUMN anonymous_feedback INTEGER NOT NULL DEFAULT 1;

-- [[course.evaluation]]: replaced as a whole for a course on each import.
CREATE TABLE evaluation_questions (
    course_code TEXT NOT NULL REFERENCES courses(code) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('rating', 'text')),
    texts       TEXT NOT NULL,           -- JSON object: language code -> question
    PRIMARY KEY (course_code, id)
);

-- Who was at a session, as it stands now: one row per person and session.
CREATE TABLE attendance (
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    present     INTEGER NOT NULL CHECK (present IN (0, 1)),
    method      TEXT NOT NULL CHECK (method IN ('button', 'code', 'coordinator')),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER,                 -- the coordinator, for 'coordinator'
    PRIMARY KEY (session_id, user_id)
);

-- Every change to attendance, corrections included, with who made it.
CREATE TABLE attendance_log (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    present     INTEGER NOT NULL CHECK (present IN (0, 1)),
    method      TEXT NOT NULL CHECK (method IN ('button', 'code', 'coordinator')),
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER
);
CREATE INDEX attendance_log_by_session ON attendance_log(session_id, user_id);

-- A session's room code, made by the first /code SESSION.
CREATE TABLE session_codes (
    session_id  TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
-- A code names one session, however it is typed.
CREATE UNIQUE INDEX session_codes_by_code ON session_codes(upper(code));

-- /here with a wrong or expired code, counted in /stats. user_id: who
-- tried, so too many wrong codes in a short time stop a guesser (a short
-- code is otherwise found by trying); NULL once they are forgotten.
CREATE TABLE code_attempts (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT,
    user_id     INTEGER,
    outcome     TEXT NOT NULL CHECK (outcome IN ('wrong', 'expired')),
    at          TEXT NOT NULL
);
CREATE INDEX code_attempts_by_user ON code_attempts(user_id, at);

-- "How useful was …?": asked once per attendee. user_id goes NULL when the
-- person asks to be forgotten (the rating stays in the aggregates, the
-- comment goes).
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id     INTEGER,
    state       TEXT NOT NULL CHECK (state IN ('asked', 'rated', 'done', 'skipped')),
    asked_at    TEXT NOT NULL,
    rating      INTEGER CHECK (rating BETWEEN 1 AND 5),
    rated_at    TEXT,
    comment     TEXT,
    UNIQUE (session_id, user_id)
);

-- The course evaluation: one per person and course, answered one question
-- at a time (resumable), closable by a coordinator.
CREATE TABLE evaluations (
    id           INTEGER PRIMARY KEY,
    course_code  TEXT NOT NULL,
    user_id      INTEGER,
    state        TEXT NOT NULL CHECK (state IN ('invited', 'answering', 'done', 'closed')),
    invited_at   TEXT NOT NULL,
    finished_at  TEXT,
    UNIQUE (course_code, user_id)
);
CREATE TABLE evaluation_answers (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,         -- [[course.evaluation]] id: a reordered file keeps answers apart
    rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
    body          TEXT,
    answered_at   TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, question_id)
);
CREATE TABLE evaluation_closures (
    course_code TEXT PRIMARY KEY,
    closed_at   TEXT NOT NULL,
    closed_by   INTEGER NOT NULL
);
