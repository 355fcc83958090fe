# /calendar (le programme en fichier .ics) et les sujets de forum des demandes.
# $courses est un ou plusieurs codes de formation, $code ce qui a été tapé,
# $title un titre de formation, $sessions et $cancelled des nombres ; $id un
# numéro de demande, $asker le nom de la personne qui la pose.

command-calendar = le programme de votre formation en fichier d’agenda (.ics) à importer
command-calendar-coordinator = le programme d’une formation en fichier d’agenda (.ics) : /calendar COURS

calendar-caption = { $courses } : { $sessions ->
        [one] une séance
       *[other] { NUM($sessions) } séances
    }{ $cancelled ->
        [0] {""}
        [one] , plus une annulée
       *[other] , plus { NUM($cancelled) } annulées
    }. Ouvrez le fichier pour les ajouter à votre agenda. Si le programme change, renvoyez /calendar et importez le nouveau fichier : vos événements sont mis à jour, sans doublons.
calendar-not-registered = Vous n’êtes encore inscrit à aucune formation : il n’y a donc pas de programme à mettre dans votre agenda. Inscrivez-vous avec /register ; les formations :
calendar-usage = Quelle formation ? Envoyez /calendar suivi de son code, par exemple /calendar CECAC-PILOT. Les formations :
calendar-unknown-course = Il n’existe pas de formation « { $code } ». Les formations :
calendar-course-line = • { $code } — { $title }
calendar-no-courses = (aucune formation au programme pour l’instant)

# Le nom du sujet d’une demande dans un groupe du personnel en forum (128 caractères au plus).
forum-topic-name = #{ $id } — { $asker }
