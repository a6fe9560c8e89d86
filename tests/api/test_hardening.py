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

from apitest import BIN, Tally, free_port, request
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pg"))
import pgmode  # noqa: E402  (the PostgreSQL mode: make pg-check)


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
    return request(port, method, path, body=body, headers=headers, timeout=30)


def sql(db, q):
    return pgmode.sqlite3(db, q).stdout.strip()


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


SHARED = os.environ.get("SHARED") or os.path.join(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))), "..", "shared")
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")


def post_raw(port, path, data, headers):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", path, body=data, headers=dict(headers, **{"Content-Type": "text/csv"}))
    r = c.getresponse()
    payload = r.read()
    c.close()
    try:
        return r.status, json.loads(payload)
    except ValueError:
        return r.status, {}


def files_and_text():
    """Issue 10, items 6, 7, 9, 11 and 14 through the API: POST /api/v1/imports
    names UTF-16 and Windows-1252 files as `import` does, converts with
    ?encoding=, reads ';' files; no error message shows a birth date, an age or
    a name; C1 and bidi controls and formulas after ';' are refused in names,
    and in search text."""
    work = tempfile.mkdtemp(prefix="retorno-hard-")
    db = os.path.join(work, "h.db")
    run = lambda *a, stdin=None: subprocess.run([BIN, "--db", db] + list(a), input=stdin,
                                                capture_output=True, text=True, check=True)
    run("user", "add", "adm", "--role", "admin", stdin="adm-pass-00001\n")
    token = run("token", "create", "adm").stdout.strip().splitlines()[-1]
    port = free_port()
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    srv.stdout.readline()
    auth = {"Authorization": "Bearer " + token}
    with open(SAMPLE, "rb") as f:
        sample = f.read()
    text = sample.decode("utf-8")
    count = lambda: sql(db, "select count(*) from cases")

    def codes(body):
        return [e.get("code") for e in body.get("errors", [])]

    # UTF-16 (Excel's "Unicode Text"): named, then converted when asked
    st, b = post_raw(port, "/api/v1/imports", b"\xff\xfe" + text.encode("utf-16-le"), auth)
    check(st == 422 and codes(b) == ["encoding_utf16"], "UTF-16: 422 encoding_utf16, one error",
          (st, codes(b)[:3]))
    check("UTF-16" in json.dumps(b.get("errors", []), ensure_ascii=False),
          "UTF-16: the message says so", b.get("errors"))
    # Windows-1252: named at its line and column
    w1252 = text.encode("cp1252")
    st, b = post_raw(port, "/api/v1/imports", w1252, auth)
    errs = b.get("errors", [])
    check(st == 422 and codes(b) == ["encoding_windows_1252"] and errs[0].get("line", 0) > 2 and
          errs[0].get("column", 0) > 0, "Windows-1252: 422, one located error", (st, errs[:2]))
    check(count() == "0", "nothing imported")
    st, b = post_raw(port, "/api/v1/imports?encoding=ebcdic", w1252, auth)
    check(st == 400, "?encoding=ebcdic: 400", (st, b))
    st, b = post_raw(port, "/api/v1/imports?encoding=windows-1252", w1252, auth)
    check(st == 201 and b.get("inserted") == 300, "?encoding=windows-1252: 201, 300 cases", (st, b))
    check(sql(db, "select given_names from cases where case_id='S-0002'") == "José",
          "converted to UTF-8")
    # ';'-separated: the header says so
    semi = text.replace(",", ";").replace("S-0", "T-0").encode()
    st, b = post_raw(port, "/api/v1/imports", semi, auth)
    check(st == 201 and b.get("inserted") == 300, "';'-separated: 201, 300 cases", (st, b))

    # errors do not show personal data
    lines = text.splitlines()
    row = lines[2].replace("S-0001,", "P-0001,", 1)
    for what, bad, secrets in (
            ("an impossible birth date", row.replace(",1948-05-25,", ",1948-02-30,"), ["1948", "02-30"]),
            ("an adult marked unaccompanied", row.replace(",no,first_degree", ",yes,first_degree"), [" 70", "1948"]),
            ("an age that is not the birth date's", row.replace(",1948-05-25,,", ",1948-05-25,77,"), ["77", " 70"]),
            ("a name in the sex column", row.replace(",male,", ",Jorge,"), ["Jorge"]),
            ("a name as the case_id", row.replace("P-0001,", "Jorge Flores,"), ["Jorge", "Flores"])):
        st, b = post_raw(port, "/api/v1/imports", (lines[0] + "\n" + bad + "\n").encode(), auth)
        blob = json.dumps(b, ensure_ascii=False)
        check(st == 422 and b.get("errors"), "import, %s: 422" % what, (st, blob[:200]))
        check(not [x for x in secrets if x in blob], "import, %s: no personal data in the answer" % what,
              blob[:300])

    # text in names and searches: C1, bidi controls, formulas after ';'
    case = {"program": "avr", "office": "mx", "registration_point": "tijuana",
            "registration_date": "2021-03-01", "sex": "female", "age": 31, "nationality": "HND",
            "country_of_return": "HND", "unaccompanied_minor": "no"}
    for what, name, code in (("U+0085", "Ana\u0085", "control_char"),
                             ("U+2028", "Ana\u2028Luz", "control_char"),
                             ("an RLO", "\u202eLIVE", "format_char"),
                             ("an LRI", "Ana\u2066x", "format_char"),
                             ("a formula after ';'", "Ana;=cmd|' /C calc'!A0;x", "formula_inside"),
                             ("a formula after ','", "Ana, @SUM(A1)", "formula_inside")):
        st, _, b = req(port, "POST", "/api/v1/cases", dict(case, given_names=name), auth)
        errs = json.loads(b).get("errors", []) if b else []
        check(st == 422 and any(e.get("field") == "given_names" and e.get("code") == code for e in errs),
              "POST a case, %s in a name: 422 %s" % (what, code), (st, b[:200]))
    st, h, b = req(port, "POST", "/api/v1/cases", dict(case, given_names="Ana María 😀"), auth)
    check(st == 201, "accents and emoji are text", (st, b[:200]))
    cid = json.loads(b).get("case_id") if st == 201 else "x"
    st, _, b = req(port, "PATCH", "/api/v1/cases/" + cid, {"family_names": "\u202eLIVE"},
                   dict(auth, **{"If-Match": h.get("etag", "")}))
    check(st == 422 and b"format_char" in b, "PATCH with an RLO: 422 format_char", (st, b[:200]))
    st, _, b = req(port, "GET", "/api/v1/cases?q=%E2%80%AEevil", headers=auth)
    check(st == 400 and b"format_char" in b, "a search with an RLO: 400 format_char", (st, b[:200]))
    st, _, b = req(port, "GET", "/api/v1/cases?q=%C2%85", headers=auth)
    check(st == 400 and b"control_char" in b, "a search with U+0085: 400 control_char", (st, b[:200]))
    srv.send_signal(signal.SIGTERM)
    check(srv.wait(timeout=30) == 0, "clean stop")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
    if os.path.exists(SAMPLE):
        files_and_text()
    else:
        check(False, "the shared sample is missing: no %s (set SHARED)" % SAMPLE)
    sys.exit(T.finish())
