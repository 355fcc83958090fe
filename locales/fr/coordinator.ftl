# Ce que lisent les coordinateurs : /registrations, /export, /reload,
# /stats, les commandes de séance (/move, /room, /cancelsession), le
# dialogue /broadcast et /broadcasts. Espace insécable avant : ; ? ! et à
# l'intérieur des guillemets « ».

## Commun aux commandes des coordinateurs

coordinator-unknown-course = Je ne connais pas le cours « { $code } ».
coordinator-invalid-course-arg = « { $typed } » n'est pas un code de cours. Envoyez la commande seule pour tous les cours.
coordinator-course = { $code } — { $title }
coordinator-course-inactive = { $code } — { $title } (ne fait plus partie du programme)

## /registrations

coordinator-registrations = Inscriptions :

    { $lines }
coordinator-no-registrations = Aucune inscription pour l'instant.
coordinator-registrations-counts = { $registered ->
        [one] { NUM($registered) } participant inscrit
       *[other] { NUM($registered) } participants inscrits
    } pour { $capacity ->
        [one] { NUM($capacity) } place
       *[other] { NUM($capacity) } places
    }, { NUM($waitlisted) } en liste d'attente, { $withdrawn ->
        [one] { NUM($withdrawn) } désinscrit
       *[other] { NUM($withdrawn) } désinscrits
    }
coordinator-registrations-line = { $n }. { $name } — { $position }, { $administration } — { $email } [{ $status }]
coordinator-status-registered = inscrit
coordinator-status-waitlisted = liste d'attente
coordinator-status-withdrawn = désinscrit
coordinator-missing = —

## /export

coordinator-export-caption = Liste des participants ({ $scope }) : { $rows ->
        [one] { NUM($rows) } ligne
       *[other] { NUM($rows) } lignes
    }. CSV en UTF-8 ; s'ouvre dans un tableur.
coordinator-export-all-courses = tous les cours
# L'en-tête du CSV, colonne par colonne (garder l'ordre), et les valeurs de
# la colonne statut : un mot ou des_mots_liés, sans virgule.
export-column-course = cours
export-column-status = statut
export-column-telegram-user-id = id_utilisateur_telegram
export-column-telegram-username = nom_utilisateur_telegram
export-column-full-name = nom_complet
export-column-administration = administration
export-column-position = fonction
export-column-email = courriel
export-column-timezone = fuseau_horaire
export-column-created-at = créé_le
export-column-registered-at = inscrit_le
export-column-waitlisted-at = en_attente_le
export-column-withdrawn-at = désinscrit_le
export-status-registered = inscrit
export-status-waitlisted = en attente
export-status-withdrawn = désinscrit

## /reload

coordinator-reload-failed = Rechargement refusé, rien n'a été modifié :
    { $error }
coordinator-reload-unchanged = Rechargé : rien n'a changé.
coordinator-reload-report = Rechargé.
    { $courses }
    { $sessions }
    { $faq }
coordinator-reload-courses = Cours : { $parts }
coordinator-reload-sessions = Séances : { $parts }
coordinator-reload-faq = FAQ : { $parts }
coordinator-reload-nothing = aucun changement
coordinator-reload-added = { $count ->
        [one] { NUM($count) } ajout
       *[other] { NUM($count) } ajouts
    } ({ $ids })
coordinator-reload-changed = { $count ->
        [one] { NUM($count) } modification
       *[other] { NUM($count) } modifications
    } ({ $ids })
coordinator-reload-removed = { $count ->
        [one] { NUM($count) } suppression
       *[other] { NUM($count) } suppressions
    } ({ $ids })

## /stats

coordinator-stats = Statistiques

    { $lines }
coordinator-stats-course = { $code } : inscrits { NUM($registered) }/{ NUM($capacity) }, liste d'attente { NUM($waitlisted) }, désinscrits { NUM($withdrawn) }
coordinator-stats-total = Tous les cours : inscrits { NUM($registered) }, liste d'attente { NUM($waitlisted) }, désinscrits { NUM($withdrawn) }
coordinator-stats-messages = { $label } : envoyés { NUM($sent) }, en attente { NUM($waiting) }, bot bloqué { NUM($blocked) }, échecs { NUM($failed) }
coordinator-stats-messages-dropped = { $label } : envoyés { NUM($sent) }, en attente { NUM($waiting) }, bot bloqué { NUM($blocked) }, échecs { NUM($failed) }, abandonnés { NUM($dropped) }
coordinator-stats-messages-missed = { $label } : envoyés { NUM($sent) }, en attente { NUM($waiting) }, bot bloqué { NUM($blocked) }, échecs { NUM($failed) }, manqués pendant l'arrêt du bot { NUM($dropped) }
coordinator-stats-kind-reminder = Rappels
coordinator-stats-kind-digest = Résumés quotidiens
coordinator-stats-kind-change = Avis de changement
coordinator-stats-kind-broadcast = Messages de diffusion
coordinator-stats-kind-notice = Autres avis
coordinator-stats-kind-enquiry = Relais de demandes
coordinator-stats-kind-answer = Messages de réponse aux demandes
coordinator-stats-kind-reply = Messages mis en file pendant l'absence de Telegram
coordinator-stats-enquiries = Demandes : ouvertes { NUM($opened) }, encore ouvertes { NUM($open) }, répondues par un coordinateur { NUM($answered) }, closes sans réponse { NUM($closed_unanswered) }
    Questions traitées par la FAQ : { NUM($auto_answered) } (utiles { NUM($helpful) }, pas utiles { NUM($not_helpful) })
    Délai médian jusqu'à la première réponse : { $median }
coordinator-stats-none-answered = aucune réponse pour l'instant
coordinator-stats-learning = Exemples de la FAQ classés par les coordinateurs : { NUM($from_enquiries) } issus de demandes, { NUM($confirmed) } de questions utiles ; questions utiles en attente dans /learn : { NUM($waiting) }
# Ce que la FAQ a fait des questions : réponses directes, « Vouliez-vous
# dire… ? » proposé, dont une entrée choisie, et « aucune de celles-ci ».
coordinator-stats-faq-bands = FAQ : réponses directes { NUM($outright) }, « Vouliez-vous dire… ? » proposé { NUM($suggested) } (une entrée choisie { NUM($picked) }, aucune de celles-ci { NUM($none) })

## /move, /room, /cancelsession

coordinator-move-usage = Utilisation : /move ID-SÉANCE AAAA-MM-JJ HH:MM — l'heure locale du cours, sur 24 heures, une année de 2000 à 2100. Par exemple : /move d1-opening 2021-02-10 09:30
coordinator-room-usage = Utilisation : /room ID-SÉANCE nouvelle salle
coordinator-cancel-usage = Utilisation : /cancelsession ID-SÉANCE
coordinator-no-such-session = Il n'y a pas de séance « { $id } ». /schedule affiche le programme ; les identifiants sont dans programme.toml.
coordinator-bad-move-time = Rien n'a été modifié : « { $typed } » { $problem }.
    { coordinator-move-usage }
coordinator-move-gap = { $when } n'existe pas dans le fuseau { $zone } (l'horloge saute cette heure). Choisissez une autre heure.
coordinator-session-unchanged = Rien n'a changé pour { $id }.
coordinator-session-changed = C'est fait : { $title }, { $when }. { $told ->
        [one] { NUM($told) } participant va être prévenu maintenant.
       *[other] { NUM($told) } participants vont être prévenus maintenant.
    }
coordinator-session-cancelled = C'est fait : la séance « { $title } » du { $date } est annulée. { $told ->
        [one] { NUM($told) } participant va être prévenu maintenant.
       *[other] { NUM($told) } participants vont être prévenus maintenant.
    }
coordinator-session-when = { $date }, { $start }–{ $end } ({ $zone })
coordinator-session-when-room = { $date }, { $start }–{ $end } ({ $zone }), { $room }

coordinator-date-form = doit être une date et une heure au format AAAA-MM-JJ HH:MM
coordinator-date-year = doit être dans une année de { $first } à { $last }, écrite avec quatre chiffres
coordinator-date-not-real = n'est pas une date qui existe (vérifiez le mois et le jour)
coordinator-date-time-of-day = doit comporter une heure au format HH:MM, sur 24 heures
coordinator-date-gap = n'existe pas dans le fuseau { $zone } (l'horloge saute cette heure)
coordinator-date-past = n'est pas dans le futur
coordinator-at = { $date } à { $time }

## /broadcast

broadcast-audience = Qui doit recevoir l'annonce ?
broadcast-everyone = Tous les inscrits
broadcast-course-closed = Le cours { $code } ne fait plus partie du programme.
broadcast-ask-message = Envoyez l'annonce : un texte, ou une photo ou un document avec une légende. /cancel pour arrêter.
broadcast-text-or-file = Veuillez envoyer un texte, une photo ou un document (avec une légende si vous le souhaitez).
broadcast-caption-too-long = Une légende compte au plus { NUM($max) } caractères. Envoyez-en une plus courte, ou le texte seul.
broadcast-use-the-buttons = Veuillez utiliser les boutons ci-dessus, ou envoyer /cancel pour arrêter.
broadcast-preview-above = Aperçu ci-dessus.
broadcast-send-now = Envoyer maintenant
broadcast-send-to-everyone-now = Envoyer à tous maintenant
broadcast-schedule = Programmer
broadcast-cancel = Annuler
broadcast-cancelled = Diffusion annulée ; rien n'a été envoyé.
broadcast-audience-everyone = tous les inscrits
broadcast-audience-course = les participants de { $code }
broadcast-confirm = Destinataires : { $audience } ({ $recipients ->
        [one] { NUM($recipients) } personne
       *[other] { NUM($recipients) } personnes
    } en ce moment). L'envoyer ?
broadcast-confirm-quiet = Destinataires : { $audience } ({ $recipients ->
        [one] { NUM($recipients) } personne
       *[other] { NUM($recipients) } personnes
    } en ce moment).
    { $held ->
        [one] { NUM($held) } personne est dans ses heures de silence
       *[other] { NUM($held) } d'entre elles sont dans leurs heures de silence
    } : avec « { broadcast-send-now } », l'annonce leur parviendra à la fin de celles-ci, { $when }. « { broadcast-send-to-everyone-now } » la leur remet aussi tout de suite.
    L'envoyer ?
broadcast-quiet-end = à partir de { $time } le { $day } ({ $zone })
broadcast-quiet-end-same-day = entre { $first } et { $last } le { $day } ({ $zone })
broadcast-quiet-end-two-days = entre { $first } le { $first_day } et { $last } le { $last_day } ({ $zone })
broadcast-ask-time = Quand ? Envoyez une date et une heure dans le fuseau { $zone } au format AAAA-MM-JJ HH:MM, sur 24 heures, par exemple 2021-02-10 08:00.
broadcast-bad-time = « { $typed } » { $problem }. Envoyez une date et une heure à venir dans le fuseau { $zone } au format AAAA-MM-JJ HH:MM, sur 24 heures (une année jusqu'à 2100), par exemple 2021-02-10 08:00.
broadcast-queued = La diffusion n° { $id } est en route vers { $recipients ->
        [one] { NUM($recipients) } personne
       *[other] { NUM($recipients) } personnes
    }. Vous recevrez un rapport à la fin de l'envoi ; /broadcasts montre l'avancement.
broadcast-queued-quiet = La diffusion n° { $id } est en route vers { $recipients ->
        [one] { NUM($recipients) } personne
       *[other] { NUM($recipients) } personnes
    } ; { $held ->
        [one] { NUM($held) } personne est dans ses heures de silence et la recevra
       *[other] { NUM($held) } d'entre elles sont dans leurs heures de silence et la recevront
    } { $when }. Vous recevrez un rapport à la fin de l'envoi ; /broadcasts montre l'avancement.
broadcast-scheduled = La diffusion n° { $id } est programmée pour le { $when } ({ $zone }). /broadcasts l'affiche.

## Une diffusion en plusieurs langues
# $language est un code de langue (« en », « fr ») ; $name le nom de cette
# langue dans elle-même (« Español »), pour une langue que ce fichier ne
# nomme pas encore.

broadcast-language = { $language ->
        [en] anglais
        [fr] français
       *[other] { $name }
    }
broadcast-add-version = { $language ->
        [en] Ajouter une version en anglais
        [fr] Ajouter une version en français
       *[other] Ajouter une version en { $name }
    }
broadcast-ask-version-text = { $language ->
        [en] Envoyez la version anglaise du texte.
        [fr] Envoyez la version française du texte.
       *[other] Envoyez la version en { $name } du texte.
    } Les participants qui lisent cette langue la recevront ; tous les autres, la première. /cancel pour arrêter.
broadcast-ask-version-file = { $language ->
        [en] Envoyez la légende anglaise sous forme de texte (le même fichier l'accompagne), ou une photo ou un document avec une légende en anglais.
        [fr] Envoyez la légende française sous forme de texte (le même fichier l'accompagne), ou une photo ou un document avec une légende en français.
       *[other] Envoyez la légende en { $name } sous forme de texte (le même fichier l'accompagne), ou une photo ou un document avec sa propre légende.
    } /cancel pour arrêter.
broadcast-version-needs-text = L'annonce est un texte : veuillez envoyer cette version sous forme de texte, elle aussi.
broadcast-version-main = { $language ->
        [en] Version anglaise, pour tous ceux qui n'ont pas de version dans leur langue :
        [fr] Version française, pour tous ceux qui n'ont pas de version dans leur langue :
       *[other] Version en { $name }, pour tous ceux qui n'ont pas de version dans leur langue :
    }
broadcast-version-other = { $language ->
        [en] Version anglaise, pour ceux qui lisent l'anglais :
        [fr] Version française, pour ceux qui lisent le français :
       *[other] Version en { $name }, pour ceux qui lisent cette langue :
    }
broadcast-preview-versions = Aperçu ci-dessus : les versions en { $languages }. Chaque participant reçoit la version dans sa langue, et tous les autres la version en { $main }.
broadcast-list-and = { $rest } et { $last }

## /broadcasts

broadcasts-none = Aucune diffusion pour l'instant.
broadcasts-summary = n° { $id } pour { $audience } : « { $what } »
broadcasts-summary-languages = n° { $id } pour { $audience } ({ $languages }) : « { $what } »
broadcasts-photo = photo { $caption }
broadcasts-document = document { $caption }
broadcasts-line = { $summary } — { $state } : remis { NUM($delivered) }, bot bloqué { NUM($blocked) }, échecs { NUM($failed) }, en attente { NUM($waiting) }
broadcasts-state-scheduled = programmée
broadcasts-state-queued = en cours d'envoi
broadcasts-state-done = terminée
broadcasts-state-cancelled = annulée
