#!/usr/bin/env python3
"""Crash safety, as a test: kill -9 at random moments, then check that nothing
acknowledged was lost and nothing was half done.

Each trial starts from a copy of a prepared database and kills retorno with
SIGKILL at a random moment during one of:

  import  `retorno import` of a 50,000-row CSV (new cases). After the kill the
          number of cases is either what it was before or before + 50,000,
          and the import's batch row is there exactly when the cases are: an
          import is one transaction.
  api     `retorno serve`, with client threads writing through the JSON API
          (POST /api/v1/cases, then status moves counselled and withdrawn),
          each recording the writes the server acknowledged with a 2xx
          answer. After the kill every acknowledged case exists, and its
          status is the last one acknowledged or a later one (a move that was
          committed but whose answer was lost).
  backup  `retorno backup FILE`. After the kill FILE is absent, or a complete
          backup: `retorno restore` accepts it and it holds every case.
          (Skipped with a note if `retorno backup --help` fails.)

After every trial `PRAGMA integrity_check` of the database is "ok" (and that
of the restored backup). The process exits 1 if any check failed.

    python3 bench/crash_trials.py --trials 100          # the long run (~5 minutes)
    python3 bench/crash_trials.py --trials 10           # what `make check` runs

--trials N runs N trials of each kind. --sabotage proves that the checks can
fail: 'phantom-ack' adds to the acknowledged writes one that was never sent;
'split-import' imports the file in two halves (two transactions, as a broken
importer would commit); 'torn-backup' writes half a database where the backup
goes, as a backup that is not written-then-renamed leaves it. Each must make
the run fail (exit 1). Standard library only; RETORNO_BIN or --bin names the
binary (default: ./retorno).
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Run:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(args.bin)
        self.rng = random.Random(args.seed)
        self.work = tempfile.mkdtemp(prefix="retorno-crash-", dir=args.work)
        self.failures = []
        self.stats = {}

    def fail(self, kind, trial, what):
        self.failures.append("%s #%d: %s" % (kind, trial, what))
        print("FAIL: %s #%d: %s" % (kind, trial, what), file=sys.stderr)

    def note(self, kind, outcome):
        self.stats.setdefault(kind, {}).setdefault(outcome, 0)
        self.stats[kind][outcome] += 1

    def retorno(self, db, *args, stdin=None, check=True, timeout=300):
        r = subprocess.run([self.bin, "--db", db] + list(args), input=stdin, capture_output=True,
                           text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise RuntimeError("retorno %s: exit %d: %s" % (" ".join(args), r.returncode,
                                                              r.stderr.strip()[:300]))
        return r

    def path(self, name):
        return os.path.join(self.work, name)


def query(db, sql, params=()):
    """One value from the database, as SQLite recovers it after the crash (the
    WAL is replayed by the first connection)."""
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


def integrity(db):
    con = sqlite3.connect(db, timeout=30)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
    finally:
        con.close()


def copy_db(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copyfile(src, dst)
    os.chmod(dst, 0o600)


def kill_at(proc, delay):
    """SIGKILL proc after delay seconds (if it is still running); returns
    whether it was killed."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


# ---------------------------------------------------------------- setup

COLUMNS = ("case_id,program,office,registration_point,registration_date,given_names,"
           "family_names,sex,age,nationality,country_of_return,unaccompanied_minor,status")


def write_big(path, rows, rng):
    """rows new, valid cases (ids CRASH-000001...), written as the interchange
    CSV; quicker than `retorno demo` and independent of it."""
    points = ("tijuana", "tapachula", "monterrey", "mexico_city")
    names = ("Ana", "José", "María", "Luis", "Elvin", "Rosa")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(COLUMNS + "\r\n")
        for i in range(1, rows + 1):
            f.write("CRASH-%06d,avr,mx,%s,2024-%02d-%02d,%s,Trial,%s,%d,HND,HND,no,registered\r\n"
                    % (i, points[i % 4], 1 + i % 12, 1 + i % 28, names[i % 6],
                       ("female", "male")[i % 2], 18 + i % 60))


def prepare(run):
    big = run.path("big.csv")
    write_big(big, run.args.rows, run.rng)
    # the base: the shared sample (300 cases) or a small file of the same
    # kind; and an administrator for the API
    base = run.path("base.db")
    sample = os.path.join(run.args.shared, "data", "sample-cases.csv")
    if not os.path.exists(sample):
        sample = run.path("small.csv")
        write_big(sample, 300, run.rng)
        with open(sample, encoding="utf-8") as f:
            text = f.read().replace("CRASH-", "BASE-")
        with open(sample, "w", encoding="utf-8") as f:
            f.write(text)
    run.retorno(base, "import", "-q", sample)
    run.retorno(base, "user", "add", "crash", "--role", "admin",
                stdin="crash-trials-password-1\n")
    run.token = run.retorno(base, "token", "create", "crash").stdout.strip().splitlines()[-1]
    # the backup's source, the base plus the big file; and how long an
    # import takes, to kill within it
    full = run.path("full.db")
    copy_db(base, full)
    t0 = time.monotonic()
    run.retorno(full, "import", "-q", big)
    run.import_seconds = time.monotonic() - t0
    run.base_cases = query(base, "select count(*) from cases")
    run.full_cases = query(full, "select count(*) from cases")
    return base, big, full


# ---------------------------------------------------------------- (a) import

def trial_import(run, n, base, big):
    db = run.path("imp.db")
    copy_db(base, db)
    before = run.base_cases
    batches = query(db, "select count(*) from import_batch")
    delay = run.rng.uniform(0.0, run.import_seconds * 1.15)
    if run.args.sabotage == "split-import":
        # two imports of half the file each: two transactions
        with open(big, encoding="utf-8") as f:
            lines = f.readlines()
        half = 1 + (len(lines) - 1) // 2
        for i, part in enumerate((lines[:half], [lines[0]] + lines[half:])):
            with open(run.path("half%d.csv" % i), "w", encoding="utf-8") as g:
                g.writelines(part)
        t0 = time.monotonic()
        p = subprocess.Popen([run.bin, "--db", db, "import", "-q", run.path("half0.csv")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        p.wait()
        p = subprocess.Popen([run.bin, "--db", db, "import", "-q", run.path("half1.csv")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed = kill_at(p, max(0.0, delay / 2 - (time.monotonic() - t0)) + 0.01)
    else:
        p = subprocess.Popen([run.bin, "--db", db, "import", "-q", big],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed = kill_at(p, delay)
        if not killed and p.returncode != 0:
            run.fail("import", n, "the import failed without being killed: exit %d" % p.returncode)
    cases = query(db, "select count(*) from cases")
    new_batches = query(db, "select count(*) from import_batch") - batches
    rows = run.args.rows
    if cases == before:
        outcome = "nothing imported"
        if new_batches != 0:
            run.fail("import", n, "no case imported, but %d import batch rows" % new_batches)
    elif cases == before + rows:
        outcome = "all imported"
        if new_batches != 1:
            run.fail("import", n, "all cases imported, but %d import batch rows" % new_batches)
    else:
        outcome = "PARTLY imported"
        run.fail("import", n, "a partial import: %d cases, expected %d or %d"
                 % (cases, before, before + rows))
    run.note("import", outcome + (" (killed)" if killed else " (finished)"))
    check_integrity(run, "import", n, db)


# ---------------------------------------------------------------- (b) api

def api_call(port, token, method, path, body, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    h.update(headers or {})
    try:
        c.request(method, path, body=json.dumps(body), headers=h)
        r = c.getresponse()
        data = r.read()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
    finally:
        c.close()


ORDER = {"registered": 0, "counselled": 1, "withdrawn": 2}


def writer(port, token, acked, stop, wid):
    """Creates cases and moves them, one request at a time; records in acked
    (case_id -> last status acknowledged) only what was answered 2xx."""
    day = "2024-0%d-1%d" % (1 + wid % 9, wid % 10)
    case = {"program": "avr", "office": "mx", "registration_point": "tijuana",
            "registration_date": day, "sex": "female", "age": 30 + wid % 40,
            "nationality": "HND", "country_of_return": "HND", "unaccompanied_minor": "no",
            "given_names": "Crash %d" % wid, "family_names": "Trial"}
    while not stop.is_set():
        try:
            st, h, data = api_call(port, token, "POST", "/api/v1/cases", case)
            if not 200 <= st < 300:
                continue
            cid = json.loads(data)["case_id"]
            acked[cid] = "registered"
            etag = h.get("etag", "")
            for status in ("counselled", "withdrawn"):
                st, h, data = api_call(port, token, "POST", "/api/v1/cases/%s/status" % cid,
                                       {"status": status, "date": day}, {"If-Match": etag})
                if not 200 <= st < 300:
                    break
                acked[cid] = status
                etag = h.get("etag", "")
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            # the server is gone (killed): what was not answered is not acknowledged
            return


def trial_api(run, n, base):
    db = run.path("api.db")
    copy_db(base, db)
    port = free_port()
    srv = subprocess.Popen([run.bin, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = srv.stdout.readline()
    if "127.0.0.1" not in line:
        srv.kill()
        srv.wait()
        run.fail("api", n, "the server did not start: %r" % line)
        return
    stop = threading.Event()
    acks = [dict() for _ in range(run.args.writers)]
    threads = [threading.Thread(target=writer, args=(port, run.token, acks[i], stop, n * 10 + i))
               for i in range(run.args.writers)]
    for t in threads:
        t.start()
    time.sleep(run.rng.uniform(0.05, run.args.api_seconds))
    srv.send_signal(signal.SIGKILL)
    srv.wait()
    srv.stdout.close()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    acked = {}
    for a in acks:
        acked.update(a)
    if run.args.sabotage == "phantom-ack":
        acked["MX-2099-999999"] = "registered"   # never sent: must be reported lost
    lost = 0
    con = sqlite3.connect(db, timeout=30)
    try:
        for cid, status in acked.items():
            row = con.execute("select status from cases where case_id = ?", (cid,)).fetchone()
            if row is None:
                lost += 1
                run.fail("api", n, "acknowledged case %s is not in the database" % cid)
            elif ORDER.get(row[0], -1) < ORDER[status]:
                lost += 1
                run.fail("api", n, "case %s: status %s was acknowledged, the database has %s"
                         % (cid, status, row[0]))
    finally:
        con.close()
    run.acked_total = getattr(run, "acked_total", 0) + len(acked)
    run.lost_total = getattr(run, "lost_total", 0) + lost
    run.note("api", "killed after %s acknowledged writes" % ("0" if not acked else
                                                            "1-9" if len(acked) < 10 else
                                                            "10-99" if len(acked) < 100 else
                                                            "100+"))
    check_integrity(run, "api", n, db)


# ---------------------------------------------------------------- (c) backup

def trial_backup(run, n, full):
    src = run.path("bsrc.db")
    copy_db(full, src)
    dest = run.path("b%d.bak" % n)
    restored = run.path("r%d.db" % n)
    for p in (dest, restored):
        if os.path.exists(p):
            os.remove(p)
    delay = run.rng.uniform(0.0, run.backup_seconds * 1.15)
    if run.args.sabotage == "torn-backup":
        # what a backup written in place leaves when it is killed: half a file
        with open(src, "rb") as f, open(dest, "wb") as g:
            g.write(f.read()[: os.path.getsize(src) // 2])
        killed = True
    else:
        p = subprocess.Popen([run.bin, "--db", src, "backup", dest],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed = kill_at(p, delay)
        if not killed and p.returncode != 0:
            run.fail("backup", n, "the backup failed without being killed: exit %d" % p.returncode)
    leftovers = [f for f in os.listdir(run.work)
                 if f.startswith(os.path.basename(dest)) and f != os.path.basename(dest)]
    run.leftover_total = getattr(run, "leftover_total", 0) + len(leftovers)
    for f in leftovers:
        os.remove(os.path.join(run.work, f))
    if not os.path.exists(dest):
        outcome = "no backup file"
        if not killed:
            run.fail("backup", n, "the backup finished but there is no file")
    else:
        outcome = "a backup file"
        r = run.retorno(restored, "restore", dest, restored, check=False)
        if r.returncode != 0:
            run.fail("backup", n, "the backup file does not restore: %s" % r.stderr.strip()[:200])
        else:
            cases = query(restored, "select count(*) from cases")
            if cases != run.full_cases:
                run.fail("backup", n, "the restored backup has %d cases, not %d"
                         % (cases, run.full_cases))
            check_integrity(run, "backup (restored)", n, restored)
    run.note("backup", outcome + (" (killed)" if killed else " (finished)"))
    check_integrity(run, "backup (source)", n, src)
    if query(src, "select count(*) from cases") != run.full_cases:
        run.fail("backup", n, "the source database lost cases")
    for p in (dest, restored):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(p + suffix):
                os.remove(p + suffix)


def check_integrity(run, kind, n, db):
    res = integrity(db)
    if res != ["ok"]:
        run.fail(kind, n, "PRAGMA integrity_check: %s" % "; ".join(res[:3]))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=10, help="trials of each kind (default 10)")
    ap.add_argument("--rows", type=int, default=50000, help="rows of the imported file")
    ap.add_argument("--kinds", default="import,api,backup")
    ap.add_argument("--writers", type=int, default=3, help="API client threads")
    ap.add_argument("--api-seconds", type=float, default=1.5,
                    help="longest time before the server is killed")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--bin", default=os.environ.get("RETORNO_BIN", os.path.join(REPO, "retorno")))
    ap.add_argument("--shared", default=os.environ.get("SHARED", os.path.join(REPO, "..", "shared")))
    ap.add_argument("--work", default=None, help="directory for the scratch files")
    ap.add_argument("--sabotage", choices=["phantom-ack", "split-import", "torn-backup"])
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = ap.parse_args()
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "little")
    run = Run(args)
    kinds = [k for k in args.kinds.split(",") if k]
    t_start = time.monotonic()
    print("crash trials: %d of each of %s, seed %d, %s" % (args.trials, ", ".join(kinds),
                                                          args.seed, run.bin))
    try:
        base, big, full = prepare(run)
        if "backup" in kinds:
            help_ok = subprocess.run([run.bin, "backup", "--help"], capture_output=True).returncode == 0
            if not help_ok:
                print("note: `retorno backup --help` fails: the backup trials are skipped")
                kinds.remove("backup")
            else:
                t0 = time.monotonic()
                run.retorno(full, "backup", run.path("timing.bak"))
                run.backup_seconds = time.monotonic() - t0
                os.remove(run.path("timing.bak"))
        print("prepared: %d cases, a %d-row file; one import takes %.2f s%s"
              % (run.base_cases, args.rows, run.import_seconds,
                 "; one backup %.2f s" % run.backup_seconds if "backup" in kinds else ""))
        for n in range(1, args.trials + 1):
            if "import" in kinds:
                trial_import(run, n, base, big)
            if "api" in kinds:
                trial_api(run, n, base)
            if "backup" in kinds:
                trial_backup(run, n, full)
    finally:
        if not args.keep:
            shutil.rmtree(run.work, ignore_errors=True)
    for kind in kinds:
        outcomes = run.stats.get(kind, {})
        print("%-7s %d trials: %s" % (kind, sum(outcomes.values()),
                                      ", ".join("%s %d" % kv for kv in sorted(outcomes.items()))))
    if "api" in kinds:
        print("api     %d writes acknowledged, %d lost" % (getattr(run, "acked_total", 0),
                                                          getattr(run, "lost_total", 0)))
    if "backup" in kinds:
        print("backup  temporary files left by a kill (removed): %d" % getattr(run, "leftover_total", 0))
    print("crash trials: %d failed checks in %.0f s%s" % (len(run.failures), time.monotonic() - t_start,
                                                       " (sabotage: %s)" % args.sabotage
                                                       if args.sabotage else ""))
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
