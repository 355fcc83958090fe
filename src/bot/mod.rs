//! The Telegram side: the dispatcher tree and the handlers for each role.
//! What they say comes from `i18n`, in the language of the person in front
//! of the bot (`Ctx::lang`).

pub mod attendance;
pub mod broadcast;
pub mod buttons;
pub mod calendar;
pub mod callbacks;
pub mod coordinator;
pub mod enquiries;
pub mod feedback;
pub mod learning;
pub mod menus;
pub mod participant;
pub mod register;
pub mod reply;
pub mod report;
pub mod schema;
pub mod whoami;

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue::Dialogue;
use teloxide::utils::command::BotCommands;

use crate::clock::SharedClock;
use crate::config::BotConfig;
use crate::db::{Db, DialogueStore, ProfileField};
use crate::domain::{Administration, CourseCode, Email, FaqRow, Lang, PersonName, Position, Zone};
use crate::enquiry::matcher::Matcher;
use crate::notify::{Limiter, ReplyBacklog};
use tokio::sync::{watch, Notify};

pub use reply::{ask_with_buttons, say};
pub use schema::schema;

pub type HandlerResult = anyhow::Result<()>;
pub type BotDialogue = Dialogue<State, DialogueStore<State>>;

/// What every handler may need, passed as one dependency.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub config: Arc<BotConfig>,
    pub config_dir: Arc<PathBuf>,
    pub clock: SharedClock,
    /// Telegram's send budget, shared with the outbox sender; replies go first.
    pub limiter: Arc<Limiter>,
    /// Runs a scheduler tick now (after a session change).
    pub kick_scheduler: Arc<Notify>,
    /// Tells the sender something was queued.
    pub wake_sender: Arc<Notify>,
    /// True once the bot is stopping: replies still waiting are queued
    /// instead of holding the stop up.
    pub stopping: watch::Receiver<bool>,
    /// Replies waiting in the outbox, shared with the sender.
    pub reply_backlog: Arc<ReplyBacklog>,
    /// The language of the person this update came from: everything said
    /// to them is in it (the programme's until an update is in hand).
    pub lang: Lang,
    /// The FAQ and its matcher, built once per FAQ generation.
    pub faq: Arc<FaqCache>,
}

/// The FAQ as the matcher last indexed it. Building the index costs
/// milliseconds on a large FAQ, answering from it microseconds, so it is
/// rebuilt only when the database says the FAQ or its examples changed.
#[derive(Default)]
pub struct FaqCache(std::sync::Mutex<Option<Arc<Faq>>>);

/// The FAQ entries of one generation and their matcher.
pub struct Faq {
    pub generation: i64,
    pub entries: Vec<FaqRow>,
    pub matcher: Matcher,
}

impl Faq {
    pub fn entry(&self, id: &str) -> Option<&FaqRow> {
        self.entries.iter().find(|e| e.id == id)
    }
}

impl Ctx {
    /// The FAQ and its matcher, rebuilt if the FAQ changed since the last
    /// question. The generation is read before the entries: a change in
    /// between only makes the next question rebuild again.
    pub async fn faq(&self) -> anyhow::Result<Arc<Faq>> {
        let generation = self.db.faq_generation().await?;
        if let Some(faq) = self.faq.0.lock().expect("FAQ cache").as_ref().filter(|f| f.generation == generation) {
            return Ok(faq.clone());
        }
        let entries = self.db.faq_entries().await?;
        // One file, one language: the entries' own.
        let main = entries.first().map_or_else(|| self.config.programme.language.clone(), |e| e.language.clone());
        let matcher = Matcher::new(&entries, &main, crate::i18n::enquiries::vocabulary());
        let faq = Arc::new(Faq { generation, entries, matcher });
        *self.faq.0.lock().expect("FAQ cache") = Some(faq.clone());
        Ok(faq)
    }

    /// A person's zone: their own choice, else the programme's.
    pub fn zone_of(&self, own: Option<Zone>) -> Zone {
        own.unwrap_or(self.config.programme.timezone)
    }
}

/// Where a private chat stands in a dialogue. Stored as JSON per chat, so
/// the shape must stay readable by the next version (new fields get
/// `#[serde(default)]`).
// A state lives for one update and is stored as JSON, so the size gap
// between variants costs nothing worth a Box in every handler's pattern.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum State {
    #[default]
    Idle,
    Registering {
        draft: Draft,
        awaiting: Step,
    },
    /// `/profile` asked for a new value of one field.
    Editing {
        field: ProfileField,
    },
    /// A coordinator composing a broadcast.
    Broadcasting(broadcast::BroadcastStep),
    /// "Anything to add?" after a session rating.
    Commenting(feedback::CommentPrompt),
    /// Answering a course evaluation, one question at a time.
    Evaluating(feedback::EvaluationStep),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub name: Option<PersonName>,
    pub administration: Option<Administration>,
    pub position: Option<Position>,
    pub email: Option<Email>,
    pub course: Option<CourseCode>,
    /// Set once the summary was shown: an edited answer returns to it.
    #[serde(default)]
    pub reviewing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Field(ProfileField),
    Course,
    Confirm,
}

#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum ParticipantCommand {
    Start(String),
    Register,
    Profile,
    Withdraw,
    Schedule,
    Today,
    Next,
    /// Anything after it is ignored: their own courses are what they get.
    Calendar(String),
    Reminders(String),
    Digest(String),
    Timezone(String),
    Language(String),
    Faq,
    Ask(String),
    Mydata,
    Forgetme,
    /// Anything after it is ignored: a trainee who typed a session id
    /// still gets their record, not "not allowed".
    Attendance(String),
    Here(String),
    Whoami,
    Help,
    Cancel,
}

/// Participants' commands in the order /help and Telegram's menu list them
/// (their descriptions are `command-<name>` in the translation files).
pub const PARTICIPANT_MENU: &[&str] = &[
    "start",
    "register",
    "profile",
    "withdraw",
    "schedule",
    "today",
    "next",
    "calendar",
    "reminders",
    "digest",
    "timezone",
    "language",
    "faq",
    "ask",
    "attendance",
    "here",
    "mydata",
    "forgetme",
    "whoami",
    "help",
    "cancel",
];

/// Coordinators' own commands, in the order of their menu and /help.
pub const COORDINATOR_MENU: &[&str] = &[
    "broadcast",
    "broadcasts",
    "registrations",
    "export",
    "calendar",
    "reload",
    "stats",
    "move",
    "room",
    "cancelsession",
    "enquiries",
    "reply",
    "close",
    "learn",
    "code",
    "attendance",
    "certificates",
    "report",
    "closeevaluation",
    "whoami",
    "help",
];

#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum CoordinatorCommand {
    Help,
    Registrations(String),
    Export(String),
    Calendar(String),
    Reload,
    Stats,
    Broadcast,
    Broadcasts,
    Move(String),
    Room(String),
    Cancelsession(String),
    Enquiries,
    Reply(String),
    Close(String),
    Learn,
    Code(String),
    Attendance(String),
    Certificates(String),
    Report(String),
    Closeevaluation(String),
    Whoami,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<C: BotCommands>() -> Vec<String> {
        C::bot_commands().into_iter().map(|c| c.command.trim_start_matches('/').to_owned()).collect()
    }

    #[test]
    fn the_menus_list_every_command_once() {
        for (commands, menu) in
            [(names::<ParticipantCommand>(), PARTICIPANT_MENU), (names::<CoordinatorCommand>(), COORDINATOR_MENU)]
        {
            let mut sorted_menu: Vec<&str> = menu.to_vec();
            sorted_menu.sort_unstable();
            let mut sorted_commands: Vec<&str> = commands.iter().map(String::as_str).collect();
            sorted_commands.sort_unstable();
            assert_eq!(sorted_menu, sorted_commands);
        }
    }
}
