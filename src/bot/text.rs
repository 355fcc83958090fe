//! Every user-visible string. Tests assert against these, and a translation
//! later replaces this module alone. Messages are sent as plain text (no parse
//! mode), so whatever people typed is shown back exactly.



pub const NON_TEXT: &str = "I can pass on text, photos and documents, but not this kind of message. \
     Type your question, or send /help to see what I can do.";
pub const EMPTY_MESSAGE: &str =
    "That message has no words in it. Type your question, or send /help to see what I can do.";

pub const ASK_USAGE: &str = "Send /ask followed by your question, or simply type the question.";
pub const FAQ_YES: &str = "Yes, thanks";
pub const FAQ_NO: &str = "No";
pub const FAQ_GLAD: &str = "Glad it helped.";

pub fn faq_answer(question: &str, answer: &str) -> String {
    format!("{question}\n\n{answer}\n\nDid this answer your question?")
}

// --------------------------------------------------------------- enquiries

pub const UNREADABLE_MESSAGE: &str = "That message contains characters I can't read (it looks like pasted binary \
     data). Please type your question, or send the file as a document.";
pub const YOU_ARE_WELCOME: &str = "You're welcome. Ask me anything else about the course whenever you like.";
pub const HELLO: &str = "Hello! Ask me anything about the course in your own words, for example \
     \"When does the course start?\", or send /help to see what I can do.";
pub const FAQ_BUTTON_STALE: &str = "Type your question again and I'll pass it to the coordinators.";

pub fn question_too_long(chars: usize, max: usize) -> String {
    format!(
        "That message is {chars} characters long; I pass on at most {max}. Please shorten it, or send it as a \
         document with a short caption."
    )
}

pub fn slow_down(minutes: i64) -> String {
    format!(
        "You have sent several messages in the last few minutes. Please wait about {minutes} minutes before \
         sending more. I have not passed this last one on, so please send it again then."
    )
}

fn numbers(ids: &[i64]) -> String {
    ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
}

pub fn enquiry_opened(id: i64, after_faq: bool) -> String {
    let lead = if after_faq {
        "Sorry that didn't help. I have passed your question to the coordinators"
    } else {
        "Thank you. I couldn't find the answer in the FAQ, so I have passed your question to the coordinators"
    };
    format!("{lead} as enquiry #{id}. Their answer will come here. To add something, reply to this message.")
}

pub fn too_many_open(ids: &[i64]) -> String {
    format!(
        "You already have {} open enquiries ({}). Please wait for an answer before asking something new; to add \
         to one of them, reply to its message.",
        ids.len(),
        numbers(ids)
    )
}

pub fn follow_up_added(id: i64, reopened: bool) -> String {
    if reopened {
        format!("I have reopened enquiry #{id} and passed this on to the coordinators.")
    } else {
        format!("Added to enquiry #{id}; the coordinators have it.")
    }
}

pub fn already_enquiry(id: i64) -> String {
    format!("Your question is already enquiry #{id}; the answer will come here.")
}

pub fn answer_queued(id: i64, asker: &str) -> String {
    format!("Your answer to enquiry #{id} is on its way to {asker}.")
}

pub fn no_such_enquiry(n: &str) -> String {
    format!("There is no enquiry {}. /enquiries lists the open ones.", clip(n, 20))
}

pub const REPLY_USAGE: &str = "Send /reply N followed by the answer, for example /reply 12 The venue is Hall A. \
     Or reply to the relayed enquiry itself.";
pub const CLOSE_USAGE: &str = "Send /close N, for example /close 12, or send /close as a reply to the relayed enquiry.";
pub const ANSWER_NOT_RELAYABLE: &str = "Only text, photos and documents can be passed on to the person who asked.";
pub const NO_OPEN_ENQUIRIES: &str = "No open enquiries.";
pub const NOT_A_RELAY: &str = "That message is not a relayed enquiry, so I have not passed your reply on. Reply to \
     the enquiry itself, or send /reply N followed by the answer (/enquiries lists the open ones).";

pub fn enquiry_closed(id: i64, asker_told: bool) -> String {
    if asker_told {
        format!("Enquiry #{id} closed. It had no answer, so the person who asked was told it was closed.")
    } else {
        format!("Enquiry #{id} closed.")
    }
}

pub fn enquiry_already_closed(id: i64) -> String {
    format!("Enquiry #{id} was already closed.")
}

pub fn enquiries_list(lines: &[String], more: usize) -> String {
    let mut out = format!("Open enquiries ({}), longest waiting first:\n\n{}", lines.len() + more, lines.join("\n"));
    if more > 0 {
        out.push_str(&format!("\n… and {more} more"));
    }
    out.push_str("\n\nAnswer by replying to the relayed message or with /reply N TEXT; /close N when done.");
    out
}

pub fn enquiry_line(
    id: i64,
    waiting: chrono::Duration,
    name: &str,
    course: Option<&str>,
    follow_up: bool,
    question: &str,
    undelivered: Option<&str>,
) -> String {
    let again = if follow_up { " · follow-up" } else { "" };
    let problem = match undelivered {
        Some(why) => format!("\n   ⚠ not delivered: {}", clip(why, 80)),
        None => String::new(),
    };
    format!(
        "#{id} · waiting {} · {} ({}){again} — {}{problem}",
        age(waiting),
        clip(name, 40),
        course.unwrap_or("not registered"),
        clip(&question.replace('\n', " "), 80)
    )
}

/// A duration as people say it: "under a minute", "12 min", "3 h 05 min",
/// "2 d 4 h".
pub fn age(d: chrono::Duration) -> String {
    let m = d.num_minutes().max(0);
    match m {
        0 => "under a minute".to_owned(),
        1..=59 => format!("{m} min"),
        60..=1439 => format!("{} h {:02} min", m / 60, m % 60),
        _ => format!("{} d {} h", m / 1440, (m % 1440) / 60),
    }
}

// ------------------------------------------------------------ registration

// ---------------------------------------------------------------------- faq

pub const FAQ_EMPTY: &str = "There are no frequently asked questions yet.";
pub const FAQ_TOPICS: &str = "Frequently asked questions — tap one:";

/// Long input quoted back in an error is clipped so the reply stays short.
fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_people_say_them() {
        let m = chrono::Duration::minutes;
        assert_eq!(age(chrono::Duration::seconds(40)), "under a minute");
        assert_eq!(age(m(12)), "12 min");
        assert_eq!(age(m(65)), "1 h 05 min");
        assert_eq!(age(m(60 * 50 + 3)), "2 d 2 h");
        assert_eq!(age(m(-5)), "under a minute");
    }
}
