# Questions in people's own words: the FAQ's answers and the enquiries
# the coordinators answer. The asker reads their side in their language,
# each coordinator theirs in their own.

## What cannot be passed on

enquiry-non-text = I can pass on text, photos and documents, but not this kind of message. Type your question, or send /help to see what I can do.
enquiry-empty = That message has no words in it. Type your question, or send /help to see what I can do.
# $chars and $max are numbers.
enquiry-too-long = That message is { NUM($chars) } characters long; I pass on at most { NUM($max) }. Please shorten it, or send it as a document with a short caption.
enquiry-unreadable = That message contains characters I can't read (it looks like pasted binary data). Please type your question, or send the file as a document.
ask-usage = Send /ask followed by your question, or simply type the question.
# $minutes: how long to wait.
slow-down = You have sent several messages in the last few minutes. Please wait about { $minutes ->
        [one] a minute
       *[other] { $minutes } minutes
    } before sending more. I have not passed this last one on, so please send it again then.

## Small talk

small-talk-thanks = You're welcome. Ask me anything else about the course whenever you like.
small-talk-hello = Hello! Ask me anything about the course in your own words, for example "When does the course start?", or send /help to see what I can do.

## The FAQ

faq-empty = There are no frequently asked questions yet.
faq-topics = Frequently asked questions — tap one:
# Under an answer; its two buttons follow.
faq-did-it-help = Did this answer your question?
faq-yes = Yes, thanks
faq-no = No
faq-glad = Glad it helped.
faq-button-stale = Type your question again and I'll pass it to the coordinators.
# "Did you mean…?": no entry clearly answers, a few might. One button per
# entry (its question), then faq-suggest-none.
faq-suggest = I'm not sure I understood. Did you mean one of these?
faq-suggest-none = None of these — ask a coordinator
# A second tap on a list whose answer was already given.
faq-suggest-already = You already chose an answer to that question above. If it did not help, tap "No" under it.
# Above an answer that has no version in the reader's language: $lang is
# the language it is in ("en", "fr"), $lang_name that language's own name.
faq-only-in = { $lang ->
    [fr] This answer is only available in French.
   *[other] This answer is only available in { $lang_name }.
}

## Enquiries: the asker's side ($id is the enquiry's number)

enquiry-opened = Thank you. I couldn't find the answer in the FAQ, so I have passed your question to the coordinators as enquiry #{ $id }. Their answer will come here. To add something, reply to this message.
enquiry-opened-after-faq = Sorry that didn't help. I have passed your question to the coordinators as enquiry #{ $id }. Their answer will come here. To add something, reply to this message.
# $numbers: the open ones, "#1, #2, #3".
enquiry-too-many-open = You already have { $count ->
        [one] an open enquiry
       *[other] { $count } open enquiries
    } ({ $numbers }). Please wait for an answer before asking something new; to add to one of them, reply to its message.
enquiry-follow-up-added = Added to enquiry #{ $id }; the coordinators have it.
enquiry-follow-up-reopened = I have reopened enquiry #{ $id } and passed this on to the coordinators.
enquiry-already = Your question is already enquiry #{ $id }; the answer will come here.

## Enquiries: the coordinators' side

enquiry-answer-queued = Your answer to enquiry #{ $id } is on its way to { $asker }.
# $number: as typed ("abc", "#99").
enquiry-no-such = There is no enquiry { $number }. /enquiries lists the open ones.
reply-usage = Send /reply N followed by the answer, for example /reply 12 The venue is Hall A. Or reply to the relayed enquiry itself.
close-usage = Send /close N, for example /close 12, or send /close as a reply to the relayed enquiry.
answer-not-relayable = Only text, photos and documents can be passed on to the person who asked.
not-a-relay = That message is not a relayed enquiry, so I have not passed your reply on. Reply to the enquiry itself, or send /reply N followed by the answer (/enquiries lists the open ones).
enquiry-closed = Enquiry #{ $id } closed.
enquiry-closed-asker-told = Enquiry #{ $id } closed. It had no answer, so the person who asked was told it was closed.
enquiry-already-closed = Enquiry #{ $id } was already closed.
no-open-enquiries = No open enquiries.
# /enquiries: a heading, one line per enquiry, then the footer.
enquiries-heading = Open enquiries ({ NUM($count) }), longest waiting first:
enquiries-more = … and { NUM($count) } more
enquiries-footer = Answer by replying to the relayed message or with /reply N TEXT; /close N when done.
# $waiting: how long, as a duration; $course: the asker's course(s);
# $follow_up: "yes" if the asker added to it.
enquiry-line = #{ $id } · waiting { $waiting } · { $name } ({ $course }){ $follow_up ->
    [yes] { " · follow-up" }
   *[no] { "" }
} — { $question }
enquiry-not-registered = not registered
# Under an enquiry line: its answer could not reach the asker.
enquiry-undelivered = ⚠ not delivered: { $reason }

## Words the bot reads (never shown). Separated by spaces; accents and case
## do not matter. Someone may mix languages, so small talk is recognised in
## every language's words.

# Words that carry no topic in a question; the FAQ matcher ignores them.
# "who" is not one: it asks for a person (the contact, the experts).
faq-stopwords =
    a an the is are am was were be been do does did i me my we our you your it its this that there
    to of for in on at by with and or if what when where which why how can could will would shall
    should may any some please tell know need want get have has about from sir madam hello hi dear
    so then s t m d ll ve re don e
    le la les un une des du de est et je mon ma mes nous vous quand ou comment pour quel quelle quels
    quelles que qui il elle ce sur au aux en pas ne y
# A thank-you: at least one of the first list, nothing outside both.
small-talk-thanks-words = thanks thank thx ty ok okay noted understood shukriya shukria jazakallah
small-talk-thanks-fillers =
    appreciated great perfect fine got it received you so much a lot very many sir madam dear all
    good nice well cool
# A greeting: at least one of the first list, nothing outside both.
small-talk-greeting-words =
    hi hello hey greetings morning afternoon evening salam salaam assalam assalamu assalamualaikum
    aoa
small-talk-greeting-fillers = good dear sir madam there all everyone o alaikum
