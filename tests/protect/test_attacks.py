#!/usr/bin/env python3
"""The four attacks of the publication-safety issue, tried as the attacker
tried them, on the sample, demo databases and hand-made cases; plus a late
entry in a month already published. Each attack is an explicit computation
on the published JSON (the attacker's spreadsheet), and leakcheck.py (bound
propagation over every relation) then checks the same outputs together.

 1. Sums combined: office gt of the sample, returns - minors - the adult
    bands gives the 60+ band.
 2. Zeros left out: hidden cells of a multi-select that must add up to a
    small number (demo seed 1, office gt, 2020).
 3. Office differencing: all offices minus mx gives gt, on three databases.
 4. Day differencing: periods that are not whole months are refused; two
    editions of the programme to date one month apart, when that month has
    one person, show nothing of that person.
 5. A late entry into a month already published, then the next editions:
    to-date(Feb) - to-date(Jan) - Feb shows nothing of the late person.

Usage: RETORNO_BIN=path/to/retorno python3 tests/protect/test_attacks.py
"""
import csv, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import leakcheck  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import pgmode  # noqa: E402  (the PostgreSQL mode: make pg-check)

BIN = os.environ.get("RETORNO_BIN") or os.path.join(HERE, "..", "..", "retorno")
SHARED = os.environ.get("SHARED") or os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
N = 5
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: attacks: {what}")


def retorno(db, *args, ok=True):
    p = subprocess.run([BIN, "--db", db, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        raise SystemExit(f"retorno --db {db} {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p


def public(db, *args):
    return json.loads(retorno(db, "report", "--public", "--format", "json", *args).stdout)


def publish(db, *args):
    """Publishes; returns the edition (new or given back) as published, with its number."""
    out = retorno(db, "publish", *args).stdout.split()
    # "edition N: ..." or "unchanged since edition N"
    number = out[out.index("edition") + 1].rstrip(":")
    ed = json.loads(retorno(db, "publications", "show", number, "--format", "json").stdout)
    ed["_edition"] = int(number)
    return ed


def cells(rep):
    """key -> count (None when hidden) of every published number, as the attacker reads them."""
    out = {}

    def num(key, o, field):
        if o.get(field + "_suppressed"):
            out[key] = None
        elif field in o:
            out[key] = o[field]

    for iid, ind in rep["indicators"].items():
        num(iid, ind, "value")
        num(iid + "#n", ind, "n")
        num(iid + "#missing", ind, "missing")
        for c in ind.get("categories", []):
            out[f"{iid}:{c['code']}"] = None if c.get("suppressed") else c["count"]
        for g in ind.get("groups", []):
            num(f"{iid}@{g['code']}#n", g, "n")
            num(f"{iid}@{g['code']}#missing", g, "missing")
            for c in g["categories"]:
                out[f"{iid}@{g['code']}:{c['code']}"] = None if c.get("suppressed") else c["count"]
    return out


def small(v):
    return v is not None and 1 <= v < N


def no_leak(outs, what, offices=("gt", "mx")):
    objs = []
    for i, o in enumerate(outs):
        path = os.path.join(WORK, f"out-{abs(hash(what))}-{i}.json")
        with open(path, "w") as f:
            json.dump(o, f)
        objs.append(leakcheck.load(path))
    res = leakcheck.check(objs, offices=list(offices))
    check(not res.leaks, f"{what}: leakcheck finds {len(res.leaks)} leaks"
          + "".join(f"\n    {l}" for l in res.leaks[:5]))
    check(not res.inconsistent, f"{what}: the outputs contradict the relations: {res.inconsistent}")


COLS = open(SAMPLE, encoding="utf-8").readline().strip().split(",")


def row(i, **kw):
    r = dict(case_id=f"H-{i}", program="avr", office="mx", registration_point="tijuana",
             registration_date="2019-12-20", given_names=f"N{i}", family_names="F", sex="male",
             age="30", nationality="HND", country_of_return="HND", education="primary",
             unaccompanied_minor="no", transport_mode="ground", status="returned",
             departure_date="2020-01-20", occupation_sector="agriculture", travelling_with="alone")
    r.update(kw)
    return r


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def handmade(name, rows):
    db = os.path.join(WORK, name + ".db")
    write(os.path.join(WORK, name + ".csv"), rows)
    retorno(db, "import", "-q", os.path.join(WORK, name + ".csv"))
    return db


WORK = tempfile.mkdtemp(prefix="retorno-attacks-")
sample = os.path.join(WORK, "sample.db")
retorno(sample, "import", "-q", SAMPLE)
demo1 = os.path.join(WORK, "demo1.db")
retorno(demo1, "demo", "--cases", "5000", "--seed", "1")
demo3 = os.path.join(WORK, "demo3.db")
retorno(demo3, "demo", "--cases", "2000", "--seed", "3")
TODATE = "2026-10-31"

# 1. Sums combined: returns - minors - 18-45 - 46-59 (- age not recorded) = 60+
gt = public(sample, "--office", "gt", "--to", TODATE)
c = cells(gt)
parts = [c.get("returns_total"), c.get("minors_total"), c.get("age_band:18_45"),
         c.get("age_band:46_59"), c.get("age_band#missing", 0)]
if all(v is not None for v in parts):
    sixty = parts[0] - parts[1] - parts[2] - parts[3] - parts[4]
    check(not small(sixty) or c.get("age_band:60_plus") == sixty,
          f"sums combined: 60+ of gt recovered as {sixty}")
else:
    print("note: sums combined: a part of the sum is hidden (nothing to subtract)")
check(c.get("age_band:60_plus") is None or not small(c.get("age_band:60_plus")), "60+ shown small")
no_leak([gt], "sums combined (sample gt)")
for db, name in ((demo1, "demo seed 1"), (demo3, "demo seed 3")):
    no_leak([public(db, "--office", "gt", "--to", TODATE)], f"sums combined ({name} gt)")

# 2. Zeros left out: hidden counts are known to be >= 1; two hidden that add up to 2 would be 1 each
z = public(demo1, "--office", "gt", "--from", "2020-01-01", "--to", "2020-12-31")
jc = z["indicators"]["journey_conditions"]
check(all(x.get("suppressed") or x["count"] == 0 or x["count"] >= N for x in jc["categories"]),
      "zeros: a small journey condition shown")
no_leak([z], "zeros left out (demo seed 1, gt, 2020)")

# 3. Office differencing: all - mx = gt, cell by cell, on three databases
for db, name in ((sample, "sample"), (demo1, "demo seed 1"), (demo3, "demo seed 3")):
    outs = [public(db, "--to", TODATE)] + [public(db, "--office", o, "--to", TODATE) for o in ("mx", "gt")]
    a, mx, g = (cells(o) for o in outs)
    recovered = [k for k in a if a[k] is not None and mx.get(k, 0) is not None and g.get(k, 0) is None]
    check(not recovered, f"office differencing ({name}): all - mx gives hidden gt cells {recovered[:5]}")
    recovered = [k for k in a if a[k] is not None and g.get(k, 0) is not None and mx.get(k, 0) is None]
    check(not recovered, f"office differencing ({name}): all - gt gives hidden mx cells {recovered[:5]}")
    no_leak(outs, f"office differencing ({name})")

# 4. Day differencing: periods that are not whole months are refused
for args in (("--from", "2020-01-01", "--to", "2020-01-02"), ("--to", "2020-01-03"),
             ("--from", "2020-01-02", "--to", "2020-01-31")):
    p = retorno(sample, "report", "--public", *args, ok=False)
    check(p.returncode == 1 and p.stderr.strip(), f"day differencing: {' '.join(args)} refused (exit {p.returncode})")
    p = retorno(sample, "publish", *args, ok=False)
    check(p.returncode == 1, f"day differencing: publish {' '.join(args)} refused")
# a month with one person: two editions of the programme to date one month apart
rows = [row(i, sex="female" if i % 3 == 0 else "male", age=str(20 + i % 40),
            nationality=("HND", "GTM", "SLV")[i % 3], departure_date=f"2020-01-{1 + i % 28:02d}")
        for i in range(60)]
rows.append(row(999, sex="female", age="71", nationality="NIC", education="higher",
                departure_date="2020-02-10", registration_point="tapachula"))
one = handmade("one", rows)
jan = publish(one, "--to", "2020-01-31")
feb = publish(one, "--to", "2020-02-29")
month = publish(one, "--month", "2020-02")
cj, cf, cm = cells(jan), cells(feb), cells(month)
diff = [k for k in cf if cf[k] is not None and cj.get(k, 0) is not None and small(cf[k] - cj.get(k, 0))]
check(not diff, f"day differencing: to-date(Feb) - to-date(Jan) shows the one person: {diff[:6]}")
check(all(not small(v) for v in cm.values()), "the month of one person shows a small count")
no_leak([jan, feb, month], "one-person difference between editions")

# 5. A late entry into January, already published; then the next editions
rows = [row(i, sex=("female", "male")[i % 2], age=str(18 + i % 50), departure_date=f"2020-01-{1 + i % 28:02d}")
        for i in range(80)] + \
       [row(100 + i, sex=("female", "male")[i % 2], age=str(18 + i % 50), departure_date=f"2020-02-{1 + i % 28:02d}")
        for i in range(80)]
late = handmade("late", rows)
e_jan = publish(late, "--month", "2020-01")
td_jan = publish(late, "--to", "2020-01-31")
write(os.path.join(WORK, "late-entry.csv"),
      [row(500, sex="female", age="15", nationality="NIC", education="none", unaccompanied_minor="yes",
           transport_mode="air", departure_date="2020-01-15", registration_point="tapachula")])
retorno(late, "import", "-q", os.path.join(WORK, "late-entry.csv"))
e_feb = publish(late, "--month", "2020-02")
td_feb = publish(late, "--to", "2020-02-29")
again = publish(late, "--month", "2020-01")     # January again, with the late entry
a, b, m = cells(td_feb), cells(td_jan), cells(e_feb)
late_profile = [k for k in a if a[k] is not None and b.get(k, 0) is not None and m.get(k, 0) is not None
                and small(a[k] - b.get(k, 0) - m.get(k, 0))]
check(not late_profile, f"late entry: to-date(Feb) - to-date(Jan) - Feb shows the late person: {late_profile[:6]}")
j1, j2 = cells(e_jan), cells(again)
late_profile = [k for k in j2 if j2[k] is not None and j1.get(k, 0) is not None and small(j2[k] - j1.get(k, 0))]
check(not late_profile, f"late entry: January again - January shows the late person: {late_profile[:6]}")
check(again["_edition"] > td_feb["_edition"], "late entry: January again is a new edition")
n_ed = sum(1 for line in retorno(late, "publications").stdout.splitlines()
           if line.split() and line.split()[0].isdigit())
check(n_ed == 5, f"late entry: five editions recorded ({n_ed})")

# 6. A month inside a programme-to-date edition already published: the two
# editions less one leave the months before and after it; either it is
# published and the editions together leak nothing, or it is refused with
# the reason (exit 2), never published unsafe.
for db_src, name in ((sample, "sample"), (demo3, "demo seed 3")):
    db = os.path.join(WORK, f"inside-{name.replace(' ', '-')}.db")
    if pgmode.ON:   # the PostgreSQL mode (make pg-check): a copy of the database
        pgmode.copy(db_src, db)
    else:
        subprocess.run(["cp", db_src, db], check=True)
    td = publish(db, "--to", "2021-06-30")
    p = retorno(db, "publish", "--month", "2020-03", ok=False)
    if p.returncode == 0:
        ids = [line.split()[0] for line in retorno(db, "publications").stdout.splitlines()
               if line.split() and line.split()[0].isdigit()]
        inside = json.loads(retorno(db, "publications", "show", ids[-1], "--format", "json").stdout)
        no_leak([td, inside], f"a month inside a published programme to date ({name})")
    else:
        check(p.returncode == 2 and "safe" in p.stderr,
              f"a month inside a published programme to date ({name}): refused with the reason "
              f"(exit {p.returncode}: {p.stderr.strip()[:120]})")

print(f"attacks: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
