#!/usr/bin/env bash
# `retorno settings`: the publisher block of the factsheet, set once in the
# database by an administrator (audited), checked (text without control
# characters, a size limit, a PNG or a harmless SVG logo), shown on the
# factsheet in HTML and PDF, in the factsheet's language, and kept in every
# edition published after it.
. "$(dirname "$0")/lib.sh"

r --db s.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
expect 0 "settings --help" -- r settings --help
has out.txt "usage: retorno settings" "help"
has out.txt "org_name_en" "help names the settings"
expect 0 "retorno --help lists settings" -- r --help
has out.txt "settings" "main help names settings"
expect 0 "nothing set: show is empty" -- r --db s.db settings
same "$(cat out.txt)" "" "no setting yet"

# ---- setting, checked ----
expect 0 "organisation name (English)" -- r --db s.db settings set org_name_en "International Organization for Migration"
expect 0 "organisation name (Spanish)" -- r --db s.db settings set org_name_es "Organización Internacional para las Migraciones"
expect 0 "disclaimer" -- r --db s.db settings set disclaimer_en "The figures do not imply official endorsement."
expect 0 "disclaimer (Spanish)" -- r --db s.db settings set disclaimer_es "Las cifras no implican aprobación oficial."
expect 0 "contact" -- r --db s.db settings set contact_en "avr@example.org"
expect 1 "an unknown setting" -- r --db s.db settings set colour blue
has err.txt "no setting 'colour'" "names it"
expect 2 "a control character" -- r --db s.db settings set contact_es "$(printf 'a\tb')"
has err.txt "contact_es" "names the setting"
expect 2 "too long" -- r --db s.db settings set org_name_en "$(head -c 200 /dev/zero | tr '\0' a)"
has err.txt "1 to 120 bytes" "says the limit"
expect 1 "the logo comes from a file" -- r --db s.db settings set logo x.png
python3 - <<'PY'
import struct, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
w, h = 60, 20
raw = b"".join(b"\0" + bytes([0, 114, 178] * w) for _ in range(h))
open("logo.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open("big.png", "wb").write(open("logo.png", "rb").read()[:-12] + b"\0" * 300000 + chunk(b"IEND", b""))
open("script.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
open("onload.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
open("remote.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>')
open("entity.svg", "w").write('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>')
open("ok.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 20">\n'
                          '<rect width="60" height="20" fill="#0072b2"/></svg>\n')
open("text.png", "w").write("not a picture")
PY
for bad in script.svg onload.svg remote.svg entity.svg text.png; do
	expect 2 "logo $bad refused" -- r --db s.db settings set logo --file $bad
	has err.txt "PNG image" "$bad: says what a logo is"
done
expect 2 "a logo too large" -- r --db s.db settings set logo --file big.png
has err.txt "at most 262144" "says the limit"
expect 0 "an SVG logo" -- r --db s.db settings set logo --file ok.svg
expect 0 "a PNG logo" -- r --db s.db settings set logo --file logo.png
if on_sqlite; then
	same "$(q s.db "select length(value), typeof(value) from setting where name = 'logo'")" \
		"$(stat -c %s logo.png)|blob" "the logo stored as bytes"
	same "$(q s.db "select typeof(value) from setting where name = 'org_name_en'")" "text" "text stored as text"
else   # PostgreSQL keeps every value as bytea (pg_settings.c)
	same "$(q s.db "select length(value) from setting where name = 'logo'")" \
		"$(stat -c %s logo.png)" "the logo stored as bytes"
fi
expect 0 "show" -- r --db s.db settings show
has out.txt "org_name_es      Organización Internacional para las Migraciones" "show: the text"
has out.txt "logo             image/png" "show: the logo's type"

# ---- who, and the audit ----
echo "analyst password" | r --db s.db user add lee --role analyst >/dev/null 2>&1 || not_ok "analyst"
expect 2 "an analyst may not" -- r --db s.db --as lee settings set contact_en "x@example.org"
expect 2 "nor read them" -- r --db s.db --as lee settings show
same "$(q s.db "select count(*) from audit_log where action = 'settings_set'")" 7 "every change audited"
same "$(q s.db "select target from audit_log where action = 'settings_set' order by id desc limit 1")" \
	"setting/logo" "the target names the setting"
lacks <(q s.db "select detail from audit_log where action = 'settings_set'") "Organización" \
	"the audit keeps sizes, not the text"

# ---- on the factsheet ----
expect 0 "HTML factsheet" -- r --db s.db report --format html -o f.html
has f.html "International Organization for Migration" "HTML: the name"
has f.html '<img src="data:image/png;base64,' "HTML: the logo inline"
has f.html "img-src data:" "HTML: the policy allows inline images only"
has f.html "The figures do not imply official endorsement." "HTML: the disclaimer"
has f.html "Contact: avr@example.org" "HTML: the contact"
expect 0 "Spanish HTML" -- r --db s.db --lang es report --format html -o f-es.html
has f-es.html "Organización Internacional para las Migraciones" "Spanish: the Spanish name"
has f-es.html "Las cifras no implican aprobación oficial." "Spanish: the Spanish disclaimer"
has f-es.html "Contacto: avr@example.org" "Spanish: the contact falls back to English"
expect 0 "PDF factsheet" -- r --db s.db report --format pdf -o f.pdf
pdftotext f.pdf f.txt 2>/dev/null
has f.txt "International Organization for Migration" "PDF: the name"
[ "$(pdfimages -list f.pdf 2>/dev/null | tail -n +3 | wc -l)" -ge 1 ] && ok || not_ok "PDF: the logo drawn"
expect 0 "a published edition keeps the block" -- r --db s.db publish --month 2019-05
expect 0 "unset the name" -- r --db s.db settings unset org_name_en
expect 0 "the edition again" -- r --db s.db publications show 1 --format html
has out.txt "International Organization for Migration" "an edition keeps what was set when published"
finish
