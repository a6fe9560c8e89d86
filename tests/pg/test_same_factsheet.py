#!/usr/bin/env python3
"""The same data gives the same factsheet on SQLite and on PostgreSQL (issue 11).

The shared sample, and a demo of 20,000 cases (seed 1), are made in a SQLite
file and in a PostgreSQL database of the test cluster; then the exports must
be the same bytes (the same data went in), and `report --format json`, with
and without --public (the hidden figures: the same cells hidden, the same
totals), for several programmes, offices, periods and both languages, must be
the same bytes once the key generated_at is taken out.

Run under tests/pg/run.sh (make pg-check): $RETORNO_BIN is then
tests/pg/retorno-pg (PostgreSQL) and $RETORNO_PG_REAL the binary (SQLite).
    RETORNO_TEST_PG=/tmp/pg RETORNO_BIN=$PWD/retorno tests/pg/run.sh python3 tests/pg/test_same_factsheet.py
Prints "same factsheet: N passed, M failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

PG_BIN = os.environ["RETORNO_BIN"]
SQLITE_BIN = os.environ.get("RETORNO_PG_REAL")
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("SHARED") or os.path.join(os.path.dirname(REPO), "shared")
DEMO_CASES = os.environ.get("SAME_DEMO_CASES", "20000")

passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s%s" % (what, (": " + str(detail)[:600]) if detail else ""), file=sys.stderr)
    return cond


def run(binary, db, *args):
    p = subprocess.run([binary, "--db", db] + list(args), capture_output=True, timeout=900)
    if p.returncode != 0:
        raise RuntimeError("retorno --db %s %s: exit %d: %s" % (
            db, " ".join(args), p.returncode, p.stderr.decode(errors="replace")[:500]))
    return p.stdout


def strip(obj):
    """The JSON without its generated_at keys (at any depth)."""
    if isinstance(obj, dict):
        return {k: strip(v) for k, v in obj.items() if k != "generated_at"}
    if isinstance(obj, list):
        return [strip(v) for v in obj]
    return obj


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return "%s: %r vs %r" % (path, a, b)
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return "%s.%s: only on %s" % (path, k, "SQLite" if k in a else "PostgreSQL")
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        if list(a) != list(b):
            return "%s: keys in another order" % path
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items vs %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r (SQLite) vs %r (PostgreSQL)" % (path, a, b)


def same_reports(name, lite, pg, variants):
    for args in variants:
        what = "%s: report %s" % (name, " ".join(args))
        try:
            a = run(SQLITE_BIN, lite, "report", "--format", "json", *args)
            b = run(PG_BIN, pg, "report", "--format", "json", *args)
        except RuntimeError as e:
            check(False, what, e)
            continue
        ja, jb = json.loads(a), json.loads(b)
        check("generated_at" in ja and "generated_at" in jb, what + ": says when (stripped below)")
        sa = json.dumps(strip(ja), ensure_ascii=False)
        sb = json.dumps(strip(jb), ensure_ascii=False)
        # byte for byte: the bytes retorno wrote, with generated_at's line taken out
        check(sa == sb, what + ": the same factsheet", first_difference(strip(ja), strip(jb)))
        lines = lambda raw: [ln for ln in raw.decode().splitlines() if '"generated_at"' not in ln]
        check(lines(a) == lines(b), what + ": the same bytes but generated_at")


def make(binary, db, hows, errors):
    try:
        for how in hows:
            run(binary, db, *how)
    except RuntimeError as e:
        errors.append(str(e))


def both(name, work, hows, variants):
    """hows: the commands that make the data, in order, run on both."""
    lite = os.path.join(work, name + ".db")
    pg = os.path.join(work, name + "-pg.db")
    errors = []
    threads = [threading.Thread(target=make, args=(SQLITE_BIN, lite, hows, errors)),
               threading.Thread(target=make, args=(PG_BIN, pg, hows, errors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not check(not errors, "%s: made in both" % name, "; ".join(errors)):
        return
    try:
        ea = run(SQLITE_BIN, lite, "export", "--hxl")
        eb = run(PG_BIN, pg, "export", "--hxl")
        check(ea == eb, "%s: the same export (the same data went in)" % name,
              "%d vs %d bytes" % (len(ea), len(eb)))
    except RuntimeError as e:
        check(False, "%s: export" % name, e)
    same_reports(name, lite, pg, variants)


def main():
    if not SQLITE_BIN or not os.environ.get("RETORNO_TEST_PG"):
        print("FAIL: run under tests/pg/run.sh with RETORNO_TEST_PG set", file=sys.stderr)
        print("same factsheet: 0 passed, 1 failed")
        return 1
    work = tempfile.mkdtemp(prefix="retorno-same-")
    try:
        sample = ["import", "-q", os.path.join(SHARED, "data", "sample-cases.csv")]
        both("sample", work, [sample], [
            [], ["--public"], ["--lang", "es"], ["--public", "--lang", "es"],
            ["--program", "mpp"], ["--program", "all"], ["--office", "gt"],
            ["--public", "--program", "mpp"], ["--public", "--office", "mx"],
            ["--from", "2020-01-01", "--to", "2020-06-30"], ["--age-bands", "sadd"],
        ])
        # cases marked duplicates leave every count: returned ones (the
        # returns' scans) and others (the registrations')
        dups = [["case", "duplicate", d, "--of", o] for d, o in
                (("S-0002", "S-0001"), ("S-0004", "S-0001"), ("S-0012", "S-0010"),
                 ("S-0005", "S-0003"), ("S-0006", "S-0003"), ("S-0009", "S-0010"))]
        both("duplicates", work, [sample] + dups, [
            [], ["--public"], ["--program", "all"], ["--from", "2020-01-01", "--to", "2020-06-30"],
        ])
        both("demo", work, [["demo", "--cases", DEMO_CASES, "--seed", "1"]], [
            [], ["--public"], ["--public", "--lang", "es"], ["--program", "mpp"],
            ["--public", "--program", "mpp"], ["--public", "--office", "gt"],
            ["--public", "--office", "mx", "--month", "2025-06"], ["--public", "--to", "2024-12-31"],
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("same factsheet: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
