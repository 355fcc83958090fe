# Shared by every part of the bot: the language's own name, how numbers,
# dates and times are written, and a few words used everywhere.
#
# A new language is a new folder beside this one (locales/<code>/) holding
# the same files with the same message ids and the same $variables; the
# test suite fails if one is missing.

# The language's name in itself, for the /language buttons.
language-name = English

# Written between groups of three digits: 2,000.
number-group-separator = ,
# A number as people here write it.
number = { NUM($n) }

weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

# $weekday and $month are the names above; $day and $year are numbers.
date-long = { $weekday } { $day } { $month } { $year }
date-short = { $weekday } { $day } { $month }
# $hour and $minute are numbers; TWO() writes one with two digits (09).
time = { TWO($hour) }:{ TWO($minute) }

# Said anywhere.
button-expired = This button has expired.
something-went-wrong = Sorry, something went wrong on my side. Please try again in a minute.

# How long something has taken, as people say it; $days, $hours and
# $minutes are numbers.
duration-under-a-minute = under a minute
duration-minutes = { $minutes } min
duration-hours = { $hours } h { TWO($minutes) } min
duration-days = { $days } d { $hours } h
