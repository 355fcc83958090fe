# Retours de séance (« Cette séance vous a-t-elle été utile ? ») et évaluation de la formation.
# $title est le titre d'une séance ou d'une formation tel que le programme le donne ;
# $rating une note de 1 à 5 ; $question une question d'évaluation telle que le
# programme la formule, dans la langue du lecteur quand elle existe.

## Après une séance (un avis mis en file, avec les boutons 1–5 et Passer)

feedback-ask = Dans quelle mesure la séance « { $title } » ({ $when }) vous a-t-elle été utile ?
    Touchez 1 (pas utile) à 5 (très utile).
feedback-skip-button = Passer
feedback-rated = Utilité de « { $title } » : votre note est { $rating }/5. Merci !
feedback-comment-prompt = Souhaitez-vous ajouter quelque chose sur « { $title } » ? Écrivez un commentaire dans votre prochain message (au plus { NUM($max) } caractères), ou touchez Passer.
    Un message qui se termine par « ? » est traité comme une question aux organisateurs, comme d'habitude.
feedback-comment-saved = Merci : votre commentaire sur « { $title } » est enregistré.
feedback-skipped = Entendu : rien de plus sur « { $title } ». Merci.
feedback-already-rated = Vous avez déjà répondu pour « { $title } » (votre note : { $rating }/5) ; rien n'a été modifié.
feedback-already-answered = Vous avez déjà répondu pour « { $title } » ; rien n'a été modifié.
feedback-too-long = Votre message compte { NUM($length) } caractères ; la limite est de { NUM($max) }. Raccourcissez-le et renvoyez-le, ou touchez Passer.
feedback-empty = Ce message ne contient pas de texte. Écrivez quelques mots, ou touchez Passer.

## L'évaluation de la formation

evaluation-invite = La formation « { $title } » ({ $course }) est terminée. Aidez-nous à améliorer la prochaine : l'évaluation compte { $count ->
        [one] une question
       *[other] { $count } questions
    } et ne prend que quelques minutes.
evaluation-start-button = Commencer l'évaluation
evaluation-progress = Question { $n } sur { $total }
evaluation-rating-hint = Touchez 1 (insuffisant) à 5 (excellent).
evaluation-text-hint = Écrivez votre réponse en un seul message, ou touchez Passer.
evaluation-skip-button = Passer
evaluation-answered-rating = Votre réponse : { $rating }/5.
evaluation-answered-skipped = Question passée.
evaluation-done = Merci ! Votre évaluation de « { $title } » est terminée ; vos réponses aideront à concevoir la prochaine formation.
evaluation-closed = Cette évaluation est close : les réponses ne sont plus acceptées. Merci tout de même.
evaluation-already-done = Vous avez déjà terminé cette évaluation. Merci !
evaluation-already-answered = Vous avez déjà répondu à cette question.
evaluation-tap-a-number = Touchez un chiffre de 1 à 5 sous la question (ou envoyez un seul chiffre de 1 à 5).

## Coordinateurs

command-closeevaluation = clore l'évaluation d'une formation, avec le nombre de réponses
closeevaluation-usage = Utilisation : /closeevaluation FORMATION, par exemple /closeevaluation CECAC-PILOT
closeevaluation-unknown = Il n'existe pas de formation { $course }.
closeevaluation-none = La formation { $course } n'a pas d'évaluation : programme.toml ne lui donne aucune question [[course.evaluation]].
closeevaluation-done = L'évaluation de { $course } est close. Terminées : { NUM($done) }. Partielles : { NUM($partly) }. Non commencées : { NUM($not_started) }.
closeevaluation-again = L'évaluation de { $course } était déjà close. Terminées : { NUM($done) }. Partielles : { NUM($partly) }. Non commencées : { NUM($not_started) }.
stats-feedback = Retours de séance : { NUM($asked) } demandés, { NUM($rated) } notés, { NUM($comments) } avec commentaire
stats-evaluations = Évaluations de formation : { NUM($invited) } invitations, { NUM($done) } terminées
