# Comment la FAQ apprend des coordinateurs : une demande relayée classée sous
# une entrée de la FAQ d'un seul geste (« C'est l'entrée de la FAQ… »), et
# /learn, qui propose les questions dont l'auteur a dit qu'une réponse de
# la FAQ l'avait aidé. $question est ce que la personne a écrit ; $topic la
# question d'une entrée dans la langue du lecteur.

## Sous une demande relayée, et ce que les autres coordinateurs apprennent

learn-relay-button = C'est l'entrée de la FAQ…
notice-filed-by = { $coordinator } a classé la demande n° { $id } sous l'entrée de la FAQ « { $topic } » ; sa réponse est en route vers la personne qui l'a posée.

## Le choix de l'entrée

learn-picker-enquiry = Demande n° { $id } : quelle entrée de la FAQ y répond ? Sa réponse sera envoyée à la personne, et la question deviendra un exemple de l'entrée.

    « { $question } »
learn-picker-question = À quelle entrée de la FAQ cette question appartient-elle ?

    « { $question } »
learn-picker-page = Entrées : page { $page } sur { $pages } ; les plus probables d'abord.
learn-picker-more = Autres entrées ›
learn-picker-back = ‹ Retour
learn-picker-cancel = Annuler
learn-picker-cancelled = Rien n'a été classé.
learn-filed = Classée sous « { $topic } ». La réponse est en route vers { $asker } comme réponse à la demande n° { $id }, et les questions formulées ainsi reçoivent désormais la réponse de cette entrée.
learn-already-answered = La demande n° { $id } a déjà reçu une réponse ou a été close : rien n'a été classé.
learn-already-filed = Cette question a déjà été classée ou examinée ; rien n'a changé.
learn-gone = Cette question n'existe plus (la personne a peut-être demandé l'effacement de ses données).
learn-stale = La FAQ a changé depuis l'affichage de cette liste (un /reload) : rien n'a été classé. Choisissez à nouveau dans la nouvelle liste.
learn-no-entries = La FAQ n'a aucune entrée sous laquelle la classer.

## /learn

learn-none = Aucune question utile n'attend. Quand une personne indique qu'une réponse de la FAQ l'a aidée, sa question est proposée ici, pour l'ajouter comme exemple de l'entrée.
learn-offer = { $count ->
        [one] Une question utile attend :
       *[other] { NUM($count) } questions utiles attendent. La première :
    }

    « { $question } »

    Elle a reçu la réponse « { $topic } », et la personne a indiqué que cela l'avait aidée. L'ajouter comme exemple de cette entrée, pour que les questions formulées ainsi reçoivent tout de suite la réponse ?
learn-add = Ajouter comme exemple de « { $topic } »
learn-another = Une autre entrée…
learn-not-example = Pas un exemple
learn-added = Ajoutée : « { $question } » est désormais un exemple de « { $topic } ».
learn-dismissed = Non ajoutée : « { $question } » ne sera plus proposée.

## faq-export (un extrait de faq.toml, affiché pour l'exploitant)

faq-export-heading = Exemples de la FAQ classés par les coordinateurs ({ NUM($count) } en tout), dans la forme de faq.toml.
    Ajoutez les exemples de chaque entrée à l'entrée de même identifiant dans faq.toml.
faq-export-none = Aucun exemple classé.
