# Les questions posées avec ses propres mots : les réponses de la FAQ et les
# demandes auxquelles répondent les coordinateurs.

## Ce qui ne peut pas être transmis

enquiry-non-text = Je peux transmettre du texte, des photos et des documents, mais pas ce type de message. Écrivez votre question, ou envoyez /help pour voir ce que je sais faire.
enquiry-empty = Ce message ne contient aucun mot. Écrivez votre question, ou envoyez /help pour voir ce que je sais faire.
enquiry-too-long = Ce message compte { NUM($chars) } caractères ; je transmets au plus { NUM($max) } caractères. Raccourcissez-le, ou envoyez-le sous forme de document avec une courte légende.
enquiry-unreadable = Ce message contient des caractères que je ne peux pas lire (on dirait des données binaires collées). Écrivez votre question, ou envoyez le fichier sous forme de document.
ask-usage = Envoyez /ask suivi de votre question, ou écrivez simplement la question.
slow-down = Vous avez envoyé plusieurs messages ces dernières minutes. Veuillez attendre environ { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    } avant d'en envoyer d'autres. Je n'ai pas transmis ce dernier message : renvoyez-le à ce moment-là.

## Politesses

small-talk-thanks = Je vous en prie. Posez-moi toute autre question sur le cours quand vous le souhaitez.
small-talk-hello = Bonjour ! Posez-moi vos questions sur le cours avec vos propres mots, par exemple « Quand le cours commence-t-il ? », ou envoyez /help pour voir ce que je sais faire.

## La FAQ

faq-empty = Il n'y a pas encore de questions fréquentes.
faq-topics = Questions fréquentes — touchez-en une :
faq-did-it-help = Cette réponse répond-elle à votre question ?
faq-yes = Oui, merci
faq-no = Non
faq-glad = Tant mieux, merci de votre retour.
faq-button-stale = Écrivez à nouveau votre question et je la transmettrai aux coordinateurs.
# « Vouliez-vous dire… ? » : aucune entrée ne répond clairement, quelques-unes
# peut-être. Un bouton par entrée (sa question), puis faq-suggest-none.
faq-suggest = Je ne suis pas sûr d'avoir compris. Vouliez-vous dire l'une de ces questions ?
faq-suggest-none = Aucune de celles-ci — demander à un coordinateur
# Un second appui sur une liste dont la réponse a déjà été donnée.
faq-suggest-already = Vous avez déjà choisi une réponse à cette question ci-dessus. Si elle ne vous a pas aidé, touchez « Non » en dessous.
faq-only-in = { $lang ->
    [en] Cette réponse n'existe qu'en anglais.
   *[other] Cette réponse n'existe qu'en { $lang_name }.
}

## Les demandes : côté participant

enquiry-opened = Merci. Je n'ai pas trouvé la réponse dans la FAQ, j'ai donc transmis votre question aux coordinateurs : c'est la demande #{ $id }. Leur réponse arrivera ici. Pour ajouter quelque chose, répondez à ce message.
enquiry-opened-after-faq = Dommage que cette réponse ne vous ait pas aidé. J'ai transmis votre question aux coordinateurs : c'est la demande #{ $id }. Leur réponse arrivera ici. Pour ajouter quelque chose, répondez à ce message.
enquiry-too-many-open = Vous avez déjà { $count ->
        [one] une demande ouverte
       *[other] { $count } demandes ouvertes
    } ({ $numbers }). Veuillez attendre une réponse avant de poser une nouvelle question ; pour compléter l'une d'elles, répondez à son message.
enquiry-follow-up-added = Ajouté à la demande #{ $id } ; les coordinateurs l'ont reçu.
enquiry-follow-up-reopened = J'ai rouvert la demande #{ $id } et transmis ceci aux coordinateurs.
enquiry-already = Votre question est déjà la demande #{ $id } ; la réponse arrivera ici.

## Les demandes : côté coordinateurs

enquiry-answer-queued = Votre réponse à la demande #{ $id } est en route vers { $asker }.
enquiry-no-such = Il n'y a pas de demande { $number }. /enquiries affiche les demandes ouvertes.
reply-usage = Envoyez /reply N suivi de la réponse, par exemple /reply 12 La salle est la salle A. Ou répondez directement à la demande transmise.
close-usage = Envoyez /close N, par exemple /close 12, ou envoyez /close en réponse à la demande transmise.
answer-not-relayable = Seuls du texte, des photos et des documents peuvent être transmis à la personne qui a posé la question.
not-a-relay = Ce message n'est pas une demande transmise, je n'ai donc pas fait suivre votre réponse. Répondez à la demande elle-même, ou envoyez /reply N suivi de la réponse (/enquiries affiche les demandes ouvertes).
enquiry-closed = Demande #{ $id } close.
enquiry-closed-asker-told = Demande #{ $id } close. Elle n'avait pas de réponse : la personne qui l'a posée a été informée de sa clôture.
enquiry-already-closed = La demande #{ $id } était déjà close.
no-open-enquiries = Aucune demande ouverte.
enquiries-heading = Demandes ouvertes ({ NUM($count) }), de la plus ancienne à la plus récente :
enquiries-more = … et { NUM($count) } de plus
enquiries-footer = Répondez en répondant au message transmis ou avec /reply N TEXTE ; /close N une fois la demande traitée.
enquiry-line = #{ $id } · en attente depuis { $waiting } · { $name } ({ $course }){ $follow_up ->
    [yes] { " · relance" }
   *[no] { "" }
} — { $question }
enquiry-not-registered = sans inscription
enquiry-undelivered = ⚠ non remise : { $reason }

## Les mots que lit le bot (jamais affichés). Séparés par des espaces ; les
## accents et la casse ne comptent pas.

# Les mots qui ne disent rien du sujet d'une question : la FAQ les ignore.
faq-stopwords =
    e a à ai aie as au aux avec avez avoir avons c ça ce ceci cela celle celui ces cet cette chez ci
    comment combien d dans de des dois doit doivent donc du elle elles en es est et êtes être étais
    était eu faire fait faut il ils j je l la le les leur leurs lui m ma me mes moi mon n ne nos notre
    nous on ont ou où par pas peut peux pouvez pouvons pourquoi puis qu quand que quel quelle quelles
    quels quoi s sa sais savoir se ses si son sont suis sur t ta te tes toi ton tu un une va vais
    vont vos votre vous y sera seront serai aura aurai auront bonjour merci svp stp plaît plait
    monsieur madame cher chère besoin veux voudrais aimerais souhaite dire dites aussi alors
# Un remerciement : au moins un mot de la première liste, rien hors des deux.
small-talk-thanks-words = merci remercie remercions ok okay accord entendu compris noté
small-talk-thanks-fillers =
    beaucoup bien très infiniment mille mercis vous je tous à madame monsieur cher chère bonne
    journée soirée super génial top parfait c est ça d de votre aide pour
# Une salutation : au moins un mot de la première liste, rien hors des deux.
small-talk-greeting-words = bonjour bonsoir salut coucou allô
small-talk-greeting-fillers = à tous madame monsieur mesdames messieurs cher chère chers chères ça va comment bien tout le monde et vous
