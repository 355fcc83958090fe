# Exploitation : /whoami, et les coordinateurs que le bot ne peut pas joindre.
# $user_id et $chat_id sont des identifiants Telegram, écrits en chiffres ;
# $username un nom d'utilisateur Telegram sans @ ; $ids une liste
# d'identifiants séparés par des virgules.

command-whoami = votre identifiant Telegram et celui de cette discussion, pour bot.toml

whoami-you = Votre identifiant Telegram : { $user_id } (@{ $username })
whoami-you-no-username = Votre identifiant Telegram : { $user_id }
whoami-private-chat = Identifiant de cette discussion : { $chat_id } (une discussion privée a pour identifiant le vôtre).
whoami-coordinator = Vous êtes coordinateur de ce bot.
whoami-not-coordinator = Vous n'êtes pas coordinateur ici. Pour qu'une personne le devienne, ajoutez son identifiant à user_ids sous [coordinators] dans bot.toml (pour vous : { $user_id }), puis redémarrez le bot.
whoami-group-chat = Identifiant de ce groupe : { $chat_id }
whoami-staff-group = C'est le groupe de l'équipe : les demandes y sont relayées.
whoami-not-staff-group = Ce groupe n'est pas le groupe de l'équipe. Pour y recevoir les demandes, indiquez staff_chat_id = { $chat_id } sous [coordinators] dans bot.toml, puis redémarrez le bot.
whoami-basic-group = C'est un groupe simple : Telegram lui donne un nouvel identifiant lorsqu'il devient un supergroupe (par exemple quand les sujets sont activés). Envoyez de nouveau /whoami après un tel changement.

# Une ligne de /stats.
stats-coordinators-without-chat = Coordinateurs qui n'ont jamais appuyé sur Démarrer dans une discussion privée avec le bot, qui ne peut donc pas leur écrire : { $ids }. Chacun doit ouvrir le bot et appuyer une fois sur Démarrer.
