# Running as a service: /whoami, and coordinators the bot cannot reach.
# $user_id and $chat_id are Telegram ids, written as digits; $username is a
# Telegram username without the @; $ids a comma-separated list of user ids.

command-whoami = your Telegram user id and this chat's id, for bot.toml

whoami-you = Your Telegram user id: { $user_id } (@{ $username })
whoami-you-no-username = Your Telegram user id: { $user_id }
whoami-private-chat = This chat's id: { $chat_id } (a private chat has your user id as its id).
whoami-coordinator = You are a coordinator of this bot.
whoami-not-coordinator = You are not a coordinator here. To make someone a coordinator, add their user id to user_ids under [coordinators] in bot.toml (for you: { $user_id }) and restart the bot.
whoami-group-chat = This group's chat id: { $chat_id }
whoami-staff-group = This is the staff group: enquiries are relayed here.
whoami-not-staff-group = This group is not the staff group. To have enquiries relayed here, put staff_chat_id = { $chat_id } under [coordinators] in bot.toml and restart the bot.
whoami-basic-group = This is a basic group: Telegram gives it a new id when it becomes a supergroup (for example when topics are turned on). Send /whoami again after such a change.

# A line of /stats.
stats-coordinators-without-chat = Coordinators who never pressed Start in a private chat with the bot, so it cannot write to them: { $ids }. Each should open the bot and press Start once.
