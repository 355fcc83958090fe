-- Enquiries: questions the FAQ could not answer, handed to a coordinator.
-- The id is the number people see, so it is never reused (AUTOINCREMENT),
-- even after the newest enquiry's asker asks to be forgotten.
CREATE TABLE enquiries (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The asker's Telegram id (also their private chat). No foreign key:
    -- people who never registered may ask too and have no row in people.
    user_id           INTEGER NOT NULL,
    asker_name        TEXT NOT NULL,         -- as coordinators saw it when asked
    course            TEXT,                  -- their course(s) then; NULL: not registered
    question          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    created_at        TEXT NOT NULL,
    waiting_since     TEXT NOT NULL,         -- when it last became open (asked or followed up)
    first_answered_at TEXT,
    answered_at       TEXT,
    closed_at         TEXT,
    updated_at        TEXT NOT NULL
);
CREATE INDEX enquiries_by_user ON enquiries(user_id, status);
CREATE INDEX enquiries_waiting ON enquiries(status, waiting_since);

-- Everything said within an enquiry, both ways, in order.
CREATE TABLE enquiry_messages (
    id          INTEGER PRIMARY KEY,
    enquiry_id  INTEGER NOT NULL REFERENCES enquiries(id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('asker', 'coordinator')),
    body        TEXT NOT NULL,               -- the text, or a file's caption ('' if none)
    file_kind   TEXT CHECK (file_kind IN ('photo', 'document')),
    file_id     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX enquiry_messages_by_enquiry ON enquiry_messages(enquiry_id, id);

-- Which Telegram message belongs to which enquiry: relays in the staff
-- chat or a coordinator's chat, and the asker's question, acknowledgement
-- and answers. A reply to one of them is routed to that enquiry.
CREATE TABLE enquiry_links (
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    enquiry_id  INTEGER NOT NULL REFERENCES enquiries(id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX enquiry_links_by_enquiry ON enquiry_links(enquiry_id);

-- Every question put to the bot and what became of it: answered from the
-- FAQ (and whether that helped), turned into an enquiry, slowed down.
-- Also the record the per-person rate limit counts.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    outcome     TEXT NOT NULL
                CHECK (outcome IN ('faq', 'enquiry', 'follow_up', 'small_talk', 'too_many_open', 'limited')),
    faq_id      TEXT,
    helpful     INTEGER,                     -- the Yes / No under a FAQ answer
    enquiry_id  INTEGER REFERENCES enquiries(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX questions_by_user ON questions(user_id, created_at);

-- Relays and answers sent through the outbox remember their enquiry, so the
-- sender can link the message Telegram created to it.
ALTER TABLE outbox ADD COLUMN enquiry_id INTEGER REFERENCES enquiries(id) ON DELETE CASCADE;
CREATE INDEX outbox_by_enquiry ON outbox(enquiry_id);
