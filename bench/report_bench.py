#!/usr/bin/env python3
"""Factsheet benchmark (issue: the report engine).

Reference: the sqlite3 CLI running bench/report_queries.sql (one GROUP BY
query per indicator) on the same database file.
retorno:   `retorno report --format json` on that file (every indicator, one scan).
Also: the report's peak memory, and the time for a 10,000-case database
(it should feel instant: well under 50 ms). Timings are medians.
Targets: the whole JSON report in at most 0.1x the reference time; the PDF
factsheet in under 2x the JSON report's time.
"""
import argparse, os, statistics, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_bench import run, rm_db, RETORNO, ROOT, PEAKS


def median(cmd, repeat, stdin=None, before=None):
    times, rss, anon, mapped = [], [], [], []
    for _ in range(repeat):
        if before:
            before()
        if stdin:
            with open(stdin) as f:
                t, m = run(cmd, stdin=f)
        else:
            t, m = run(cmd)
        times.append(t)
        rss.append(m)
        anon.append(PEAKS.get("RssAnon", 0))
        mapped.append(PEAKS.get("RssFile", 0))
    LAST_MEM[:] = [max(anon), max(mapped)]
    return statistics.median(times), max(rss)


LAST_MEM = [0, 0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    db = os.path.join(a.work, f"report-{a.cases}.db")
    if not os.path.exists(db):
        run([RETORNO, "--db", db, "demo", "--cases", str(a.cases), "--seed", "1"])
    queries = os.path.join(ROOT, "bench", "report_queries.sql")
    # warm the page cache once for both
    run(["sqlite3", db, "SELECT count(*) FROM cases"])
    ref, _ = median(["sqlite3", db], a.repeat, stdin=queries)
    ours, rss = median([RETORNO, "--db", db, "report", "--format", "json"], a.repeat)
    ours_anon, ours_mapped = LAST_MEM
    pdf_path = os.path.join(a.work, "factsheet.pdf")
    pdf, pdf_rss = median([RETORNO, "--db", db, "report", "--format", "pdf", "-o", pdf_path], a.repeat,
                          before=lambda: os.path.exists(pdf_path) and os.remove(pdf_path))
    small = os.path.join(a.work, "report-10000.db")
    if not os.path.exists(small):
        run([RETORNO, "--db", small, "demo", "--cases", "10000", "--seed", "1"])
    small_t, _ = median([RETORNO, "--db", small, "report", "--format", "json"], 11)
    print(f"# report benchmark, {a.cases} cases")
    print()
    print("| measure | reference (sqlite3 CLI, 32 GROUP BY queries) | retorno report --format json | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| {a.cases} cases | {ref:.2f} s | {ours:.3f} s | {ours / ref:.3f}x | <= 0.1x |")
    print()
    print(f"| PDF factsheet, {a.cases} cases | JSON report: {ours:.3f} s | {pdf:.3f} s | {pdf / ours:.2f}x | < 2x |")
    print()
    print(f"report peak RSS at {a.cases} cases: {rss / 1024:.0f} MiB (PDF: {pdf_rss / 1024:.0f} MiB); of the JSON"
          f" report's, private memory {ours_anon / 1024:.0f} MiB, the rest the database file mapped"
          f" read-only ({ours_mapped / 1024:.0f} MiB, shared page cache)")
    print(f"report over 10,000 cases (median of 11, whole process): {small_t * 1000:.1f} ms (target: well under 50 ms)")
    # the PDF target is set for 1M cases: on small databases its fixed drawing
    # time (~50 ms for ~40 charts) outweighs the computation
    pdf_ok = pdf / ours < 2 or a.cases < 1_000_000
    if a.cases < 1_000_000:
        print("(the PDF target applies at 1,000,000 cases)")
    print("targets met" if ours / ref <= 0.1 and small_t < 0.05 and pdf_ok else "TARGETS NOT MET")


if __name__ == "__main__":
    main()
