#!/usr/bin/env python3
"""Two servers on one database, clients writing through both (issue 11).

Two `retorno serve` processes on different ports share one database; client
threads create cases through both, race each other to edit the same cases
with If-Match (each thread reads the version from one server and writes
through the other), and race to move the same cases. Then:
  - nothing acknowledged is lost: every 201 is a case in the database, and the
    version of each case is 1 + the number of acknowledged changes to it;
  - the history is complete: one row per acknowledged change (and the creation),
    through the API of either server and in the database;
  - every conflict is a 412, and each version has exactly one winner: of the
    writes that sent one ETag in If-Match, one is 200 and the others 412;
  - a session signed in on server A works on server B, and signed out on B it
    is dead on A (sessions are in the database);
  - failed sign-ins count across both: 3 on A and 2 on B, and the account is
    throttled (429) on both.

Meant for PostgreSQL (make pg-check runs it under tests/pg/run.sh, which makes
$RETORNO_BIN tests/pg/retorno-pg and the database file a PostgreSQL database);
without RETORNO_TEST_PG it runs the same on one SQLite file. Standard library
only. Prints "two servers: N passed, M failed".
    RETORNO_TEST_PG=/tmp/pg RETORNO_BIN=$PWD/retorno tests/pg/run.sh python3 tests/api/test_pg_two_servers.py
"""
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading

import apitest
from apitest import BIN, NEW_CASE, REPO, Tally

sys.path.insert(0, os.path.join(REPO, "tests", "pg"))
import pgmode  # noqa: E402

T = Tally("two servers")
check = T.check
CREATORS_PER_SERVER = 3
CASES_PER_CREATOR = 8
CONTENDED = 6           # cases edited by every contender at once
CONTENDERS = 4          # threads per contended case, half reading A and writing B
ROUNDS = 10             # edits each contender tries
MOVER_PAIRS = 4         # pairs of clients racing to move the same case
PASSWORD = "caseworker-pass-01"

def request(port, method, path, token=None, body=None, headers=None):
    """apitest.request(), with a refused connection as status 0"""
    try:
        return apitest.request(port, method, path, token, body, headers)
    except OSError as e:
        return 0, {}, str(e).encode()


def letters(n):
    """A name made of letters only, different for each n."""
    s = ""
    while True:
        s = chr(ord("a") + n % 26) + s
        n //= 26
        if not n:
            return s.capitalize()


class Db:
    """Reads of the shared database, whatever its backend."""

    def __init__(self, path):
        self.path = path

    def rows(self, sql, *params):
        if pgmode.ON:
            return pgmode.query(self.path, sql, *params)
        con = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True, timeout=30)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def one(self, sql, *params):
        r = self.rows(sql, *params)
        return r[0][0] if r else None


def start(db, work, name):
    log = open(os.path.join(work, "server-%s.err" % name), "w")
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:0",
                            "--workers", "4"], stdout=subprocess.PIPE, stderr=log, text=True)
    line = srv.stdout.readline().strip()
    m = re.match(r"^http://127\.0\.0\.1:(\d+)/$", line)
    if not check(m is not None, "server %s starts" % name,
                 line + open(os.path.join(work, "server-%s.err" % name)).read()[-500:]):
        srv.kill()
        return srv, 0
    return srv, int(m.group(1))


def stop(srv, name):
    srv.send_signal(signal.SIGTERM)
    try:
        rc = srv.wait(timeout=30)
    except subprocess.TimeoutExpired:
        srv.kill()
        rc = "timeout"
    check(rc == 0, "server %s stops with exit 0 on SIGTERM" % name, rc)


# ---------------------------------------------------------------- the writers

def creator(port, token, n, out, statuses):
    for _ in range(n):
        st, h, body = request(port, "POST", "/api/v1/cases", token, NEW_CASE)
        statuses.append(st)
        if check(st == 201, "create through port %d" % port, body[:200]):
            out.append((json.loads(body)["case_id"], h.get("etag")))


def contender(read_port, write_port, token, cid, tag, log, statuses):
    """Reads the case from one server and edits it through the other; logs
    (etag sent, status, etag received) of every write."""
    for i in range(ROUNDS):
        st, h, _ = request(read_port, "GET", "/api/v1/cases/" + cid, token)
        if not check(st == 200, "read " + cid, st):
            continue
        etag = h.get("etag")
        value = letters(tag * 1000 + i)
        st, h2, body = request(write_port, "PATCH", "/api/v1/cases/" + cid, token,
                               {"given_names": value}, {"If-Match": etag})
        statuses.append(st)
        check(st in (200, 412), "a concurrent edit is 200 or 412", "%s %s" % (st, body[:200]))
        log.append((etag, st, h2.get("etag"), value))


def mover(port, token, todo, barrier, logs, statuses):
    """One of a pair (one through A, one through B) that move the same cases in
    step: both send the version created, at the same moment."""
    for cid, etag in todo:
        try:
            barrier.wait(timeout=120)
        except threading.BrokenBarrierError:
            check(False, "the movers kept in step")
            return
        st, h, body = request(port, "POST", "/api/v1/cases/%s/status" % cid, token,
                              {"status": "counselled", "date": "2021-03-02"}, {"If-Match": etag})
        statuses.append(st)
        check(st in (200, 412), "a concurrent move is 200 or 412", "%s %s" % (st, body[:200]))
        logs[cid].append((etag, st, h.get("etag"), "counselled"))


def run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    check(not any(t.is_alive() for t in threads), "every client finished")


def main():
    work = tempfile.mkdtemp(prefix="retorno-two-")
    db = os.path.join(work, "two.db")

    def cli(*args, stdin=None):
        p = subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True,
                           text=True, timeout=300)
        if p.returncode:
            raise SystemExit("setup failed: retorno %s: %s" % (" ".join(args), p.stderr))
        return p.stdout

    shared = os.environ.get("SHARED") or os.path.join(os.path.dirname(REPO), "shared")
    cli("import", "-q", os.path.join(shared, "data", "sample-cases.csv"))
    cli("user", "add", "adm", "--role", "admin", stdin="admin-pass-0001\n")
    for name in ("cw", "victim"):
        cli("user", "add", name, "--role", "caseworker", "--office", "mx", stdin=PASSWORD + "\n")
    token = cli("token", "create", "adm").strip().splitlines()[-1]
    D = Db(db)
    cases_before = D.one("SELECT count(*) FROM cases")

    a, pa = start(db, work, "A")
    b, pb = start(db, work, "B")
    if not (pa and pb):
        for s in (a, b):
            s.kill()
        return
    statuses = []

    # ---- creations through both servers at once
    created = []
    run([threading.Thread(target=creator, args=(port, token, CASES_PER_CREATOR, created, statuses))
         for port in (pa, pb) for _ in range(CREATORS_PER_SERVER)])
    n_created = 2 * CREATORS_PER_SERVER * CASES_PER_CREATOR
    check(len(created) == n_created, "every creation acknowledged", len(created))
    ids = [cid for cid, _ in created]
    check(len(set(ids)) == len(ids), "every case id assigned once", len(ids) - len(set(ids)))
    check(D.one("SELECT count(*) FROM cases") == cases_before + len(created),
          "every acknowledged creation is in the database")
    found = D.rows("SELECT case_id FROM cases WHERE case_id IN (%s)"
                   % ",".join("?" * len(ids)), *ids) if ids else []
    check(sorted(r[0] for r in found) == sorted(ids), "by its case id")

    # ---- edits of the same cases through both servers at once
    contended = ids[:CONTENDED]
    logs = {cid: [] for cid in ids}
    threads = []
    for k, cid in enumerate(contended):
        for j in range(CONTENDERS):
            rp, wp = (pa, pb) if j % 2 == 0 else (pb, pa)
            threads.append(threading.Thread(target=contender, args=(
                rp, wp, token, cid, k * CONTENDERS + j, logs[cid], statuses)))
    # ---- and moves of the other cases: pairs of clients, one through each server,
    # send the same version at the same moment
    rest = created[CONTENDED:]
    for k in range(MOVER_PAIRS):
        barrier = threading.Barrier(2)
        for port in (pa, pb):
            threads.append(threading.Thread(target=mover, args=(
                port, token, rest[k::MOVER_PAIRS], barrier, logs, statuses)))
    run(threads)

    # ---- every conflict a 412, one winner per version, nothing lost
    first_etag = dict(created)
    marks = ",".join("?" * len(ids))
    versions = dict(D.rows("SELECT case_id, version FROM cases WHERE case_id IN (%s)" % marks, *ids))
    history = dict(D.rows("SELECT c.case_id, count(*) FROM status_history h JOIN cases c"
                          " ON c.id = h.case_ref WHERE c.case_id IN (%s) GROUP BY c.case_id"
                          % marks, *ids))
    for cid in ids:
        log = logs[cid]
        by_etag = {}
        for sent, st, got, value in log:
            by_etag.setdefault(sent, []).append((st, got, value))
        one_winner = all(sum(1 for st, _, _ in v if st == 200) == 1 for v in by_etag.values())
        check(one_winner, "%s: each version has exactly one winner" % cid,
              {e: [s for s, _, _ in v] for e, v in by_etag.items()})
        # the chain of acknowledged writes, from the version created
        chain, etag, last = 0, first_etag[cid], None
        while etag in by_etag:
            won = [(got, value) for st, got, value in by_etag[etag] if st == 200]
            if len(won) != 1:
                break
            chain += 1
            etag, last = won[0]
        acked = sum(1 for _, st, _, _ in log if st == 200)
        check(chain == acked, "%s: the acknowledged writes form one chain of versions" % cid,
              "%d in the chain, %d acknowledged" % (chain, acked))
        st, h, body = request(pa if chain % 2 else pb, "GET", "/api/v1/cases/" + cid, token)
        check(st == 200 and h.get("etag") == etag, "%s: the last write's ETag is the case's" % cid,
              "%s %s, wanted %s" % (st, h.get("etag"), etag))
        if cid in contended and last:
            check(json.loads(body).get("given_names") == last,
                  "%s: the last acknowledged edit is what is stored" % cid)
        version = versions.get(cid)
        check(version == 1 + acked, "%s: version = 1 + acknowledged changes" % cid,
              "version %s, %d acknowledged" % (version, acked))
        rows = history.get(cid)
        check(rows == 1 + acked, "%s: one history row per change (and the creation)" % cid,
              "%s rows, %d acknowledged" % (rows, acked))
        st, _, body = request(pb if chain % 2 else pa, "GET", "/api/v1/cases/%s/history" % cid,
                              token)
        hist = json.loads(body) if st == 200 else None
        items = hist.get("items", hist.get("history")) if isinstance(hist, dict) else hist
        check(isinstance(items, list) and len(items) == 1 + acked,
              "%s: the history through the API has every change" % cid,
              "%s %s" % (st, body[:200]))
    n412 = sum(1 for cid in ids for _, st, _, _ in logs[cid] if st == 412)
    n200 = sum(1 for cid in ids for _, st, _, _ in logs[cid] if st == 200)
    check(n412 > 0, "the clients did conflict (412s seen)", n412)
    moved = [cid for cid in ids[CONTENDED:]]
    check(D.one("SELECT count(*) FROM cases WHERE status = 'counselled' AND case_id IN (%s)"
                % ",".join("?" * len(moved)), *moved) == len(moved) if moved else True,
          "every moved case is counselled")
    bad = sorted(set(s for s in statuses if s not in (200, 201, 412)))
    check(not bad, "no answer but 200, 201 and 412", bad)

    # ---- a session made on A works on B, and dies on A when signed out on B
    st, h, body = request(pa, "POST", "/api/v1/session", None,
                          {"username": "cw", "password": PASSWORD})
    if check(st == 200, "sign in on A", body[:200]):
        cookie = h.get("set-cookie", "").split(";")[0]
        csrf = json.loads(body)["csrf_token"]
        st, _, body = request(pb, "GET", "/api/v1/me", headers={"Cookie": cookie})
        check(st == 200 and b'"cw"' in body, "the session of A works on B",
              "%s %s" % (st, body[:200]))
        st, _, body = request(pb, "POST", "/api/v1/cases", None, NEW_CASE,
                              {"Cookie": cookie, "X-CSRF-Token": csrf})
        check(st == 201, "a write on B with the session and CSRF token of A", st)
        st, _, _ = request(pb, "DELETE", "/api/v1/session", None,
                           headers={"Cookie": cookie, "X-CSRF-Token": csrf})
        check(st == 204, "sign out on B", st)
        st, _, _ = request(pa, "GET", "/api/v1/me", headers={"Cookie": cookie})
        check(st == 401, "the session signed out on B is dead on A", st)

    # ---- failed sign-ins count across both servers
    for i, port in enumerate((pa, pa, pa, pb, pb)):
        st, _, _ = request(port, "POST", "/api/v1/session", None,
                           {"username": "victim", "password": "wrong-password-%d" % i})
        check(st == 401, "wrong password %d -> 401" % (i + 1), st)
    for name, port in (("A", pa), ("B", pb)):
        st, h, _ = request(port, "POST", "/api/v1/session", None,
                           {"username": "victim", "password": PASSWORD})
        check(st == 429 and "retry-after" in h,
              "after 3 failures on A and 2 on B, throttled on %s (429)" % name, st)

    for srv, name in ((a, "A"), (b, "B")):
        stop(srv, name)
    print("two servers: %d cases created, %d edits and moves acknowledged, %d conflicts (412)"
          % (len(created), n200, n412))
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
    sys.exit(T.finish())
