# Le bilan de la formation : /report COURS et `copes-bot report COURS --out DOSSIER`.
# $course est un code de formation, $title un titre ; $pct, $mean et $value
# des nombres déjà écrits à la manière du lecteur (report-decimal, report-percent).

command-report = le bilan de la formation (présence, notes, évaluation, lacunes de la FAQ) : /report COURS

report-usage = Quelle formation ? Envoyez /report suivi de son code, par exemple /report CECAC-PILOT.
report-unknown-course = Il n’existe pas de formation « { $course } ». /registrations affiche la liste des formations.
report-no-sessions = { $course } n’a encore aucune séance : il n’y a rien à présenter.
report-csv-caption = { $course } : une ligne par séance (présence, notes, commentaires).
report-evaluation-csv-caption = { $course } : toutes les réponses écrites à l'évaluation du cours.
report-chart-caption = { $course } : présence et note moyenne par séance.
report-snippet-caption = { $course } : ajouts proposés pour faq.toml, prêts à coller.

## Nombres

report-decimal = ,
report-percent = { $value } %
report-day-tick = J{ $day }

## Le résumé

report-heading = Bilan de la formation — { $course } : { $title }
report-sessions = { $held ->
        [one] Une séance tenue
       *[other] { NUM($held) } séances tenues
    } sur { NUM($total) }{ $cancelled ->
        [0] {""}
        [one] , une annulée
       *[other] , { NUM($cancelled) } annulées
    }{ $upcoming ->
        [0] {""}
        [one] , une à venir
       *[other] , { NUM($upcoming) } à venir
    } ; { NUM($registered) } inscrits.
report-attendance = Présence : { $pct } en moyenne.
report-attendance-none = Présence : aucune séance tenue pour l’instant.
report-trend = Première moitié de la formation { $first }, seconde moitié { $second } : { $direction ->
        [up] en hausse.
        [down] en baisse.
       *[steady] stable.
    }
report-by-day = Par jour : { $days }
report-ratings = Notes : { $count ->
        [0] aucune pour l’instant.
        [one] une seule, { $mean } sur 5.
       *[other] { NUM($count) }, { $mean } sur 5 en moyenne.
    }
report-best = Meilleure séance : { $title } (jour { $day }), { $mean } pour { NUM($count) } notes.
report-weakest = Séance la plus faible : { $title } (jour { $day }), { $mean } pour { NUM($count) } notes.
report-few-ratings = Meilleure et plus faible séances : aucune séance n’a encore { $min } notes.
report-weakest-comments = Ce qui en a été dit :
report-comments = { $count ->
        [0] Aucun commentaire sur les séances.
        [one] Un commentaire sur les séances, dans le fichier CSV.
       *[other] { NUM($count) } commentaires sur les séances, dans le fichier CSV.
    }
report-certificates = Attestations : { NUM($qualify) } participants sur { NUM($registered) } ont assisté à au moins { $pct } des séances tenues.

report-evaluation-heading = Évaluation de la formation : { NUM($done) } réponses sur { NUM($invited) }.
report-evaluation-none = Évaluation de la formation : pas encore envoyée.
report-evaluation-rating = • { $question } — { $count ->
        [0] aucune réponse pour l’instant.
       *[other] { $mean } sur 5 pour { NUM($count) } réponses ({ $distribution }).
    }
report-evaluation-text = • { $question } — { $count ->
        [0] aucune réponse pour l’instant.
        [one] une réponse :
       *[other] { NUM($count) } réponses{ $shown ->
            [0] {" :"}
           *[other] , dont les { NUM($shown) } premières :
        }
    }
report-quote = « { $text } »
report-quote-named = { $name } : « { $text } »
report-more = … et { NUM($count) } de plus.

report-gaps-heading = Lacunes de la FAQ : { $count ->
        [0] aucune question de cette promotion n’a été transmise aux coordinateurs.
        [one] une question de cette promotion a été transmise aux coordinateurs.
       *[other] { NUM($count) } questions de cette promotion ont été transmises aux coordinateurs.
    }
report-gap-filed = • { $topic } — { NUM($count) } (classées par un coordinateur)
report-gap-closest = • { $topic } — { NUM($count) } (entrée de la FAQ la plus proche ; non classées)
report-gap-none = • Aucune entrée de la FAQ proche — { NUM($count) }
report-unhelpful-heading = Réponses de la FAQ jugées « pas utiles » :
report-unhelpful = • { $topic } — { $count ->
        [one] une fois
       *[other] { NUM($count) } fois
    }
report-snippet-attached = Les entrées proposées pour faq.toml sont dans le fichier joint, prêtes à coller.

## L’en-tête du CSV, colonne par colonne

report-col-session = Séance
report-col-date = Date
report-col-title = Titre
report-col-present = Présents
report-col-present-pct = Présents %
report-col-ratings = Notes
report-col-mean = Note moyenne
report-col-r1 = Notes 1
report-col-r2 = Notes 2
report-col-r3 = Notes 3
report-col-r4 = Notes 4
report-col-r5 = Notes 5
report-col-comments = Commentaires
report-col-question-id = Identifiant de la question
report-col-question = Question
report-col-answer = Réponse

## Le graphique

report-chart-title = { $course } : présence et note par séance
report-chart-x = Séances, par jour de formation
report-chart-attendance = Présence (% des inscrits)
report-chart-rating = Note moyenne (1–5)
report-chart-attendance-legend = Présence %
report-chart-rating-legend = Note moyenne
report-chart-nothing = Aucune séance tenue pour l’instant

## Les commentaires de l’extrait de faq.toml

report-snippet-heading = Ajouts proposés pour la FAQ, tirés des questions de { $course } ({ $count ->
        [one] une demande
       *[other] { NUM($count) } demandes
    }).
    À coller dans faq.toml : ajoutez chaque « examples » à l’entrée de même id,
    rédigez la question, les mots-clés et la réponse de chaque nouvelle entrée, puis /reload.
report-snippet-filed = { $id } — { $topic } : { NUM($count) } questions, classées par un coordinateur.
report-snippet-closest = { $id } — { $topic } : { NUM($count) } questions ; entrée la plus proche, à vérifier avant l’ajout.
report-snippet-new = Nouvelle entrée : rien dans la FAQ ne répond à cette question. Rédigez sa question, ses mots-clés et sa réponse.
report-snippet-new-lang = Nouvelle entrée : rien dans la FAQ ne répond à cette question (posée en { $language }). Rédigez sa question, ses mots-clés et sa réponse.
report-snippet-unhelpful = Réponses jugées « pas utiles » par cette promotion (à reformuler) :
report-snippet-unhelpful-entry = { $id } — { $count ->
        [one] une fois
       *[other] { NUM($count) } fois
    }, par exemple « { $question } »
