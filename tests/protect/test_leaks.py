#!/usr/bin/env python3
"""Publication safety, checked from the outside (tests/protect/README.md): a
reader holding the public factsheets of the sample and of demo databases,
over many filters, must not learn a small count.

 1. Public previews (`report --public --format json`) of periods of whole
    months (two adjacent months, each alone, together, the programme to date
    at the end of each, and the whole programme to date), for all offices
    and each office, both programmes. leakcheck.py checks each alone and
    each period's outputs of one programme together (all offices and every
    office: spec, "offices at once"). Previews of the two programmes (an AVR
    output carries the MPP track) are protected against each other once
    recorded: part 2 publishes both. No leak is allowed
    (unless --report-only). All periods together are checked and reported
    too, but previews of different periods are not protected jointly (spec:
    only recorded editions are), so that fails only with --strict-periods.
 2. Editions, when the binary has `retorno publish`: nested and adjacent
    periods published one after the other in a copy of the sample
    database; the recorded editions together must not leak.
 3. The proof that the checker can fail: the private reports (true values)
    with primary suppression only, made here; the checker must find leaks
    in the sample's and in a demo's.
 4. The checker is sound on these data: every interval it gives for a
    hidden cell holds the true value (from the private reports), and its
    relations hold on the true values of all periods together.

Usage: RETORNO_BIN=path/to/retorno python3 tests/protect/test_leaks.py
       [--report-only] [--strict-periods] [--no-editions] [--show N]
       [--only sample,...] [--keep DIR]
Standard library only.
"""
import argparse
import calendar
import collections
import concurrent.futures as cf
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import leakcheck  # noqa: E402

SHARED = os.environ.get("SHARED") or os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
# the databases: name, how to fill it
DATABASES = [("sample", ("import", SAMPLE)),
             ("demo-2000-s2", ("demo", "2000", "2")),
             ("demo-5000-s3", ("demo", "5000", "3"))]
PROOF = ("sample", "demo-2000-s2")     # their primary-only reports must leak
# their previews of all periods checked together, and the relations on all their true values
PERIODS_ALL = ("sample", "demo-2000-s2")
EDITIONS = ("sample",)                  # published as editions, when publish exists
REFUSED = "no safe way"                 # the engine's refusal (exit 2) of an output it cannot protect


class Refused(Exception):
    pass


def run(binary, db, *args):
    p = subprocess.run([binary, "--db", db, *args], capture_output=True, text=True)
    if p.returncode == 2 and REFUSED in p.stderr:
        raise Refused(p.stderr.strip())
    if p.returncode != 0:
        raise RuntimeError(f"retorno --db {db} {' '.join(args)}: exit {p.returncode}: "
                           f"{p.stderr.strip()}")
    return p.stdout


def try_run(binary, db, *args):
    try:
        return run(binary, db, *args)
    except Refused:
        return None


def last_day(month):
    y, m = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(y, m)[1]:02d}"


def next_month(month):
    y, m = int(month[:4]), int(month[5:7])
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}"


def periods_of(months):
    """Whole-month periods, nested and adjacent: [(label, report arguments)]."""
    if not months:
        return []
    a = months[len(months) // 2]
    b = next_month(a)
    last = months[-1]
    return [(f"to {a}", ["--to", last_day(a)]),
            (f"to {b}", ["--to", last_day(b)]),
            (f"month {a}", ["--month", a]),
            (f"month {b}", ["--month", b]),
            (f"{a}..{b}", ["--from", f"{a}-01", "--to", last_day(b)]),
            (f"to {last}", ["--to", last_day(last)])]


def layout(binary, db):
    """Offices per programme (summary) and the months with returns (export)."""
    offices = collections.defaultdict(set)
    for line in run(binary, db, "summary").splitlines()[2:]:
        parts = line.split()
        if len(parts) == 4 and parts[3].isdigit():
            offices[parts[0]].add(parts[1])
    rows = csv.DictReader(io.StringIO(run(binary, db, "export", "--status", "returned")))
    months = sorted({r["departure_date"][:7] for r in rows if r.get("departure_date")})
    return {p: sorted(o) for p, o in offices.items()}, months


def filters(offices, periods):
    """Every (period label, programme, office or None) with its arguments."""
    out = []
    for plabel, pargs in periods:
        for program in ("avr", "mpp"):
            for office in [None] + offices.get(program, []):
                if program not in offices:
                    continue
                args = ["--program", program] + pargs + (["--office", office] if office else [])
                out.append(((plabel, program, office), args))
    return out


def out_name(db, key):
    plabel, program, office = key
    return f"{db}:{program}:{office or 'all'}:{plabel}"


class Tally:
    """What one part of the test found."""

    def __init__(self, title):
        self.title = title
        self.outputs = 0
        self.refused = 0
        self.hidden = 0
        self.checks = 0
        self.leaks = 0
        self.by_level = collections.Counter()   # 'single', 'period', ...: leaks
        self.distinct = set()
        self.inconsistent = []
        self.examples = []
        self.unsound = []
        self.hidden_zeros = set()
        self.seconds = 0.0

    def outputs_seen(self, outs):
        self.outputs += len(outs)
        self.hidden += sum(sum(1 for v in o.cells.values() if v is None) for o in outs)

    def check(self, level, outs, offices, truth, show, exact=None):
        """Checks outs together; truth: {output name: private Output} to
        test the hidden cells' intervals against; exact: {variable name:
        value} worked out from the private reports of the same filters, to
        test the unpublished quantities' intervals against."""
        t0 = time.monotonic()
        res = leakcheck.check(outs, offices=offices)
        self.seconds += time.monotonic() - t0
        self.checks += 1
        self.leaks += len(res.leaks)
        self.by_level[level.split(" ")[1]] += len(res.leaks)
        for leak in res.leaks:
            self.distinct.add((leak.kind, leak.where, leak.key))
        if res.inconsistent:
            self.inconsistent.append(f"{level}: {res.inconsistent}")
        inds = set()
        for leak in res.leaks:
            ind = leakcheck.key_ind(leak.key.split("/")[-1])
            if ind not in inds and len(inds) < show and len(self.examples) < 400:
                inds.add(ind)
                self.examples.append((ind, f"{level}: {leak}"))
        for (name, ns, key), (lo, hi) in res.bounds.items():
            if name not in truth:
                continue
            t = truth[name].cells.get((ns, key), 0)
            if lo <= t <= hi:
                continue
            if t == 0:
                self.hidden_zeros.add((name, ns, key))
            else:
                self.unsound.append(f"{level}: {name} {ns}/{key} = {t} not in [{lo}, {hi}]")
        if exact and not res.inconsistent:
            m = res.model
            for v, name in enumerate(m.name):
                t = exact.get(name)
                if t is not None and not m.lo[v] <= t <= m.hi[v]:
                    self.unsound.append(f"{level}: {name} = {t} not in [{m.lo[v]}, {m.hi[v]}]")
        return res

    def bad(self):
        return self.leaks or self.inconsistent or self.hidden_zeros

    def print(self, show):
        print(f"{self.title}: {self.outputs} outputs ({self.refused} refused), {self.hidden} hidden "
              f"cells, {self.checks} checks, {self.leaks} leaks ({len(self.distinct)} distinct"
              + "".join(f"; {v} in {k} checks" for k, v in sorted(self.by_level.items())
                        if len(self.by_level) > 1) + ")"
              + (f", {len(self.inconsistent)} inconsistent" if self.inconsistent else "")
              + f" [{self.seconds:.1f} s]")
        for line in self.inconsistent[:show]:
            print(f"  INCONSISTENT {line}")
        if self.hidden_zeros:
            z = sorted(self.hidden_zeros)
            print(f"  {len(z)} hidden cells are 0 (a 0 must be shown), e.g. "
                  + ", ".join(f"{n} {ns}/{k}" for n, ns, k in z[:3]))
        for line in self.unsound[:show]:
            print(f"  UNSOUND {line}")
        # examples: one per indicator, as varied as they come
        seen = set()
        for ind, line in self.examples:
            if ind not in seen and len(seen) < show:
                seen.add(ind)
                print(f"  {line}")


def families(dbname, outs_by_key):
    """(level name, outputs): each alone, then each period's outputs together."""
    fam = []
    for k, o in outs_by_key.items():
        fam.append((f"{dbname} single {o.name}", [o]))
    # a preview is protected with every office of its period (spec: offices at
    # once); previews of the two programmes are protected against each other
    # only once recorded (editions, part 2, publishes both programmes)
    by_period = collections.defaultdict(list)
    for k, o in outs_by_key.items():
        by_period[(k[0], k[1])].append(o)
    for (p, prog), outs in by_period.items():
        if len(outs) > 1:
            fam.append((f"{dbname} period '{p}' {prog}: all offices + each office", outs))
    return fam


def publish_editions(binary, work, name, db, known, months, flt):
    """Publishes, in a copy of the database, the programme to date at the end
    of a month, the next month, and the programme to date at the end of that
    one (all offices and each, both programmes), in that order: each edition
    is protected jointly with the ones before. Returns ({key: JSON}, refused)."""
    edb = os.path.join(work, name + "-editions.db")
    shutil.copy(db, edb)
    a = months[len(months) // 2]
    b = next_month(a)
    order = [f"to {a}", f"month {b}", f"to {b}"]
    E, refused = {}, 0
    for k, fa in sorted(((k, fa) for k, fa in flt if k[0] in order),
                        key=lambda x: order.index(x[0][0])):
        path = os.path.join(work, f"{name}-edition-{len(E)}.json")
        if try_run(binary, edb, "publish", *fa, "--format", "json", "-o", path) is None:
            refused += 1
            continue
        with open(path, encoding="utf-8") as f:
            E[k] = json.load(f)
    return E, refused


def keep(directory, name, pub, priv):
    os.makedirs(directory, exist_ok=True)
    for k in priv:
        base = out_name(name, k).replace(":", "_").replace(" ", "_")
        for suffix, d in (("public", pub.get(k)), ("private", priv[k])):
            if d is not None:
                with open(os.path.join(directory, f"{base}.{suffix}.json"), "w") as f:
                    json.dump(d, f, indent=1)


def fake(office=None, frm=None, to=None, returns=None, sex=None, n=None):
    """A hand-made public output: returns_total and sex (None: hidden)."""
    cats = [{"code": c, "count": v} if v is not None else {"code": c, "suppressed": True}
            for c, v in (sex or {}).items()]
    ind = {"returns_total": {"value": returns} if returns is not None
           else {"value": None, "value_suppressed": True}}
    if sex is not None:
        ind["sex"] = {"n": n, "categories": cats} if n is not None else \
            {"n": None, "n_suppressed": True, "categories": cats}
    return {"filters": {"program": "avr", "office": office, "from": frm, "to": to},
            "public": True, "min_cell": 5, "indicators": ind}


def selftest():
    """The checker on hand-made outputs whose answer is known."""
    def leaks(*ds):
        res = leakcheck.check([leakcheck.Output(d, f"t{i}") for i, d in enumerate(ds)],
                              offices=["gt", "mx"])
        assert not res.inconsistent, res.inconsistent
        return {(l.kind, l.key, l.lo, l.hi) for l in res.leaks}
    fails = []
    cases = []

    def expect(what, got, want):
        cases.append(what)
        if not want <= got or (not want and got):
            fails.append(f"{what}: got {sorted(got)}, wanted {sorted(want)}")
    # one sum: 3 women hidden, 20 men shown, n 23
    expect("3 = 23 - 20", leaks(fake(returns=23, n=23, sex={"male": 20, "female": None})),
           {("hidden", "sex:female", 3, 3)})
    expect("both hidden is safe", leaks(fake(returns=23, n=23, sex={"male": None, "female": None})),
           set())
    # offices: the whole less one office
    expect("all - mx = gt",
           leaks(fake(returns=30, n=30, sex={"male": 20, "female": 10}),
                 fake("mx", returns=24, n=24, sex={"male": 17, "female": 7}),
                 fake("gt", returns=6, n=6, sex={"male": None, "female": None})),
           {("hidden", "sex:female", 3, 3), ("hidden", "sex:male", 3, 3)})
    # periods: the programme to date at the end of two months, and the second month
    expect("to March - to February = March",
           leaks(fake(to="2020-02-29", returns=40, n=40, sex={"male": 32, "female": 8}),
                 fake(to="2020-03-31", returns=51, n=51, sex={"male": 40, "female": 11}),
                 fake(frm="2020-03-01", to="2020-03-31", returns=11, n=11,
                      sex={"male": 8, "female": None})),
           {("hidden", "sex:female", 3, 3)})
    expect("the month unpublished: still a small difference",
           leaks(fake(to="2020-02-29", returns=40, n=40, sex={"male": 32, "female": 8}),
                 fake(to="2020-03-31", returns=51, n=51, sex={"male": 40, "female": 11})),
           {("derived", "sex:female", 3, 3)})
    expect("a difference of 5 or more is no leak",
           leaks(fake(to="2020-02-29", returns=40, n=40, sex={"male": 32, "female": 8}),
                 fake(to="2020-03-31", returns=53, n=53, sex={"male": 40, "female": 13})),
           set())
    for f in fails:
        print(f"FAIL: selftest: {f}", file=sys.stderr)
    print(f"selftest: {len(cases) - len(fails)} of {len(cases)} hand-made cases as expected")
    return fails


def main():
    ap = argparse.ArgumentParser(description="publication safety: the independent checker")
    ap.add_argument("--report-only", action="store_true",
                    help="print what the public outputs leak but do not fail on it")
    ap.add_argument("--strict-periods", action="store_true",
                    help="also fail on leaks of previews of different periods together")
    ap.add_argument("--no-editions", action="store_true", help="do not publish editions")
    ap.add_argument("--show", type=int, default=3, help="examples to print per part")
    ap.add_argument("--keep", help="write every JSON output to this directory")
    ap.add_argument("--only", help="comma-separated database names")
    args = ap.parse_args()
    binary = os.environ.get("RETORNO_BIN")
    if not binary:
        sys.exit("RETORNO_BIN is not set")
    if not os.path.exists(SAMPLE):
        sys.exit(f"the shared sample data is missing: {SAMPLE}")
    t0 = time.monotonic()
    failures = [f"selftest: {f}" for f in selftest()]
    work = tempfile.mkdtemp(prefix="retorno-leaks-")
    public_t = Tally("public previews, each alone and each period's offices together")
    periods_t = Tally("public previews, all periods together")
    editions_t = Tally("editions (publish), together")
    proof_t = Tally("primary suppression only (the checker must find leaks)")
    truth_t = Tally("true values (private reports)")
    proof_leaks = {}
    has_publish = subprocess.run([binary, "publish", "--help"], capture_output=True).returncode == 0
    try:
        dbs = [d for d in DATABASES if not args.only or d[0] in args.only.split(",")]
        setup = {}
        for name, how in dbs:
            db = os.path.join(work, name + ".db")
            if how[0] == "import":
                run(binary, db, "import", "-q", how[1])
            else:
                run(binary, db, "demo", "--cases", how[1], "--seed", how[2])
            offices, months = layout(binary, db)
            known = sorted(set().union(*offices.values())) if offices else []
            setup[name] = (db, known, months, filters(offices, periods_of(months)))
        with cf.ThreadPoolExecutor(max_workers=2) as pool, \
                cf.ThreadPoolExecutor(max_workers=1) as serial:
            # every report of every database, two at a time, while this thread checks
            jobs = {name: {k: (pool.submit(try_run, binary, db, "report", "--format", "json",
                                           "--public", *a),
                               pool.submit(run, binary, db, "report", "--format", "json", *a))
                           for k, a in flt}
                    for name, (db, known, months, flt) in setup.items()}
            # the editions, one after the other, in a copy of the database
            ed_jobs = {}
            if has_publish and not args.no_editions:
                for name in EDITIONS:
                    if name in setup:
                        ed_jobs[name] = serial.submit(publish_editions, binary, work, name,
                                                      *setup[name])
            for name, (db, known, months, flt) in setup.items():
                pub, priv = {}, {}
                for k, (fp, fv) in jobs[name].items():
                    priv[k] = json.loads(fv.result())
                    if fp.result() is None:
                        public_t.refused += 1
                    else:
                        pub[k] = json.loads(fp.result())
                if args.keep:
                    keep(args.keep, name, pub, priv)
                P = {k: leakcheck.Output(d, out_name(name, k)) for k, d in pub.items()}
                V = {k: leakcheck.Output(d, out_name(name, k) + " (private)") for k, d in priv.items()}
                Q = {k: leakcheck.Output(leakcheck.primary_only(d), out_name(name, k) + " (primary-only)")
                     for k, d in priv.items()}
                truth = {o.name: V[k] for k, o in P.items()}
                truth.update({o.name: V[k] for k, o in Q.items()})

                # 1. the previews
                public_t.outputs_seen(P.values())
                for level, outs in families(name, P):
                    public_t.check(level, outs, known, truth, args.show)
                if name in PERIODS_ALL:
                    # the true values first: they give the unpublished quantities' values
                    truth_t.outputs_seen(V.values())
                    tr = truth_t.check(f"{name} all periods together", list(V.values()), known, {}, 0)
                    tm = tr.model
                    exact = {} if tr.inconsistent else \
                        {tm.name[v]: tm.lo[v] for v in range(len(tm.lo)) if tm.lo[v] == tm.hi[v]}
                    periods_t.outputs_seen(P.values())
                    periods_t.check(f"{name} all periods together", list(P.values()), known, truth,
                                    args.show, exact)
                    del tr, tm, exact
                else:
                    truth_t.outputs_seen(V.values())
                    for level, outs in families(name, V):
                        if len(outs) > 1:
                            truth_t.check(level, outs, known, {}, 0)
                # 2. the editions
                if name in ed_jobs:
                    E, refused = ed_jobs[name].result()
                    editions_t.refused += refused
                    E = {k: leakcheck.Output(d, out_name(name, k) + " (edition)") for k, d in E.items()}
                    truth.update({o.name: V[k] for k, o in E.items()})
                    editions_t.outputs_seen(E.values())
                    editions_t.check(f"{name} editions together", list(E.values()), known, truth,
                                     args.show)
                # 3. primary suppression only
                proof_t.outputs_seen(Q.values())
                n = 0
                for level, outs in families(name, Q):
                    n += len(proof_t.check(level, outs, known, truth, args.show).leaks)
                proof_leaks[name] = n
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("== 1. public previews (report --public)")
    public_t.print(args.show)
    periods_t.print(args.show)
    print("== 2. editions (retorno publish, nested and adjacent periods)")
    if has_publish and not args.no_editions:
        editions_t.print(args.show)
    else:
        print("skipped: " + ("--no-editions" if has_publish else "this binary has no publish command"))
    print("== 3. the proof that the checker can fail")
    proof_t.print(args.show)
    print("  leaks per database: " + ", ".join(f"{k} {v}" for k, v in proof_leaks.items()))
    print("== 4. the checker's relations hold on true values")
    print(f"true values: {truth_t.outputs} outputs, {truth_t.checks} checks, "
          f"{len(truth_t.inconsistent)} inconsistent")
    for line in truth_t.inconsistent:
        print(f"  INCONSISTENT {line}")

    for name in PROOF:
        if name in proof_leaks and proof_leaks[name] == 0:
            failures.append(f"the checker found no leak in the primary-only reports of {name}")
    if truth_t.inconsistent or proof_t.inconsistent:
        failures.append("the checker's relations do not hold on true values")
    for t in (public_t, periods_t, editions_t, proof_t):
        if t.unsound:
            failures.append(f"{t.title}: the checker's intervals miss true values ({len(t.unsound)})")
    if not args.report_only:
        if public_t.bad():
            failures.append(f"the public previews leak: {public_t.leaks} leaks, "
                            f"{len(public_t.inconsistent)} inconsistent, "
                            f"{len(public_t.hidden_zeros)} hidden zeros")
        if editions_t.bad():
            failures.append(f"the editions leak: {editions_t.leaks} leaks, "
                            f"{len(editions_t.inconsistent)} inconsistent, "
                            f"{len(editions_t.hidden_zeros)} hidden zeros")
        if args.strict_periods and periods_t.bad():
            failures.append(f"the previews of all periods together leak: {periods_t.leaks} leaks")
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    print(f"publication safety: {public_t.outputs} public outputs checked, {public_t.hidden} hidden "
          f"cells, {public_t.leaks} leaks ({len(public_t.distinct)} distinct); all periods together "
          f"{periods_t.leaks}; editions {editions_t.leaks}; primary-only {proof_t.leaks}; "
          f"{len(failures)} failures; {time.monotonic() - t0:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
