#!/usr/bin/env python3
"""Smoke test of `retorno serve`: the real binary on a free loopback port,
with a temporary database, driven over HTTP with the standard library only.

It signs in, creates, reads, edits (If-Match), moves and transfers a case,
reads its history, imports the shared sample file, compares the factsheet
JSON with the command line's, and checks each error status of the contract
once (401, 403, 404, 405, 413, 415, 400, 428, 412, 422), CSRF, bearer
tokens, the access log, and a clean stop on SIGTERM.

    RETORNO_BIN=./retorno python3 tests/api/test_smoke.py

SHARED (default: ../shared beside the repository) holds data/sample-cases.csv.
Prints "N passed, M failed" and exits non-zero when anything failed.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("RETORNO_BIN", os.path.join(REPO, "retorno"))
SHARED = os.environ.get("SHARED", os.path.join(os.path.dirname(REPO), "shared"))
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
INVALID = os.path.join(SHARED, "data", "invalid", "impossible-date.csv")

PASSWORDS = {
    "ada": "admin-pass-0001",
    "sam": "supervisor-pass-02",
    "cora": "caseworker-pass-03",
    "ana": "analyst-pass-0004",
}

passed = 0
failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s%s" % (what, (": " + str(detail)[:400]) if detail else ""),
              file=sys.stderr)
    return cond


def run(*args, stdin=None):
    return subprocess.run([BIN] + list(args), input=stdin, capture_output=True, text=True,
                          timeout=120)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Client:
    """One user agent: its session cookie and CSRF token, or a bearer token."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookie = None
        self.csrf = None
        self.bearer = None

    def request(self, method, path, body=None, headers=None, ctype="application/json",
                csrf=True):
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        if body is not None and ctype and "Content-Type" not in h:
            h["Content-Type"] = ctype
        if self.cookie:
            h["Cookie"] = "retorno_session=" + self.cookie
        if self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        if csrf and self.csrf and method in ("POST", "PUT", "PATCH", "DELETE"):
            h.setdefault("X-CSRF-Token", self.csrf)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            return Response(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()

    def sign_in(self, name, password=None):
        r = self.request("POST", "/api/v1/session",
                         {"username": name, "password": password or PASSWORDS[name]})
        if r.status == 200:
            m = re.search(r"retorno_session=([^;]*)", r.header("Set-Cookie") or "")
            self.cookie = m.group(1) if m else None
            self.csrf = (r.json() or {}).get("csrf_token")
        return r


def is_problem(r, status):
    p = r.json() or {}
    return (r.status == status
            and (r.header("Content-Type") or "").startswith("application/problem+json")
            and p.get("status") == status and isinstance(p.get("title"), str)
            and isinstance(p.get("type"), str) and isinstance(p.get("detail"), str))


def without_generated_at(text):
    """The report's bytes with its one varying value blanked."""
    if isinstance(text, str):
        text = text.encode()
    return re.sub(rb'"generated_at": *"[^"]*"', b'"generated_at": ""', text, count=1)


NEW_CASE = {
    "program": "avr", "office": "mx", "registration_point": "tijuana",
    "registration_date": "2024-03-01", "given_names": "Ana", "family_names": "Prueba",
    "sex": "female", "age": 30, "nationality": "HND", "country_of_return": "HND",
    "unaccompanied_minor": "no", "status": "registered",
}


def main():
    if not os.path.exists(BIN):
        print("test_smoke: no binary at %s (set RETORNO_BIN)" % BIN, file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    if not os.path.exists(SAMPLE):
        print("test_smoke: the shared data is missing: no %s (set SHARED)" % SAMPLE,
              file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory(prefix="retorno-api.") as tmp:
        return smoke(tmp)


def smoke(tmp):
    db = os.path.join(tmp, "api.db")
    log = os.path.join(tmp, "access.log")
    for name, role, office in (("ada", "admin", None), ("sam", "supervisor", "mx"),
                               ("cora", "caseworker", "mx"), ("ana", "analyst", "mx")):
        args = ["--db", db, "user", "add", name, "--role", role]
        if office:
            args += ["--office", office]
        r = run(*args, stdin=PASSWORDS[name] + "\n")
        check(r.returncode == 0, "user add %s" % name, r.stderr)
    tok = run("--db", db, "token", "create", "ada")
    check(tok.returncode == 0, "token create", tok.stderr)
    token = tok.stdout.strip().splitlines()[-1] if tok.stdout.strip() else ""

    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:0",
                            "--workers", "2", "--max-body-kb", "16", "--access-log", log],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = srv.stdout.readline().strip()
        m = re.match(r"^http://(127\.0\.0\.1):(\d+)/$", line)
        if not check(m is not None, "serve prints its address", line or srv.stderr.read()):
            srv.kill()
            print("%d passed, %d failed" % (passed, failed))
            return 1
        host, port = m.group(1), int(m.group(2))
        exercise(host, port, db, log, token)
    finally:
        if srv.poll() is None:
            srv.send_signal(signal.SIGTERM)
            try:
                rc = srv.wait(timeout=20)
            except subprocess.TimeoutExpired:
                srv.kill()
                rc = "timeout"
            check(rc == 0, "SIGTERM stops the server with exit 0", rc)
        else:
            check(False, "the server was still running at the end", srv.returncode)
        err = srv.stderr.read()
    # the access log names routes, never case ids or query strings
    text = open(log).read() if os.path.exists(log) else ""
    check("/api/v1/cases/{case_id}" in text, "access log names the route template", text[-300:])
    check("S-0001" not in text and "Prueba" not in text and "?" not in text,
          "access log has no case id, name or query string")
    check(re.search(r"^\S+Z 127\.0\.0\.1 POST /api/v1/cases 201 \d+ \d+ ada$", text, re.M)
          is not None, "access log line: time, address, method, route, status, bytes, ms, user",
          text[:300])
    check("Traceback" not in err, "server stderr clean", err[-300:])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def exercise(host, port, db, log, token):
    anon = Client(host, port)

    # ---- no authentication ----
    r = anon.request("GET", "/healthz")
    check(r.status == 200 and r.json() == {"status": "ok"}, "GET /healthz", r.body)
    check(r.header("X-Content-Type-Options") == "nosniff", "nosniff header")
    check("no-store" in (r.header("Cache-Control") or ""), "Cache-Control: no-store")
    check("default-src 'none'" in (r.header("Content-Security-Policy") or ""), "CSP header")
    check(r.header("Referrer-Policy") == "no-referrer", "Referrer-Policy header")

    r = anon.request("GET", "/api/v1/me")
    check(is_problem(r, 401), "401 without a session", r.body)
    en = (r.json() or {}).get("detail")
    r = anon.request("GET", "/api/v1/me", headers={"Accept-Language": "es-MX,es;q=0.9"})
    check(is_problem(r, 401) and (r.json() or {}).get("detail") != en,
          "401 worded in Spanish for Accept-Language: es", r.body)

    r = anon.request("GET", "/api/v1/nowhere")
    check(is_problem(r, 404), "404 for an unknown path", r.body)

    wrong_pw = anon.request("POST", "/api/v1/session", {"username": "ada", "password": "nope-nope-nope"})
    no_user = anon.request("POST", "/api/v1/session", {"username": "zed", "password": "nope-nope-nope"})
    check(is_problem(wrong_pw, 401) and is_problem(no_user, 401)
          and wrong_pw.json().get("detail") == no_user.json().get("detail"),
          "sign-in: one 401 for a wrong name and a wrong password", (wrong_pw.body, no_user.body))

    # ---- sign in ----
    ada = Client(host, port)
    r = ada.sign_in("ada")
    cookie = r.header("Set-Cookie") or ""
    check(r.status == 200 and ada.cookie and ada.csrf, "sign in", r.body)
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie,
          "session cookie attributes", cookie)
    user = (r.json() or {}).get("user", {})
    check(user.get("username") == "ada" and user.get("role") == "admin"
          and user.get("all_offices") is True, "the signed-in user", r.body)
    r = ada.request("GET", "/api/v1/me")
    check(r.status == 200 and (r.json() or {}).get("username") == "ada", "GET /api/v1/me", r.body)

    # ---- CSRF ----
    r = ada.request("POST", "/api/v1/cases", NEW_CASE, csrf=False)
    check(is_problem(r, 403), "403 without X-CSRF-Token", r.body)
    r = ada.request("POST", "/api/v1/cases", NEW_CASE, headers={"X-CSRF-Token": "x" * 43})
    check(is_problem(r, 403), "403 with a wrong X-CSRF-Token", r.body)

    # ---- create, read ----
    r = ada.request("POST", "/api/v1/cases", NEW_CASE)
    case = r.json() or {}
    cid = case.get("case_id", "")
    check(r.status == 201, "POST /api/v1/cases: 201", r.body)
    check(r.header("Location") == "/api/v1/cases/" + cid, "Location of the new case",
          r.header("Location"))
    check(re.match(r"^MX-\d{4}-\d+$", cid) is not None, "server-assigned case id", cid)
    etag = r.header("ETag")
    check(etag == '"%s"' % case.get("version"), "ETag is the version", (etag, case.get("version")))
    check(case.get("age") == 30 and case.get("given_names") == "Ana", "the case as created", r.body)

    r = ada.request("GET", "/api/v1/cases/" + cid)
    check(r.status == 200 and r.header("ETag") == etag and (r.json() or {}).get("age") == 30,
          "GET the case", r.body)
    r = ada.request("GET", "/api/v1/cases/NO-SUCH-CASE")
    check(is_problem(r, 404), "404 for an unknown case", r.body)
    r = ada.request("POST", "/api/v1/cases", dict(NEW_CASE, case_id=cid))
    check(is_problem(r, 409), "409 for a case id that exists", r.body)

    # ---- the error statuses ----
    r = ada.request("DELETE", "/api/v1/cases/" + cid)
    check(is_problem(r, 405) and "PATCH" in (r.header("Allow") or ""), "405 with Allow",
          (r.status, r.header("Allow")))
    r = ada.request("PATCH", "/api/v1/cases/" + cid, "{\"education\": ",
                    headers={"If-Match": etag})
    check(is_problem(r, 400), "400 for malformed JSON", r.body)
    r = ada.request("PATCH", "/api/v1/cases/" + cid, "education=primary",
                    ctype="text/plain", headers={"If-Match": etag})
    check(is_problem(r, 415), "415 for a body that is not JSON", r.body)
    r = ada.request("PATCH", "/api/v1/cases/" + cid,
                    {"given_names": "x" * (20 * 1024)}, headers={"If-Match": etag})
    check(is_problem(r, 413), "413 for a body over --max-body-kb", r.body)
    r = ada.request("PATCH", "/api/v1/cases/" + cid, {"education": "primary"})
    check(is_problem(r, 428), "428 without If-Match", r.body)
    r = ada.request("PATCH", "/api/v1/cases/" + cid, {"education": "primary"},
                    headers={"If-Match": '"999"'})
    check(is_problem(r, 412), "412 for a stale If-Match", r.body)
    r = ada.request("PATCH", "/api/v1/cases/" + cid, {"age": "31"}, headers={"If-Match": etag})
    errs = (r.json() or {}).get("errors") or [{}]
    check(is_problem(r, 422) and errs[0].get("field") == "age"
          and errs[0].get("code") == "wrong_type", "422 for age as a string", r.body)
    r = ada.request("PATCH", "/api/v1/cases/" + cid, {"status": "approved"},
                    headers={"If-Match": etag})
    check(is_problem(r, 422), "422 for status in a PATCH", r.body)
    r = ada.request("GET", "/api/v1/cases?status=vanished")
    check(is_problem(r, 400), "400 for an unknown status filter", r.body)

    # ---- edit, move, transfer, history ----
    r = ada.request("PATCH", "/api/v1/cases/" + cid, {"education": "primary", "family_names": None},
                    headers={"If-Match": etag})
    body = r.json() or {}
    check(r.status == 200 and body.get("education") == "primary" and "family_names" not in body
          and r.header("ETag") not in (None, etag), "PATCH with If-Match", r.body)
    etag = r.header("ETag")
    for move in ({"status": "counselled", "date": "2024-03-02"}, {"status": "approved"},
                 {"status": "travel_booked", "transport_mode": "air"}):
        r = ada.request("POST", "/api/v1/cases/%s/status" % cid, move, headers={"If-Match": etag})
        check(r.status == 200 and (r.json() or {}).get("status") == move["status"],
              "status move to " + move["status"], r.body)
        etag = r.header("ETag") or etag

    r = ada.request("POST", "/api/v1/cases", dict(NEW_CASE, given_names="Bea"))
    cid2 = (r.json() or {}).get("case_id", "")
    r = ada.request("POST", "/api/v1/cases/%s/transfer" % cid2,
                    {"office": "gt", "registration_point": "tecun_uman"},
                    headers={"If-Match": r.header("ETag") or ""})
    check(r.status == 200 and (r.json() or {}).get("office") == "gt", "transfer to gt", r.body)

    r = ada.request("GET", "/api/v1/cases/%s/history" % cid)
    kinds = [h.get("kind") for h in (r.json() or {}).get("items", [])]
    check(r.status == 200 and "status" in kinds, "history of moves", r.body)
    r = ada.request("GET", "/api/v1/cases/%s/history" % cid2)
    kinds = [h.get("kind") for h in (r.json() or {}).get("items", [])]
    check(r.status == 200 and "transfer" in kinds, "history records the transfer", r.body)

    r = ada.request("GET", "/api/v1/cases?limit=1")
    body = r.json() or {}
    check(r.status == 200 and len(body.get("items", [])) == 1 and body.get("next_cursor"),
          "case list with a limit: a next cursor", r.body)
    r = ada.request("GET", "/api/v1/cases?limit=1&cursor=" + str(body.get("next_cursor")))
    page2 = r.json() or {}
    check(r.status == 200 and [c.get("case_id") for c in page2.get("items", [])] == [cid2],
          "the next page", r.body)

    # ---- roles ----
    cora = Client(host, port)
    check(cora.sign_in("cora").status == 200, "caseworker signs in")
    r = cora.request("POST", "/api/v1/cases", dict(NEW_CASE, given_names="Cata"))
    c3, e3 = (r.json() or {}).get("case_id", ""), r.header("ETag") or ""
    check(r.status == 201, "caseworker registers a case", r.body)
    r = cora.request("POST", "/api/v1/cases/%s/status" % c3, {"status": "ineligible"},
                     headers={"If-Match": e3})
    check(is_problem(r, 403), "403: a caseworker may not move a case to ineligible", r.body)
    r = cora.request("GET", "/api/v1/cases/" + cid2)
    check(is_problem(r, 404), "404: a case of an office the caseworker does not hold", r.body)
    ana = Client(host, port)
    check(ana.sign_in("ana").status == 200, "analyst signs in")
    r = ana.request("GET", "/api/v1/cases")
    check(is_problem(r, 403), "403: an analyst may not list cases", r.body)

    # ---- bearer token ----
    bot = Client(host, port)
    bot.bearer = token
    r = bot.request("GET", "/api/v1/me")
    check(r.status == 200 and (r.json() or {}).get("username") == "ada", "bearer token", r.body)
    r = bot.request("GET", "/api/v1/vocab")
    body = r.json() or {}
    check(r.status == 200 and any(o.get("code") == "mx" for o in body.get("offices", []))
          and any(l.get("name") == "status" for l in body.get("lists", [])), "GET /api/v1/vocab",
          r.body[:200])

    # ---- import ----
    with open(SAMPLE, "rb") as f:
        sample = f.read()
    r = ada.request("POST", "/api/v1/imports", sample, ctype="application/json")
    check(is_problem(r, 415), "415 for an import that is not text/csv", r.body)
    r = ada.request("POST", "/api/v1/imports", sample, ctype="text/csv")
    body = r.json() or {}
    check(r.status == 201 and body.get("rows") == 300 and body.get("inserted") == 300,
          "import the sample file", r.body)
    with open(INVALID, "rb") as f:
        r = ada.request("POST", "/api/v1/imports", f.read(), ctype="text/csv")
    errs = (r.json() or {}).get("errors") or [{}]
    check(is_problem(r, 422) and isinstance(errs[0].get("line"), int)
          and isinstance(errs[0].get("column"), int), "422 import errors with line and column",
          r.body)

    # ---- report: the same bytes as the command line, but generated_at ----
    for who, query, cli in ((ada, "", []),
                            (ana, "?office=mx&public=1&lang=es",
                             ["--office", "mx", "--public", "--lang", "es"])):
        r = who.request("GET", "/api/v1/report" + query)
        c = run("--db", db, "report", "--format", "json", *cli)
        ok = r.status == 200 and c.returncode == 0
        check(ok and b'"generated_at"' in r.body
              and without_generated_at(r.body) == without_generated_at(c.stdout),
              "report%s: the same bytes as the CLI's but generated_at" % query, r.body[:200])
    r = ana.request("GET", "/api/v1/report?format=csv")
    check(r.status == 200 and (r.header("Content-Type") or "").startswith("text/csv"),
          "report as CSV", r.body[:200])
    r = ana.request("GET", "/api/v1/report?month=2019-13")
    check(is_problem(r, 400), "400 for a month that does not exist", r.body)

    # ---- export and audit ----
    r = ada.request("GET", "/api/v1/exports/cases.csv?office=mx")
    check(r.status == 200 and r.body.startswith(b"case_id,") and
          "attachment" in (r.header("Content-Disposition") or ""), "export CSV", r.body[:100])
    r = ada.request("GET", "/api/v1/audit?limit=5")
    body = r.json() or {}
    check(r.status == 200 and 0 < len(body.get("items", [])) <= 5, "audit trail", r.body[:200])

    # ---- the user's own language and password ----
    sam, sam2 = Client(host, port), Client(host, port)
    check(sam.sign_in("sam").status == 200 and sam2.sign_in("sam").status == 200,
          "supervisor signs in twice")
    r = sam.request("PATCH", "/api/v1/me", {"lang": "es"})
    check(r.status == 200 and (r.json() or {}).get("lang") == "es", "PATCH /api/v1/me", r.body)
    r = sam.request("GET", "/api/v1/cases/NO-SUCH-CASE")
    check(is_problem(r, 404) and (r.json() or {}).get("detail") != ada.request(
        "GET", "/api/v1/cases/NO-SUCH-CASE").json().get("detail"),
        "problems worded in the user's language", r.body)
    r = sam.request("POST", "/api/v1/me/password",
                    {"current_password": PASSWORDS["sam"], "new_password": "a-new-pass-0005"})
    check(r.status == 204, "POST /api/v1/me/password", r.body)
    check(sam.request("GET", "/api/v1/me").status == 200, "the caller's session stays")
    check(is_problem(sam2.request("GET", "/api/v1/me"), 401), "other sessions end")
    check(Client(host, port).sign_in("sam", "a-new-pass-0005").status == 200,
          "sign in with the new password")

    # ---- sign out ----
    r = cora.request("DELETE", "/api/v1/session")
    check(r.status == 204, "sign out", r.body)
    r = cora.request("GET", "/api/v1/me")
    check(is_problem(r, 401), "the session is dead after sign-out", r.body)


if __name__ == "__main__":
    sys.exit(main())
