#!/usr/bin/env python3
"""--public: no count below the threshold is shown, and no hidden count can be
recovered by subtraction from an n, a total, or across a breakdown. Names,
birth dates and case ids never appear in any report format."""
import csv, io, os, re, sys
from reportlib import Checks, report, retorno, setup, workdir, cats, group, SHARED

t = Checks("report-public")
work = workdir()
HEADER = open(os.path.join(SHARED, "data", "sample-cases.csv"), encoding="utf-8").readline().strip()
COLS = HEADER.split(",")


def case(i, **kw):
    row = dict(case_id=f"P-{i}", program="avr", office="mx", registration_point="tijuana",
               registration_date="2020-01-10", given_names=f"Name{i}", family_names="Family",
               sex="male", age="30", nationality="HND", country_of_return="HND", education="primary",
               unaccompanied_minor="no", transport_mode="ground", status="returned",
               departure_date="2020-02-01")
    row.update(kw)
    return row


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


# Naive suppression leaks: 3 women and 20 men of n = 23. Hiding only the 3
# lets anyone compute it as 23 - 20. The 20 must be hidden too.
rows = [case(i, sex="female") for i in range(3)] + [case(i) for i in range(3, 23)]
# and one lone 'higher' among primary: education 22 primary + 1 higher
rows[5]["education"] = "higher"
db = os.path.join(work, "leak.db")
write(os.path.join(work, "leak.csv"), rows)
retorno(db, "import", "-q", os.path.join(work, "leak.csv"))
plain = report(db)["indicators"]
t.eq((plain["sex"]["n"], cats(plain["sex"])["female"]["count"], cats(plain["sex"])["male"]["count"]), (23, 3, 20), "the raw table")
pub = report(db, "--public")
I = pub["indicators"]
t.eq((pub["public"], pub["min_cell"]), (True, 5), "public flagged")
s = cats(I["sex"])
t.eq(s["female"].get("suppressed"), True, "3 women hidden")
t.true("count" not in s["female"] and "share" not in s["female"], "no count or share for the hidden cell")
t.eq(s["male"].get("suppressed"), True, "20 men hidden too: 23 - 20 would give the 3 away")
t.eq(I["sex"]["n"], 23, "n stays")
e = cats(I["education"])
t.eq((e["higher"].get("suppressed"), e["primary"].get("suppressed")), (True, True), "1 higher hides 22 primary")
# across the breakdown: sex_by_education 'primary' group has 3 women, 19 men
g = group(I["sex_by_education"], "primary")
t.eq(g["n_suppressed"] if "n_suppressed" in g else False, True, "primary group n hidden (it equals the hidden primary count)")
t.true(all(c.get("suppressed") for c in g["categories"]), "women and men of primary hidden")
# a public output's threshold is never below 5 (report.md): --min-cell 2 is refused
p = retorno(db, "report", "--public", "--min-cell", "2", check=False)
t.eq(p.returncode, 1, "--public --min-cell 2 is refused (exit 1)")
t.true("at least 5" in p.stderr, "says the smallest threshold")


def leaks(rep, k, what):
    """Checks every linked sum of a public report; returns nothing, records results."""
    I = rep["indicators"]
    hidden = lambda c: c.get("suppressed", False)

    def num(o, key):
        return None if o.get(key + "_suppressed") else o.get(key, 0)

    inds = list(I.items()) + [("mpp_track." + k, v) for k, v in rep.get("tracks", {}).get("mpp", {}).get("indicators", {}).items()]
    for ind_id, ind in inds:
        lists = [(ind, num(ind, "n"))] if "categories" in ind else []
        lists += [(g, num(g, "n")) for g in ind.get("groups", [])]
        for lst, n in lists:
            for c in lst["categories"]:
                if not hidden(c):
                    t.true(c["count"] == 0 or c["count"] >= k, f"{what}: {ind_id} {c['code']} shown below {k}")
                else:
                    t.true("count" not in c and "share" not in c and "mention_share" not in c, f"{what}: {ind_id} hidden has no numbers")
            if n is None:
                t.true(all("share" not in c for c in lst["categories"]), f"{what}: {ind_id}: no shares over a hidden n")
            if ind.get("unit") == "multi":
                # no mention shares in a public output: they would publish the total of
                # mentions, one more sum to subtract from (docs/report.md)
                t.true(all("mention_share" not in c for c in lst["categories"]),
                       f"{what}: {ind_id}: no mention shares in public")
            elif ind.get("population") != "registrations" and ind_id != "family_minors":
                nh = sum(hidden(c) for c in lst["categories"]) + (n is None)
                t.true(nh != 1, f"{what}: {ind_id} {lst.get('code', '')}: one hidden number in a list that adds up to n")
            elif ind.get("population") == "registrations":
                nh = sum(hidden(c) for c in lst["categories"]) + (n is None)
                t.true(nh != 1, f"{what}: registrations {lst.get('code')}: one hidden month")
    # the offices' returns add up to returns_total (an exact sum only when no
    # group has people whose point is not recorded)
    rp = I["registration_point"]["groups"]
    if all("missing" not in g for g in rp):
        nh = sum(1 for g in rp if g.get("n_suppressed")) + bool(I["returns_total"].get("value_suppressed"))
        t.true(nh != 1, f"{what}: offices' returns add up to returns_total")
    # headline: minors = unaccompanied + accompanied
    hv = [I[x].get("value_suppressed", False) for x in ("minors_total", "umc_total", "children_accompanied")]
    t.true(sum(hv) != 1, f"{what}: minors = umc + accompanied")
    # breakdown columns add up to the overall category (sex_by_education -> sex)
    for ind_id, overall, row in (("sex_by_education", "sex", "education"),
                                 ("education_by_occupation", "education", "occupation_sector")):
        # exact only when every row is recorded: else the column is "at most"
        if "missing" in I[row] or any("missing" in g for g in I[ind_id]["groups"]):
            continue
        for code, c in cats(I[overall]).items():
            col = [cats(g).get(code) for g in I[ind_id]["groups"]]
            nh = sum(1 for x in col if x and hidden(x)) + hidden(c)
            t.true(nh != 1, f"{what}: {ind_id} column {code}")


for k in (5, 10):
    sample = os.path.join(work, "sample.db")
    if not os.path.exists(sample):
        retorno(sample, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
    leaks(report(sample, "--public", "--min-cell", str(k)), k, f"sample k={k}")
    leaks(report(sample, "--public", "--min-cell", str(k), "--program", "mpp"), k, f"sample mpp k={k}")
    leaks(report(sample, "--public", "--min-cell", str(k), "--office", "gt"), k, f"sample gt k={k}")
demo = os.path.join(work, "demo.db")
retorno(demo, "demo", "--cases", "3000", "--seed", "9")
leaks(report(demo, "--public"), 5, "demo")
leaks(report(demo, "--public", "--from", "2021-06-01", "--to", "2021-08-31"), 5, "demo one summer")

# offices are extensible: with 65 offices that all have returns, the offices'
# returns must still add up to returns_total in the suppression (a fixed array
# of 64 once cut that sum short, leaving the last office recoverable)
many = os.path.join(work, "offices.db")
rows = [case(i) for i in range(30)]
for k in range(65):
    setup(many, "vocab", "add", "office", f"o{k}", "--country", "HND", "--transport", "ground",
          "--en", f"Office {k}", "--es", f"Oficina {k}")
    setup(many, "vocab", "add", "registration_point", f"p{k}", "--office", f"o{k}",
          "--programs", "avr", "--en", f"Point {k}", "--es", f"Punto {k}")
    for j in range(1 if k == 64 else 5):   # five people in each office, one in the last
        rows.append(case(1000 + k * 10 + j, office=f"o{k}", registration_point=f"p{k}"))
write(os.path.join(work, "offices.csv"), rows)
retorno(many, "import", "-q", os.path.join(work, "offices.csv"))
rep = report(many, "--public")
g = group(rep["indicators"]["registration_point"], "o64")
t.eq((g["n"], g.get("n_suppressed")), (None, True), "the last office's single return is hidden")
leaks(rep, 5, "65 offices")

# text and CSV show the same suppression
text = retorno(db, "report", "--public").stdout
t.true(re.search(r"^\s+Women\s+x\s+x$", text, re.M) and "<5" not in text, "text shows the 3 women as x, never <5")
rows = list(csv.reader(io.StringIO(retorno(db, "report", "--public", "--format", "csv").stdout)))
t.eq(rows[1][0], "#indicator+code", "CSV HXL row")
sexrows = {r[5]: r for r in rows if r[0] == "sex"}
t.eq((sexrows["female"][8], sexrows["female"][11]), ("", "yes"), "CSV hidden count empty, flagged")

# privacy: no name, birth date or case id in any format, public or not
sample = os.path.join(work, "sample.db")
secrets = set()
with open(os.path.join(SHARED, "data", "sample-cases.csv"), encoding="utf-8") as f:
    for r in list(csv.DictReader(f))[1:]:
        secrets.update(x for x in (r["case_id"], r["group_id"], r["given_names"], r["family_names"],
                                   r["birth_date"], f'{r["given_names"]} {r["family_names"]}') if x.strip())
import sqlite3
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import pgmode  # the PostgreSQL mode (make pg-check)
LABELS_SQL = ("SELECT label_en || ' ' || label_es FROM vocab UNION ALL SELECT label_en || ' ' || label_es FROM registration_point"
              " UNION ALL SELECT label_en || ' ' || label_es FROM office")
labels = [x for row in (pgmode.query(sample, LABELS_SQL) if pgmode.ON else
                        sqlite3.connect(sample).execute(LABELS_SQL)) for x in row]
# a first name that is also part of a place name ("Luis" in "San Luis Potosí") is not a leak
secrets = {s for s in secrets if not any(s in l for l in labels)}
t.true(len(secrets) > 800, f"hundreds of names, ids and birth dates to look for ({len(secrets)})")
for fmt in ("json", "csv", "text"):
    for extra in ([], ["--public"], ["--program", "all", "--lang", "es"]):
        out = retorno(sample, "report", "--format", fmt, *extra).stdout
        found = sorted(s for s in secrets if s in out)
        t.eq(found, [], f"no personal data in {fmt} {' '.join(extra)}")
t.finish()
