-- Calendars and forum topics (issue 12).

-- A session's revision, the SEQUENCE of its calendar event: raised by the
-- database itself whenever a session moves, changes length, room, title or
-- speaker, or is called off or back on, whoever changed it (/move, /room,
-- /cancelsession or a /reload), so no path can forget it. A calendar
-- application keeps the copy with the highest SEQUENCE.
ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER sessions_revision AFTER UPDATE OF starts_at, minutes, room, title, speaker, cancelled ON sessions
WHEN OLD.starts_at IS NOT NEW.starts_at
  OR OLD.minutes IS NOT NEW.minutes
  OR OLD.room IS NOT NEW.room
  OR OLD.title IS NOT NEW.title
  OR OLD.speaker IS NOT NEW.speaker
  OR OLD.cancelled IS NOT NEW.cancelled
BEGIN
    UPDATE sessions SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;

-- When the staff chat is a forum, each enquiry has a topic of its own:
-- the chat and thread it was created in (NULL: none yet, or a plain group),
-- and whether the bot closed it. Created by the sender just before the
-- enquiry's first relay and stored at once, so a retry reuses it.
ALTER TABLE enquiries ADD COLUMN topic_chat INTEGER;
ALTER TABLE enquiries ADD COLUMN topic_thread INTEGER;
ALTER TABLE enquiries ADD COLUMN topic_closed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX enquiries_by_topic ON enquiries(topic_chat, topic_thread);
