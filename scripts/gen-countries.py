#!/usr/bin/env python3
"""Regenerates data/vocab/countries.csv from Debian's iso-codes package
(ISO 3166-1 alpha-3 codes, English names, Spanish names from its gettext
catalogue). Run by hand when iso-codes changes; the output is committed."""
import csv, gettext, json, sys

src = json.load(open('/usr/share/iso-codes/json/iso_3166-1.json', encoding='utf-8'))
es = gettext.translation('iso_3166-1', '/usr/share/locale', languages=['es'])
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['code', 'label_en', 'label_es'])
for c in sorted(src['3166-1'], key=lambda c: c['alpha_3']):
    name = c.get('common_name', c['name'])
    w.writerow([c['alpha_3'], name, es.gettext(c['name']) if 'common_name' not in c else es.gettext(c['common_name'])])
