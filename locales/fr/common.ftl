# Partagé par toutes les parties du bot : le nom de la langue, la façon
# d'écrire les nombres, les dates et les heures.

language-name = Français

# Espace fine insécable entre les groupes de trois chiffres : 2 000.
number-group-separator = { "\u202F" }
number = { NUM($n) }

weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

date-long = { $weekday } { $day } { $month } { $year }
date-short = { $weekday } { $day } { $month }
time = { $hour } h { TWO($minute) }

button-expired = Ce bouton n'est plus valable.
something-went-wrong = Désolé, un problème est survenu de mon côté. Veuillez réessayer dans une minute.

duration-under-a-minute = moins d'une minute
duration-minutes = { $minutes } min
duration-hours = { $hours } h { TWO($minutes) } min
duration-days = { $days } j { $hours } h
