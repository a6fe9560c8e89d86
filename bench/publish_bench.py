#!/usr/bin/env python3
"""Publication-safety benchmark (issue: publication safety).

On a demo database of CASES cases (seed 1): records 24 monthly editions with
`retorno publish --month` (each protected jointly with the ones before), then
times the public factsheet of the programme to date up to the last of those
months (`report --public --format json --to LAST`, protected jointly with the
24 editions) against the private factsheet of the same period (`report
--format json --to LAST`), on the same file in the same run.
Target: the public one within 2x the private one. Also prints the time of
each publish and the information loss (cells and people hidden).
"""
import argparse, calendar, json, os, shutil, statistics, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_bench import run, rm_db, RETORNO, ROOT


def months_back(last_year, last_month, n):
    out = []
    y, m = last_year, last_month
    for _ in range(n):
        out.append((y, m))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return list(reversed(out))


def timed(cmd, repeat):
    times = []
    for _ in range(repeat):
        t, _ = run(cmd)
        times.append(t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--editions", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    base = os.path.join(a.work, f"report-{a.cases}.db")
    if not os.path.exists(base):
        run([RETORNO, "--db", base, "demo", "--cases", str(a.cases), "--seed", "1"])
    db = os.path.join(a.work, f"publish-{a.cases}.db")
    rm_db(db)
    shutil.copyfile(base, db)
    os.chmod(db, 0o600)
    last = subprocess.run(["sqlite3", db, "SELECT max(departure_date) FROM cases WHERE status = 'returned'"],
                          check=True, capture_output=True, text=True).stdout.strip()
    y, m = int(last[:4]), int(last[5:7])
    # the last month with departures is not complete in the data: end a month before it
    m -= 1
    if m == 0:
        y, m = y - 1, 12
    months = months_back(y, m, a.editions)
    to = f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    publish_times = []
    for (py, pm) in months:
        t0 = time.perf_counter()
        subprocess.run([RETORNO, "--db", db, "publish", "--month", f"{py:04d}-{pm:02d}"], check=True,
                       stdout=subprocess.DEVNULL)
        publish_times.append(time.perf_counter() - t0)
    run(["sqlite3", db, "SELECT count(*) FROM cases"])   # warm the page cache
    private = timed([RETORNO, "--db", db, "report", "--format", "json", "--to", to], a.repeat)
    public = timed([RETORNO, "--db", db, "report", "--public", "--format", "json", "--to", to], a.repeat)
    out = subprocess.run([RETORNO, "--db", db, "report", "--public", "--format", "json", "--to", to],
                         check=True, capture_output=True, text=True).stdout
    cells = hidden = 0
    for ind in json.loads(out)["indicators"].values():
        for c in ind.get("categories", []) + [c for g in ind.get("groups", []) for c in g["categories"]]:
            cells += 1
            hidden += bool(c.get("suppressed"))
    print(f"# publication-safety benchmark, {a.cases} cases, {a.editions} monthly editions"
          f" {months[0][0]}-{months[0][1]:02d}..{y}-{m:02d}")
    print()
    print(f"publish, one monthly edition (renders in 5 formats x 2 languages included): median"
          f" {statistics.median(publish_times):.2f} s, first {publish_times[0]:.2f} s,"
          f" last {publish_times[-1]:.2f} s")
    print()
    print("| measure | reference: private report --to LAST | report --public --to LAST | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| programme to date, {a.editions} editions recorded | {private:.2f} s | {public:.2f} s |"
          f" {public / private:.2f}x | <= 2x |")
    print()
    print(f"public output: {hidden} of {cells} categories hidden")
    print("targets met" if public / private <= 2 else "TARGETS NOT MET")


if __name__ == "__main__":
    main()
