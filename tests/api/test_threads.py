#!/usr/bin/env python3
"""The server under concurrent load, built with ThreadSanitizer.

Many clients at once read, search, create, edit (with If-Match), move and
list cases, sign in and out, and ask for factsheets in every format while
the report queue is full, on a server with several workers and two report
threads. ThreadSanitizer (halt_on_error, the suppressions of tests/tsan.supp,
which name only uninstrumented Debian libraries) stops the server at the
first data race, so the run fails; otherwise every answer must be one the
contract allows, and the server must stop cleanly on SIGTERM.

    RETORNO_BIN=build/tsan/retorno RETORNO_CLI=./retorno python3 tests/api/test_threads.py

RETORNO_CLI (a normal build) prepares the database, which is faster than the
instrumented binary. Prints "threads: N passed, M failed".
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

from apitest import BIN, NEW_CASE, REPO, Tally, free_port, request

CLI = os.environ.get("RETORNO_CLI", os.path.join(REPO, "retorno"))
SECONDS = float(os.environ.get("THREADS_SECONDS", "12"))


def cli(db, *args, stdin=None):
    p = subprocess.run([CLI, "--db", db] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=300)
    if p.returncode:
        raise SystemExit("setup failed: %s: %s" % (" ".join(args), p.stderr))
    return p.stdout


def reader(port, token, ids, stop, seen):
    i = 0
    while not stop.is_set():
        cid = ids[i % len(ids)]
        i += 1
        st, h, _ = request(port, "GET", "/api/v1/cases/" + cid, token)
        seen.append(st)
        if st != 200:
            check(False, "read a case", "%s -> %d" % (cid, st))
        st, _, _ = request(port, "GET", "/api/v1/cases?q=perez&limit=20", token)
        seen.append(st)


def writer(port, token, stop, seen):
    while not stop.is_set():
        st, h, body = request(port, "POST", "/api/v1/cases", token, NEW_CASE)
        seen.append(st)
        if not check(st == 201, "create", body[:200]):
            continue
        cid = json.loads(body)["case_id"]
        etag = h.get("etag")
        st, h, _ = request(port, "PATCH", "/api/v1/cases/" + cid, token,
                           {"education": "primary"}, {"If-Match": etag})
        seen.append(st)
        check(st == 200, "patch")
        st, _, body = request(port, "POST", "/api/v1/cases/%s/status" % cid, token,
                              {"status": "counselled", "date": "2021-03-02"},
                              {"If-Match": h.get("etag")})
        seen.append(st)
        check(st == 200, "move", body[:200])
        st, _, _ = request(port, "GET", "/api/v1/cases/%s/history" % cid, token)
        seen.append(st)


def contender(port, token, cid, stop, seen):
    """Two of these edit one case: every answer is a 200 or a 412."""
    while not stop.is_set():
        st, h, _ = request(port, "GET", "/api/v1/cases/" + cid, token)
        st, _, _ = request(port, "PATCH", "/api/v1/cases/" + cid, token,
                           {"travelling_with": "alone"} if time.time() % 2 < 1
                           else {"travelling_with": "friends"}, {"If-Match": h.get("etag")})
        seen.append(st)
        check(st in (200, 412), "concurrent edit is 200 or 412", st)


def reporter(port, token, stop, seen):
    formats = ["json", "csv", "html", "pdf"]
    i = 0
    while not stop.is_set():
        fmt = formats[i % len(formats)]
        i += 1
        pub = "&public=1" if i % 2 else ""
        st, h, _ = request(port, "GET", "/api/v1/report?format=%s%s&lang=%s"
                           % (fmt, pub, "es" if i % 3 else "en"), token)
        seen.append(st)
        check(st in (200, 503), "report is 200, or 503 with a full queue", st)
        if st == 503:
            check("retry-after" in h, "503 says when to retry")
            time.sleep(0.05)


def signer(port, stop, seen):
    while not stop.is_set():
        st, h, body = request(port, "POST", "/api/v1/session", None,
                              {"username": "cw", "password": "caseworker-pass-01"})
        seen.append(st)
        if not check(st == 200, "sign in", body[:200]):
            continue
        cookie = h.get("set-cookie", "").split(";")[0]
        csrf = json.loads(body)["csrf_token"]
        st, _, _ = request(port, "GET", "/api/v1/me", None, headers={"Cookie": cookie})
        seen.append(st)
        check(st == 200, "me with the session")
        st, _, _ = request(port, "DELETE", "/api/v1/session", None,
                           headers={"Cookie": cookie, "X-CSRF-Token": csrf})
        seen.append(st)
        check(st == 204, "sign out")


T = Tally("threads")
check = T.check


def main():
    work = tempfile.mkdtemp(prefix="retorno-threads-")
    db = os.path.join(work, "t.db")
    cli(db, "demo", "--cases", "3000", "--seed", "5")
    cli(db, "user", "add", "adm", "--role", "admin", stdin="admin-pass-0001\n")
    cli(db, "user", "add", "cw", "--role", "caseworker", "--office", "mx",
        stdin="caseworker-pass-01\n")
    token = cli(db, "token", "create", "adm").strip().splitlines()[-1]
    ids = [line.split(",")[0] for line in
           cli(db, "export", "--office", "mx").splitlines()[1:200]]
    port = free_port()
    env = dict(os.environ)
    err = open(os.path.join(work, "server.err"), "w")
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port,
                            "--workers", "4", "--report-workers", "2", "--report-queue", "2"],
                           stdout=subprocess.PIPE, stderr=err, text=True, env=env)
    line = srv.stdout.readline()
    if not check(line.startswith("http://"), "the server starts", line):
        srv.kill()
        return
    stop = threading.Event()
    seen = []
    threads = [threading.Thread(target=reader, args=(port, token, ids, stop, seen))
               for _ in range(3)]
    threads += [threading.Thread(target=writer, args=(port, token, stop, seen))
                for _ in range(3)]
    threads += [threading.Thread(target=contender, args=(port, token, ids[0], stop, seen))
                for _ in range(2)]
    threads += [threading.Thread(target=reporter, args=(port, token, stop, seen))
                for _ in range(3)]
    threads.append(threading.Thread(target=signer, args=(port, stop, seen)))
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join(timeout=180)
    check(not any(t.is_alive() for t in threads), "every client finished")
    check(len(seen) > 50, "the load ran", len(seen))
    check(srv.poll() is None, "the server is still up after the load (no race stopped it)")
    srv.send_signal(signal.SIGTERM)
    try:
        code = srv.wait(timeout=60)
    except subprocess.TimeoutExpired:
        srv.kill()
        code = -1
    err.close()
    log = open(os.path.join(work, "server.err")).read()
    races = log.count("WARNING: ThreadSanitizer")
    if not check(races == 0, "no ThreadSanitizer report"):
        at = log.find("WARNING: ThreadSanitizer")
        print(log[max(0, at - 200):at + 6000], file=sys.stderr)
    check(code == 0, "clean stop on SIGTERM", code)
    print("threads: %d requests, statuses %s" % (len(seen), sorted(set(seen))))
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
    sys.exit(T.finish())
