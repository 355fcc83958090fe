-- Issue 12: which coordinators have opened a private chat with the bot.
-- Telegram refuses a bot's first message to a person ("bot can't initiate
-- conversation with a user"), so a coordinator who never pressed Start
-- cannot receive private relays; knowing who did lets the bot say who has
-- not. Only coordinators' ids are kept here, never participants'.
CREATE TABLE coordinator_chats (
    user_id       INTEGER PRIMARY KEY,
    first_seen_at TEXT NOT NULL
);
