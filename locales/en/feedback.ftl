# Session feedback ("How useful was …?") and the course evaluation.
# $title is a session's or a course's title as the programme gives it;
# $rating a number 1–5; $question an evaluation question as the programme
# words it, in the reader's language when it has one.

## After a session (a queued notice, with 1–5 and Skip buttons)

feedback-ask = How useful was "{ $title }" ({ $when })?
    Tap 1 (not useful) to 5 (very useful).
feedback-skip-button = Skip
feedback-rated = How useful was "{ $title }"? Your rating: { $rating }/5. Thank you!
feedback-comment-prompt = Anything to add about "{ $title }"? Write a comment in your next message (up to { NUM($max) } characters), or tap Skip.
    A message ending with "?" is taken as a question for the organisers, as usual.
feedback-comment-saved = Thank you: your comment on "{ $title }" is saved.
feedback-skipped = Fine: nothing more about "{ $title }". Thank you.
feedback-already-rated = You have already answered about "{ $title }" (your rating: { $rating }/5); nothing was changed.
feedback-already-answered = You have already answered about "{ $title }"; nothing was changed.
feedback-too-long = That is { NUM($length) } characters; the limit is { NUM($max) }. Please shorten it and send it again, or tap Skip.
feedback-empty = That message has no text. Write a few words, or tap Skip.

## The course evaluation

evaluation-invite = The course "{ $title }" ({ $course }) is over. Please help us improve the next one: the evaluation has { $count ->
        [one] one question
       *[other] { $count } questions
    } and takes a few minutes.
evaluation-start-button = Start the evaluation
evaluation-progress = Question { $n } of { $total }
evaluation-rating-hint = Tap 1 (poor) to 5 (excellent).
evaluation-text-hint = Write your answer in one message, or tap Skip.
evaluation-skip-button = Skip
evaluation-answered-rating = Your answer: { $rating }/5.
evaluation-answered-skipped = Skipped.
evaluation-done = Thank you! Your evaluation of "{ $title }" is complete; your answers will help shape the next course.
evaluation-closed = This evaluation is closed: answers are no longer taken. Thank you all the same.
evaluation-already-done = You have already completed this evaluation. Thank you!
evaluation-already-answered = That question is already answered.
evaluation-tap-a-number = Please tap a number from 1 to 5 under the question (or send a single digit from 1 to 5).

## Coordinators

command-closeevaluation = close a course's evaluation, with the response counts
closeevaluation-usage = Usage: /closeevaluation COURSE, for example /closeevaluation CECAC-PILOT
closeevaluation-unknown = There is no course { $course }.
closeevaluation-none = The course { $course } has no evaluation: it has no [[course.evaluation]] questions in programme.toml.
closeevaluation-done = The evaluation of { $course } is closed. Completed: { NUM($done) }. Partly answered: { NUM($partly) }. Not started: { NUM($not_started) }.
closeevaluation-again = The evaluation of { $course } was already closed. Completed: { NUM($done) }. Partly answered: { NUM($partly) }. Not started: { NUM($not_started) }.
stats-feedback = Session feedback: { NUM($asked) } asked, { NUM($rated) } rated, { NUM($comments) } with a comment
stats-evaluations = Course evaluations: { NUM($invited) } invited, { NUM($done) } completed
