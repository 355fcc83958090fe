-- Each person's language, and notices stored as values to be rendered in it.

-- The language a person chose with /language (NULL: none chosen), and the
-- one their Telegram is set to, as last seen (it decides until they choose).
ALTER TABLE people ADD COLUMN language TEXT;
ALTER TABLE people ADD COLUMN telegram_language TEXT;

-- A course's language: its participants' default unless they chose or
-- their Telegram says otherwise (NULL: the programme's).
ALTER TABLE courses ADD COLUMN language TEXT;

-- A broadcast's other versions: JSON object, language → payload. The
-- `payload` column stays the version for everyone else.
ALTER TABLE broadcasts ADD COLUMN translations TEXT;

-- A place given to someone on the wait-list (a withdrawal, a forgotten
-- person, a larger capacity). Written in the same transaction as the
-- promotion; the scheduler turns each into a notice to the person, in
-- their language, as it does session changes.
CREATE TABLE promotions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    course_code TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    notified_at TEXT
);
CREATE INDEX promotions_pending ON promotions(notified_at);

-- An FAQ entry's other languages: JSON object, language → {question,
-- answer, keywords}. The entry's own columns are its main language.
ALTER TABLE faq ADD COLUMN translations TEXT;

-- The language of an FAQ entry's own text (faq.toml's `language`, else the
-- programme's); its translations are in `translations`.
ALTER TABLE faq ADD COLUMN language TEXT;
