# What the outbox delivers: reminders, digests, change notices, wait-list
# notices, broadcast reports, and enquiries relayed to the coordinators and
# answered back. Each is put into words when it is sent, in the reader's
# language and time zone (src/i18n/notices.rs). What people typed (a
# question, an answer, a name, a room) is passed in as it was typed.
#
# $zone is a time zone's name (Asia/Karachi); $start, $end and $time are
# times and $day a date, already written as common.ftl says.

## Reminders and digests

notice-reminder = Reminder: { $title } starts in { $minutes } min, at { $start } ({ $zone }).
notice-reminder-now = Starting now: { $title } ({ $start }, { $zone }).
# Sent late (the bot was down) while the session is still on.
notice-reminder-late = Under way: { $title } began at { $start } and runs until { $end } ({ $zone }).
notice-room = Room: { $room }
notice-speaker = Speaker: { $speaker }

notice-digest-heading = Your sessions today, { $day } (times in { $zone }):
# One line per session; two spaces after the times.
notice-session = { $start }–{ $end }  { $title }
notice-session-speaker = { $start }–{ $end }  { $title } — { $speaker }
notice-session-room = { $start }–{ $end }  { $title } ({ $room })
notice-session-speaker-room = { $start }–{ $end }  { $title } — { $speaker } ({ $room })
notice-digest-footer = /reminders off stops these messages; /digest HH:MM changes the time.

## Programme changes

# A moment: $day (Tuesday 9 February) and $time (09:30).
notice-when = { $day }, { $time }
notice-change-cancelled = Cancelled: "{ $title }" on { $when } will not take place.
notice-change-removed = Removed from the programme: "{ $title }" on { $when } will not take place.
notice-change = Programme change for "{ $title }":
# $when is the new start, $end the new end, $was the old start.
notice-change-time = Now { $when }–{ $end } ({ $zone }), was { $was }.
notice-change-room = Room: { $room } (was { $was }).
notice-room-to-be-announced = to be announced
notice-room-not-set = not set

## The wait-list

notice-promoted = Good news: a place has freed up and you are now registered for { $course } — { $title }. Send /schedule to see the programme.

## Broadcast reports (to the coordinator who sent it)

# $what is the start of the message, or one of the two below.
notice-report = Broadcast report #{ $id } to { $audience }: "{ $what }"
    Delivered: { NUM($delivered) }
    Blocked the bot: { NUM($blocked) }
    Failed: { NUM($failed) }
# One line per reason a message failed, $count how many.
notice-report-failure = { NUM($count) } × { $reason }
notice-report-everyone = everyone registered
notice-report-course = participants of { $course }
notice-report-photo = photo { $caption }
notice-report-document = document { $caption }
notice-report-unreadable = ?

## Enquiries relayed to the coordinators

notice-relay-new = Enquiry #{ $id } — new question
notice-relay-follow-up = Enquiry #{ $id } — follow-up
notice-relay-reopened = Enquiry #{ $id } — follow-up, reopened
# $handle is " (@username)" or nothing; $courses the list below.
notice-relay-from = From: { $name }{ $handle }
    Course: { $courses }
notice-relay-not-registered = not registered
notice-relay-waitlisted = { $course } (wait-listed)
notice-relay-faq-missed = The FAQ answer "{ $question }" did not help.
notice-relay-file-only = (a file, sent next, without a caption)
notice-file-follows = (a file follows)
notice-relay-how-to-answer = Reply to this message to answer, or send /reply { $id } followed by the answer. /close { $id } when it is done.
notice-relay-file = Enquiry #{ $id } — file from { $name }. Reply to this message to answer.

## Answers, to the person who asked

notice-answer = Answer to your enquiry #{ $id } ("{ $question }"):
notice-answer-file-only = The coordinators sent you a file (next message).
notice-answer-footer = If you need more, reply to this message.
notice-answer-file = Enquiry #{ $id } — file from the coordinators.
notice-closed = Your enquiry #{ $id } ("{ $question }") was closed by the coordinators without a written answer. If you still need help, ask again.

## To the coordinators about answers

notice-answered-by = Enquiry #{ $id } was answered by { $coordinator }:
notice-undelivered = ⚠ Enquiry #{ $id }: the answer could not be delivered to { $name } ({ $reason }). /enquiries lists it until an answer gets through.
