#!/usr/bin/env bash
# --lang en|es (and $RETORNO_LANG) words messages in the user's language; the
# line, column and column name stay, and nothing else changes.
. "$(dirname "$0")/lib.sh"
unset RETORNO_LANG

umc="$DATA/invalid/umc-by-ground.csv"

# Spanish
expect 2 "umc by ground, --lang es" -- r --db s.db --lang es import "$umc"
has err.txt "umc-by-ground.csv: línea 4, columna 19 (transport_mode): es 'ground', pero la niñez no acompañada solo viaja por vía aérea" "Spanish message, located"
has err.txt "1 error en 3 filas; no se importó nada" "Spanish summary"
lacks err.txt "unaccompanied children" "no English message"
lacks err.txt "nothing was imported" "no English summary"
same "$(q s.db 'select count(*) from cases')" 0 "nothing written"

# English by default, and exactly as before
expect 2 "umc by ground, no --lang" -- r --db s.db import "$umc"
has err.txt "umc-by-ground.csv: line 4, column 19 (transport_mode): is 'ground' but unaccompanied children travel by air only" "English message, located"
has err.txt "1 error in 3 rows; nothing was imported" "English summary"
lacks err.txt "niñez" "no Spanish"

# $RETORNO_LANG, and --lang over it
expect 2 "RETORNO_LANG=es" -- env RETORNO_LANG=es "$RETORNO_BIN" --db s.db import "$umc"
has err.txt "la niñez no acompañada solo viaja por vía aérea" "RETORNO_LANG=es is Spanish"
expect 2 "RETORNO_LANG=es_MX.UTF-8" -- env RETORNO_LANG=es_MX.UTF-8 "$RETORNO_BIN" --db s.db import "$umc"
has err.txt "la niñez no acompañada" "a locale name works too"
expect 2 "--lang en over RETORNO_LANG=es" -- env RETORNO_LANG=es "$RETORNO_BIN" --db s.db --lang en import "$umc"
has err.txt "unaccompanied children travel by air only" "--lang wins"
expect 1 "--lang fr" -- r --db s.db --lang fr import "$umc"
has err.txt "--lang is en or es" "bad --lang"

# file-level errors and the summaries
printf 'case_id,colour\nNEW-9,red\n' > cols.csv
expect 2 "unknown column, es" -- r --db s.db --lang es import cols.csv
has err.txt "línea 1, columna 2: columna desconocida 'colour' (use --ignore-unknown-columns para omitirla)" "unknown column in Spanish"
has err.txt "falta la columna obligatoria 'sex'" "missing column in Spanish"
: > empty.csv
expect 2 "empty file, es" -- r --db s.db --lang es import empty.csv
has err.txt "el archivo está vacío" "empty file in Spanish"
expect 0 "sample, es" -- r --db s.db --lang es import "$DATA/sample-cases.csv"
has out.txt "se importaron" "import summary in Spanish"
has out.txt "nuevas, 0 actualizadas, 0 sin cambios)" "new and updated in Spanish"
expect 0 "sample again, dry run, es" -- r --db s.db --lang es import -n "$DATA/sample-cases.csv"
has out.txt "no se importó nada" "dry run summary in Spanish"

# case status
id=$(awk -F, 'NR>2 && $3=="avr" && $20=="registered" && $4=="mx" {print $1; exit}' "$DATA/sample-cases.csv")
expect 0 "registered -> counselled" -- r --db s.db case status "$id" counselled --date 2020-12-01
expect 2 "backward, es" -- r --db s.db --lang es case status "$id" registered
has err.txt "caso $id: status: no se puede pasar de 'counselled' a 'registered': los estados solo avanzan" "status error in Spanish"
expect 2 "backward, en" -- r --db s.db case status "$id" registered
has err.txt "case $id: status: cannot move from 'counselled' to 'registered'" "status error in English"

# the report follows the global language unless it is given its own
expect 0 "report, global es" -- r --db s.db --lang es report
has out.txt "Personas asistidas para retornar" "report in Spanish"
expect 0 "report, global es, report --lang en" -- r --db s.db --lang es report --lang en
has out.txt "People assisted to return" "report's own --lang wins"
finish
