# How the FAQ learns from coordinators: a relayed enquiry filed under a FAQ
# entry with one tap ("This is FAQ entry…"), and /learn, which offers the
# questions whose askers said a FAQ answer helped. $question is what the
# asker typed; $topic an entry's question in the reader's language.

## Under a relayed enquiry, and what the other coordinators are told

learn-relay-button = This is FAQ entry…
notice-filed-by = Enquiry #{ $id } was filed by { $coordinator } under the FAQ entry "{ $topic }"; its answer is on its way to the asker.

## The picker

learn-picker-enquiry = Enquiry #{ $id }: which FAQ entry answers it? Its answer goes to the asker, and the question becomes an example of the entry.

    "{ $question }"
learn-picker-question = Which FAQ entry does this question belong to?

    "{ $question }"
# Under the list of entries: $page and $pages are numbers.
learn-picker-page = Entries: page { $page } of { $pages }; the likeliest come first.
learn-picker-more = More entries ›
learn-picker-back = ‹ Back
learn-picker-cancel = Cancel
learn-picker-cancelled = Nothing was filed.
learn-filed = Filed under "{ $topic }". The answer is on its way to { $asker } as the answer to enquiry #{ $id }, and questions worded like this one are now answered from that entry.
learn-already-answered = Enquiry #{ $id } has already been answered or closed, so nothing was filed.
learn-already-filed = That question has already been filed or reviewed; nothing was changed.
learn-gone = That question is no longer there (its asker may have asked to be forgotten).
learn-stale = The FAQ has changed since this list was made (a /reload), so nothing was filed. Pick again from the new list.
learn-no-entries = There are no FAQ entries to file it under.

## /learn

learn-none = No helpful questions are waiting. When a participant says a FAQ answer helped, their question is offered here, to add as an example of that entry.
learn-offer = { $count ->
        [one] One helpful question is waiting:
       *[other] { NUM($count) } helpful questions are waiting. The first:
    }

    "{ $question }"

    It was answered with "{ $topic }", and the asker said it helped. Add it as an example of that entry, so that questions worded like it are answered at once?
learn-add = Add as an example of "{ $topic }"
learn-another = Another entry…
learn-not-example = Not an example
learn-added = Added: "{ $question }" is now an example of "{ $topic }".
learn-dismissed = Not added: "{ $question }" will not be offered again.

## faq-export (a faq.toml snippet, printed for the operator)

# Comment lines at the top of the snippet.
faq-export-heading = FAQ examples filed by coordinators ({ NUM($count) } in all), in faq.toml's shape.
    Add each entry's examples to the entry with the same id in faq.toml.
faq-export-none = No filed examples.
