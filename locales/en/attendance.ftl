# Attendance and certificates (issue 11): check-in from the reminder or with
# the room code, a coordinator's sheet, a trainee's own record, /certificates.

attendance-im-here-button = ✋ I'm here
attendance-reminder-code = Attendance: send /here followed by the code shown in the room (for example /here K7MXP).

## Check-in ("I'm here" and /here CODE)

attendance-recorded = ✅ Marked present at { $title }. Thank you!
attendance-already = You are already marked present at { $title }.
attendance-not-registered = You do not have a place in { $course }, so I cannot mark you present at { $title }. Send /register to join a course.
# $opens is a day and a time.
attendance-not-yet = Check-in for { $title } is not open yet: it opens on { $opens } ({ $zone }).
attendance-closed = Check-in for { $title } has closed. If you were there, please ask a coordinator to mark you present.
attendance-cancelled = { $title } was cancelled: there is no attendance to record.
attendance-here-usage = To check in, send /here followed by the code the coordinator shows in the room, for example /here K7MXP. If your course offers it, you can also tap "I'm here" under the session reminder.
attendance-code-wrong = { $code } is not a valid room code. Please check the code shown in the room and try again ({ $left ->
    [one] one more try
   *[other] { $left } more tries
} before a short pause).
attendance-code-blocked = Too many wrong codes. Please wait { $minutes } min before trying again, or ask a coordinator to mark you present.

## Coordinators: /code and /attendance

attendance-code-usage = Usage: /code SESSION, for example /code d1-opening. Show the code in the room; trainees send /here CODE.
# $opens is a day and a time, $closes a time.
attendance-room-code = Room code for { $title }: { $code }
    Trainees send /here { $code } from { $opens } until { $closes } ({ $zone }).
attendance-sheet-usage = Usage: /attendance SESSION, for example /attendance d1-opening. No session of the last 24 hours to choose from.
attendance-sheet-pick = Whose attendance? Sessions of the last 24 hours:
attendance-sheet-not-open = Attendance for { $title } opens on { $opens } ({ $zone }), with the reminder.
attendance-sheet-empty = Nobody has a place in { $course }: there is no attendance to take.
attendance-sheet-heading = Attendance — { $title }, { $when }
    { $present } present, { $others } absent or not recorded, of { $total }.
    Tap a name to mark them present, ❌ to mark them absent.
attendance-sheet-part = Part { $part } of { $parts }
attendance-sheet-line = { $mark } { $name } — { $status }
attendance-status-none = not recorded
attendance-status-present = present ({ $how })
attendance-status-absent = absent ({ $how })
attendance-method-button = "I'm here"
attendance-method-code = room code
attendance-method-coordinator = by a coordinator
attendance-mark-present = ✅ { $name }
attendance-mark-absent = ❌
attendance-marked = { $name }: { $status }
attendance-no-name = (no name)

## A trainee's own record (/attendance, /profile)

attendance-own-not-registered = You do not have a place in any course, so there is no attendance to show. Send /register to join one.
attendance-own-nothing-held = No session of { $course } has started yet: your attendance will show here.
attendance-own-course = { $course }: present at { $attended } of { $held } sessions so far ({ $percent }%).
attendance-own-present = ✅ { $when } — { $title }
attendance-own-absent = ❌ { $when } — { $title }
attendance-own-certificate-met = You currently meet the certificate requirement ({ $min }% of sessions attended).
attendance-own-certificate-not-met = A certificate needs { $min }% of sessions attended; you are at { $percent }% so far.
attendance-own-no-certificate = This course gives no certificate of attendance.
attendance-profile-line = Attendance, { $course }: { $attended } of { $held } sessions ({ $percent }%). Details: /attendance

## /certificates

attendance-certificates-usage = Usage: /certificates COURSE, for example /certificates CECAC-PILOT.
attendance-certificates-none = { $course } gives no certificate: programme.toml sets no certificate_min_attendance for it.
attendance-certificates-heading = Certificates — { $course }
    Needed: { $min }% of the sessions held. Sessions held so far: { $held }.
attendance-certificates-none-held = No session of { $course } has been held yet.
attendance-certificates-qualify = Qualify ({ $n }):
attendance-certificates-not-yet = Do not qualify yet ({ $n }):
attendance-certificates-nobody = (nobody)
attendance-certificates-line = { $name } — { $percent }% ({ $attended }/{ $held })

## /stats

attendance-stats-codes = Room codes: { $wrong } wrong, { $expired } outside the check-in window.

## Menu descriptions (with the other command-* in participant.ftl)

command-attendance = your attendance so far, and whether you qualify for a certificate
command-attendance-coordinator = take or correct attendance: /attendance [SESSION]
command-here = check in with the room code: /here CODE
command-code = the room code of a session, to show in the room: /code SESSION
command-certificates = who qualifies for a certificate: /certificates COURSE
