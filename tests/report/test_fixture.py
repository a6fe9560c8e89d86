#!/usr/bin/env python3
"""Every indicator on a nine-case fixture (tests/report/fixture.csv) whose
numbers were worked out by hand; see the comments for each expectation."""
import os
from reportlib import Checks, report, retorno, workdir, cats, group, count, HERE

t = Checks("report-fixture")
db = os.path.join(workdir(), "f.db")
retorno(db, "import", "-q", os.path.join(HERE, "fixture.csv"))

r = report(db)
I = r["indicators"]
t.eq(r["report"], "avr-factsheet", "report name")
t.eq(r["version"], 1, "version")
t.eq(r["filters"], {"program": "avr", "office": None, "from": None, "to": None}, "filters")
t.eq(len(I), 34, "all 32 indicators and the two of the figures (returns_by_month, sex_by_age_band)")
# returns: R1 R2 R3 R4 R5 R8 (R6 departed, R7 mpp, R9 registered)
t.eq(I["returns_total"]["value"], 6, "returns_total")
t.eq(I["umc_total"]["value"], 1, "umc_total (R3)")
t.eq(I["minors_total"]["value"], 3, "minors_total (R2 8, R3 16, R5 3)")
t.eq(I["children_accompanied"]["value"], 2, "children_accompanied")
t.eq(r["checks"]["adults_plus_children_equal_returns"], True, "invariant")

# the figures (issue 12). Departures: R8 2020-01-31; R1 R2 R3 R4 2020-02; R5 2020-03-01
rm = I["returns_by_month"]
t.eq([(c["code"], c["count"]) for c in rm["categories"]], [("2020-01", 1), ("2020-02", 4), ("2020-03", 1)],
     "returns_by_month: departure months, chronological")
t.eq((rm["n"], rm.get("missing", 0), rm["order"]), (6, 0, "chronological"), "returns_by_month n")
# ages: R1 30 F, R2 8 M, R3 16 M, R4 29 F (born 1990-01-21, registered 2020-01-20), R5 3 M, R8 50 F
py = I["sex_by_age_band"]
t.eq(py["by"], "age_band", "pyramid by age band")
t.eq([(g["code"], g["n"], [(c["code"], c["count"]) for c in g["categories"]]) for g in py["groups"]],
     [("0_4", 1, [("male", 1)]), ("5_12", 1, [("male", 1)]), ("13_17", 1, [("male", 1)]),
      ("18_45", 2, [("female", 2)]), ("46_plus", 1, [("female", 1)])],
     "sex_by_age_band: bands in age order, the oldest two as 46_plus (R8)")
mp = {p["code"]: p for p in r["map"]["points"]}
t.eq({k: p["count"] for k, p in mp.items() if p["count"]},
     {"tijuana": 2, "mexico_city": 1, "monterrey": 1, "tecun_uman": 2}, "map: returns by point (R6 departed, R7 mpp, R9 registered)")
t.eq((mp["tapachula"]["count"], mp["tapachula"]["office"], mp["tapachula"]["lat"], mp["tapachula"]["lon"]),
     (0, "mx", 14.9, -92.26), "map: a point without returns is 0, with its coordinates (data dictionary §2)")
t.eq((mp["tecun_uman"]["office"], mp["tecun_uman"]["lat"], mp["tecun_uman"]["lon"]), ("gt", 14.68, -92.14), "map: Tecún Umán")
t.eq(r["map"]["indicator"], "registration_point", "map: its counts are registration_point's")

rp = I["registration_point"]
t.eq(rp["by"], "office", "registration_point by office")
t.eq(group(rp, "mx")["n"], 4, "mx returns")
t.eq(count(group(rp, "mx"), "tijuana"), 2, "tijuana")
t.eq(cats(group(rp, "mx"))["tijuana"]["share"], 0.5, "tijuana share of mx")
t.eq(group(rp, "gt")["n"], 2, "gt returns")
t.eq(count(group(rp, "gt"), "tecun_uman"), 2, "tecun_uman")
cr = I["country_of_return"]
t.eq(count(group(cr, "mx"), "HND"), 3, "mx -> HND")
t.eq(count(group(cr, "mx"), "SLV"), 1, "mx -> SLV")
t.eq(count(group(cr, "gt"), "HND"), 2, "gt -> HND (a Guatemalan returned to Honduras)")

t.eq([(c["code"], c["count"]) for c in I["transport_mode"]["categories"]], [("ground", 4), ("air", 2)], "transport, by count")
t.eq(I["transport_mode"]["n"], 6, "transport n")
t.eq(I["umc_transport_mode"]["n"], 1, "umc transport n")
t.eq(count(I["umc_transport_mode"], "air"), 1, "umc fly")
t.eq([(c["code"], c["count"]) for c in I["nationality"]["categories"]], [("HND", 3), ("GTM", 2), ("SLV", 1)], "nationality")
t.eq(count(I["sex"], "female"), 3, "women")
t.eq(count(I["sex"], "male"), 3, "men")
t.eq([c["code"] for c in I["sex"]["categories"]], ["female", "male"], "ties ordered by code")
ab = cats(I["age_band"])
t.eq({k: v["count"] for k, v in ab.items()}, {"18_45": 2, "0_4": 1, "5_12": 1, "13_17": 1, "46_59": 1}, "age bands (zero bands left out)")
t.eq(I["age_band"]["categories"][0]["code"], "18_45", "largest band first")
ms = I["migration_status"]
t.eq((ms["n"], ms["missing"]), (4, 2), "migration_status n and missing (R3, R5 empty)")
t.eq(count(ms, "irregular"), 3, "irregular")
t.eq(cats(ms)["irregular"]["share"], 0.75, "share over n, not over returns")
t.eq(count(I["irregular_by_office"], "mx"), 3, "irregular by office")
t.eq(I["irregular_by_office"]["n"], 3, "irregular population")
ed = I["education"]
t.eq({c["code"]: c["count"] for c in ed["categories"]}, {"primary": 2, "none": 2, "secondary": 1, "higher": 1}, "education")
t.true("missing" not in ed, "no missing key when nothing is missing")
sbe = I["sex_by_education"]
t.eq(sbe["by"], "education", "sex_by_education by")
t.eq(group(sbe, "primary")["n"], 2, "primary group n")
t.eq(count(group(sbe, "primary"), "female"), 1, "primary women")
t.eq(count(group(sbe, "none"), "male"), 1, "no-education men")
t.eq(count(group(sbe, "higher"), "female"), 1, "higher women")
t.eq(group(sbe, "higher")["categories"][0]["share"], 1.0, "share within group")
ne = I["no_education_age_group"]
t.eq((ne["n"], count(ne, "under_5"), count(ne, "adult"), count(ne, "age_5_17")), (2, 1, 1, None), "no education by age")
na = I["no_education_adult_sex"]
t.eq((na["n"], count(na, "female")), (1, 1), "adults without education by sex")
t.eq(I["occupation_sector"]["n"], 6, "occupation n")
t.eq(count(I["occupation_sector"], "student"), 2, "students")
ebo = I["education_by_occupation"]
t.eq(count(group(ebo, "student"), "primary"), 1, "student with primary")
t.eq(count(group(ebo, "student"), "secondary"), 1, "student with secondary")
tw = I["travelling_with"]
t.eq({c["code"]: c["count"] for c in tw["categories"]}, {"alone": 3, "first_degree_relatives": 2, "other_relatives": 1}, "travelling with")
fm = I["family_minors"]
t.eq((fm["n"], count(fm, "age_0_17"), count(fm, "under_13")), (3, 2, 2), "family minors (R1 R2 R5; R2 8, R5 3)")
t.eq(cats(fm)["age_0_17"]["share"], 0.6667, "family minors share, 4 decimals")

sc = I["survey_coverage"]
t.eq((sc["value"], sc["n"], sc["share"]), (3, 6, 0.5), "survey coverage (R1 R3 R4)")
hs = I["health_self_perceived"]
t.eq((hs["population"], hs["n"], count(hs, "healthy"), count(hs, "unwell")), ("survey", 3, 2, 1), "self-perceived health")
scr = I["health_screening"]
t.eq(scr["unit"], "multi", "multi unit")
t.eq((scr["n"], scr["missing"]), (2, 1), "screening n and missing (R4 empty)")
t.eq(cats(scr)["respiratory"], {"code": "respiratory", "label": "Respiratory conditions", "count": 1, "share": 0.5, "mention_share": 0.5}, "respiratory")
t.eq(cats(scr)["none"].get("mention_share"), None, "none has no mention share")
t.eq(cats(scr)["none"]["share"], 0.5, "none has a share")
jc = I["journey_conditions"]
t.eq((jc["n"], count(jc, "none"), count(jc, "anxiety"), cats(jc)["anxiety"]["mention_share"]), (3, 2, 1, 1.0), "journey")
a = I["abuses"]
t.eq((a["n"], count(a, "extortion"), count(a, "threat"), count(a, "none")), (3, 2, 1, 1), "abuses")
t.eq((cats(a)["extortion"]["share"], cats(a)["extortion"]["mention_share"]), (0.6667, 0.6667), "extortion: 2 of 3 people, 2 of 3 mentions")
rp2 = I["return_plans"]
t.eq((count(rp2, "find_job"), cats(rp2)["find_job"]["share"], cats(rp2)["find_job"]["mention_share"]), (2, 0.6667, 0.5), "plans: shares past 1, mentions")
t.eq(sum(c["share"] for c in rp2["categories"]) > 1, True, "multi shares can sum past 1")
t.eq(count(I["return_reasons"], "none"), 1, "return_reasons none (R4)")
t.eq(count(I["regularization_started"], "yes"), 2, "regularization yes")
me = I["mexico_exit_reason"]
t.eq((me["population"], me["n"], me["missing"], count(me, "lack_of_funds")), ("survey_regularization", 1, 1, 1), "exit reason among regularization=yes")

rm = I["registrations_by_month"]
t.eq(rm["by"], "registration_point", "months by point")
tj = group(rm, "tijuana")
t.eq([(c["code"], c["count"]) for c in tj["categories"]], [("2019-12", 0), ("2020-01", 3), ("2020-02", 0)], "tijuana months, chronological, zeros kept (R1 R2 R6 whatever status)")
t.eq(count(group(rm, "tapachula"), "2020-02"), 1, "R9 registered only")
t.eq(group(rm, "ciudad_juarez"), None, "no mpp in the avr report")

tr = r["tracks"]["mpp"]
t.eq((tr["label"], tr["indicators"]["returns_total"]["value"], count(tr["indicators"]["sex"], "female")), ("MPP withdrawal", 1, 1), "MPP track: R7")
t.true("tracks" not in report(db, "--program", "mpp"), "no track in the mpp report itself")

# filters: departure dates inclusive at both ends; registrations on registration_date
r = report(db, "--from", "2020-02-01", "--to", "2020-02-29")["indicators"]
t.eq(r["returns_total"]["value"], 4, "Feb 2020 departures: R1 R2 (02-01) R3 R4 (02-29); not R5 (03-01), R8 (01-31)")
t.eq([g["code"] for g in r["registrations_by_month"]["groups"]], ["tapachula"], "Feb 2020 registrations: R9")
r = report(db, "--from", "2020-02-02", "--to", "2020-02-28")["indicators"]
t.eq(r["returns_total"]["value"], 1, "one day in from each end: R3 only")
r = report(db, "--program", "mpp")
t.eq((r["filters"]["program"], r["indicators"]["returns_total"]["value"]), ("mpp", 1), "mpp programme: R7")
t.eq(group(r["indicators"]["registration_point"], "mx")["categories"][0]["code"], "ciudad_juarez", "mpp at Ciudad Juárez")
t.eq(r["indicators"]["survey_coverage"]["value"], 0, "mpp: nobody surveyed")
t.eq((r["indicators"]["abuses"]["n"], r["indicators"]["abuses"]["categories"]), (0, []), "a field never filled: n 0, no categories")
t.eq(r["indicators"]["survey_coverage"]["share"], 0.0, "0 of 1 surveyed is a share of 0")
r = report(db, "--program", "all")
t.eq((r["filters"]["program"], r["indicators"]["returns_total"]["value"]), ("all", 7), "all programmes")
r = report(db, "--office", "gt")["indicators"]
t.eq((r["returns_total"]["value"], r["mexico_exit_reason"]["n"], r["mexico_exit_reason"]["missing"]), (2, 0, 1), "office gt: R4 R5; exit reason never filled")
r = report(db, "--age-bands", "sadd")
t.eq(r["age_bands"], "sadd", "sadd bands named")
t.eq({c["code"]: c["count"] for c in r["indicators"]["age_band"]["categories"]}, {"18_59": 3, "0_4": 1, "5_11": 1, "12_17": 1}, "sadd bands")

# Spanish: labels change, codes do not
es = report(db, "--lang", "es")["indicators"]
t.eq(cats(es["sex"])["female"]["label"], "Mujeres", "Spanish label")
t.eq(es["returns_total"]["label"], "Personas asistidas para retornar", "Spanish indicator label")
t.eq(sorted(cats(es["abuses"])), sorted(cats(report(db)["indicators"]["abuses"])), "same codes in Spanish")

# an empty database (reading commands never create one: an import of a file
# with only its header does)
empty, header = os.path.join(workdir(), "empty.db"), os.path.join(workdir(), "header.csv")
with open(os.path.join(HERE, "fixture.csv"), encoding="utf-8") as f, \
        open(header, "w", encoding="utf-8") as h:
    h.write(f.readline())
retorno(empty, "import", "-q", header)
e = report(empty)["indicators"]
t.eq((e["returns_total"]["value"], e["sex"]["n"], e["sex"]["categories"], e["registrations_by_month"]["groups"]), (0, 0, [], []), "empty database")
t.true("share" not in e["survey_coverage"], "no share when n is 0")
t.finish()
