# The course report: /report COURSE and `copes-bot report COURSE --out DIR`.
# $course is a course code, $title a title; $pct, $mean and $value numbers
# already written the reader's way (report-decimal, report-percent).

command-report = the course report (attendance, ratings, evaluation, FAQ gaps): /report COURSE

report-usage = Which course? Send /report followed by its code, e.g. /report CECAC-PILOT.
report-unknown-course = There is no course "{ $course }". /registrations lists the courses.
report-no-sessions = { $course } has no sessions yet, so there is nothing to report.
report-csv-caption = { $course }: one row per session (attendance, ratings, comments).
report-evaluation-csv-caption = { $course }: every written answer to the course evaluation.
report-chart-caption = { $course }: attendance and mean rating per session.
report-snippet-caption = { $course }: suggested faq.toml additions, ready to paste.

## Numbers

report-decimal = .
report-percent = { $value }%
report-day-tick = D{ $day }

## The summary

report-heading = Course report — { $course }: { $title }
report-sessions = { $held ->
        [one] One session held
       *[other] { NUM($held) } sessions held
    } of { NUM($total) }{ $cancelled ->
        [0] {""}
       *[other] , { NUM($cancelled) } cancelled
    }{ $upcoming ->
        [0] {""}
       *[other] , { NUM($upcoming) } still to come
    }; { NUM($registered) } registered.
report-attendance = Attendance: { $pct } on average.
report-attendance-none = Attendance: no session held yet.
report-trend = First half of the course { $first }, second half { $second }: { $direction ->
        [up] rising.
        [down] falling.
       *[steady] steady.
    }
report-by-day = By day: { $days }
report-ratings = Ratings: { $count ->
        [0] none yet.
        [one] one, { $mean } out of 5.
       *[other] { NUM($count) }, { $mean } out of 5 on average.
    }
report-best = Best session: { $title } (day { $day }), { $mean } from { NUM($count) } ratings.
report-weakest = Weakest session: { $title } (day { $day }), { $mean } from { NUM($count) } ratings.
report-few-ratings = Best and weakest sessions: no session has { $min } ratings yet.
report-weakest-comments = Said about it:
report-comments = { $count ->
        [0] No comments on sessions.
        [one] One comment on sessions, in the CSV file.
       *[other] { NUM($count) } comments on sessions, in the CSV file.
    }
report-certificates = Certificates: { NUM($qualify) } of { NUM($registered) } trainees have attended at least { $pct } of the sessions held.

report-evaluation-heading = Course evaluation: { NUM($done) } of { NUM($invited) } answered.
report-evaluation-none = Course evaluation: not sent yet.
report-evaluation-rating = • { $question } — { $count ->
        [0] no answers yet.
       *[other] { $mean } out of 5 from { NUM($count) } ({ $distribution }).
    }
report-evaluation-text = • { $question } — { $count ->
        [0] no answers yet.
        [one] one answer:
       *[other] { NUM($count) } answers{ $shown ->
            [0] {":"}
           *[other] , the first { NUM($shown) }:
        }
    }
report-quote = “{ $text }”
report-quote-named = { $name }: “{ $text }”
report-more = … and { NUM($count) } more.

report-gaps-heading = FAQ gaps: { $count ->
        [0] no questions from this cohort went to the coordinators.
        [one] one question from this cohort went to the coordinators.
       *[other] { NUM($count) } questions from this cohort went to the coordinators.
    }
report-gap-filed = • { $topic } — { NUM($count) } (filed by a coordinator)
report-gap-closest = • { $topic } — { NUM($count) } (nearest FAQ entry; not filed)
report-gap-none = • No FAQ entry near — { NUM($count) }
report-unhelpful-heading = FAQ answers marked "not helpful":
report-unhelpful = • { $topic } — { $count ->
        [one] once
       *[other] { NUM($count) } times
    }
report-snippet-attached = Suggested faq.toml entries are in the attached file, ready to paste.

## The CSV header, column by column

report-col-session = Session
report-col-date = Date
report-col-title = Title
report-col-present = Present
report-col-present-pct = Present %
report-col-ratings = Ratings
report-col-mean = Mean rating
report-col-r1 = Rated 1
report-col-r2 = Rated 2
report-col-r3 = Rated 3
report-col-r4 = Rated 4
report-col-r5 = Rated 5
report-col-comments = Comments
report-col-question-id = Question id
report-col-question = Question
report-col-answer = Answer

## The chart

report-chart-title = { $course }: attendance and rating per session
report-chart-x = Sessions, by course day
report-chart-attendance = Attendance (% of registered)
report-chart-rating = Mean rating (1–5)
report-chart-attendance-legend = Attendance %
report-chart-rating-legend = Mean rating
report-chart-nothing = No session held yet

## The faq.toml snippet's comments

report-snippet-heading = Suggested FAQ additions from the questions of { $course } ({ $count ->
        [one] one enquiry
       *[other] { NUM($count) } enquiries
    }).
    Paste into faq.toml: merge each "examples" into the entry with that id,
    write the question, keywords and answer of each new entry, then /reload.
report-snippet-filed = { $id } — { $topic }: { NUM($count) } asked, filed by a coordinator.
report-snippet-closest = { $id } — { $topic }: { NUM($count) } asked; closest entry, check before adding.
report-snippet-new = New entry: nothing in the FAQ is near this question. Write its question, keywords and answer.
report-snippet-new-lang = New entry: nothing in the FAQ is near this question (asked in { $language }). Write its question, keywords and answer.
report-snippet-unhelpful = Answers marked "not helpful" by this cohort (reword them):
report-snippet-unhelpful-entry = { $id } — { $count ->
        [one] once
       *[other] { NUM($count) } times
    }, e.g. "{ $question }"
