#!/usr/bin/env bash
# Administrators extend the code lists without recompiling.
. "$(dirname "$0")/lib.sh"

# a new database (reading commands do not create one): the header alone
head -1 "$DATA/sample-cases.csv" > header.csv
expect 0 "a new database" -- r --db v.db import header.csv
expect 0 "vocab list" -- r --db v.db vocab list
has out.txt "registration_point" "lists shown"
expect 0 "vocab list registration_point" -- r --db v.db vocab list registration_point
has out.txt "tecun_uman" "Tecún Umán listed"
has out.txt "Ciudad Juárez" "labels"
has out.txt "programmes: avr mpp" "point rules shown"
expect 0 "vocab list sex" -- r --db v.db vocab list sex
has out.txt "Women / Mujeres" "English and Spanish labels"
same "$(q v.db "select count(*) from vocab where list='country'")" 249 "ISO 3166-1 countries"

HEADER=$(head -1 "$DATA/sample-cases.csv" | tr -d '\r')
ROW=$(sed -n 3p "$DATA/sample-cases.csv" | tr -d '\r' | sed 's/,tijuana,/,reynosa,/')
printf '%s\n%s\n' "$HEADER" "$ROW" > reynosa.csv
expect 2 "unknown point before it is added" -- r --db v.db import reynosa.csv
expect 0 "add a registration point" -- r --db v.db vocab add registration_point reynosa --office mx --programs avr --en Reynosa --es Reynosa
expect 0 "now the point is accepted" -- r --db v.db import reynosa.csv
expect 2 "duplicate code" -- r --db v.db vocab add registration_point reynosa --office mx --programs avr --en R --es R
has err.txt "already a code" "duplicate message"
expect 2 "fixed list" -- r --db v.db vocab add status archived --en Archived --es Archivado
has err.txt "cannot be extended" "fixed list message"
expect 2 "bad code" -- r --db v.db vocab add occupation_sector "Fishing!" --en Fishing --es Pesca
expect 2 "missing label" -- r --db v.db vocab add occupation_sector fishing --en Fishing
expect 2 "formula label" -- r --db v.db vocab add occupation_sector fishing --en "=HYPERLINK(1)" --es Pesca
has err.txt "not starting with = + - or @" "formula label refused"
expect 2 "point of unknown office" -- r --db v.db vocab add registration_point x --office zz --programs avr --en X --es X
expect 0 "add an occupation" -- r --db v.db vocab add occupation_sector fishing --en Fishing --es Pesca
expect 0 "add an office" -- r --db v.db vocab add office hn --country HND --transport "ground air" --en Honduras --es Honduras
expect 0 "list offices" -- r --db v.db vocab list office
has out.txt "country HND; transport: ground air" "office rules"
same "$(q v.db "select count(*) from audit_log where action='vocab_add'")" 3 "additions audited"

# coordinates of the registration points (data dictionary, section 2)
same "$(q v.db "select lat || ' ' || lon from registration_point where code='mexico_city'")" \
	"19.43 -99.13" "a new database is seeded with the points' coordinates"
same "$(q v.db "select count(*) from registration_point where lat is null")" 1 \
	"only the point added without them has none"
expect 0 "vocab list registration_point" -- r --db v.db vocab list registration_point
has out.txt "programmes: avr; lat 32.51, lon -117.04]" "coordinates listed"
has out.txt "lat 14.68, lon -92.14]" "Tecún Umán's"
grep "^reynosa " out.txt > line.txt
has line.txt "no coordinates]" "a point without them says so"
expect 0 "add a point with coordinates" -- r --db v.db vocab add registration_point matamoros \
	--office mx --programs avr --en Matamoros --es Matamoros --lat 25.87 --lon -97.5
same "$(q v.db "select lat || ' ' || lon from registration_point where code='matamoros'")" \
	"25.87 -97.5" "stored"
expect 2 "latitude out of range" -- r --db v.db vocab add registration_point nogales \
	--office mx --programs avr --en Nogales --es Nogales --lat 91 --lon -110.9
has err.txt "--lat (-90 to 90)" "says the range"
expect 1 "not a number" -- r --db v.db vocab add registration_point nogales \
	--office mx --programs avr --en Nogales --es Nogales --lat 31,3 --lon -110.9
has err.txt "'31,3' is not a number of degrees" "says which"
expect 1 "--lat without --lon" -- r --db v.db vocab add registration_point nogales \
	--office mx --programs avr --en Nogales --es Nogales --lat 31.3
expect 2 "coordinates of an office" -- r --db v.db vocab add office sv --country SLV \
	--transport ground --en "El Salvador" --es "El Salvador" --lat 13.7 --lon -89.2
has err.txt "only to registration points" "says why"
same "$(q v.db "select count(*) from registration_point where code='nogales'") $(q v.db "select count(*) from office where code='sv'")" \
	"0 0" "nothing added by a refused add"

# vocab set: labels and coordinates change, codes never
expect 0 "vocab set --help" -- r vocab --help
has out.txt "retorno vocab set LIST CODE" "help names set"
expect 0 "set coordinates" -- r --db v.db vocab set registration_point reynosa --lat 26.09 --lon -98.28
has out.txt "lat 26.09, lon -98.28]" "prints the point as it is now"
same "$(q v.db "select lat || ' ' || lon || ' ' || label_en from registration_point where code='reynosa'")" \
	"26.09 -98.28 Reynosa" "coordinates stored, labels unchanged"
expect 0 "set one label" -- r --db v.db vocab set occupation_sector fishing --label-es "Pesca y acuicultura"
same "$(q v.db "select label_en || '|' || label_es from vocab where list='occupation_sector' and code='fishing'")" \
	"Fishing|Pesca y acuicultura" "the Spanish label changed, the English kept"
expect 0 "set a label of a fixed list" -- r --db v.db vocab set sex female --label-en "Women and girls"
same "$(q v.db "select label_en from vocab where list='sex' and code='female'")" "Women and girls" \
	"labels of fixed lists may change (their codes may not)"
expect 0 "set an office's labels" -- r --db v.db vocab set office hn --label-en "Honduras office" --label-es "Oficina Honduras"
same "$(q v.db "select label_en || '|' || label_es from office where code='hn'")" \
	"Honduras office|Oficina Honduras" "offices are in their own table"
expect 0 "set a point's label" -- r --db v.db vocab set registration_point tecun_uman --label-en "Tecun Uman"
same "$(q v.db "select label_en || '|' || label_es || '|' || lat from registration_point where code='tecun_uman'")" \
	"Tecun Uman|Tecún Umán|14.68" "only what is given changes"
expect 0 "the change is used at once" -- r --db v.db vocab list registration_point
has out.txt "Tecun Uman / Tecún Umán" "listed with the new label"
n=$(q v.db "select count(*) from audit_log where action='vocab_set'")
same "$n" 5 "each change audited"
same "$(q v.db "select target || ' ' || detail from audit_log where action='vocab_set' and target='occupation_sector/fishing'")" \
	'occupation_sector/fishing {"label_es":["Pesca","Pesca y acuicultura"]}' "the audit row has before and after"
expect 0 "the same label again" -- r --db v.db vocab set occupation_sector fishing --label-es "Pesca y acuicultura"
same "$(q v.db "select count(*) from audit_log where action='vocab_set'")" "$n" "an unchanged value is not a change"
expect 2 "unknown code" -- r --db v.db vocab set occupation_sector whaling --label-en Whaling
has err.txt "'whaling' is not a code of the list 'occupation_sector'" "says so"
expect 2 "unknown list" -- r --db v.db vocab set occupations fishing --label-en Fishing
has err.txt "there is no list 'occupations'" "says so"
expect 2 "formula label" -- r --db v.db vocab set occupation_sector fishing --label-en "@SUM(A1)"
has err.txt "label_en: a label is 1-200 characters" "names the label"
expect 2 "control character" -- r --db v.db vocab set occupation_sector fishing --label-es "$(printf 'Pesca\tfina')"
has err.txt "label_es:" "names the label"
expect 2 "empty label" -- r --db v.db vocab set occupation_sector fishing --label-es ""
expect 2 "too long a label" -- r --db v.db vocab set occupation_sector fishing --label-en "$(printf '%0201d' 0)"
expect 0 "200 characters (not bytes) are fine" -- r --db v.db vocab set occupation_sector fishing \
	--label-en "$(printf 'é%.0s' $(seq 200))"
expect 2 "longitude out of range" -- r --db v.db vocab set registration_point reynosa --lat 26.09 --lon -181
has err.txt "longitude from -180 to 180" "says the range"
expect 2 "coordinates of a sector" -- r --db v.db vocab set occupation_sector fishing --lat 1 --lon 1
has err.txt "only registration points have coordinates" "says why"
expect 1 "nothing to change" -- r --db v.db vocab set occupation_sector fishing
expect 1 "rules are not changed by set" -- r --db v.db vocab set registration_point reynosa --office gt
expect 1 "set with a missing code" -- r --db v.db vocab set occupation_sector
same "$(q v.db "select lat || ' ' || lon from registration_point where code='reynosa'")" "26.09 -98.28" \
	"refused changes changed nothing"
same "$(q v.db "select label_es from vocab where list='occupation_sector' and code='fishing'")" \
	"Pesca y acuicultura" "refused labels changed nothing"
expect 2 "in Spanish" -- r --db v.db --lang es vocab set occupation_sector whaling --label-en W
has err.txt "'whaling' no es un código de la lista 'occupation_sector'" "Spanish message"

# administrators only
echo "caseworker password" | r --db v.db user add cw --role caseworker --office mx >/dev/null 2>&1 || not_ok "user add cw"
expect 2 "a caseworker may not change labels" -- r --db v.db --as cw vocab set sex female --label-en Women
has err.txt "your role may not do this" "says why"
expect 2 "nor add codes" -- r --db v.db --as cw vocab add occupation_sector mining --en Mining --es Minería
same "$(q v.db "select label_en from vocab where list='sex' and code='female'")" "Women and girls" "unchanged"
finish
