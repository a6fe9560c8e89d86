#!/usr/bin/env python3
"""What a security review of the server found, kept fixed: a body whose
length is given twice or two ways is refused (request smuggling behind a
proxy); If-Match compares strongly; guesses at the current password count
with the sign-in throttle and are audited; the throttle's table and the audit
trail keep no name typed that is no account (a password typed in the wrong
box). Prints "hardening: N passed, M failed".

    RETORNO_BIN=./retorno python3 tests/api/test_hardening.py
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile

from apitest import BIN, Tally, free_port


def raw(port, data):
    """Sends bytes as they are; returns what came back before the server
    closed or went quiet."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(data)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    s.close()
    return out


def req(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    payload = r.read()
    res = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), payload)
    c.close()
    return res


def sql(db, q):
    return subprocess.run(["sqlite3", db, q], capture_output=True, text=True).stdout.strip()


T = Tally("hardening")
check = T.check


def main():
    work = tempfile.mkdtemp(prefix="retorno-hard-")
    db = os.path.join(work, "h.db")
    run = lambda *a, stdin=None: subprocess.run([BIN, "--db", db] + list(a), input=stdin,
                                                capture_output=True, text=True, check=True)
    run("user", "add", "ana", "--role", "caseworker", "--office", "mx", stdin="ana-pass-0001\n")
    run("user", "add", "bo", "--role", "analyst", stdin="bo-pass-00001\n")
    token = run("token", "create", "ana").stdout.strip().splitlines()[-1]
    port = free_port()
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    srv.stdout.readline()
    auth = {"Authorization": "Bearer " + token}

    # the length of a body told twice, or two ways: refused, nothing smuggled
    body = b'{"given_names":"X"}'
    second = b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode() + b"\r\n\r\n"
    for name, head in (
            ("Content-Length and chunked", b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(body)),
            ("two Content-Lengths", b"Content-Length: 2\r\nContent-Length: %d\r\n" % len(body))):
        out = raw(port, b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + head + b"Authorization: Bearer " + token.encode() + b"\r\n\r\n" + body + second)
        check(out.startswith(b"HTTP/1.1 400"), name + ": 400", out[:80])
        check(out.count(b"HTTP/1.1 ") == 1, name + ": no second request answered", out.count(b"HTTP/1.1 "))

    # If-Match compares strongly
    st, h, b = req(port, "POST", "/api/v1/cases", {
        "program": "avr", "office": "mx", "registration_point": "tijuana",
        "registration_date": "2021-03-01", "sex": "female", "age": 31, "nationality": "HND",
        "country_of_return": "HND", "unaccompanied_minor": "no"}, auth)
    check(st == 201, "create", b[:200])
    cid = json.loads(b)["case_id"]
    etag = h.get("etag")
    st, _, _ = req(port, "PATCH", "/api/v1/cases/" + cid, {"education": "primary"},
                   dict(auth, **{"If-Match": "W/" + etag}))
    check(st == 412, "a weak ETag never matches: 412", st)
    st, _, _ = req(port, "PATCH", "/api/v1/cases/" + cid, {"education": "primary"},
                   dict(auth, **{"If-Match": etag}))
    check(st == 200, "the strong ETag matches", st)

    # guesses at the current password: counted with the sign-in's, audited
    st, h, b = req(port, "POST", "/api/v1/session", {"username": "ana", "password": "ana-pass-0001"})
    cookie = h.get("set-cookie", "").split(";")[0]
    csrf = json.loads(b)["csrf_token"]
    sess = {"Cookie": cookie, "X-CSRF-Token": csrf}
    codes = []
    for i in range(6):
        st, h, _ = req(port, "POST", "/api/v1/me/password",
                       {"current_password": "guess-%d-xxxx" % i, "new_password": "new-pass-00001"}, sess)
        codes.append(st)
    check(codes[:5] == [403] * 5 and codes[5] == 429, "the 6th guess is throttled", codes)
    st, h, _ = req(port, "POST", "/api/v1/session", {"username": "ana", "password": "ana-pass-0001"})
    check(st == 429 and "retry-after" in h, "and so is signing in to that account", st)
    check(sql(db, "select count(*) from audit_log where action='password_change_failed' and target='ana'") == "5",
          "each guess audited")

    # a name typed that is no account is kept nowhere
    typed = "Secret-Typed-In-The-Wrong-Box-42"
    st, _, _ = req(port, "POST", "/api/v1/session", {"username": typed, "password": "whatever-000"})
    check(st == 401, "unknown account: 401", st)
    check(sql(db, "select count(*) from audit_log where actor like '%%%s%%' or target like '%%%s%%' or detail like '%%%s%%'"
              % (typed, typed, typed)) == "0", "the typed name is not in the audit trail")
    check(sql(db, "select count(*) from login_failure where account like '%%%s%%'" % typed) == "0",
          "nor in the throttle's table")
    check(sql(db, "select count(*) from audit_log where action='login_failed' and actor='(unknown account)'") == "1",
          "the failure is audited without it")
    # a session abandoned in some browser does not stay in the database
    st, h, _ = req(port, "POST", "/api/v1/session", {"username": "bo", "password": "bo-pass-00001"})
    check(st == 200, "sign in", st)
    sql(db, "update sessions set last_seen = 0 where user_id = (select id from users where name='bo')")
    st, h, _ = req(port, "POST", "/api/v1/session", {"username": "bo", "password": "bo-pass-00001"})
    check(st == 200, "sign in again", st)
    check(sql(db, "select count(*) from sessions where last_seen = 0") == "0",
          "a new sign-in removes the expired sessions")
    check(sql(db, "select count(*) from sessions where user_id = (select id from users where name='bo')") == "1",
          "and keeps the new one")
    srv.send_signal(signal.SIGTERM)
    check(srv.wait(timeout=30) == 0, "clean stop")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
    sys.exit(T.finish())
