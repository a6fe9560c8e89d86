#!/usr/bin/env python3
"""Monthly editions (docs/report.md, "Monthly editions"): the JSON shape of a
public month -- the month's own shape, the programme to date under
`to_date`, the previous edition's headline figures and the changes under
`previous` -- and the protection of those new cells against the attacker who
subtracts consecutive editions.

The data are made by hand so that the attack has something to find:
December 2019 and January 2020 have 60 returns each, twenty of them
Nicaraguans; February has 60 more and one Nicaraguan woman of 71 with higher
education. Published naively, the programme to date of February (41
Nicaraguans) less that of January (40) gives the one woman of February, whose
own cell the month hides. The checks:
  1. the shape: to_date (from null, to the month's end, the same indicators),
     previous (null for the first monthly edition; then the edition, its
     month, and for each headline figure its value and change, a change
     null whenever either figure is hidden);
  2. the changes are true: this - previous, where all three are shown;
  3. the differencing attack, done explicitly on the published JSON: every
     key's to_date(February) - to_date(January), to_date(February) -
     February - to_date(January) (the late-entry difference: 0 here), and
     previous + change against a hidden figure; no small count (1..4)
     comes out;
  4. leakcheck.py (tests/protect), the independent checker, holds both
     editions together -- its relations include this - previous = change;
  5. the headline totals are the last cells the protection hides: on the
     demo (5,000 cases, seed 1) the December 2021 edition shows the month's
     returns (73 people) and every headline of at least N, of the month and
     to date, also with the November edition recorded (the month's only
     month of the trend, and the to-date trend's December, are the month's
     total: hiding one of them hid every headline), and each office's
     December shows its own returns.

Usage: RETORNO_BIN=path/to/retorno python3 tests/report/test_editions.py
"""
import csv, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "protect"))
from reportlib import Checks, SHARED, retorno, setup, workdir  # noqa: E402
import leakcheck  # noqa: E402

N = 5
t = Checks("editions")
W = workdir()
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
COLS = open(SAMPLE, encoding="utf-8").readline().strip().split(",")


def row(i, **kw):
    r = dict(case_id=f"E-{i}", program="avr", office="mx", registration_point="tijuana",
             registration_date="2019-11-20", given_names=f"N{i}", family_names="F", sex="male",
             age="30", nationality="HND", country_of_return="HND", education="primary",
             unaccompanied_minor="no", transport_mode="ground", status="returned",
             departure_date="2020-01-20", occupation_sector="agriculture", travelling_with="alone")
    r.update(kw)
    return r


rows = [row(i, sex=("female", "male")[i % 2], age=str(20 + i % 40),
            nationality=("HND", "GTM", "SLV", "NIC", "NIC", "HND")[i % 6],
            departure_date=f"2019-12-{1 + i % 28:02d}") for i in range(60)]
rows += [row(200 + i, sex=("female", "male")[i % 2], age=str(20 + i % 40),
             nationality=("HND", "GTM", "SLV", "NIC", "NIC", "HND")[i % 6],
             departure_date=f"2020-01-{1 + i % 28:02d}") for i in range(60)]
rows += [row(100 + i, sex=("female", "male")[i % 2], age=str(20 + i % 40),
             nationality=("HND", "GTM", "SLV")[i % 3], departure_date=f"2020-02-{1 + i % 28:02d}")
         for i in range(60)]
rows.append(row(999, sex="female", age="71", nationality="NIC", education="higher",
                departure_date="2020-02-10", registration_point="tapachula"))
csv_path = os.path.join(W, "editions.csv")
with open(csv_path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(r)
db = os.path.join(W, "e.db")
setup(db, "import", "-q", csv_path)


def publish(*args):
    out = retorno(db, "publish", *args).stdout.split()
    number = out[out.index("edition") + 1].rstrip(":")
    ed = json.loads(retorno(db, "publications", "show", number, "--format", "json").stdout)
    return int(number), ed


def cells(ind):
    """key -> count (None when hidden) of every number of an indicators object."""
    out = {}

    def num(key, o, field):
        if o.get(field + "_suppressed"):
            out[key] = None
        elif field in o:
            out[key] = o[field]

    for iid, o in ind.items():
        num(iid, o, "value")
        num(iid + "#n", o, "n")
        num(iid + "#missing", o, "missing")
        for c in o.get("categories", []):
            out[f"{iid}:{c['code']}"] = None if c.get("suppressed") else c["count"]
        for g in o.get("groups", []):
            num(f"{iid}@{g['code']}#n", g, "n")
            num(f"{iid}@{g['code']}#missing", g, "missing")
            for c in g["categories"]:
                out[f"{iid}@{g['code']}:{c['code']}"] = None if c.get("suppressed") else c["count"]
    return out


def small(v):
    return v is not None and 1 <= v < N


# ---- the preview shows what publish would: to_date, and no previous yet ----
pre = json.loads(retorno(db, "report", "--public", "--month", "2020-01", "--format", "json").stdout)
t.true("to_date" in pre and "previous" in pre and pre["previous"] is None,
       "report --public --month: to_date, and previous null before any edition")
private = json.loads(retorno(db, "report", "--month", "2020-01", "--format", "json").stdout)
t.true("to_date" not in private and "previous" not in private,
       "a private report --month stays the plain filter")

# ---- 1. the shape ----
id_jan, jan = publish("--month", "2020-01")
id_feb, feb = publish("--month", "2020-02")
for name, ed, end in (("January", jan, "2020-01-31"), ("February", feb, "2020-02-29")):
    td = ed.get("to_date") or {}
    t.eq(td.get("filters", {}).get("from", "?"), None, f"{name}: to_date runs from the start")
    t.eq(td.get("filters", {}).get("to"), end, f"{name}: to_date ends with the month")
    t.eq(sorted(td.get("indicators", {})), sorted(ed["indicators"]),
         f"{name}: to_date has the month's indicators")
    t.eq(ed["filters"]["to"], end, f"{name}: the month's own filters stay")
t.eq(jan["previous"], None, "the first monthly edition has no previous one")
pv = feb.get("previous") or {}
t.eq((pv.get("edition"), pv.get("from"), pv.get("to")), (id_jan, "2020-01-01", "2020-01-31"),
     "February's previous edition is January's")
heads = ["returns_total", "umc_total", "minors_total", "children_accompanied", "survey_coverage"]
t.eq(sorted(pv.get("indicators", {})), sorted(heads), "previous: every headline figure of the month")
t.eq(sorted(pv.get("to_date", {})), sorted(heads), "previous: every headline figure to date")

# ---- 2. the changes are this - previous, and hidden with either figure ----
checked = 0
for part, this_ind, prev_ind in (("indicators", feb["indicators"], jan["indicators"]),
                                 ("to_date", feb["to_date"]["indicators"], jan["to_date"]["indicators"])):
    for h in heads:
        ch = pv[part][h]
        this_v = None if this_ind[h].get("value_suppressed") else this_ind[h]["value"]
        prev_v = None if prev_ind[h].get("value_suppressed") else prev_ind[h]["value"]
        shown_prev = None if ch.get("value_suppressed") else ch.get("value")
        t.eq(shown_prev, prev_v, f"previous {part} {h}: as the previous edition published it")
        if this_v is None or prev_v is None:
            t.true(ch.get("change") is None and ch.get("change_suppressed"),
                   f"previous {part} {h}: the change is hidden beside a hidden figure")
        else:
            t.eq(ch.get("change"), this_v - prev_v, f"previous {part} {h}: change = this - previous")
            checked += 1
t.true(checked > 0, "some change is shown (the test would prove nothing otherwise)")

# ---- 3. the differencing attack, explicitly ----
m_feb, td_feb, td_jan = cells(feb["indicators"]), cells(feb["to_date"]["indicators"]), \
    cells(jan["to_date"]["indicators"])
m_jan = cells(jan["indicators"])
found = []
for k, v in td_feb.items():
    a = td_jan.get(k, 0)
    if v is not None and a is not None and small(v - a):
        found.append(f"{k}: to_date(Feb) - to_date(Jan) = {v - a}")
    m = m_feb.get(k, 0)
    if v is not None and a is not None and m is not None and small(v - a - m):
        found.append(f"{k}: to_date(Feb) - to_date(Jan) - Feb = {v - a - m}")
    j = m_jan.get(k, 0)
    if v is not None and m is not None and j is not None and td_jan.get(k, 0) is None and small(v - m):
        found.append(f"{k}: to_date(Feb) - Feb = {v - m} gives a hidden to_date(Jan)")
for part, this_ind in (("indicators", feb["indicators"]), ("to_date", feb["to_date"]["indicators"])):
    for h in heads:
        ch = pv[part][h]
        if this_ind[h].get("value_suppressed") and ch.get("change") is not None and \
                ch.get("value") is not None:
            found.append(f"{part} {h}: previous + change = {ch['value'] + ch['change']}, hidden")
t.eq(found[:6], [], "differencing consecutive monthly editions recovers no small count")
t.true(td_feb.get("nationality:NIC") is None or td_jan.get("nationality:NIC") is None or
       m_feb.get("nationality:NIC") is not None,
       "the one Nicaraguan of February: not both programmes to date shown")

# ---- 4. the independent checker, both editions together ----
objs = []
for name, ed in (("jan", jan), ("feb", feb)):
    path = os.path.join(W, name + ".json")
    with open(path, "w") as f:
        json.dump(ed, f)
    objs.append(leakcheck.load(path))
res = leakcheck.check(objs, offices=["gt", "mx"])
t.eq([str(x) for x in res.leaks[:5]], [], "leakcheck: the two monthly editions together")
t.eq(res.inconsistent, None, "leakcheck: consistent (the changes are true)")
t.true(res.outputs == 6 and res.stats.get("variables", 0) > 0,
       f"leakcheck read both editions: month, to date, and the previous figures ({res.outputs})")

# publishing February again with unchanged data gives it back
again = retorno(db, "publish", "--month", "2020-02").stdout
t.true(f"unchanged since edition {id_feb}" in again, "the same month again: the recorded edition")

# ---- 5. headline totals hidden last (the demo's December 2021) ----
demo = os.path.join(W, "demo.db")
setup(demo, "demo", "--cases", "5000", "--seed", "1")


def headlines(label):
    d = json.loads(retorno(demo, "report", "--public", "--month", "2021-12",
                           "--format", "json").stdout)
    t.eq(d["indicators"]["returns_total"].get("value"), 73,
         f"{label}: the month's returns_total is shown (73)")
    t.true(not d["to_date"]["indicators"]["returns_total"].get("value_suppressed"),
           f"{label}: the to-date returns_total is shown")
    hidden = []
    for part, ind in (("month", d["indicators"]), ("to_date", d["to_date"]["indicators"])):
        for h in heads:
            if ind[h].get("value_suppressed"):
                hidden.append(f"{part} {h}")
    t.eq(hidden, [], f"{label}: no headline is hidden")


headlines("December 2021, no edition recorded")
# each office's slice of the same protected table: its own total too (an
# office's group of the registration points in the whole is that total)
for office, total in (("mx", 48), ("gt", 25)):
    d = json.loads(retorno(demo, "report", "--public", "--month", "2021-12", "--office", office,
                           "--format", "json").stdout)
    t.eq(d["indicators"]["returns_total"].get("value"), total,
         f"December 2021, office {office}: its returns_total is shown")
    t.true(not d["to_date"]["indicators"]["returns_total"].get("value_suppressed"),
           f"December 2021, office {office}: its to-date returns_total is shown")
retorno(demo, "publish", "--month", "2021-11")
headlines("December 2021 after the November edition")

t.finish()
