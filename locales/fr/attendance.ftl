# Présence et attestations (issue 11) : pointage depuis le rappel ou avec le
# code de salle, feuille du coordinateur, relevé du participant, /certificates.

attendance-im-here-button = ✋ Je suis là
attendance-reminder-code = Présence : envoyez /here suivi du code affiché dans la salle (par exemple /here K7MXP).

## Pointage (« Je suis là » et /here CODE)

attendance-recorded = ✅ Votre présence à { $title } est enregistrée. Merci !
attendance-already = Votre présence à { $title } est déjà enregistrée.
attendance-not-registered = Vous n'avez pas de place dans { $course } : je ne peux pas enregistrer votre présence à { $title }. Envoyez /register pour vous inscrire à un cours.
attendance-not-yet = Le pointage pour { $title } n'est pas encore ouvert : il ouvre le { $opens } ({ $zone }).
attendance-closed = Le pointage pour { $title } est fermé. Si vous étiez présent(e), demandez à un coordinateur d'enregistrer votre présence.
attendance-cancelled = La séance { $title } a été annulée : il n'y a pas de présence à enregistrer.
attendance-here-usage = Pour pointer, envoyez /here suivi du code que le coordinateur affiche dans la salle, par exemple /here K7MXP. Si votre cours le propose, vous pouvez aussi toucher « Je suis là » sous le rappel de la séance.
attendance-code-wrong = { $code } n'est pas un code de salle valable. Vérifiez le code affiché dans la salle et réessayez ({ $left ->
    [one] encore un essai
   *[other] encore { $left } essais
} avant une courte pause).
attendance-code-blocked = Trop de codes erronés. Veuillez attendre { $minutes } min avant de réessayer, ou demandez à un coordinateur d'enregistrer votre présence.

## Coordinateurs : /code et /attendance

attendance-code-usage = Utilisation : /code SÉANCE, par exemple /code d1-opening. Affichez le code dans la salle ; les participants envoient /here CODE.
attendance-room-code = Code de salle pour { $title } : { $code }
    Les participants envoient /here { $code } du { $opens } jusqu'à { $closes } ({ $zone }).
attendance-sheet-usage = Utilisation : /attendance SÉANCE, par exemple /attendance d1-opening. Aucune séance des dernières 24 heures à proposer.
attendance-sheet-pick = Quelle séance ? Séances des dernières 24 heures :
attendance-sheet-not-open = La feuille de présence de { $title } ouvre le { $opens } ({ $zone }), avec le rappel.
attendance-sheet-empty = Personne n'a de place dans { $course } : il n'y a pas de présence à relever.
attendance-sheet-heading = Présence — { $title }, { $when }
    { $present } présent(s), { $others } absent(s) ou non relevé(s), sur { $total }.
    Touchez un nom pour le marquer présent, ❌ pour le marquer absent.
attendance-sheet-part = Partie { $part } sur { $parts }
attendance-sheet-line = { $mark } { $name } — { $status }
attendance-status-none = non relevé
attendance-status-present = présent ({ $how })
attendance-status-absent = absent ({ $how })
attendance-method-button = « Je suis là »
attendance-method-code = code de salle
attendance-method-coordinator = par un coordinateur
attendance-mark-present = ✅ { $name }
attendance-mark-absent = ❌
attendance-marked = { $name } : { $status }
attendance-no-name = (sans nom)

## Relevé du participant (/attendance, /profile)

attendance-own-not-registered = Vous n'avez de place dans aucun cours : il n'y a pas de présence à afficher. Envoyez /register pour vous inscrire.
attendance-own-nothing-held = Aucune séance de { $course } n'a encore commencé : votre présence s'affichera ici.
attendance-own-course = { $course } : présent(e) à { $attended } séance(s) sur { $held } jusqu'ici ({ $percent } %).
attendance-own-present = ✅ { $when } — { $title }
attendance-own-absent = ❌ { $when } — { $title }
attendance-own-certificate-met = Vous remplissez actuellement la condition de l'attestation ({ $min } % des séances suivies).
attendance-own-certificate-not-met = L'attestation demande { $min } % des séances suivies ; vous en êtes à { $percent } %.
attendance-own-no-certificate = Ce cours ne délivre pas d'attestation de présence.
attendance-profile-line = Présence, { $course } : { $attended } séance(s) sur { $held } ({ $percent } %). Détail : /attendance

## /certificates

attendance-certificates-usage = Utilisation : /certificates COURS, par exemple /certificates CECAC-PILOT.
attendance-certificates-none = { $course } ne délivre pas d'attestation : programme.toml ne fixe pas de certificate_min_attendance pour ce cours.
attendance-certificates-heading = Attestations — { $course }
    Condition : { $min } % des séances tenues. Séances tenues jusqu'ici : { $held }.
attendance-certificates-none-held = Aucune séance de { $course } n'a encore eu lieu.
attendance-certificates-qualify = Remplissent la condition ({ $n }) :
attendance-certificates-not-yet = Ne la remplissent pas encore ({ $n }) :
attendance-certificates-nobody = (personne)
attendance-certificates-line = { $name } — { $percent } % ({ $attended }/{ $held })

## /stats

attendance-stats-codes = Codes de salle : { $wrong } erroné(s), { $expired } hors de la plage de pointage.

## Descriptions du menu (avec les autres command-* de participant.ftl)

command-attendance = votre présence jusqu'ici, et si vous remplissez la condition de l'attestation
command-attendance-coordinator = relever ou corriger la présence : /attendance [SÉANCE]
command-here = pointer avec le code de salle : /here CODE
command-code = le code de salle d'une séance, à afficher dans la salle : /code SÉANCE
command-certificates = qui remplit la condition de l'attestation : /certificates COURS
