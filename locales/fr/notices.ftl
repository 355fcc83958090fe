# Ce que la file d'envoi distribue : rappels, programme du jour, changements
# de programme, places libérées sur la liste d'attente, bilans de diffusion,
# et demandes transmises aux coordinateurs puis leurs réponses. Chaque
# message est rédigé au moment de l'envoi, dans la langue et le fuseau
# horaire du lecteur (src/i18n/notices.rs). Ce que les gens ont écrit (une
# question, une réponse, un nom, une salle) est repris tel quel.
#
# Espace insécable avant « : » et à l'intérieur des guillemets, espace fine
# insécable avant « ; », « ? » et « ! ».

## Rappels et programme du jour

notice-reminder = Rappel : { $title } commence dans { $minutes } min, à { $start } ({ $zone }).
notice-reminder-now = C'est maintenant : { $title } ({ $start }, { $zone }).
notice-reminder-late = En cours : { $title } a commencé à { $start } et se termine à { $end } ({ $zone }).
notice-room = Salle : { $room }
notice-speaker = Intervenant : { $speaker }

notice-digest-heading = Vos séances d'aujourd'hui, { $day } (heures du fuseau { $zone }) :
notice-session = { $start }–{ $end }  { $title }
notice-session-speaker = { $start }–{ $end }  { $title } — { $speaker }
notice-session-room = { $start }–{ $end }  { $title } ({ $room })
notice-session-speaker-room = { $start }–{ $end }  { $title } — { $speaker } ({ $room })
notice-digest-footer = /reminders off arrête ces messages ; /digest HH:MM en change l'heure.

## Changements de programme

notice-when = { $day } à { $time }
notice-change-cancelled = Annulée : la séance « { $title } » du { $when } n'aura pas lieu.
notice-change-removed = Retirée du programme : la séance « { $title } » du { $when } n'aura pas lieu.
notice-change = Changement de programme pour « { $title } » :
notice-change-time = Désormais le { $when }–{ $end } ({ $zone }), au lieu du { $was }.
notice-change-room = Salle : { $room } (auparavant : { $was }).
notice-room-to-be-announced = à préciser
notice-room-not-set = non précisée

## Liste d'attente

notice-promoted = Bonne nouvelle ! Une place s'est libérée et vous êtes maintenant inscrit(e) à { $course } — { $title }. Envoyez /schedule pour voir le programme.

## Bilans de diffusion (au coordinateur qui l'a envoyée)

notice-report = Bilan de la diffusion n° { $id } à { $audience } : « { $what } »
    Remis : { NUM($delivered) }
    Ont bloqué le bot : { NUM($blocked) }
    Échecs : { NUM($failed) }
notice-report-failure = { NUM($count) } × { $reason }
notice-report-everyone = tous les inscrits
notice-report-course = les participants de { $course }
notice-report-photo = photo { $caption }
notice-report-document = document { $caption }
notice-report-unreadable = ?

## Demandes transmises aux coordinateurs

notice-relay-new = Demande n° { $id } — nouvelle question
notice-relay-follow-up = Demande n° { $id } — suite
notice-relay-reopened = Demande n° { $id } — suite, rouverte
notice-relay-from = De : { $name }{ $handle }
    Formation : { $courses }
notice-relay-not-registered = non inscrit(e)
notice-relay-waitlisted = { $course } (liste d'attente)
notice-relay-faq-missed = La réponse de la FAQ « { $question } » n'a pas aidé.
notice-relay-file-only = (un fichier, envoyé ensuite, sans légende)
notice-file-follows = (un fichier suit)
notice-relay-how-to-answer = Répondez à ce message pour répondre, ou envoyez /reply { $id } suivi de la réponse. /close { $id } une fois la demande traitée.
notice-relay-file = Demande n° { $id } — fichier envoyé par { $name }. Répondez à ce message pour répondre.

## Réponses, à la personne qui a posé la question

notice-answer = Réponse à votre demande n° { $id } (« { $question } ») :
notice-answer-file-only = Les coordinateurs vous ont envoyé un fichier (message suivant).
notice-answer-footer = Pour toute précision, répondez à ce message.
notice-answer-file = Demande n° { $id } — fichier des coordinateurs.
notice-closed = Votre demande n° { $id } (« { $question } ») a été close par les coordinateurs sans réponse écrite. Si vous avez encore besoin d'aide, posez à nouveau votre question.

## Aux coordinateurs, au sujet des réponses

notice-answered-by = { $coordinator } a répondu à la demande n° { $id } :
notice-undelivered = ⚠ Demande n° { $id } : la réponse n'a pas pu être remise à { $name } ({ $reason }). /enquiries la liste jusqu'à ce qu'une réponse passe.
