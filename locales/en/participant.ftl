# What participants read: the welcome, /help, the registration dialogue,
# /profile, /withdraw, /forgetme, /mydata, the programme (/schedule, /today,
# /next), their settings (/timezone, /reminders, /digest, /language), and
# the command menus (participants' and coordinators').
#
# Dates, times and numbers come in already written (from common.ftl).
# Text people typed is passed in as it is, clipped when quoted back.

## Anywhere

not-allowed = Sorry, that command is for the programme's coordinators only.
nothing-to-cancel = There is nothing to cancel. Send /help to see what I can do.
cancelled = Cancelled. Nothing was changed.
# $command is what they typed, e.g. /frobnicate.
unknown-command = I don't know the command { $command }. Send /help to see what I can do.

# $programme is the programme's name, $contact its e-mail address.
welcome =
    Welcome to the { $programme } assistant.

    I can register you for a course, show the programme and remind you before each session.

    Privacy: I store what you tell me (name, administration, position, e-mail, course, settings and the questions you ask) so the coordinators can run the course. /mydata shows all of it; /forgetme deletes it. Questions about your data: { $contact }.

    Send /register to register, /schedule for the programme, /help for everything else. /language changes the language I write in.

## /help and the command menus

# $commands is one line per command, each a command-line below.
help-participant =
    What I can do:
    { $commands }
help-coordinator =
    Coordinator commands:
    { $own }

    Participant commands (you can use them too):
    { $participant }
command-line = /{ $command } — { $description }

# Descriptions in Telegram's command menu and in /help (at most 256 characters).
command-start = welcome and privacy notice
command-register = register for a course
command-profile = your details, with buttons to change them
command-withdraw = leave a course
command-schedule = the course programme, day by day
command-today = today's sessions
command-next = the next session
command-reminders = reminders on or off: /reminders on|off
command-digest = time of your daily digest: /digest HH:MM
command-timezone = your time zone: /timezone Area/City
command-language = the language I write to you in
command-faq = frequently asked questions
command-ask = ask the coordinators a question: /ask TEXT
command-mydata = everything stored about you
command-forgetme = delete your personal data
command-help = this list
command-cancel = leave the current dialogue
command-broadcast = send an announcement to everyone or one course
command-broadcasts = recent broadcasts and their progress
command-registrations = counts by status and the list: /registrations [CODE]
command-export = the roster as a CSV file: /export [CODE]
command-reload = re-import programme.toml and faq.toml
command-stats = registrations, messages sent, enquiries
command-move = move a session: /move ID YYYY-MM-DD HH:MM
command-room = change a session's room: /room ID TEXT
command-cancelsession = cancel a session: /cancelsession ID
command-enquiries = open enquiries, longest waiting first
command-reply = answer an enquiry: /reply N TEXT (or reply to the relayed message)
command-close = close an enquiry: /close N
command-learn = helpful questions to add as FAQ examples
command-help-coordinator = commands for coordinators

## Registration

ask-name = What is your full name, as it should appear on your certificate?
ask-administration = Which administration (organisation) do you work for? For example: Pakistan Customs.
ask-position = What is your position? For example: Assistant Collector.
ask-email = What is your e-mail address?
ask-course = Which course are you registering for?
no-open-courses = No course is open for registration at the moment. If you were invited, use the link in your invitation.
use-the-buttons = Please use the buttons above: Confirm, or Edit to change something. Send /cancel to stop.
pick-a-course = Please choose a course with the buttons above, or send /cancel to stop.
which-field = What would you like to change?
button-confirm = Confirm
button-edit = Edit
button-name = Name
button-administration = Administration
button-position = Position
button-email = E-mail
button-course = Course
# $prompt is the question being answered (ask-name…).
text-expected = Please answer with text. { $prompt }
# $reason is one of the reason-… messages below.
invalid-name = Your name { $reason }. Please send your full name again.
invalid-administration = The administration { $reason }. Please send it again.
invalid-position = The position { $reason }. Please send it again.
invalid-email = "{ $typed }" doesn't look like an e-mail address (like name@example.org). Please send it again.
unknown-course = I don't know the course "{ $code }".
course-invite-only = The course { $code } is by invitation only. Please use the link in your invitation.
course-closed = The course { $code } is no longer in the programme.
# A course on a button, in the summary and in the programme.
course-label = { $code } — { $title }
summary =
    Please check your registration:

    Name: { $name }
    Administration: { $administration }
    Position: { $position }
    E-mail: { $email }
    Course: { $course }

    Is everything right?
registered = You are registered for { $code } — { $title }. Send /schedule to see the programme; I will remind you before each session.
# $position is their place on the waiting list (1 is next).
waitlisted = { $code } — { $title } is full, so you are on the waiting list (number { $position }). I will tell you as soon as a place frees up.
already-waitlisted = You are already on the waiting list for { $code }.
already-registered = You are already registered for { $code }. Send /profile to see your details.

## Why a typed value was refused: they follow "Your name", "The position"…

# $min, $max and $got are numbers of characters.
reason-length = must be between { $min } and { $max } characters (got { $got })
reason-control-characters = must not contain control characters
reason-line-break = must be on one line (no line breaks)
reason-bidi-control = must not contain characters that reorder text (U+202A–U+202E, U+2066–U+2069); right-to-left script itself is fine
reason-invisible =
    { $min ->
        [one] must contain at least { $min } visible character
       *[other] must contain at least { $min } visible characters
    }
reason-email = is not a valid e-mail address
reason-course-code = must be 3–32 characters: capital letters, digits and '-'
reason-identifier = must be 1–{ $max } characters: lower-case letters, digits and '-'
reason-zone = is not an IANA time zone such as Asia/Karachi or Europe/Brussels
reason-local-time = must be a time of day as HH:MM (24-hour clock)
reason-quiet-hours = must be two times as HH:MM-HH:MM
reason-date-time = must be a date and time as YYYY-MM-DD HH:MM
# $first and $last are years.
reason-year = must be in a year from { $first } to { $last }, written with four digits
reason-date = is not a real date (check the month and the day)
reason-time-of-day = must have a time of day as HH:MM on a 24-hour clock
reason-enrolment = must be "open" or "invite"
reason-language = must be a language code such as "en" or "fr"
reason-rating = must be a whole number from 1 to 5

## /profile

no-profile = I have no details about you yet. Send /register to register for a course.
field-saved = Saved.
# A profile field with no value.
not-set = —
# $reminders is "on" or "off"; $courses is one profile-course line each, or
# profile-no-courses; $language is profile-language-chosen or -automatic.
profile =
    Your details:

    Name: { $name }
    Administration: { $administration }
    Position: { $position }
    E-mail: { $email }
    Time zone: { $zone }
    Reminders: { $reminders ->
        [on] on
       *[off] off
    }
    Daily digest: { $digest }
    Language: { $language }

    Courses:
    { $courses }

    Tap a button to change a field, or send /language to change the language.
profile-course = { $course }: { $status }
profile-no-courses = none yet — send /register
profile-language-chosen = { $language } (chosen with /language)
profile-language-automatic = { $language } (automatic)
# $status is "registered", "waitlisted" or "withdrawn".
registration-status =
    { $status ->
        [registered] registered
        [waitlisted] waiting list
       *[withdrawn] withdrawn
    }
button-edit-name = Edit name
button-edit-administration = Edit administration
button-edit-position = Edit position
button-edit-email = Edit e-mail

## /withdraw

nothing-to-withdraw = You are not registered for any course.
withdraw-which = Which course do you want to leave? Your registration is kept as withdrawn for the record.
button-keep-my-place = Keep my place
kept = Fine, nothing changed.
button-leave = Leave { $code }
withdrawn = You have left { $code }. You can register again with /register while it has places.
not-in-course = You are not registered for { $code }.

## /forgetme and /mydata

forget-confirm = This deletes your name, administration, position, e-mail, registrations, settings, questions and enquiries, and every message I sent you or still had to send. Coordinators will no longer see you on the roster. Are you sure?
button-forget-yes = Yes, delete my data
button-forget-no = No, keep it
forgotten = Your personal data has been deleted. Send /start if you want to come back.
mydata-caption = Everything I store about you, as a JSON document.

## The programme: /schedule, /today, /next

not-registered-showing-all = You are not registered for a course yet, so here is the whole programme.
no-sessions = No sessions are scheduled.
# $course is a course-label; $zone an IANA zone name.
schedule-course-heading =
    { $course }
    { $location }
    Times in { $zone }
# $start and $end are times; each -with- message adds to a $line.
session-line = { $start }–{ $end }  { $title }
session-line-with-speaker = { $line } — { $speaker }
session-line-with-room = { $line } ({ $room })
session-line-cancelled = { $line } [cancelled]
# A session of one of several courses, in /today.
session-line-of-course = [{ $code }] { $line }
# $date is a date with the year ("Tuesday 9 February 2021").
no-sessions-today = No sessions today ({ $date }).
today-heading = Today, { $date } (times in { $zone }):
no-next-session = There are no more sessions scheduled.
# $when is next-in or next-in-days; $date a date heading; $line a session line.
next-session =
    Next session ({ $code }), { $when }:
    { $date }
    { $line }
# $duration is a duration as people say it ("1 h 30 min").
next-in = in { $duration }
next-in-days =
    { $days ->
        [one] in { $days } day
       *[other] in { $days } days
    }

## /timezone, /reminders, /digest

timezone-usage = Your time zone is { $zone }. To change it, send /timezone Area/City, for example /timezone Asia/Karachi or /timezone Europe/Brussels.
timezone-unknown = "{ $typed }" is not a time zone I know. Use the Area/City form, for example Asia/Karachi, Europe/Brussels or America/New_York.
# $time is the time there now.
timezone-set = Your time zone is now { $zone } (it is { $time } there). Times and reminders follow it.
reminders-on = Reminders are on: you get a daily digest and a reminder before each session. Send /reminders off to stop them.
reminders-off = Reminders are off. Send /reminders on to get them again.
reminders-usage = Send /reminders on or /reminders off.
digest-usage = Your daily digest comes at { $time }. To change it, send /digest HH:MM, for example /digest 06:30.
digest-set = Your daily digest will come at { $time } ({ $zone }) on days with sessions.
# Added after digest-set; $start and $end are the quiet hours' ends.
digest-in-quiet-hours = That is inside the quiet hours ({ $start }-{ $end }), so it will arrive at { $end }.
digest-invalid = "{ $typed }" is not a time. Send /digest HH:MM, for example /digest 06:30.

## /language

# What people may type after /language to choose this language (besides
# its code and its name), separated by commas, in lower case.
language-words = english, anglais
# What people may type after /language to go back to the automatic choice,
# in this language.
language-automatic-words = auto, automatic, default
# $chosen is "yes" if they chose the language with /language.
language-menu =
    { $chosen ->
        [yes] I write to you in English, as you chose.
       *[no] I write to you in English, the language your Telegram is set to (or your course's).
    }
    Tap a language to choose it, or Automatic to follow your Telegram's language.
button-language-automatic = Automatic (as my Telegram)
# Said in the language just chosen.
language-set = From now on I write to you in English.
language-set-automatic = Language set to automatic: I follow your Telegram's language, else your course's. For now that is English.
# $typed is what they sent; $languages the list of language-option.
language-unknown = I don't write in "{ $typed }". I can write in: { $languages }. Or send /language auto to follow your Telegram's language.
language-option = { $name } (/language { $code })
