-- An FAQ that learns: examples per entry (from faq.toml and from
-- coordinators), suggestions offered when no entry clearly wins, and a
-- generation number the matcher's cache is keyed on.

-- faq.toml's `examples` of an entry's own text: JSON array of strings. Its
-- translations carry theirs inside `translations`.
ALTER TABLE faq ADD COLUMN examples TEXT;

-- Questions gain the suggestion band ("Did you mean…?"), the entries it
-- offered, the language the asker read, and a picked suggestion counts as
-- the FAQ answering. Rebuilt because the outcome's CHECK grows.
CREATE TABLE questions_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    outcome     TEXT NOT NULL
                CHECK (outcome IN ('faq', 'suggested', 'enquiry', 'follow_up', 'small_talk', 'too_many_open', 'limited')),
    faq_id      TEXT,                        -- the entry answered (for 'suggested': the one picked, if any)
    helpful     INTEGER,                     -- the Yes / No under a FAQ answer
    enquiry_id  INTEGER REFERENCES enquiries(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    suggestions TEXT,                        -- JSON array of the entry ids offered, best first
    language    TEXT,                        -- the language the asker read when asking
    reviewed_at TEXT                         -- a coordinator filed it under an entry or said it is no example
);
INSERT INTO questions_new (id, user_id, body, outcome, faq_id, helpful, enquiry_id, created_at)
    SELECT id, user_id, body, outcome, faq_id, helpful, enquiry_id, created_at FROM questions;
DROP TABLE questions;
ALTER TABLE questions_new RENAME TO questions;
CREATE INDEX questions_by_user ON questions(user_id, created_at);

-- Questions filed under an entry: by a coordinator from a relayed enquiry,
-- or offered after the asker said the answer helped and accepted by a
-- coordinator. Never added without a coordinator. The matcher reads them
-- like faq.toml's examples; `copes-bot faq-export` writes them out as a
-- faq.toml snippet. They are the asker's words, so they go when the asker
-- asks to be forgotten (the question row cascades).
CREATE TABLE faq_examples (
    id          INTEGER PRIMARY KEY,
    faq_id      TEXT NOT NULL REFERENCES faq(id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    body        TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('enquiry', 'confirmed')),
    question_id INTEGER REFERENCES questions(id) ON DELETE CASCADE,
    enquiry_id  INTEGER REFERENCES enquiries(id) ON DELETE SET NULL,
    added_by    INTEGER NOT NULL,            -- the coordinator's Telegram id
    added_at    TEXT NOT NULL,
    UNIQUE (faq_id, language, body)
);
CREATE INDEX faq_examples_by_question ON faq_examples(question_id);

-- Bumped by every change to the FAQ or its examples (an import, a filed
-- question, a forgotten asker), so a cached matcher knows it is stale.
CREATE TABLE faq_generation (n INTEGER NOT NULL);
INSERT INTO faq_generation (n) VALUES (0);
CREATE TRIGGER faq_ins AFTER INSERT ON faq BEGIN UPDATE faq_generation SET n = n + 1; END;
CREATE TRIGGER faq_upd AFTER UPDATE ON faq BEGIN UPDATE faq_generation SET n = n + 1; END;
CREATE TRIGGER faq_del AFTER DELETE ON faq BEGIN UPDATE faq_generation SET n = n + 1; END;
CREATE TRIGGER faq_examples_ins AFTER INSERT ON faq_examples BEGIN UPDATE faq_generation SET n = n + 1; END;
CREATE TRIGGER faq_examples_upd AFTER UPDATE ON faq_examples BEGIN UPDATE faq_generation SET n = n + 1; END;
CREATE TRIGGER faq_examples_del AFTER DELETE ON faq_examples BEGIN UPDATE faq_generation SET n = n + 1; END;
