# /calendar (the programme as an .ics file) and enquiries' forum topics.
# $courses is one or more course codes, $code what was typed, $title a
# course title, $sessions and $cancelled counts; $id an enquiry number,
# $asker the asker's name.

command-calendar = your course programme as a calendar file (.ics) to import
command-calendar-coordinator = a course programme as a calendar file (.ics): /calendar COURSE

calendar-caption = { $courses }: { $sessions ->
        [one] one session
       *[other] { NUM($sessions) } sessions
    }{ $cancelled ->
        [0] {""}
       *[other] , { NUM($cancelled) } cancelled
    }. Open the file to add them to your calendar. If the programme changes, send /calendar again and import the new file: your events are updated, not doubled.
calendar-not-registered = You are not registered for a course yet, so there is no programme to put in your calendar. Register with /register; the courses:
calendar-usage = Which course? Send /calendar followed by its code, e.g. /calendar CECAC-PILOT. The courses:
calendar-unknown-course = There is no course "{ $code }". The courses:
calendar-course-line = • { $code } — { $title }
calendar-no-courses = (no courses in the programme yet)

# The name of an enquiry's topic in a forum staff group (at most 128 characters).
forum-topic-name = #{ $id } — { $asker }
