# Ce que lisent les participants : l'accueil, /help, l'inscription,
# /profile, /withdraw, /forgetme, /mydata, le programme (/schedule, /today,
# /next), leurs réglages (/timezone, /reminders, /digest, /language) et les
# menus de commandes (participants et coordinateurs).
#
# Typographie : espace insécable avant « : », espace fine insécable avant
# « ? », « ! » et « ; » et à l'intérieur des guillemets.

## Partout

not-allowed = Désolé, cette commande est réservée aux coordinateurs du programme.
nothing-to-cancel = Il n'y a rien à annuler. Envoyez /help pour voir ce que je sais faire.
cancelled = Annulé. Rien n'a été modifié.
unknown-command = Je ne connais pas la commande { $command }. Envoyez /help pour voir ce que je sais faire.

welcome =
    Bienvenue ! Je suis l'assistant du programme { $programme }.

    Je peux vous inscrire à un cours, vous montrer le programme et vous rappeler chaque séance avant qu'elle commence.

    Confidentialité : je conserve ce que vous me dites (nom, administration, poste, adresse e-mail, cours, réglages et questions posées) pour que les coordinateurs puissent organiser le cours. /mydata vous montre tout ; /forgetme l'efface. Pour toute question sur vos données : { $contact }.

    Envoyez /register pour vous inscrire, /schedule pour le programme, /help pour tout le reste. /language change la langue dans laquelle je vous écris.

## /help et les menus de commandes

help-participant =
    Ce que je sais faire :
    { $commands }
help-coordinator =
    Commandes des coordinateurs :
    { $own }

    Commandes des participants (vous pouvez aussi les utiliser) :
    { $participant }
command-line = /{ $command } — { $description }

command-start = accueil et avis de confidentialité
command-register = s'inscrire à un cours
command-profile = vos informations, avec des boutons pour les modifier
command-withdraw = quitter un cours
command-schedule = le programme du cours, jour par jour
command-today = les séances du jour
command-next = la prochaine séance
command-reminders = rappels activés ou non : /reminders on|off
command-digest = heure de votre récapitulatif quotidien : /digest HH:MM
command-timezone = votre fuseau horaire : /timezone Zone/Ville
command-language = la langue dans laquelle je vous écris
command-faq = questions fréquentes
command-ask = poser une question aux coordinateurs : /ask TEXTE
command-mydata = tout ce qui est enregistré à votre sujet
command-forgetme = effacer vos données personnelles
command-help = cette liste
command-cancel = quitter le dialogue en cours
command-broadcast = envoyer une annonce à tous ou à un cours
command-broadcasts = annonces récentes et leur avancement
command-registrations = effectifs par statut et liste : /registrations [CODE]
command-export = la liste des participants en fichier CSV : /export [CODE]
command-reload = réimporter programme.toml et faq.toml
command-stats = inscriptions, messages envoyés, demandes
command-move = déplacer une séance : /move ID AAAA-MM-JJ HH:MM
command-room = changer la salle d'une séance : /room ID TEXTE
command-cancelsession = annuler une séance : /cancelsession ID
command-enquiries = demandes ouvertes, la plus ancienne d'abord
command-reply = répondre à une demande : /reply N TEXTE (ou répondre au message relayé)
command-close = clore une demande : /close N
command-learn = questions utiles à ajouter comme exemples de la FAQ
command-help-coordinator = commandes des coordinateurs

## Inscription

ask-name = Quel est votre nom complet, tel qu'il doit figurer sur votre certificat ?
ask-administration = Pour quelle administration (organisation) travaillez-vous ? Par exemple : Douanes du Sénégal.
ask-position = Quel est votre poste ? Par exemple : inspecteur des douanes.
ask-email = Quelle est votre adresse e-mail ?
ask-course = À quel cours vous inscrivez-vous ?
no-open-courses = Aucun cours n'est ouvert aux inscriptions pour le moment. Si vous avez reçu une invitation, utilisez le lien de votre invitation.
use-the-buttons = Veuillez utiliser les boutons ci-dessus : Confirmer, ou Modifier pour changer quelque chose. Envoyez /cancel pour arrêter.
pick-a-course = Veuillez choisir un cours avec les boutons ci-dessus, ou envoyez /cancel pour arrêter.
which-field = Que souhaitez-vous modifier ?
button-confirm = Confirmer
button-edit = Modifier
button-name = Nom
button-administration = Administration
button-position = Poste
button-email = E-mail
button-course = Cours
text-expected = Veuillez répondre par écrit. { $prompt }
invalid-name = Votre nom { $reason }. Veuillez renvoyer votre nom complet.
invalid-administration = Le nom de l'administration { $reason }. Veuillez le renvoyer.
invalid-position = L'intitulé du poste { $reason }. Veuillez le renvoyer.
invalid-email = « { $typed } » ne ressemble pas à une adresse e-mail (comme nom@exemple.org). Veuillez la renvoyer.
unknown-course = Je ne connais pas le cours « { $code } ».
course-invite-only = Le cours { $code } est sur invitation uniquement. Veuillez utiliser le lien de votre invitation.
course-closed = Le cours { $code } ne figure plus au programme.
course-label = { $code } — { $title }
summary =
    Veuillez vérifier votre inscription :

    Nom : { $name }
    Administration : { $administration }
    Poste : { $position }
    E-mail : { $email }
    Cours : { $course }

    Tout est-il correct ?
registered = Votre inscription au cours { $code } — { $title } est confirmée. Envoyez /schedule pour voir le programme ; je vous rappellerai chaque séance.
waitlisted = Le cours { $code } — { $title } est complet : vous êtes sur la liste d'attente (en position { $position }). Je vous préviendrai dès qu'une place se libère.
already-waitlisted = Vous êtes déjà sur la liste d'attente du cours { $code }.
already-registered = Votre inscription au cours { $code } est déjà confirmée. Envoyez /profile pour voir vos informations.

## Pourquoi une valeur saisie est refusée : après « Votre nom », « L'intitulé du poste »…

reason-length = doit comporter entre { $min } et { $max } caractères (vous en avez envoyé { $got })
reason-control-characters = ne doit pas contenir de caractères de contrôle
reason-line-break = doit tenir sur une seule ligne (sans retour à la ligne)
reason-bidi-control = ne doit pas contenir de caractères qui réordonnent le texte (U+202A–U+202E, U+2066–U+2069) ; l'écriture de droite à gauche elle-même est acceptée
reason-invisible =
    { $min ->
        [one] doit contenir au moins { $min } caractère visible
       *[other] doit contenir au moins { $min } caractères visibles
    }
reason-email = n'est pas une adresse e-mail valide
reason-course-code = doit comporter de 3 à 32 caractères : majuscules, chiffres et « - »
reason-identifier = doit comporter de 1 à { $max } caractères : minuscules, chiffres et « - »
reason-zone = n'est pas un fuseau horaire IANA comme Asia/Karachi ou Africa/Dakar
reason-local-time = doit être une heure au format HH:MM (sur 24 heures)
reason-quiet-hours = doit être deux heures au format HH:MM-HH:MM
reason-date-time = doit être une date et une heure au format AAAA-MM-JJ HH:MM
reason-year = doit être une année de { $first } à { $last }, écrite avec quatre chiffres
reason-date = n'est pas une date réelle (vérifiez le mois et le jour)
reason-time-of-day = doit comporter une heure au format HH:MM sur 24 heures
reason-enrolment = doit être « open » ou « invite »
reason-language = doit être un code de langue comme « en » ou « fr »
reason-rating = doit être un nombre entier de 1 à 5

## /profile

no-profile = Je n'ai encore aucune information vous concernant. Envoyez /register pour vous inscrire à un cours.
field-saved = Enregistré.
not-set = —
profile =
    Vos informations :

    Nom : { $name }
    Administration : { $administration }
    Poste : { $position }
    E-mail : { $email }
    Fuseau horaire : { $zone }
    Rappels : { $reminders ->
        [on] activés
       *[off] désactivés
    }
    Récapitulatif quotidien : { $digest }
    Langue : { $language }

    Cours :
    { $courses }

    Touchez un bouton pour modifier une information, ou envoyez /language pour changer de langue.
profile-course = { $course } : { $status }
profile-no-courses = aucun pour l'instant — envoyez /register
profile-language-chosen = { $language } (choisie avec /language)
profile-language-automatic = { $language } (automatique)
registration-status =
    { $status ->
        [registered] inscription confirmée
        [waitlisted] liste d'attente
       *[withdrawn] inscription retirée
    }
button-edit-name = Modifier le nom
button-edit-administration = Modifier l'administration
button-edit-position = Modifier le poste
button-edit-email = Modifier l'e-mail

## /withdraw

nothing-to-withdraw = Vous n'avez d'inscription à aucun cours.
withdraw-which = Quel cours voulez-vous quitter ? Votre inscription est conservée pour mémoire, marquée comme retirée.
button-keep-my-place = Garder ma place
kept = Très bien, rien n'a changé.
button-leave = Quitter { $code }
withdrawn = Vous avez quitté le cours { $code }. Vous pouvez vous réinscrire avec /register tant qu'il reste des places.
not-in-course = Vous n'avez pas d'inscription au cours { $code }.

## /forgetme et /mydata

forget-confirm = Cela efface votre nom, votre administration, votre poste, votre adresse e-mail, vos inscriptions, vos réglages, vos questions et vos demandes, ainsi que tous les messages que je vous ai envoyés ou devais encore vous envoyer. Les coordinateurs ne vous verront plus dans la liste des participants. Voulez-vous vraiment continuer ?
button-forget-yes = Oui, effacer mes données
button-forget-no = Non, les garder
forgotten = Vos données personnelles ont été effacées. Envoyez /start si vous souhaitez revenir.
mydata-caption = Tout ce que je conserve à votre sujet, sous forme de document JSON.

## Le programme : /schedule, /today, /next

not-registered-showing-all = Vous n'avez encore d'inscription à aucun cours ; voici donc tout le programme.
no-sessions = Aucune séance n'est prévue.
schedule-course-heading =
    { $course }
    { $location }
    Heures en { $zone }
session-line = { $start } – { $end }  { $title }
session-line-with-speaker = { $line } — { $speaker }
session-line-with-room = { $line } ({ $room })
session-line-cancelled = { $line } [annulée]
session-line-of-course = [{ $code }] { $line }
no-sessions-today = Aucune séance aujourd'hui ({ $date }).
today-heading = Aujourd'hui, { $date } (heures en { $zone }) :
no-next-session = Il n'y a plus de séance prévue.
next-session =
    Prochaine séance ({ $code }), { $when } :
    { $date }
    { $line }
next-in = dans { $duration }
next-in-days =
    { $days ->
        [one] dans { $days } jour
       *[other] dans { $days } jours
    }

## /timezone, /reminders, /digest

timezone-usage = Votre fuseau horaire est { $zone }. Pour le changer, envoyez /timezone Zone/Ville, par exemple /timezone Africa/Dakar ou /timezone Europe/Brussels.
timezone-unknown = « { $typed } » n'est pas un fuseau horaire que je connais. Utilisez la forme Zone/Ville, par exemple Africa/Dakar, Europe/Brussels ou Asia/Karachi.
timezone-set = Votre fuseau horaire est désormais { $zone } (il y est actuellement { $time }). Les heures et les rappels le suivent.
reminders-on = Les rappels sont activés : vous recevez un récapitulatif quotidien et un rappel avant chaque séance. Envoyez /reminders off pour les arrêter.
reminders-off = Les rappels sont désactivés. Envoyez /reminders on pour les recevoir à nouveau.
reminders-usage = Envoyez /reminders on ou /reminders off.
digest-usage = Votre récapitulatif quotidien arrive à { $time }. Pour changer l'heure, envoyez /digest HH:MM, par exemple /digest 06:30.
digest-set = Votre récapitulatif quotidien arrivera à { $time } ({ $zone }) les jours où il y a des séances.
digest-in-quiet-hours = C'est pendant les heures de silence ({ $start } – { $end }) : il arrivera donc à { $end }.
digest-invalid = « { $typed } » n'est pas une heure. Envoyez /digest HH:MM, par exemple /digest 06:30.

## /language

language-words = français, francais, french
language-automatic-words = auto, automatique, défaut, defaut
language-menu =
    { $chosen ->
        [yes] Je vous écris en français, comme vous l'avez choisi.
       *[no] Je vous écris en français, la langue de votre Telegram (ou de votre cours).
    }
    Touchez une langue pour la choisir, ou Automatique pour suivre la langue de votre Telegram.
button-language-automatic = Automatique (comme mon Telegram)
language-set = Désormais, je vous écris en français.
language-set-automatic = Langue automatique : je suis la langue de votre Telegram, sinon celle de votre cours. Pour l'instant, c'est le français.
language-unknown = Je n'écris pas en « { $typed } ». Je peux écrire en : { $languages }. Ou envoyez /language auto pour suivre la langue de votre Telegram.
language-option = { $name } (/language { $code })
