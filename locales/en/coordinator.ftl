# What coordinators read: /registrations, /export, /reload, /stats, the
# session commands (/move, /room, /cancelsession), the /broadcast dialogue
# and /broadcasts. Rendered by src/i18n/coordinator.rs in the coordinator's
# own language.
#
# Numbers go through NUM() so they are grouped as people here write them;
# course codes, session ids, time zones (Asia/Karachi) and the date form
# YYYY-MM-DD HH:MM are typed by people and stay as they are.

## Shared by the coordinator's commands

coordinator-unknown-course = I don't know the course "{ $code }".
coordinator-invalid-course-arg = "{ $typed }" is not a course code. Send the command alone for all courses.
# A course as a heading: "CECAC-PILOT — CECAC pilot course…".
coordinator-course = { $code } — { $title }
coordinator-course-inactive = { $code } — { $title } (no longer in the programme)

## /registrations

coordinator-registrations = Registrations:

    { $lines }
coordinator-no-registrations = No registrations yet.
# Under each course's heading.
coordinator-registrations-counts = { $registered ->
        [one] { NUM($registered) } participant registered
       *[other] { NUM($registered) } participants registered
    } for { $capacity ->
        [one] { NUM($capacity) } place
       *[other] { NUM($capacity) } places
    }, { NUM($waitlisted) } on the waiting list, { NUM($withdrawn) } withdrawn
# One person: "1. Ayesha Khan — Assistant Collector, Pakistan Customs — a@b.org [registered]".
coordinator-registrations-line = { $n }. { $name } — { $position }, { $administration } — { $email } [{ $status }]
coordinator-status-registered = registered
coordinator-status-waitlisted = waiting list
coordinator-status-withdrawn = withdrawn
# Shown for a detail nobody gave.
coordinator-missing = —

## /export

coordinator-export-caption = Roster ({ $scope }): { $rows ->
        [one] { NUM($rows) } row
       *[other] { NUM($rows) } rows
    }. UTF-8 CSV; opens in a spreadsheet.
coordinator-export-all-courses = all courses
# The CSV's header row, column by column (keep the order), and the status
# column's values. Spreadsheets and scripts read these: one word or
# snake_case, no commas.
export-column-course = course
export-column-status = status
export-column-telegram-user-id = telegram_user_id
export-column-telegram-username = telegram_username
export-column-full-name = full_name
export-column-administration = administration
export-column-position = position
export-column-email = email
export-column-timezone = timezone
export-column-created-at = created_at
export-column-registered-at = registered_at
export-column-waitlisted-at = waitlisted_at
export-column-withdrawn-at = withdrawn_at
export-status-registered = registered
export-status-waitlisted = waitlisted
export-status-withdrawn = withdrawn

## /reload

# $error names the file and the key, e.g. "programme.toml: course[0].code: …".
coordinator-reload-failed = Reload refused, nothing was changed:
    { $error }
coordinator-reload-unchanged = Reloaded: nothing changed.
coordinator-reload-report = Reloaded.
    { $courses }
    { $sessions }
    { $faq }
coordinator-reload-courses = Courses: { $parts }
coordinator-reload-sessions = Sessions: { $parts }
coordinator-reload-faq = FAQ: { $parts }
coordinator-reload-nothing = unchanged
# $ids: the ids concerned, comma-separated.
coordinator-reload-added = added { NUM($count) } ({ $ids })
coordinator-reload-changed = changed { NUM($count) } ({ $ids })
coordinator-reload-removed = removed { NUM($count) } ({ $ids })

## /stats

coordinator-stats = Statistics

    { $lines }
coordinator-stats-course = { $code }: registered { NUM($registered) }/{ NUM($capacity) }, waiting list { NUM($waitlisted) }, withdrawn { NUM($withdrawn) }
coordinator-stats-total = All courses: registered { NUM($registered) }, waiting list { NUM($waitlisted) }, withdrawn { NUM($withdrawn) }
coordinator-stats-messages = { $label }: sent { NUM($sent) }, waiting { NUM($waiting) }, blocked the bot { NUM($blocked) }, failed { NUM($failed) }
coordinator-stats-messages-dropped = { $label }: sent { NUM($sent) }, waiting { NUM($waiting) }, blocked the bot { NUM($blocked) }, failed { NUM($failed) }, dropped { NUM($dropped) }
coordinator-stats-messages-missed = { $label }: sent { NUM($sent) }, waiting { NUM($waiting) }, blocked the bot { NUM($blocked) }, failed { NUM($failed) }, missed while the bot was down { NUM($dropped) }
coordinator-stats-kind-reminder = Reminders
coordinator-stats-kind-digest = Daily digests
coordinator-stats-kind-change = Change notices
coordinator-stats-kind-broadcast = Broadcast messages
coordinator-stats-kind-notice = Other notices
coordinator-stats-kind-enquiry = Enquiry relays
coordinator-stats-kind-answer = Answers to enquiries
coordinator-stats-kind-reply = Replies queued when Telegram was away
# $median is a duration ("3 h 05 min") or coordinator-stats-none-answered.
coordinator-stats-enquiries = Enquiries: opened { NUM($opened) }, open now { NUM($open) }, answered by a coordinator { NUM($answered) }, closed without an answer { NUM($closed_unanswered) }
    Questions answered from the FAQ: { NUM($auto_answered) } (helpful { NUM($helpful) }, not helpful { NUM($not_helpful) })
    Median time to the first answer: { $median }
coordinator-stats-none-answered = none answered yet
coordinator-stats-learning = FAQ examples filed by coordinators: { NUM($from_enquiries) } from enquiries, { NUM($confirmed) } from helpful questions; helpful questions waiting in /learn: { NUM($waiting) }
# How the FAQ matcher routed questions: answered outright, "Did you
# mean…?" offered, of those an entry picked, and "none of these".
coordinator-stats-faq-bands = FAQ matcher: answered outright { NUM($outright) }, "Did you mean…?" offered { NUM($suggested) } (an entry picked { NUM($picked) }, none of these { NUM($none) })

## /move, /room, /cancelsession

coordinator-move-usage = Usage: /move SESSION-ID YYYY-MM-DD HH:MM — the course's local time on a 24-hour clock, a year from 2000 to 2100. For example: /move d1-opening 2021-02-10 09:30
coordinator-room-usage = Usage: /room SESSION-ID new room
coordinator-cancel-usage = Usage: /cancelsession SESSION-ID
coordinator-no-such-session = There is no session "{ $id }". /schedule shows the programme; ids are in programme.toml.
# $problem is one of the coordinator-date-* messages below.
coordinator-bad-move-time = Nothing was changed: "{ $typed }" { $problem }.
    { coordinator-move-usage }
# $when is a date and a time, from coordinator-at.
coordinator-move-gap = { $when } does not exist in { $zone } (the clocks skip it). Choose another time.
coordinator-session-unchanged = Nothing changed for { $id }.
# $when: coordinator-session-when or coordinator-session-when-room.
coordinator-session-changed = Done: { $title }, { $when }. { $told ->
        [one] { NUM($told) } participant will be told now.
       *[other] { NUM($told) } participants will be told now.
    }
coordinator-session-cancelled = Done: { $title } on { $date } is cancelled. { $told ->
        [one] { NUM($told) } participant will be told now.
       *[other] { NUM($told) } participants will be told now.
    }
coordinator-session-when = { $date }, { $start }–{ $end } ({ $zone })
coordinator-session-when-room = { $date }, { $start }–{ $end } ({ $zone }), { $room }

# What is wrong with a typed date and time; each follows the date as typed
# ("2021-02-30 09:00" is not a real date…).
coordinator-date-form = must be a date and time as YYYY-MM-DD HH:MM
coordinator-date-year = must be in a year from { $first } to { $last }, written with four digits
coordinator-date-not-real = is not a real date (check the month and the day)
coordinator-date-time-of-day = must have a time of day as HH:MM on a 24-hour clock
coordinator-date-gap = does not exist in { $zone } (the clocks skip it)
coordinator-date-past = is not in the future
# A date and a time: "Tuesday 9 February 2021, 12:30".
coordinator-at = { $date }, { $time }

## /broadcast

broadcast-audience = Who should receive the announcement?
broadcast-everyone = Everyone registered
broadcast-course-closed = The course { $code } is no longer in the programme.
broadcast-ask-message = Send the announcement: text, or a photo or document with a caption. /cancel stops.
broadcast-text-or-file = Please send text, a photo or a document (with a caption if you like).
broadcast-caption-too-long = Captions can be at most { NUM($max) } characters. Send a shorter one, or the text on its own.
broadcast-use-the-buttons = Please use the buttons above, or send /cancel to stop.
broadcast-preview-above = Preview above.
# Buttons.
broadcast-send-now = Send now
broadcast-send-to-everyone-now = Send to everyone now
broadcast-schedule = Schedule
broadcast-cancel = Cancel
broadcast-cancelled = Broadcast cancelled; nothing was sent.
# Who it goes to, inside broadcast-confirm and /broadcasts.
broadcast-audience-everyone = everyone registered
broadcast-audience-course = participants of { $code }
broadcast-confirm = To: { $audience } ({ $recipients ->
        [one] { NUM($recipients) } person
       *[other] { NUM($recipients) } people
    } right now). Send it?
# $when is one of the broadcast-quiet-end-* messages.
broadcast-confirm-quiet = To: { $audience } ({ $recipients ->
        [one] { NUM($recipients) } person
       *[other] { NUM($recipients) } people
    } right now).
    { $held ->
        [one] { NUM($held) } of them is
       *[other] { NUM($held) } of them are
    } inside their quiet hours: with Send now they get it when those end, { $when }. "{ broadcast-send-to-everyone-now }" delivers to them at once as well.
    Send it?
# When the quiet hours of those a broadcast waits for end, in the
# coordinator's zone; $day is a date like "Tuesday 9 February".
broadcast-quiet-end = from { $time } on { $day } ({ $zone })
broadcast-quiet-end-same-day = from { $first } to { $last } on { $day } ({ $zone })
broadcast-quiet-end-two-days = from { $first } on { $first_day } to { $last } on { $last_day } ({ $zone })
broadcast-ask-time = When? Send a date and time in { $zone } as YYYY-MM-DD HH:MM on a 24-hour clock, for example 2021-02-10 08:00.
# $problem is one of the coordinator-date-* messages.
broadcast-bad-time = "{ $typed }" { $problem }. Send a future date and time in { $zone } as YYYY-MM-DD HH:MM on a 24-hour clock (a year up to 2100), for example 2021-02-10 08:00.
broadcast-queued = Broadcast #{ $id } is on its way to { $recipients ->
        [one] { NUM($recipients) } person
       *[other] { NUM($recipients) } people
    }. You will get a report when delivery ends; /broadcasts shows progress.
broadcast-queued-quiet = Broadcast #{ $id } is on its way to { $recipients ->
        [one] { NUM($recipients) } person
       *[other] { NUM($recipients) } people
    }; { $held ->
        [one] { NUM($held) } of them is
       *[other] { NUM($held) } of them are
    } inside their quiet hours and will get it { $when }. You will get a report when delivery ends; /broadcasts shows progress.
# $when is coordinator-at with the zone: "Tuesday 9 February 2021, 12:30 (Asia/Karachi)".
broadcast-scheduled = Broadcast #{ $id } is scheduled for { $when } ({ $zone }). /broadcasts shows it.

## A broadcast in several languages
# $language is a language code ("en", "fr"); $name is that language's name
# in itself ("Español"), for a language this file does not name yet.

# A language's name, in lists ("English, French").
broadcast-language = { $language ->
        [en] English
        [fr] French
       *[other] { $name }
    }
# The button under the preview.
broadcast-add-version = { $language ->
        [en] Add an English version
        [fr] Add a French version
       *[other] Add a version in { $name }
    }
# Asked after that button; the main version was text.
broadcast-ask-version-text = { $language ->
        [en] Send the English version of the text.
        [fr] Send the French version of the text.
       *[other] Send the version in { $name } of the text.
    } Participants who read it get that one; everyone else the first. /cancel stops.
# The main version was a photo or a document.
broadcast-ask-version-file = { $language ->
        [en] Send the English caption as text (the same file goes with it), or a photo or document with an English caption.
        [fr] Send the French caption as text (the same file goes with it), or a photo or document with a French caption.
       *[other] Send the caption in { $name } as text (the same file goes with it), or a photo or document with its own caption.
    } /cancel stops.
broadcast-version-needs-text = The announcement is text, so please send this version as text too.
# Above each version in the preview.
broadcast-version-main = { $language ->
        [en] English version, for everyone without a version in their language:
        [fr] French version, for everyone without a version in their language:
       *[other] Version in { $name }, for everyone without a version in their language:
    }
broadcast-version-other = { $language ->
        [en] English version, for those who read English:
        [fr] French version, for those who read French:
       *[other] Version in { $name }, for those who read it:
    }
# After a preview of several versions; $languages lists them (broadcast-language).
broadcast-preview-versions = Preview above: the versions in { $languages }. Each participant gets the version in their language, and everyone else the { $main } one.
# Two or more names: "English and French", "English, French and Spanish".
broadcast-list-and = { $rest } and { $last }

## /broadcasts

broadcasts-none = No broadcasts yet.
# $languages: the versions' languages ("English, French"); $what: the start of the text.
broadcasts-summary = #{ $id } to { $audience }: "{ $what }"
broadcasts-summary-languages = #{ $id } to { $audience } ({ $languages }): "{ $what }"
broadcasts-photo = photo { $caption }
broadcasts-document = document { $caption }
broadcasts-line = { $summary } — { $state }: delivered { NUM($delivered) }, blocked the bot { NUM($blocked) }, failed { NUM($failed) }, waiting { NUM($waiting) }
broadcasts-state-scheduled = scheduled
broadcasts-state-queued = queued
broadcasts-state-done = done
broadcasts-state-cancelled = cancelled
