#!/usr/bin/env python3
"""Publication safety of the factsheet's figures (issue 12): the trend
(returns_by_month), the pyramid (sex_by_age_band) and the map (the points'
returns, which are registration_point's cells).

 1. Public previews of the sample and of a small demo -- the programme to
    date and one month, all offices and each office -- checked by
    leakcheck.py, each period's outputs together: no leak, no inconsistency,
    no conflict between the map and registration_point.
 2. No small count (1 to N-1) is shown by a figure; a map point is hidden
    exactly when its registration_point category is.
 3. The checker can fail on these cells: the same outputs with the figure's
    true values and only the small ones hidden (a naive publisher), or with a
    hidden point's true count on the map, must leak.

Usage: RETORNO_BIN=path/to/retorno python3 tests/protect/test_figures.py
Standard library only; about half a minute.
"""
import copy, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import leakcheck  # noqa: E402

BIN = os.environ["RETORNO_BIN"]
SHARED = os.environ.get("SHARED") or os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))
FIGURES = ("returns_by_month", "sex_by_age_band")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: figures-protect: {what}", file=sys.stderr)


def run(db, *args):
    p = subprocess.run([BIN, "--db", db, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"retorno {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p.stdout


def report(db, *args):
    return json.loads(run(db, "report", "--format", "json", *args))


def figure_cells(d):
    """{(indicator, group, code): count or None} of the figures, and the map's points."""
    out = {}
    for iid in FIGURES:
        ind = d["indicators"][iid]
        for g in ind.get("groups", [None]):
            o = g if g else ind
            for c in o["categories"]:
                out[(iid, g["code"] if g else None, c["code"])] = None if c.get("suppressed") else c["count"]
    for p in d["map"]["points"]:
        out[("map", p["office"], p["code"])] = None if p.get("suppressed") else p["count"]
    return out


def rp_category(d, office, code):
    for g in d["indicators"]["registration_point"]["groups"]:
        if g["code"] == office:
            for c in g["categories"]:
                if c["code"] == code:
                    return None if c.get("suppressed") else c["count"]
    return 0


def leaks_on(res, prefixes):
    return [lk for lk in res.leaks if any(str(lk.key).startswith(p) for p in prefixes)]


work = tempfile.mkdtemp(prefix="retorno-figures-")
try:
    sample = os.path.join(work, "s.db")
    run(sample, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
    demo = os.path.join(work, "d.db")
    run(demo, "demo", "--cases", "1500", "--seed", "4")
    # the sample runs 2019-01 .. 2020-09: its programme to date, and one month
    periods = {"sample": (sample, [["--to", "2020-09-30"], ["--month", "2019-07"]]),
               "demo": (demo, [[]])}
    naive_leaks = {"returns_by_month": 0, "sex_by_age_band": 0}
    map_leak_tried = map_leak_found = 0
    for name, (db, plist) in periods.items():
        for period in plist:
            outs, pubs = [], []
            for office in (None, "mx", "gt"):
                args = period + (["--office", office] if office else [])
                what = f"{name} {' '.join(args) or 'to date'}"
                pub = report(db, "--public", *args)
                pubs.append((what, pub, args))
                outs.append(leakcheck.load(pub, what))
                cells = figure_cells(pub)
                check(any(k[0] == "returns_by_month" for k in cells) and
                      any(k[0] == "sex_by_age_band" for k in cells) and
                      any(k[0] == "map" for k in cells), f"{what}: the three figures are published")
                small = {k: v for k, v in cells.items() if v is not None and 1 <= v < pub["min_cell"]}
                check(not small, f"{what}: no small count shown by a figure: {small}")
                for (kind, office_code, code), v in cells.items():
                    if kind == "map":
                        check(v == rp_category(pub, office_code, code),
                              f"{what}: map point {code} = registration_point ({v})")
            res = leakcheck.check(outs, offices=["gt", "mx"])
            check(res.ok and not res.notes,
                  f"{outs[0].name}: the offices together: {len(res.leaks)} leaks, "
                  f"{res.inconsistent}, {res.notes[:3]}")
            # a naive publisher: the figure's true values, only the small ones hidden
            for what, pub, args in pubs:
                to = pub["filters"]["to"]
                private = report(db, *args, *(["--to", to] if to and "--to" not in args and "--month" not in args else []))
                naive = leakcheck.primary_only(private, pub["min_cell"])
                for iid in naive_leaks:
                    d = copy.deepcopy(pub)
                    d["indicators"][iid] = naive["indicators"][iid]
                    r = leakcheck.check([leakcheck.load(d, what + " naive " + iid)], offices=["gt", "mx"])
                    naive_leaks[iid] += len(leaks_on(r, (iid,)))
                # the map telling a hidden point's true count
                for i, p in enumerate(pub["map"]["points"]):
                    if not p.get("suppressed"):
                        continue
                    true = next(q["count"] for q in private["map"]["points"] if q["code"] == p["code"])
                    if true >= pub["min_cell"]:
                        continue   # a large hidden count: telling it need not leak a small one
                    d = copy.deepcopy(pub)
                    d["map"]["points"][i] = dict(p, count=true)
                    d["map"]["points"][i].pop("suppressed")
                    r = leakcheck.check([leakcheck.load(d, what + " map")], offices=["gt", "mx"])
                    map_leak_tried += 1
                    map_leak_found += bool(r.leaks or r.notes)
    for iid, n in naive_leaks.items():
        check(n > 0, f"the checker finds leaks in {iid} with only the small counts hidden ({n})")
    check(map_leak_tried > 0 and map_leak_found == map_leak_tried,
          f"the checker sees a hidden point's small count told by the map ({map_leak_found} of {map_leak_tried})")
finally:
    shutil.rmtree(work, ignore_errors=True)
print(f"figures-protect: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
