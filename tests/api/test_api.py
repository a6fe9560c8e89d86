#!/usr/bin/env python3
"""The server's checks (issue "The server"): `retorno serve` against api.md,
the data dictionary and docs/openapi.yaml, driven over HTTP with the standard
library only.

The real binary (RETORNO_BIN, default build/dev/retorno) serves a temporary
database made from the shared sample file, on a free loopback port. Users,
one per role and office, are made with the command line; most requests carry
bearer tokens (sign-ins cost an argon2id hash each), sessions are used where
sessions are what is checked.

  1. the authorization matrix: every role x own/other office x endpoint, the
     exact status, no leak, and a refused request changes nothing;
  2. every rule of the data dictionary through POST and PATCH, malformed and
     mistyped bodies, content types, If-Match, CSRF, expired and ended
     sessions, revoked tokens, disabled users, throttled sign-ins;
  3. precedence when several errors apply (429 503 401 403 404 413 415 400
     428 412 409 422);
  4. partial updates and re-imports keep what is not sent;
  5. two clients editing one case at once; many concurrent creates;
  6. the audit trail cannot be changed, and records reads and changes;
  7. GET /api/v1/report is the command line's factsheet JSON;
  8. every response is validated against docs/openapi.yaml
     (tests/api/validate-bodies.mjs);
  9. SIGTERM: requests in flight finish, the server exits 0.

    RETORNO_BIN=./retorno python3 tests/api/test_api.py

Prints "FAIL: name: detail" for each failed check and, last, exactly one line
"api: N passed, M failed"; exits 1 when anything failed.
"""
import csv
import hashlib
import http.client
import io
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "pg"))
import pgmode  # noqa: E402  (the PostgreSQL mode: make pg-check; reads through psql)
BIN = os.path.abspath(os.environ.get("RETORNO_BIN", os.path.join(REPO, "build", "dev", "retorno")))
SHARED = os.environ.get("SHARED", os.path.join(os.path.dirname(REPO), "shared"))
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
INVALID_DIR = os.path.join(SHARED, "data", "invalid")
OPENAPI = os.path.join(REPO, "docs", "openapi.yaml")
VALIDATOR = os.path.join(HERE, "validate-bodies.mjs")
CHECK_NODE = os.path.join(HERE, "check-node.sh")
VERBOSE = os.environ.get("API_VERBOSE") == "1"

# ---------------------------------------------------------------- results

passed = 0
failed = 0
_out_lock = threading.Lock()


def check(name, cond, detail=""):
    """One named assertion."""
    global passed, failed
    with _out_lock:
        if cond:
            passed += 1
            if VERBOSE:
                print("ok: %s" % name)
        else:
            failed += 1
            d = str(detail).replace("\n", " ")
            print("FAIL: %s: %s" % (name, d[:600] if d else "(no detail)"), flush=True)
    return bool(cond)


def note(text):
    print("note: %s" % text, flush=True)


# ---------------------------------------------------------------- the OpenAPI operations

def documented_operations():
    """(METHOD, template) pairs of docs/openapi.yaml, read from its paths block."""
    ops = set()
    cur = None
    in_paths = False
    with open(OPENAPI, encoding="utf-8") as f:
        for line in f:
            if line.startswith("paths:"):
                in_paths = True
                continue
            if in_paths and re.match(r"^\S", line):
                break
            if not in_paths:
                continue
            m = re.match(r"^  (/\S*):\s*$", line)
            if m:
                cur = m.group(1)
                continue
            m = re.match(r"^    (get|put|post|patch|delete|head|options):", line)
            if m and cur:
                ops.add((m.group(1).upper(), cur))
    return ops


DOC_OPS = set()


def template_of(path):
    p = path.split("?")[0]
    m = re.match(r"^/api/v1/cases/([^/]+)(/status|/history|/transfer)?$", p)
    if m:
        return "/api/v1/cases/{case_id}" + (m.group(2) or "")
    return p


# ---------------------------------------------------------------- HTTP

RECORD = []
_rec_lock = threading.Lock()
HOST = "127.0.0.1"
PORT = 0
STATUSES = []  # every status seen (for the no-500 check)


class Resp:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path = method, path
        self.status = status
        self.headers = headers
        self.body = body
        self._json = None
        self._parsed = False

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def ctype(self):
        return self.header("Content-Type") or ""

    def json(self):
        if not self._parsed:
            self._parsed = True
            try:
                self._json = json.loads(self.body)
            except (ValueError, UnicodeDecodeError):
                self._json = None
        return self._json

    def text(self):
        return self.body.decode("utf-8", "replace")

    def errors(self):
        j = self.json()
        if isinstance(j, dict) and isinstance(j.get("errors"), list):
            return [e for e in j["errors"] if isinstance(e, dict)]
        return []

    def brief(self):
        return "%s %s -> %s %s" % (self.method, self.path, self.status, self.text()[:300])


class Client:
    """One user agent: a bearer token, or a session cookie and its CSRF token."""

    def __init__(self, name="", bearer=None):
        self.name = name
        self.bearer = bearer
        self.cookie = None
        self.csrf = None


ANON = Client("anonymous")


def record(method, path, r):
    tmpl = template_of(path)
    if (method, tmpl) not in DOC_OPS:
        return
    line = {"method": method, "path": tmpl, "status": r.status}
    ct = r.header("Content-Type")
    if ct:
        line["content_type"] = ct
    mt = (ct or "").split(";")[0].strip().lower()
    if mt == "application/json" or mt.endswith("+json"):
        line["body"] = r.json() if r.body else None
        if r.body and r.json() is None:
            line["body"] = r.text()  # not JSON: the validator will say so
    hdrs = {}
    for h in ("ETag", "Location", "Retry-After", "Set-Cookie"):
        v = r.header(h)
        if v is not None:
            hdrs[h] = v
    if hdrs:
        line["headers"] = hdrs
    with _rec_lock:
        RECORD.append(line)


def call(c, method, path, body=None, headers=None, ctype="application/json", csrf=True,
         rec=True, timeout=60):
    """One request on a new connection; records the response for the validator."""
    h = dict(headers or {})
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body
    if data is not None and ctype and "Content-Type" not in h:
        h["Content-Type"] = ctype
    if c is not None and c.bearer:
        h.setdefault("Authorization", "Bearer " + c.bearer)
    if c is not None and c.cookie:
        h.setdefault("Cookie", "retorno_session=" + c.cookie)
    if (c is not None and c.csrf and csrf and method in ("POST", "PUT", "PATCH", "DELETE")):
        h.setdefault("X-CSRF-Token", c.csrf)
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        r = Resp(method, path, resp.status, resp.getheaders(), resp.read())
    except (ConnectionError, http.client.HTTPException, socket.timeout, OSError) as e:
        r = Resp(method, path, 0, [], ("connection failed: %s" % e).encode())
    finally:
        conn.close()
    with _rec_lock:
        STATUSES.append((r.status, method, template_of(path)))
    if rec and r.status:
        record(method, path, r)
    return r


def is_problem(r, status):
    j = r.json()
    return (r.status == status and r.ctype.startswith("application/problem+json")
            and isinstance(j, dict) and j.get("status") == status)


def expect(name, r, status):
    """The exact status (and, for an error, a problem document)."""
    if status >= 400:
        ok = is_problem(r, status)
    else:
        ok = r.status == status
    return check(name, ok, "got %s, want %s: %s" % (r.status, status, r.text()[:300]))


def has_error(r, field, code=None):
    for e in r.errors():
        if e.get("field") == field and (code is None or e.get("code") == code):
            return True
    return False


def expect_invalid(name, r, field, code=None):
    want = "%s/%s" % (field, code or "*")
    got = [(e.get("field"), e.get("code")) for e in r.errors()]
    return check(name, is_problem(r, 422) and has_error(r, field, code),
                 "got %s %s, want 422 naming %s" % (r.status, got or r.text()[:300], want))


# ---------------------------------------------------------------- the command line, the database

DB = ""


def cli(*args, stdin=None):
    return subprocess.run([BIN, "--db", DB] + list(args), input=stdin, capture_output=True,
                          text=True, timeout=120)


def sql(query, *params):
    if pgmode.ON:
        return pgmode.query(DB, query, *params)
    con = sqlite3.connect("file:%s?mode=ro" % DB, uri=True, timeout=30)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def sql1(query, *params):
    rows = sql(query, *params)
    return rows[0][0] if rows else None


SNAP_TABLES = ("cases", "survey", "status_history", "import_batch", "users", "tokens",
               "case_seq", "referral", "vocab")


CASE_TABLES = ("cases", "survey", "status_history")


def snapshot(tables=SNAP_TABLES):
    """A digest of everything a request may change (not the audit trail, not sessions)."""
    hsh = hashlib.sha256()
    if pgmode.ON:   # one digest per table, all in one statement
        hsh.update(repr(pgmode.query(DB, "SELECT " + ", ".join(
            "(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM %s x)" % t
            for t in tables))).encode())
        return hsh.hexdigest()
    con = sqlite3.connect("file:%s?mode=ro" % DB, uri=True, timeout=30)
    try:
        for t in tables:
            try:
                for row in con.execute("SELECT * FROM %s ORDER BY rowid" % t):
                    hsh.update(repr(row).encode())
            except sqlite3.OperationalError:
                pass
    finally:
        con.close()
    return hsh.hexdigest()


def case_tables_snapshot():
    """The cases, surveys and histories, but the import bookkeeping (cases.import_id)."""
    hsh = hashlib.sha256()
    if pgmode.ON:   # the rows as JSON without import_id, one digest per table
        row = "(to_jsonb(x) - 'import_id')::text"
        hsh.update(repr(pgmode.query(DB, "SELECT " + ", ".join(
            "(SELECT md5(coalesce(string_agg(%s, '|' ORDER BY %s), '')) FROM %s x)" % (row, row, t)
            for t in CASE_TABLES))).encode())
        return hsh.hexdigest()
    con = sqlite3.connect("file:%s?mode=ro" % DB, uri=True, timeout=30)
    try:
        for t in CASE_TABLES:
            cur = con.execute("SELECT * FROM %s ORDER BY rowid" % t)
            cols = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(cols) if c != "import_id"]
            for row in cur:
                hsh.update(repr([row[i] for i in keep]).encode())
    finally:
        con.close()
    return hsh.hexdigest()


def case_state(cid):
    rows = sql("SELECT * FROM cases WHERE case_id = ?", cid)
    survey = sql("SELECT s.* FROM survey s JOIN cases c ON c.id = s.case_ref WHERE c.case_id = ?",
                 cid)
    hist = sql("SELECT count(*) FROM status_history h JOIN cases c ON c.id = h.case_ref "
               "WHERE c.case_id = ?", cid)
    return (rows, survey, hist)


def count_cases():
    return sql1("SELECT count(*) FROM cases")


# ---------------------------------------------------------------- the sample

SAMPLE_ROWS = []


def load_sample():
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if not r["case_id"].startswith("#")]


# ---------------------------------------------------------------- users and tokens

USERS = {
    # name: (role, office or None for every office)
    "adm": ("admin", None),
    "sup_mx": ("supervisor", "mx"),
    "sup_gt": ("supervisor", "gt"),
    "cw_mx": ("caseworker", "mx"),
    "cw_gt": ("caseworker", "gt"),
    "an_mx": ("analyst", "mx"),
    "an_all": ("analyst", None),
    "victim": ("caseworker", "mx"),   # throttled sign-ins
    "dis": ("caseworker", "gt"),      # disabled while signed in
}
PASSWORDS = {n: "pw-%s-0123456789" % n for n in USERS}
TOKENS = {}
C = {}   # name -> bearer Client


def holds(user, office):
    return USERS[user][1] in (None, office)


def role(user):
    return USERS[user][0]


# ---------------------------------------------------------------- case fixtures

def qs(text):
    """A query-string value, percent-encoded."""
    return urllib.parse.quote(text, safe="")


def base_case(office_, **over):
    office = office_
    c = {
        "program": "avr", "office": office,
        "registration_point": "tapachula" if office == "mx" else "tecun_uman",
        "registration_date": "2024-03-01", "given_names": "Prueba", "family_names": "Fixture",
        "sex": "female", "age": 30, "nationality": "HND" if office == "mx" else "SLV",
        "country_of_return": "HND" if office == "mx" else "SLV",
        "unaccompanied_minor": "no", "status": "registered",
    }
    c.update(over)
    return {k: v for k, v in c.items() if v is not ...}


def create(office, who="adm", **over):
    """A new case (by the admin unless said): (case_id, etag, json)."""
    r = call(C[who], "POST", "/api/v1/cases", base_case(office, **over))
    if r.status != 201:
        check("fixture: create a %s case %s" % (office, over), False, r.brief())
        return None, None, None
    return r.json().get("case_id"), r.header("ETag"), r.json()


# ================================================================= 1. the authorization matrix

TRANSFER_TO = {"mx": {"office": "gt", "registration_point": "tecun_uman"},
               "gt": {"office": "mx", "registration_point": "tapachula"}}
MATRIX_USERS = ["adm", "sup_mx", "sup_gt", "cw_mx", "cw_gt", "an_mx", "an_all"]
EVER_GT = set()   # case ids that were ever of office gt (the gt supervisor may see them)


def expected(user, op, office):
    """The status the role table and the precedence order give."""
    r = role(user)
    own = holds(user, office)
    cases = r in ("admin", "supervisor", "caseworker")
    if op in ("list",):
        return 200 if cases else 403
    if op == "create":
        return (201 if own else 403) if cases else 403
    if op in ("get", "patch", "history", "move_counselled"):
        return (200 if own else 404) if cases else 403
    if op == "move_approved":
        if r in ("admin", "supervisor"):
            return 200 if own else 404
        return 403   # the role may not: 403 comes before 404
    if op == "transfer":
        if r in ("admin", "supervisor"):
            return 200 if own else 404
        return 403
    if op == "import":
        if r in ("admin", "supervisor"):
            return 201 if own else 422   # a row of an office not held: a located error
        return 403
    if op in ("export", "audit"):
        return 200 if r in ("admin", "supervisor") else 403
    if op == "report_office":
        return 200 if own else 403
    raise ValueError(op)


def matrix(sample):
    mx_ids = [s["case_id"] for s in sample if s["office"] == "mx"]
    gt_ids = [s["case_id"] for s in sample if s["office"] == "gt"]
    EVER_GT.update(gt_ids)
    read_case = {"mx": mx_ids[0], "gt": gt_ids[0]}
    n_import = 0

    for user in MATRIX_USERS:
        who = C[user]
        for office in ("mx", "gt"):
            label = "matrix %s (%s) %s case" % (user, role(user),
                                                 "own" if holds(user, office) else "other office's")
            label = "%s [%s]" % (label, office)

            # GET /cases/{id}, GET .../history
            cid = read_case[office]
            r = call(who, "GET", "/api/v1/cases/" + cid)
            want = expected(user, "get", office)
            expect("%s: GET /cases/{id}" % label, r, want)
            if want == 200:
                check("%s: GET /cases/{id} is that case with an ETag" % label,
                      (r.json() or {}).get("case_id") == cid and
                      re.match(r'^"[1-9][0-9]*"$', r.header("ETag") or "") is not None, r.brief())
            r = call(who, "GET", "/api/v1/cases/%s/history" % cid)
            expect("%s: GET /cases/{id}/history" % label, r, expected(user, "history", office))

            # PATCH
            cid, etag, _ = create(office)
            before = case_state(cid)
            r = call(who, "PATCH", "/api/v1/cases/" + cid, {"education": "primary"},
                     headers={"If-Match": etag})
            want = expected(user, "patch", office)
            expect("%s: PATCH /cases/{id}" % label, r, want)
            if want == 200:
                check("%s: PATCH applied" % label, (r.json() or {}).get("education") == "primary"
                      and r.header("ETag") not in (None, etag), r.brief())
            else:
                check("%s: refused PATCH changed nothing" % label, case_state(cid) == before)

            # status -> counselled, -> approved
            for op, move in (("move_counselled", {"status": "counselled", "date": "2024-03-02"}),
                             ("move_approved", {"status": "approved"})):
                start = "registered" if op == "move_counselled" else "counselled"
                cid, etag, _ = create(office, status=start)
                before = case_state(cid)
                r = call(who, "POST", "/api/v1/cases/%s/status" % cid, move,
                         headers={"If-Match": etag})
                want = expected(user, op, office)
                expect("%s: POST /cases/{id}/status to %s" % (label, move["status"]), r, want)
                if want == 200:
                    check("%s: moved to %s" % (label, move["status"]),
                          (r.json() or {}).get("status") == move["status"], r.brief())
                else:
                    check("%s: refused move to %s changed nothing" % (label, move["status"]),
                          case_state(cid) == before)

            # transfer
            cid, etag, _ = create(office)
            if office == "gt":
                EVER_GT.add(cid)
            before = case_state(cid)
            r = call(who, "POST", "/api/v1/cases/%s/transfer" % cid, TRANSFER_TO[office],
                     headers={"If-Match": etag})
            want = expected(user, "transfer", office)
            expect("%s: POST /cases/{id}/transfer" % label, r, want)
            if want == 200:
                EVER_GT.add(cid)
                check("%s: transferred" % label,
                      (r.json() or {}).get("office") == TRANSFER_TO[office]["office"], r.brief())
            else:
                check("%s: refused transfer changed nothing" % label, case_state(cid) == before)

            # POST /cases in this office
            before = snapshot()
            r = call(who, "POST", "/api/v1/cases", base_case(office, given_names="Matrix"))
            want = expected(user, "create", office)
            expect("%s: POST /cases" % label, r, want)
            if want == 201:
                if office == "gt":
                    EVER_GT.add((r.json() or {}).get("case_id"))
                check("%s: POST /cases has Location and ETag" % label,
                      r.header("Location") == "/api/v1/cases/%s" % (r.json() or {}).get("case_id")
                      and r.header("ETag"), r.brief())
            else:
                check("%s: refused POST /cases created nothing" % label, snapshot() == before)

            # POST /imports: one new case of this office
            n_import += 1
            imp_id = "IMP-%s-%s-%d" % (user.replace("_", ""), office, n_import)
            row = base_case(office, case_id=imp_id)
            text = ",".join(row.keys()) + "\n" + ",".join(str(v) for v in row.values()) + "\n"
            before = snapshot()
            r = call(who, "POST", "/api/v1/imports", text, ctype="text/csv")
            want = expected(user, "import", office)
            expect("%s: POST /imports" % label, r, want)
            if want == 201:
                if office == "gt":
                    EVER_GT.add(imp_id)
                check("%s: import inserted the row" % label,
                      (r.json() or {}).get("inserted") == 1 and
                      sql1("SELECT office FROM cases WHERE case_id = ?", imp_id) == office,
                      r.brief())
            else:
                check("%s: refused import changed nothing" % label, snapshot() == before)
                if want == 422:
                    check("%s: import of an office not held is a located error" % label,
                          all(isinstance(e.get("line"), int) and isinstance(e.get("column"), int)
                              for e in r.errors()) and r.errors(), r.brief())

            # GET /report?office=X (private), and its public preview
            r = call(who, "GET", "/api/v1/report?office=" + office)
            expect("%s: GET /report?office=%s" % (label, office), r,
                   expected(user, "report_office", office))
            r = call(who, "GET", "/api/v1/report?public=1&office=" + office)
            expect("%s: GET /report?public=1&office=%s" % (label, office), r, 200)

        # endpoints without a case
        label = "matrix %s (%s)" % (user, role(user))
        r = call(who, "GET", "/api/v1/cases?limit=5")
        expect("%s: GET /cases" % label, r, expected(user, "list", None))
        r = call(who, "GET", "/api/v1/report")
        expect("%s: GET /report" % label, r, 200)
        r = call(who, "GET", "/api/v1/vocab")
        expect("%s: GET /vocab" % label, r, 200)
        r = call(who, "GET", "/api/v1/exports/cases.csv", rec=True)
        expect("%s: GET /exports/cases.csv" % label, r, expected(user, "export", None))
        r = call(who, "GET", "/api/v1/audit?limit=5")
        expect("%s: GET /audit" % label, r, expected(user, "audit", None))
        r = call(who, "GET", "/api/v1/me")
        check("%s: GET /me" % label, r.status == 200 and (r.json() or {}).get("username") == user
              and (r.json() or {}).get("role") == role(user), r.brief())
        r = call(who, "PATCH", "/api/v1/me", {"lang": "es"})
        check("%s: PATCH /me lang es" % label, r.status == 200 and
              (r.json() or {}).get("lang") == "es", r.brief())
        r = call(who, "PATCH", "/api/v1/me", {"lang": "en"})
        check("%s: PATCH /me lang back to en" % label, r.status == 200 and
              (r.json() or {}).get("lang") == "en", r.brief())
        new = PASSWORDS[user] + "-new"
        r = call(who, "POST", "/api/v1/me/password",
                 {"current_password": PASSWORDS[user], "new_password": new})
        expect("%s: POST /me/password" % label, r, 204)
        if r.status == 204:
            PASSWORDS[user] = new


# ---------------------------------------------------------------- no leak

def all_pages(who, path):
    """Every item of a paged list (following next_cursor)."""
    items, cursor, pages = [], None, 0
    while pages < 50:
        sep = "&" if "?" in path else "?"
        r = call(who, "GET", path + (sep + "cursor=" + cursor if cursor else ""))
        if r.status != 200:
            return None, r
        j = r.json() or {}
        items += j.get("items", [])
        cursor = j.get("next_cursor")
        pages += 1
        if not cursor:
            break
    return items, None


def no_leak(sample):
    mx = [s for s in sample if s["office"] == "mx"]
    gt = [s for s in sample if s["office"] == "gt"]
    gt_family = {s["family_names"] for s in gt}
    gt_given = {s["given_names"] for s in gt}
    # an mx person whose names no gt person shares
    person = next(s for s in mx if s["family_names"] and s["family_names"] not in gt_family
                  and s["given_names"] not in gt_given)
    name = "%s %s" % (person["given_names"], person["family_names"])
    mx_only = {s["case_id"] for s in mx} - EVER_GT
    mx_cid = person["case_id"]
    cw = C["cw_gt"]

    # the id of an mx case reads exactly like an unknown id
    unknown = "NO-SUCH-CASE-1"
    ru = call(cw, "GET", "/api/v1/cases/" + unknown)
    for suffix, method, body in (("", "GET", None), ("", "PATCH", {"education": "none"}),
                                 ("/status", "POST", {"status": "counselled"}),
                                 ("/history", "GET", None)):
        before = case_state(mx_cid)
        hdr = {"If-Match": '"1"'} if method != "GET" else None
        r = call(cw, method, "/api/v1/cases/%s%s" % (mx_cid, suffix), body, headers=hdr)
        expect("leak: caseworker of gt, %s /cases/{mx id}%s -> 404" % (method, suffix), r, 404)
        check("leak: caseworker of gt, %s /cases/{mx id}%s changed nothing" % (method, suffix),
              case_state(mx_cid) == before)
    r = call(cw, "GET", "/api/v1/cases/" + mx_cid)
    a, b = r.json() or {}, ru.json() or {}
    check("leak: an mx case reads like an unknown case to a gt caseworker",
          a.get("type") == b.get("type") and a.get("title") == b.get("title") and
          (a.get("detail") or "").replace(mx_cid, "ID") == (b.get("detail") or "").replace(unknown, "ID"),
          (r.text(), ru.text()))
    # transfer: the gt supervisor (a caseworker may not transfer at all: 403)
    before = case_state(mx_cid)
    r = call(C["sup_gt"], "POST", "/api/v1/cases/%s/transfer" % mx_cid, TRANSFER_TO["mx"],
             headers={"If-Match": '"1"'})
    expect("leak: supervisor of gt, transfer of an mx case -> 404", r, 404)
    check("leak: refused transfer changed nothing", case_state(mx_cid) == before)

    # a caseworker may not transfer at all: the same 403 for an mx, a gt and an unknown id
    gt_cid = next(s["case_id"] for s in gt)
    answers = []
    for cid in (mx_cid, gt_cid, "NO-SUCH-CASE-3"):
        r = call(cw, "POST", "/api/v1/cases/%s/transfer" % cid, TRANSFER_TO["mx"],
                 headers={"If-Match": '"1"'})
        answers.append((r.status, r.text().replace(cid, "ID")))
    check("leak: caseworker of gt, transfer: one 403 for an mx, a gt and an unknown case",
          answers[0][0] == 403 and answers[0] == answers[1] == answers[2], answers)

    # lists and searches
    items, err = all_pages(cw, "/api/v1/cases?limit=500")
    check("leak: gt caseworker's case list is gt only",
          items is not None and items and all(i.get("office") == "gt" for i in items)
          and not ({i.get("case_id") for i in items} & mx_only),
          err.brief() if err else [i.get("case_id") for i in (items or []) if i.get("office") != "gt"][:5])
    for q in ("office=mx", "q=" + qs(name), "q=" + mx_cid,
              "q=" + qs(person["family_names"].split(" ")[0])):
        r = call(cw, "GET", "/api/v1/cases?" + q)
        items = (r.json() or {}).get("items")
        check("leak: gt caseworker, GET /cases?%s shows no mx case" % q,
              r.status == 200 and isinstance(items, list) and
              not [i for i in items if i.get("office") != "gt" or i.get("case_id") in mx_only],
              r.brief())
    # the same searches find the person for the admin (so the check above means something)
    for q in ("q=" + qs(name), "q=" + mx_cid):
        r = call(C["adm"], "GET", "/api/v1/cases?" + q)
        check("leak (control): the admin finds the mx person with ?%s" % q,
              r.status == 200 and mx_cid in [i.get("case_id") for i in (r.json() or {}).get("items", [])],
              r.brief())
    # a name with accents and case changed finds the same person
    folded = name.upper()
    r = call(C["adm"], "GET", "/api/v1/cases?q=" + qs(folded))
    check("search: names with case changed find the person", r.status == 200 and
          mx_cid in [i.get("case_id") for i in (r.json() or {}).get("items", [])], r.brief())
    # words with nothing the name index holds find nobody (were a 500 on SQLite, and the
    # whole list for words of other scripts)
    for q in ("---", "\u65e5\u672c", "- -"):
        r = call(C["adm"], "GET", "/api/v1/cases?q=" + qs(q))
        check("search: ?q=%r lists no case" % q,
              r.status == 200 and (r.json() or {}).get("items") == [], r.brief())

    # export of the gt supervisor
    r = call(C["sup_gt"], "GET", "/api/v1/exports/cases.csv")
    rows = list(csv.DictReader(io.StringIO(r.text()))) if r.status == 200 else []
    check("leak: gt supervisor's export has gt cases only",
          r.status == 200 and rows and all(x.get("office") == "gt" for x in rows) and
          not ({x.get("case_id") for x in rows} & mx_only), r.brief())
    check("leak: gt supervisor's export has no mx person's name", name not in r.text())
    r = call(C["sup_gt"], "GET", "/api/v1/exports/cases.csv?office=mx")
    rows = list(csv.DictReader(io.StringIO(r.text()))) if r.status == 200 else None
    check("leak: gt supervisor's export ?office=mx is empty", r.status == 200 and rows == [],
          r.brief())

    # the audit trail of the gt supervisor
    items, err = all_pages(C["sup_gt"], "/api/v1/audit?limit=500")
    bad = [i for i in (items or []) if i.get("office") == "mx" or i.get("case_id") in mx_only or name in json.dumps(i, ensure_ascii=False)]
    check("leak: gt supervisor's audit trail has no mx rows, mx case or mx name",
          items is not None and not bad, err.brief() if err else bad[:3])
    items, _ = all_pages(C["sup_gt"], "/api/v1/audit?limit=500&case_id=" + mx_cid)
    check("leak: gt supervisor's audit ?case_id=<mx id> is empty", items == [], items)

    # an analyst: 403 on every case endpoint, whatever the case
    for an in ("an_mx", "an_all"):
        for cid in (mx_cid, "NO-SUCH-CASE-2"):
            for method, suffix, body in (("GET", "", None), ("PATCH", "", {"education": "none"}),
                                         ("POST", "/status", {"status": "counselled"}),
                                         ("GET", "/history", None),
                                         ("POST", "/transfer", TRANSFER_TO["mx"])):
                before = case_state(mx_cid)
                hdr = {"If-Match": '"1"'} if method != "GET" else None
                r = call(C[an], method, "/api/v1/cases/%s%s" % (cid, suffix), body, headers=hdr)
                expect("analyst %s: %s /cases/{%s}%s -> 403" % (
                    an, method, "known" if cid == mx_cid else "unknown", suffix), r, 403)
                check("analyst %s: refused %s %s changed nothing" % (an, method, suffix),
                      case_state(mx_cid) == before)
        expect("analyst %s: GET /cases?q=<name> -> 403" % an,
               call(C[an], "GET", "/api/v1/cases?q=" + qs(person["family_names"].split(" ")[0])), 403)

    # an analyst's factsheets carry no name, birth date or case id
    ids = {s["case_id"] for s in sample}
    births = {s["birth_date"] for s in sample if s["birth_date"]}
    names = {("%s %s" % (s["given_names"], s["family_names"])).strip() for s in sample}
    fams = {s["family_names"] for s in sample if s["family_names"]}
    for an, query in (("an_mx", ""), ("an_mx", "?program=all"), ("an_mx", "?public=1&office=gt"),
                      ("an_all", "?program=all"), ("an_all", "?public=1"),
                      ("an_mx", "?format=csv&program=all"), ("an_all", "?format=html&program=all")):
        r = call(C[an], "GET", "/api/v1/report" + query)
        text = r.text()
        strings = set()

        def walk(v):
            if isinstance(v, str):
                strings.add(v)
            elif isinstance(v, dict):
                for k, x in v.items():
                    strings.add(k)
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        if "format=" not in query:
            walk(r.json())
        else:
            strings.update(re.split(r"[,\n<>\"]", text))
        leaked = sorted((strings & ids) | (strings & births) | (strings & fams) |
                        {n for n in names if n and n in text} |
                        set(re.findall(r"\bS-\d{4}\b|\b(?:MX|GT)-\d{4}-\d{6}\b|\bIMP-[A-Za-z0-9-]+", text)))
        check("analyst %s: GET /report%s: 200 with no name, birth date or case id" % (an, query),
              r.status == 200 and not leaked, (r.status, leaked[:5]))


# ================================================================= 2. rules and bodies

RULES = [
    # (name, overrides of an mx base case, field, code)
    ("unaccompanied minor by ground", dict(age=15, unaccompanied_minor="yes", transport_mode="ground"),
     "transport_mode", "umc_must_fly"),
    ("unaccompanied minor by air and ground",
     dict(age=15, unaccompanied_minor="yes", transport_mode="air_ground"), "transport_mode", "umc_must_fly"),
    ("Guatemala office by air", dict(office="gt", registration_point="tecun_uman", transport_mode="air"),
     "transport_mode", "transport_not_allowed"),
    ("mpp outside ciudad_juarez", dict(program="mpp", registration_point="tijuana"),
     "registration_point", "program_not_at_point"),
    ("impossible date", dict(registration_date="2021-02-30"), "registration_date", "bad_date"),
    ("impossible birth date", dict(birth_date="1990-13-01", age=...), "birth_date", "bad_date"),
    ("date not YYYY-MM-DD", dict(registration_date="01/03/2024"), "registration_date", "bad_date"),
    ("unknown code", dict(education="phd"), "education", "unknown_code"),
    ("unknown country", dict(nationality="XXX"), "nationality", None),
    ("unknown status", dict(status="lost"), "status", "unknown_code"),
    ("unknown office", dict(office="zz"), "office", "unknown_code"),
    ("none with another code", dict(survey_date="2024-03-05", abuses="none threat"),
     "abuses", "none_with_other"),
    ("survey answers without survey_date", dict(abuses="threat"), "survey_date", "survey_without_date"),
    ("mexico_exit_reason without regularization_started yes",
     dict(survey_date="2024-03-05", regularization_started="no", mexico_exit_reason="lack_of_funds"),
     "mexico_exit_reason", "exit_without_regularization"),
    ("adult marked unaccompanied", dict(age=30, unaccompanied_minor="yes"),
     "unaccompanied_minor", "umc_adult"),
    ("adult by birth date marked unaccompanied",
     dict(age=..., birth_date="1990-01-01", unaccompanied_minor="yes", transport_mode="air"),
     "unaccompanied_minor", "umc_adult"),
    ("departure before registration", dict(departure_date="2024-02-01"), "departure_date",
     "before_registration"),
    ("survey before registration", dict(survey_date="2024-02-01", abuses="none"), "survey_date",
     "before_registration"),
    ("point of another office", dict(registration_point="tecun_uman"), "registration_point",
     "point_of_other_office"),
    ("registration date in the future", dict(registration_date="2099-01-01"), "registration_date",
     "future_registration"),
    ("departure date in the future", dict(departure_date="2099-01-01"), "departure_date", "future_date"),
    ("required column missing", dict(sex=...), "sex", "required"),
    ("required column empty", dict(nationality=""), "nationality", "required"),
    ("neither birth_date nor age", dict(age=...), "birth_date", "required_one_of"),
    ("age above 120", dict(age=121), "age", "bad_age"),
    ("age below 0", dict(age=-1), "age", "bad_age"),
    ("age not the birth date's", dict(birth_date="1990-01-01", age=20), "age", "age_mismatch"),
    ("born after registration", dict(birth_date="2025-01-01", age=...), "birth_date",
     "after_registration"),
    ("travel_booked without transport_mode", dict(status="travel_booked"), "transport_mode",
     "required_for_status"),
    ("departed without departure_date", dict(status="departed", transport_mode="air"),
     "departure_date", "required_for_status"),
    ("mpp approved without counselling_date",
     dict(program="mpp", registration_point="ciudad_juarez", status="approved"),
     "counselling_date", "required_for_mpp_approval"),
    ("case_id with a forbidden character", dict(case_id="bad id!"), "case_id", "bad_id"),
    ("case_id longer than 64", dict(case_id="A" * 65), "case_id", None),
    ("given_names longer than 200", dict(given_names="x" * 201), "given_names", "too_long"),
    ("unknown code in a multi-select", dict(survey_date="2024-03-05", abuses="threat bribery"),
     "abuses", "unknown_code"),
]


def rules_post():
    for name, over, field, code in RULES:
        before = snapshot()
        body = base_case("mx", **over)
        r = call(C["adm"], "POST", "/api/v1/cases", body)
        expect_invalid("rule via POST: %s -> 422 %s/%s" % (name, field, code or "*"), r, field, code)
        check("rule via POST: %s: nothing created" % name, snapshot() == before)
        for e in r.errors():
            if not (isinstance(e.get("code"), str) and isinstance(e.get("message"), str)
                    and e.get("message")):
                check("rule via POST: %s: every error has a code and a message" % name, False, e)
                break
    # a caseworker creates only registered or counselled cases
    before = snapshot()
    r = call(C["cw_mx"], "POST", "/api/v1/cases", base_case("mx", status="approved"))
    expect("workflow: a caseworker creating an approved case -> 403", r, 403)
    check("workflow: refused create changed nothing", snapshot() == before)
    r = call(C["cw_mx"], "POST", "/api/v1/cases", base_case("mx", status="counselled"))
    expect("workflow: a caseworker creates a counselled case", r, 201)
    # 409 for an id that exists, in any office
    gt_id = sql1("SELECT case_id FROM cases WHERE office = 'gt' LIMIT 1")
    before = snapshot()
    r = call(C["cw_mx"], "POST", "/api/v1/cases", base_case("mx", case_id=gt_id))
    expect("POST /cases with the id of a gt case (by an mx caseworker) -> 409", r, 409)
    check("409: nothing changed", snapshot() == before)
    gt_name = sql1("SELECT family_names FROM cases WHERE case_id = ?", gt_id)
    check("409: nothing of the gt case shown", not gt_name or gt_name not in r.text(), r.text())


PATCH_RULES = [
    # (name, case to start from, patch, field, code)
    ("unaccompanied minor switched to ground", "umc", {"transport_mode": "ground"},
     "transport_mode", "umc_must_fly"),
    ("adult marked unaccompanied", "adult", {"unaccompanied_minor": "yes"},
     "unaccompanied_minor", "umc_adult"),
    ("Guatemala case by air", "gt", {"transport_mode": "air"}, "transport_mode", "transport_not_allowed"),
    ("impossible date", "adult", {"registration_date": "2023-02-29"}, "registration_date", "bad_date"),
    ("unknown code", "adult", {"migration_status": "tourist"}, "migration_status", "unknown_code"),
    ("none with another code", "survey", {"health_screening": "none respiratory"},
     "health_screening", "none_with_other"),
    ("survey answers without survey_date", "adult", {"return_plans": "study"},
     "survey_date", "survey_without_date"),
    ("survey_date cleared while answers stay", "survey", {"survey_date": None},
     "survey_date", "survey_without_date"),
    ("departure before registration", "adult", {"departure_date": "2020-01-01"},
     "departure_date", "before_registration"),
    ("a date in the future", "adult", {"counselling_date": "2099-12-31"}, "counselling_date",
     "future_date"),
    ("mpp programme at tapachula", "adult", {"program": "mpp"}, "registration_point",
     "program_not_at_point"),
    ("required column cleared", "adult", {"sex": None}, "sex", "required"),
    ("required column emptied", "adult", {"country_of_return": ""}, "country_of_return", "required"),
    ("age and birth date both cleared", "adult", {"age": None}, "birth_date", "required_one_of"),
    ("transport cleared at travel_booked", "booked", {"transport_mode": None}, "transport_mode",
     "required_for_status"),
    ("mexico_exit_reason without regularization", "survey", {"mexico_exit_reason": "other"},
     "mexico_exit_reason", "exit_without_regularization"),
]


def rules_patch():
    starts = {}
    starts["adult"] = create("mx")
    starts["umc"] = create("mx", age=14, unaccompanied_minor="yes", transport_mode="air")
    starts["gt"] = create("gt")
    starts["survey"] = create("mx", survey_date="2024-03-05", health_screening="none",
                              regularization_started="no")
    starts["booked"] = create("mx", status="travel_booked", transport_mode="air")
    for name, start, patch, field, code in PATCH_RULES:
        cid, etag, _ = starts[start]
        if not cid:
            continue
        before = case_state(cid)
        r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, patch, headers={"If-Match": etag})
        expect_invalid("rule via PATCH: %s -> 422 %s/%s" % (name, field, code), r, field, code)
        check("rule via PATCH: %s: nothing changed" % name, case_state(cid) == before)

    cid, etag, _ = starts["adult"]
    # keys a PATCH refuses
    for key, val in (("status", "counselled"), ("office", "gt"), ("registration_point", "tijuana"),
                     ("version", 7), ("nickname", "Ana"), ("case_id", "OTHER-ID")):
        before = case_state(cid)
        r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {key: val}, headers={"If-Match": etag})
        expect_invalid("PATCH with %r -> 422 naming it" % key, r, key)
        check("PATCH with %r: nothing changed" % key, case_state(cid) == before)
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {"case_id": cid, "education": "higher"},
             headers={"If-Match": etag})
    check("PATCH may repeat the path's own case_id", r.status == 200 and
          (r.json() or {}).get("education") == "higher", r.brief())
    etag = r.header("ETag") or etag

    # wrong JSON types, unknown keys: 422 naming the key; the body as a whole
    for what, body, field in (("age as a string", {"age": "12"}, "age"),
                              ("age 12.5", {"age": 12.5}, "age"),
                              ("age true", {"age": True}, "age"),
                              ("a number for a string field", {"given_names": 5}, "given_names"),
                              ("an array for a multi-select", {"abuses": ["threat"]}, "abuses"),
                              ("an object for a code", {"sex": {"code": "male"}}, "sex"),
                              ("a boolean for yes/no", {"unaccompanied_minor": False},
                               "unaccompanied_minor"),
                              ("an unknown key", {"nickname": "Ana"}, "nickname")):
        for method, path in (("PATCH", "/api/v1/cases/" + cid), ("POST", "/api/v1/cases")):
            before = snapshot()
            b = dict(body) if method == "PATCH" else dict(base_case("mx"), **body)
            r = call(C["adm"], method, path, b, headers={"If-Match": etag})
            expect_invalid("%s with %s -> 422 naming %s" % (method, what, field), r, field)
            check("%s with %s: nothing changed" % (method, what), snapshot() == before)

    before = snapshot()
    for what, raw, want in (("malformed JSON", b'{"education": ', 400),
                            ("JSON with a trailing comma", b'{"education": "none",}', 400),
                            ("an empty body", b"", 400),
                            ("invalid UTF-8", b'{"given_names": "Jos\xe9"}', 400),
                            ("a duplicate key", b'{"education": "none", "education": "primary"}', 400)):
        r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, raw, headers={"If-Match": etag})
        expect("PATCH with %s -> %d" % (what, want), r, want)
        r = call(C["adm"], "POST", "/api/v1/cases", raw)
        expect("POST /cases with %s -> %d" % (what, want), r, want)
    for what, raw in (("an array", b'[{"education": "none"}]'), ("a string", b'"hello"'),
                      ("a number", b"42"), ("null", b"null")):
        r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, raw, headers={"If-Match": etag})
        # api.md: 400 "malformed JSON", 422 "a wrong value type": either is the contract's word
        check("PATCH with JSON that is not an object (%s) -> 400 or 422" % what,
              is_problem(r, 400) or is_problem(r, 422), r.brief())
        r = call(C["adm"], "POST", "/api/v1/cases", raw)
        check("POST /cases with JSON that is not an object (%s) -> 400 or 422" % what,
              is_problem(r, 400) or is_problem(r, 422), r.brief())
    check("malformed bodies changed nothing", snapshot() == before)

    # content type, size
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, "education=none", ctype="text/plain",
             headers={"If-Match": etag})
    expect("PATCH as text/plain -> 415", r, 415)
    r = call(C["adm"], "POST", "/api/v1/cases", json.dumps(base_case("mx")),
             ctype="application/x-www-form-urlencoded")
    expect("POST /cases as a form -> 415", r, 415)
    r = call(C["adm"], "POST", "/api/v1/cases", json.dumps(base_case("mx")), ctype=None)
    expect("POST /cases without a Content-Type -> 415", r, 415)
    r = call(C["adm"], "POST", "/api/v1/cases", json.dumps(base_case("mx")),
             ctype="application/json; charset=utf-8")
    expect("POST /cases as application/json; charset=utf-8 -> 201", r, 201)
    before = snapshot()
    r = call(C["adm"], "POST", "/api/v1/imports", "case_id\n", ctype="application/json")
    expect("POST /imports as application/json -> 415", r, 415)
    big = {"given_names": "x" * (300 * 1024)}
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, big, headers={"If-Match": etag})
    expect("PATCH with a body over the limit -> 413", r, 413)
    r = call(C["adm"], "POST", "/api/v1/cases", dict(base_case("mx"), given_names="x" * (300 * 1024)))
    expect("POST /cases with a body over the limit -> 413", r, 413)
    check("refused bodies changed nothing", snapshot() == before)

    # If-Match
    for method, path, body in (("PATCH", "/api/v1/cases/" + cid, {"education": "none"}),
                               ("POST", "/api/v1/cases/%s/status" % cid, {"status": "counselled"}),
                               ("POST", "/api/v1/cases/%s/transfer" % cid, TRANSFER_TO["mx"])):
        tm = template_of(path)
        r = call(C["adm"], method, path, body)
        expect("%s %s without If-Match -> 428" % (method, tm), r, 428)
        r = call(C["adm"], method, path, body, headers={"If-Match": '"999"'})
        expect("%s %s with a stale If-Match -> 412" % (method, tm), r, 412)
        check("%s %s refused: nothing changed" % (method, tm), snapshot() == before)
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {"education": "none"},
             headers={"If-Match": etag.strip('"')})
    check("PATCH with If-Match unquoted: 200 or 400, never applied to a wrong version",
          r.status in (200, 400), r.brief())
    return starts


def status_and_transfer_rules():
    """Workflow rules of status moves and transfers."""
    cid, etag, _ = create("mx", status="counselled")
    before = case_state(cid)
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "registered"},
             headers={"If-Match": etag})
    expect_invalid("status move backwards -> 422", r, "status")
    check("status move backwards: nothing changed", case_state(cid) == before)
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "lost"},
             headers={"If-Match": etag})
    check("status move to an unknown status -> 422 naming status",
          is_problem(r, 422) and has_error(r, "status"), r.brief())
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid,
             {"status": "approved", "reason": "because"}, headers={"If-Match": etag})
    expect_invalid("status move with a reason (command line only) -> 422", r, "reason")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"date": "2024-03-10"},
             headers={"If-Match": etag})
    expect_invalid("status move without status -> 422", r, "status")
    check("refused moves changed nothing", case_state(cid) == before)
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "approved"},
             headers={"If-Match": etag})
    expect("status move counselled -> approved", r, 200)
    etag = r.header("ETag") or etag
    before = case_state(cid)
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "ineligible"},
             headers={"If-Match": etag})
    expect_invalid("status move approved -> ineligible (no such arrow) -> 422", r, "status")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "counselled"},
             headers={"If-Match": etag})
    expect_invalid("status move approved -> counselled (backwards) -> 422", r, "status")
    check("refused moves from approved changed nothing", case_state(cid) == before)
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "travel_booked"},
             headers={"If-Match": etag})
    expect_invalid("travel_booked without transport_mode -> 422", r, "transport_mode",
                   "required_for_status")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid,
             {"status": "travel_booked", "transport_mode": "ground"}, headers={"If-Match": etag})
    expect("travel_booked with transport_mode", r, 200)
    etag = r.header("ETag") or etag
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid,
             {"status": "departed", "date": "2099-01-01"}, headers={"If-Match": etag})
    expect_invalid("departed with a date in the future -> 422", r, "departure_date", "future_date")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid,
             {"status": "departed", "date": "2024-02-30"}, headers={"If-Match": etag})
    expect_invalid("departed with an impossible date -> 422", r, "departure_date", "bad_date")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid,
             {"status": "departed", "date": "2024-03-10"}, headers={"If-Match": etag})
    expect("departed with its date", r, 200)
    check("departed: departure_date recorded", (r.json() or {}).get("departure_date") == "2024-03-10",
          r.brief())
    etag = r.header("ETag") or etag
    before = case_state(cid)
    r = call(C["adm"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "withdrawn"},
             headers={"If-Match": etag})
    expect_invalid("withdrawn after departure -> 422", r, "status")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/transfer" % cid, TRANSFER_TO["mx"],
             headers={"If-Match": etag})
    expect_invalid("transfer after departure -> 422", r, "office")
    check("refused move and transfer after departure changed nothing", case_state(cid) == before)

    cid, etag, _ = create("mx")
    before = case_state(cid)
    for what, body, field in (("to a point of another office",
                               {"office": "gt", "registration_point": "tijuana"}, "registration_point"),
                              ("to an unknown office", {"office": "zz", "registration_point": "tijuana"},
                               "office"),
                              ("without a point", {"office": "gt"}, "registration_point")):
        r = call(C["adm"], "POST", "/api/v1/cases/%s/transfer" % cid, body, headers={"If-Match": etag})
        expect_invalid("transfer %s -> 422" % what, r, field)
    cid2, etag2, _ = create("mx", age=12, unaccompanied_minor="yes", transport_mode="air")
    r = call(C["adm"], "POST", "/api/v1/cases/%s/transfer" % cid2, TRANSFER_TO["mx"],
             headers={"If-Match": etag2})
    expect_invalid("transfer of a flying child to the land-only office -> 422", r, "transport_mode")
    check("refused transfers changed nothing", case_state(cid) == before)


# ---------------------------------------------------------------- sessions and tokens

def sign_in(name, password=None, client=None):
    c = client or Client(name)
    r = call(c, "POST", "/api/v1/session",
             {"username": name, "password": password if password is not None else PASSWORDS[name]})
    if r.status == 200:
        m = re.search(r"retorno_session=([^;]*)", r.header("Set-Cookie") or "")
        c.cookie = m.group(1) if m else None
        c.csrf = (r.json() or {}).get("csrf_token")
    return c, r


def sessions():
    # CSRF with a session; none with a bearer token
    s, r = sign_in("cw_mx")
    check("session: sign in", r.status == 200 and s.cookie and s.csrf, r.brief())
    cookie = r.header("Set-Cookie") or ""
    check("session: cookie HttpOnly, SameSite=Strict, Path=/",
          "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie, cookie)
    before = snapshot()
    r = call(s, "POST", "/api/v1/cases", base_case("mx"), csrf=False)
    expect("session: POST /cases without X-CSRF-Token -> 403", r, 403)
    r = call(s, "POST", "/api/v1/cases", base_case("mx"), headers={"X-CSRF-Token": "x" * 43})
    expect("session: POST /cases with a wrong X-CSRF-Token -> 403", r, 403)
    cid, etag, _ = create("mx")
    before = snapshot()
    r = call(s, "PATCH", "/api/v1/cases/" + cid, {"education": "none"}, headers={"If-Match": etag},
             csrf=False)
    expect("session: PATCH without X-CSRF-Token -> 403", r, 403)
    r = call(s, "POST", "/api/v1/cases/%s/status" % cid, {"status": "counselled"},
             headers={"If-Match": etag}, csrf=False)
    expect("session: status move without X-CSRF-Token -> 403", r, 403)
    r = call(s, "PATCH", "/api/v1/me", {"lang": "es"}, csrf=False)
    expect("session: PATCH /me without X-CSRF-Token -> 403", r, 403)
    r = call(s, "POST", "/api/v1/me/password",
             {"current_password": PASSWORDS["cw_mx"], "new_password": "whatever-new-1"}, csrf=False)
    expect("session: POST /me/password without X-CSRF-Token -> 403", r, 403)
    r = call(s, "DELETE", "/api/v1/session", csrf=False)
    expect("session: DELETE /session without X-CSRF-Token -> 403", r, 403)
    check("session: requests without CSRF changed nothing", snapshot() == before)
    r = call(s, "GET", "/api/v1/me")
    check("session: still signed in after the refused sign-out", r.status == 200, r.brief())
    r = call(s, "GET", "/api/v1/cases/" + cid)
    expect("session: a GET needs no CSRF token", r, 200)
    r = call(s, "PATCH", "/api/v1/cases/" + cid, {"education": "none"}, headers={"If-Match": etag})
    expect("session: PATCH with X-CSRF-Token -> 200", r, 200)
    r = call(C["cw_mx"], "PATCH", "/api/v1/cases/" + cid, {"education": "primary"},
             headers={"If-Match": r.header("ETag") or ""})
    expect("bearer: PATCH without any CSRF token -> 200", r, 200)
    # sign out: dead on the server
    r = call(s, "DELETE", "/api/v1/session")
    expect("session: DELETE /session -> 204", r, 204)
    r = call(s, "GET", "/api/v1/me")
    expect("session: after DELETE /session the cookie -> 401", r, 401)
    r = call(s, "POST", "/api/v1/cases", base_case("mx"))
    expect("session: after DELETE /session a POST -> 401", r, 401)
    r = call(ANON, "GET", "/api/v1/me", headers={"Cookie": "retorno_session=" + "A" * 43})
    expect("session: an invented cookie -> 401", r, 401)
    r = call(ANON, "GET", "/api/v1/me", headers={"Authorization": "Bearer rt_nonsense"})
    expect("bearer: an invented token -> 401", r, 401)
    r = call(ANON, "GET", "/api/v1/me", headers={"Authorization": "Basic YWRtOmFkbQ=="})
    expect("Basic authentication -> 401", r, 401)

    # expiry: idle, and past the maximum age (the server counts in minutes: the
    # sessions table is aged instead)
    uid = sql1("SELECT id FROM users WHERE name = 'sup_mx'")
    s1, r = sign_in("sup_mx")
    check("session: supervisor signs in", r.status == 200, r.brief())
    expect("session: fresh session works", call(s1, "GET", "/api/v1/me"), 200)
    q = pgmode.sqlite3(DB, "UPDATE sessions SET last_seen = last_seen - 31*60, "
                       "created = created - 31*60 WHERE user_id = %d" % uid)
    check("session: aged with sqlite3", q.returncode == 0, q.stderr)
    r = call(s1, "GET", "/api/v1/me")
    expect("session: idle for more than --session-idle -> 401", r, 401)
    r = call(s1, "GET", "/api/v1/cases")
    expect("session: the idle session stays dead", r, 401)
    s2, r = sign_in("sup_mx")
    q = pgmode.sqlite3(DB, "UPDATE sessions SET created = created - 13*3600 "
                       "WHERE user_id = %d" % uid)
    r = call(s2, "GET", "/api/v1/me")
    expect("session: older than --session-max (though active) -> 401", r, 401)

    # a revoked token
    t = cli("token", "create", "cw_gt")
    tok = t.stdout.strip().splitlines()[-1] if t.stdout.strip() else ""
    tid = re.search(r"\d+", t.stdout.strip().splitlines()[0]).group(0) if t.stdout.strip() else "0"
    c = Client("cw_gt-2", tok)
    expect("token: a second token works", call(c, "GET", "/api/v1/me"), 200)
    t = cli("token", "revoke", tid)
    check("token: revoke", t.returncode == 0, t.stderr)
    expect("token: a revoked token -> 401", call(c, "GET", "/api/v1/me"), 401)
    expect("token: a revoked token cannot write -> 401",
           call(c, "POST", "/api/v1/cases", base_case("gt")), 401)
    expect("token: the user's other token still works", call(C["cw_gt"], "GET", "/api/v1/me"), 200)

    # a disabled user: session and token
    sd, r = sign_in("dis")
    check("disabled: signs in first", r.status == 200, r.brief())
    expect("disabled: token works first", call(C["dis"], "GET", "/api/v1/me"), 200)
    t = cli("user", "disable", "dis")
    check("disabled: user disable", t.returncode == 0, t.stderr)
    expect("disabled: the session -> 401", call(sd, "GET", "/api/v1/me"), 401)
    expect("disabled: the token -> 401", call(C["dis"], "GET", "/api/v1/me"), 401)
    expect("disabled: the token cannot write -> 401",
           call(C["dis"], "POST", "/api/v1/cases", base_case("gt")), 401)
    _, r = sign_in("dis")
    expect("disabled: cannot sign in -> 401", r, 401)

    # one answer for a wrong name and a wrong password
    _, wrong_pw = sign_in("adm", "not-the-password-1")
    _, no_user = sign_in("nobody-here", "not-the-password-1")
    check("sign-in: one answer (status and body) for a wrong name and a wrong password",
          wrong_pw.status == 401 and no_user.status == 401 and wrong_pw.body == no_user.body
          and wrong_pw.ctype == no_user.ctype, (wrong_pw.text(), no_user.text()))
    _, r = sign_in("adm", "")
    check("sign-in: empty password -> 401 or 422", r.status in (401, 422), r.brief())
    r = call(ANON, "POST", "/api/v1/session", {"username": "adm"})
    expect_invalid("sign-in without password -> 422", r, "password")
    r = call(ANON, "POST", "/api/v1/session", b'{"username": "adm", ', )
    expect("sign-in with malformed JSON -> 400", r, 400)

    # throttling: 5 failures for one account, then even the right password gets 429
    for i in range(5):
        _, r = sign_in("victim", "wrong-password-%d" % i)
        expect("throttle: wrong password %d -> 401" % (i + 1), r, 401)
    _, r = sign_in("victim")
    ra = r.header("Retry-After") or ""
    expect("throttle: 6th attempt with the right password -> 429", r, 429)
    check("throttle: 429 has Retry-After in seconds", re.match(r"^[1-9][0-9]*$", ra) is not None
          and int(ra) <= 15 * 60, ra)
    _, r = sign_in("victim")
    expect("throttle: still 429", r, 429)
    expect("throttle: other accounts unaffected (bearer)", call(C["cw_mx"], "GET", "/api/v1/me"), 200)


# ================================================================= 3. precedence

def precedence():
    mx_case, mx_etag, _ = create("mx")
    big = "x" * (300 * 1024)
    unknown = "NO-SUCH-CASE-9"
    cases = [
        ("no auth + unknown case", ANON, "GET", "/api/v1/cases/" + unknown, None, {}, None, 401),
        ("no auth + oversize body", ANON, "POST", "/api/v1/cases",
         dict(base_case("mx"), given_names=big), {}, None, 401),
        ("no auth + wrong content type", ANON, "POST", "/api/v1/cases", "x", {}, "text/plain", 401),
        ("no auth + bad query parameter", ANON, "GET", "/api/v1/cases?limit=9999", None, {}, None, 401),
        ("no auth + unknown case + malformed JSON", ANON, "PATCH", "/api/v1/cases/" + unknown,
         b"{", {}, None, 401),
        ("analyst + unknown case", C["an_mx"], "GET", "/api/v1/cases/" + unknown, None, {}, None, 403),
        ("analyst + unknown case + malformed JSON", C["an_mx"], "PATCH", "/api/v1/cases/" + unknown,
         b"{", {"If-Match": '"1"'}, None, 403),
        ("analyst + wrong content type", C["an_mx"], "POST", "/api/v1/cases", "x", {}, "text/plain", 403),
        ("analyst + bad query parameter", C["an_mx"], "GET", "/api/v1/cases?status=bogus", None, {},
         None, 403),
        ("caseworker import + wrong content type", C["cw_mx"], "POST", "/api/v1/imports", "{}", {},
         "application/json", 403),
        ("caseworker export + bad parameter", C["cw_mx"], "GET", "/api/v1/exports/cases.csv?status=x",
         None, {}, None, 403),
        ("caseworker of gt + mx case + oversize body", C["cw_gt"], "PATCH", "/api/v1/cases/" + mx_case,
         {"given_names": big}, {"If-Match": mx_etag}, None, 404),
        ("caseworker of gt + mx case + wrong content type", C["cw_gt"], "PATCH",
         "/api/v1/cases/" + mx_case, "x", {"If-Match": mx_etag}, "text/plain", 404),
        ("caseworker of gt + mx case + missing If-Match", C["cw_gt"], "PATCH",
         "/api/v1/cases/" + mx_case, {"education": "none"}, {}, None, 404),
        ("unknown case + wrong content type", C["adm"], "PATCH", "/api/v1/cases/" + unknown, "x",
         {"If-Match": '"1"'}, "text/plain", 404),
        ("unknown case + malformed JSON", C["adm"], "PATCH", "/api/v1/cases/" + unknown, b"{",
         {"If-Match": '"1"'}, None, 404),
        ("unknown case + missing If-Match", C["adm"], "POST", "/api/v1/cases/%s/status" % unknown,
         {"status": "counselled"}, {}, None, 404),
        ("oversize + wrong content type", C["adm"], "PATCH", "/api/v1/cases/" + mx_case, big,
         {"If-Match": mx_etag}, "text/plain", 413),
        ("oversize + malformed JSON", C["adm"], "POST", "/api/v1/cases", "{" + big, {}, None, 413),
        ("wrong content type + malformed JSON", C["adm"], "PATCH", "/api/v1/cases/" + mx_case, "{",
         {"If-Match": mx_etag}, "text/plain", 415),
        ("wrong content type + missing If-Match", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"education": "none"}, {}, "text/plain", 415),
        ("missing If-Match + malformed JSON", C["adm"], "PATCH", "/api/v1/cases/" + mx_case, b"{",
         {}, None, 400),
        ("stale If-Match + malformed JSON", C["adm"], "PATCH", "/api/v1/cases/" + mx_case, b"{",
         {"If-Match": '"999"'}, None, 400),
        ("missing If-Match + rule violation", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"education": "phd"}, {}, None, 428),
        ("missing If-Match + unknown key", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"nickname": "x"}, {}, None, 428),
        ("status: missing If-Match + no status key", C["adm"], "POST",
         "/api/v1/cases/%s/status" % mx_case, {"date": "2024-01-01"}, {}, None, 428),
        ("stale If-Match + rule violation", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"education": "phd"}, {"If-Match": '"999"'}, None, 412),
        ("stale If-Match + status key", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"status": "approved"}, {"If-Match": '"999"'}, None, 412),
        ("stale If-Match + unknown key", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"nickname": "x"}, {"If-Match": '"999"'}, None, 412),
        ("stale If-Match + wrong type", C["adm"], "PATCH", "/api/v1/cases/" + mx_case,
         {"age": "12"}, {"If-Match": '"999"'}, None, 412),
        ("status: stale If-Match + backward move", C["adm"], "POST", "/api/v1/cases/%s/status" % mx_case,
         {"status": "registered"}, {"If-Match": '"999"'}, None, 412),
        ("status: stale If-Match + no status key", C["adm"], "POST",
         "/api/v1/cases/%s/status" % mx_case, {"date": "2024-01-01"}, {"If-Match": '"999"'}, None, 412),
        ("transfer: stale If-Match + point of another office", C["adm"], "POST",
         "/api/v1/cases/%s/transfer" % mx_case, {"office": "gt", "registration_point": "tijuana"},
         {"If-Match": '"999"'}, None, 412),
        ("existing case_id + rule violation", C["adm"], "POST", "/api/v1/cases",
         base_case("mx", case_id=mx_case, education="phd"), {}, None, 409),
        ("existing case_id + unknown key", C["adm"], "POST", "/api/v1/cases",
         dict(base_case("mx", case_id=mx_case), nickname="x"), {}, None, 409),
        ("existing case_id + wrong type", C["adm"], "POST", "/api/v1/cases",
         dict(base_case("mx", case_id=mx_case), age="30"), {}, None, 409),
        ("caseworker approves + stale If-Match", C["cw_mx"], "POST", "/api/v1/cases/%s/status" % mx_case,
         {"status": "approved"}, {"If-Match": '"999"'}, None, 403),
        ("caseworker approves an unknown case", C["cw_mx"], "POST", "/api/v1/cases/%s/status" % unknown,
         {"status": "approved"}, {"If-Match": '"1"'}, None, 403),
        ("caseworker approves an other office's case", C["cw_gt"], "POST",
         "/api/v1/cases/%s/status" % mx_case, {"status": "approved"}, {"If-Match": mx_etag}, None, 403),
        ("caseworker creates approved + unknown key", C["cw_mx"], "POST", "/api/v1/cases",
         dict(base_case("mx", status="approved"), nickname="x"), {}, None, 403),
        ("caseworker creates in an office not held + rule violation", C["cw_mx"], "POST",
         "/api/v1/cases", base_case("gt", education="phd"), {}, None, 403),
        ("caseworker creates in an office not held + existing case_id + wrong type", C["cw_mx"],
         "POST", "/api/v1/cases", dict(base_case("gt", case_id=mx_case), age="30"), {}, None, 403),
        ("caseworker creates approved + existing case_id + unknown key", C["cw_mx"], "POST",
         "/api/v1/cases", dict(base_case("mx", case_id=mx_case, status="approved"), nickname="x"),
         {}, None, 403),
        ("caseworker transfers + unknown case", C["cw_mx"], "POST", "/api/v1/cases/%s/transfer" % unknown,
         TRANSFER_TO["mx"], {"If-Match": '"1"'}, None, 403),
        ("private report of an office not held + bad date", C["an_mx"], "GET",
         "/api/v1/report?office=gt&from=2020-13-01", None, {}, None, 403),
    ]
    before = snapshot()
    for name, who, method, path, body, hdrs, ctype, want in cases:
        r = call(who, method, path, body, headers=hdrs, ctype=ctype or "application/json")
        expect("precedence: %s -> %d" % (name, want), r, want)
    check("precedence: none of the refused requests changed anything", snapshot() == before)
    # a session without CSRF token + unknown case: 403 (CSRF) before 404
    return mx_case


def precedence_busy():
    """503 (a full report queue) comes before 401 and 403: fill the queue with factsheets and,
    as soon as one is refused with 503, ask without signing in. Tried a few times."""
    for attempt in range(3):
        res = []
        full = threading.Event()

        def pdf():
            r = call(C["adm"], "GET", "/api/v1/report?format=pdf&program=all")
            res.append(r)
            if r.status == 503:
                full.set()
        ts = [threading.Thread(target=pdf) for _ in range(16)]
        for t in ts:
            t.start()
        full.wait(10)
        anon = call(ANON, "GET", "/api/v1/report")
        an = call(C["an_mx"], "GET", "/api/v1/report?office=gt&from=bad")
        auth = call(C["adm"], "GET", "/api/v1/report")
        for t in ts:
            t.join()
        busy = [r for r in res if r.status == 503]
        if auth.status == 503:
            expect("precedence: full report queue + not signed in -> 503", anon, 503)
            expect("precedence: full report queue + office not held + bad date -> 503", an, 503)
            check("busy: 503 carries Retry-After in seconds",
                  all(re.match(r"^[0-9]+$", r.header("Retry-After") or "") for r in busy + [auth]),
                  [r.header("Retry-After") for r in busy + [auth]])
            check("busy: the factsheets that were queued completed",
                  all(r.status in (200, 503) for r in res) and any(r.status == 200 for r in res),
                  sorted(r.status for r in res))
            return
    note("could not fill the report queue: 503 precedence not checked")


def precedence_session(s):
    r = call(s, "PATCH", "/api/v1/cases/NO-SUCH-CASE-8", {"education": "none"},
             headers={"If-Match": '"1"'}, csrf=False)
    expect("precedence: session without CSRF token + unknown case -> 403", r, 403)
    r = call(s, "POST", "/api/v1/cases", "x", ctype="text/plain", csrf=False)
    expect("precedence: session without CSRF token + wrong content type -> 403", r, 403)


# ================================================================= 4. partial updates, re-imports

def partial_updates(sample):
    # PATCH one key: every other key unchanged
    cid, etag, full = create("mx", survey_date="2024-03-05", abuses="extortion threat",
                             health_screening="none", education="secondary", occupation_sector="commerce",
                             migration_status="irregular", travelling_with="alone", group_id="G-PART-1")
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {"education": "higher"},
             headers={"If-Match": etag})
    after = r.json() or {}
    want = dict(full, education="higher")
    want.pop("version", None)
    got = dict(after)
    got.pop("version", None)
    check("partial: PATCH one key leaves every other key as it was", r.status == 200 and got == want,
          {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)})
    check("partial: version and ETag move on", after.get("version") == full.get("version", 0) + 1 and
          r.header("ETag") == '"%s"' % after.get("version"), (full.get("version"), after.get("version"),
                                                             r.header("ETag")))
    r2 = call(C["adm"], "GET", "/api/v1/cases/" + cid)
    check("partial: GET gives what PATCH answered", r2.json() == after and
          r2.header("ETag") == r.header("ETag"), r2.brief())
    etag = r.header("ETag")
    # null and "" clear
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {"occupation_sector": None, "travelling_with": ""},
             headers={"If-Match": etag})
    j = r.json() or {}
    check("partial: null and \"\" clear a field", r.status == 200 and
          j.get("occupation_sector") is None and j.get("travelling_with") is None and
          sql1("SELECT occupation_sector IS NULL AND travelling_with IS NULL FROM cases WHERE case_id = ?",
               cid) == 1, r.brief())
    check("partial: clearing two keys kept the rest",
          {k: v for k, v in j.items() if k not in ("occupation_sector", "travelling_with", "version")} ==
          {k: v for k, v in after.items() if k not in ("occupation_sector", "travelling_with", "version")},
          r.brief())
    etag = r.header("ETag")
    # an edit equal to what is stored changes nothing
    r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {"education": "higher"},
             headers={"If-Match": etag})
    check("partial: a PATCH equal to what is stored keeps the version",
          r.status == 200 and r.header("ETag") == etag, r.brief())

    # import of case_id + one column: that column only; the survey stays
    person = next(s for s in sample if s["survey_date"] and s["office"] == "mx" and s["abuses"])
    pid = person["case_id"]
    before = call(C["adm"], "GET", "/api/v1/cases/" + pid).json() or {}
    new_edu = "primary" if person["education"] != "primary" else "secondary"
    r = call(C["sup_mx"], "POST", "/api/v1/imports", "case_id,education\n%s,%s\n" % (pid, new_edu),
             ctype="text/csv")
    j = r.json() or {}
    check("re-import: a file of case_id + one column -> 201 updated 1", r.status == 201 and
          j.get("updated") == 1 and j.get("inserted") == 0 and j.get("unchanged") == 0, r.brief())
    after = call(C["adm"], "GET", "/api/v1/cases/" + pid).json() or {}
    diff = {k: (before.get(k), after.get(k)) for k in set(before) | set(after)
            if before.get(k) != after.get(k) and k != "version"}
    check("re-import: only that column changed (the survey kept)",
          diff == {"education": (before.get("education"), new_edu)} and after.get("survey_date")
          == person["survey_date"] and after.get("abuses") == person["abuses"], diff)
    # an empty cell clears
    r = call(C["sup_mx"], "POST", "/api/v1/imports", "case_id,occupation_sector\n%s,\n" % pid,
             ctype="text/csv")
    after2 = call(C["adm"], "GET", "/api/v1/cases/" + pid).json() or {}
    check("re-import: an empty cell clears that column only", r.status == 201 and
          after2.get("occupation_sector") is None and after2.get("survey_date") == person["survey_date"]
          and after2.get("education") == new_edu, r.brief())

    # identical re-import of the gt supervisor's export
    r = call(C["sup_gt"], "GET", "/api/v1/exports/cases.csv")
    exported = r.text()
    n = len(list(csv.DictReader(io.StringIO(exported))))
    before = case_tables_snapshot()
    r = call(C["sup_gt"], "POST", "/api/v1/imports", exported, ctype="text/csv")
    j = r.json() or {}
    check("re-import: the gt supervisor's own export -> inserted 0, updated 0, unchanged N",
          r.status == 201 and n > 0 and j.get("inserted") == 0 and j.get("updated") == 0 and
          j.get("unchanged") == n and j.get("rows") == n, (n, r.brief()))
    check("re-import: an identical file changed no case (version, dates, history)",
          case_tables_snapshot() == before)
    r = call(C["sup_gt"], "GET", "/api/v1/exports/cases.csv?hxl=1")
    r = call(C["sup_gt"], "POST", "/api/v1/imports", r.text(), ctype="text/csv")
    check("re-import: with the HXL row too -> unchanged N", r.status == 201 and
          (r.json() or {}).get("unchanged") == n, r.brief())
    # the mx supervisor may not re-import the gt export: every row a located error
    before = snapshot()
    r = call(C["sup_mx"], "POST", "/api/v1/imports", exported, ctype="text/csv")
    check("re-import: gt rows by the mx supervisor -> 422, case_id located, nothing shown",
          is_problem(r, 422) and r.errors() and all(e.get("field") == "case_id" and
                                                    isinstance(e.get("line"), int)
                                                    for e in r.errors()), r.brief())
    check("re-import: refused, nothing changed", snapshot() == before)

    # files with errors: 422, every error located, nothing written
    for fname in sorted(os.listdir(INVALID_DIR)):
        if not fname.endswith(".csv"):
            continue
        with open(os.path.join(INVALID_DIR, fname), "rb") as f:
            data = f.read()
        header = data.decode("utf-8-sig").splitlines()[0].split(",")
        col = README_COLUMNS.get(fname)
        before = snapshot()
        r = call(C["adm"], "POST", "/api/v1/imports", data, ctype="text/csv")
        errs = r.errors()
        check("import %s: 422 with every error's line and column integers" % fname,
              is_problem(r, 422) and errs and all(isinstance(e.get("line"), int) and
                                                  isinstance(e.get("column"), int) and
                                                  not isinstance(e.get("line"), bool) for e in errs),
              r.brief())
        if col:
            want_col = header.index(col) + 1
            check("import %s: an error on line 4, column %d (%s)" % (fname, want_col, col),
                  any(e.get("line") == 4 and e.get("column") == want_col for e in errs),
                  [(e.get("line"), e.get("column"), e.get("field"), e.get("code")) for e in errs])
        check("import %s: nothing written" % fname, snapshot() == before)
    # an empty file, a file with an unknown column, and ?ignore_unknown_columns
    before = snapshot()
    r = call(C["adm"], "POST", "/api/v1/imports", "case_id,education,favourite_colour\n%s,%s,blue\n"
             % (pid, new_edu), ctype="text/csv")
    errs = r.errors()
    check("import: an unknown column -> 422 at line 1, column 3", is_problem(r, 422) and
          any(e.get("line") == 1 and e.get("column") == 3 for e in errs), r.brief())
    check("import: an unknown column: every error has an integer line and column",
          errs and all(isinstance(e.get("line"), int) and isinstance(e.get("column"), int)
                       for e in errs), [e for e in errs if not isinstance(e.get("column"), int)][:3])
    check("import: an unknown column in a file of stored cases: no 'required column missing' "
          "error (an update may leave required columns out)",
          not [e for e in errs if e.get("field") in ("program", "office", "sex", "status")],
          [(e.get("field"), e.get("code")) for e in errs][:4])
    check("import: refused, nothing written", snapshot() == before)
    r = call(C["adm"], "POST", "/api/v1/imports?ignore_unknown_columns=1",
             "case_id,education,favourite_colour\n%s,%s,blue\n" % (pid, new_edu), ctype="text/csv")
    check("import: ?ignore_unknown_columns=1 -> 201 unchanged 1", r.status == 201 and
          (r.json() or {}).get("unchanged") == 1, r.brief())
    r = call(C["adm"], "POST", "/api/v1/imports", "case_id\n", ctype="text/csv")
    check("import: a header-only file -> 201 with 0 rows, or 422", r.status in (201, 422), r.brief())
    return cid


README_COLUMNS = {}


def read_invalid_readme():
    try:
        with open(os.path.join(INVALID_DIR, "README.md"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^\|\s*`([^`]+\.csv)`\s*\|\s*`([^`]+)`\s*\|", line)
                if m:
                    README_COLUMNS[m.group(1)] = m.group(2)
    except OSError:
        pass


# ================================================================= 5. concurrency

def concurrency():
    cid, etag, _ = create("mx")
    barrier = threading.Barrier(2)
    results = {}

    def edit(key, val, who):
        barrier.wait()
        results[key] = call(C[who], "PATCH", "/api/v1/cases/" + cid, {key: val},
                            headers={"If-Match": etag})

    ts = [threading.Thread(target=edit, args=("education", "higher", "adm")),
          threading.Thread(target=edit, args=("occupation_sector", "transport", "sup_mx"))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    sts = sorted(r.status for r in results.values())
    check("concurrent edits: exactly one 200 and one 412", sts == [200, 412],
          {k: r.brief() for k, r in results.items()})
    if sts == [200, 412]:
        win = next(k for k, r in results.items() if r.status == 200)
        lose = next(k for k, r in results.items() if r.status == 412)
        cur = call(C["adm"], "GET", "/api/v1/cases/" + cid)
        j = cur.json() or {}
        check("concurrent edits: the winner's change is there, the loser's not",
              j.get(win) is not None and j.get(lose) is None, cur.brief())
        val = {"education": "higher", "occupation_sector": "transport"}[lose]
        r = call(C["adm"], "PATCH", "/api/v1/cases/" + cid, {lose: val},
                 headers={"If-Match": cur.header("ETag")})
        j = r.json() or {}
        check("concurrent edits: the loser re-reads and re-applies: both changes kept",
              r.status == 200 and j.get("education") == "higher" and j.get("occupation_sector") ==
              "transport", r.brief())

    # N concurrent creates
    threads, per = 20, 10
    before = count_cases()
    out = [[] for _ in range(threads)]
    who = ["adm", "sup_mx", "cw_mx", "sup_gt", "cw_gt"]

    def creator(i):
        u = who[i % len(who)]
        office = "gt" if u.endswith("gt") else "mx"
        for k in range(per):
            r = call(C[u], "POST", "/api/v1/cases",
                     base_case(office, given_names="Concurrente %d %d" % (i, k)), rec=(k == 0))
            out[i].append((r.status, (r.json() or {}).get("case_id"), r.text()[:200]))
    t0 = time.time()
    ts = [threading.Thread(target=creator, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    allr = [x for o in out for x in o]
    bad = [x for x in allr if x[0] != 201]
    ids = [x[1] for x in allr if x[0] == 201]
    check("concurrent creates: %d x %d all 201" % (threads, per), not bad and len(allr) == threads * per,
          "%d not 201: %s" % (len(bad), bad[:3]))
    check("concurrent creates: distinct ids", len(set(ids)) == len(ids), len(ids) - len(set(ids)))
    check("concurrent creates: the count matches", count_cases() == before + len(ids),
          (before, len(ids), count_cases()))
    for i in ids:
        if i and i.startswith("GT"):
            EVER_GT.add(i)
    note("%d concurrent creates in %.1f s" % (len(allr), time.time() - t0))
    return cid


# ================================================================= 6. the audit trail

def audit_trail(edited_cid):
    cid, etag, _ = create("mx")
    n0 = sql1("SELECT count(*) FROM audit_log WHERE action = 'case_read' AND target = ?", cid)
    for _ in range(3):
        call(C["sup_mx"], "GET", "/api/v1/cases/" + cid)
    n1 = sql1("SELECT count(*) FROM audit_log WHERE action = 'case_read' AND target = ?", cid)
    check("audit: every GET of a case adds a row", n1 == n0 + 3, (n0, n1))
    rows = sql("SELECT actor FROM audit_log WHERE action = 'case_read' AND target = ? "
               "ORDER BY id DESC LIMIT 3", cid)
    check("audit: the reads are the supervisor's", [r[0] for r in rows] == ["sup_mx"] * 3, rows)
    h0 = sql1("SELECT count(*) FROM audit_log WHERE action = 'case_history' AND target = ?", cid)
    call(C["cw_mx"], "GET", "/api/v1/cases/%s/history" % cid)
    check("audit: GET history adds a row",
          sql1("SELECT count(*) FROM audit_log WHERE action = 'case_history' AND target = ?", cid)
          == h0 + 1)
    l0 = sql1("SELECT count(*) FROM audit_log WHERE action = 'case_list'")
    call(C["cw_mx"], "GET", "/api/v1/cases?limit=3")
    check("audit: a list adds a row",
          sql1("SELECT count(*) FROM audit_log WHERE action = 'case_list'") == l0 + 1)
    e0 = sql1("SELECT count(*) FROM audit_log WHERE action = 'export'")
    call(C["sup_mx"], "GET", "/api/v1/exports/cases.csv?status=registered")
    check("audit: an export adds a row", sql1("SELECT count(*) FROM audit_log WHERE action = 'export'")
          == e0 + 1)
    call(C["cw_gt"], "GET", "/api/v1/cases/" + cid)
    check("audit: a refused read of an out-of-scope case shows nothing and records no read of it",
          sql1("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'case_read' AND actor = 'cw_gt'",
               cid) == 0)

    # changes: before and after in the detail
    r = call(C["sup_mx"], "PATCH", "/api/v1/cases/" + cid, {"education": "primary", "group_id": "G-AUD"},
             headers={"If-Match": etag})
    etag = r.header("ETag") or etag
    r = call(C["sup_mx"], "POST", "/api/v1/cases/%s/status" % cid, {"status": "counselled",
                                                                    "date": "2024-03-04"},
             headers={"If-Match": etag})
    etag = r.header("ETag") or etag
    r = call(C["sup_mx"], "POST", "/api/v1/cases/%s/transfer" % cid, TRANSFER_TO["mx"],
             headers={"If-Match": etag})
    EVER_GT.add(cid)
    rows = sql("SELECT action, detail FROM audit_log WHERE target = ? AND action IN "
               "('case_create', 'case_edit', 'case_move', 'case_transfer') ORDER BY id", cid)
    acts = [a for a, _ in rows]
    check("audit: create, edit, move and transfer recorded",
          acts == ["case_create", "case_edit", "case_move", "case_transfer"], acts)
    want = {"case_edit": {"education": [None, "primary"], "group_id": [None, "G-AUD"]},
            "case_move": {"status": ["registered", "counselled"],
                          "counselling_date": [None, "2024-03-04"]},
            "case_transfer": {"office": ["mx", "gt"], "registration_point": ["tapachula", "tecun_uman"]}}
    for action, detail in rows:
        try:
            d = json.loads(detail or "")
        except ValueError:
            d = None
        pairs = isinstance(d, dict) and d and all(
            isinstance(v, list) and len(v) == 2 and v[0] != v[1] for k, v in d.items() if k != "reason")
        check("audit: %s detail has [before, after] for every changed column" % action, pairs, detail)
        if action in want and isinstance(d, dict):
            sub = {k: d.get(k) for k in want[action]}
            check("audit: %s detail names exactly the changes" % action, sub == want[action] and
                  set(d) == set(want[action]), detail)
    # the API shows the same rows to the admin
    items, err = all_pages(C["adm"], "/api/v1/audit?limit=500&case_id=" + cid)
    check("audit: GET /audit?case_id= lists the case's rows",
          items is not None and len(items) == sql1("SELECT count(*) FROM audit_log WHERE target = ?", cid),
          err.brief() if err else (len(items or []),))
    items, _ = all_pages(C["adm"], "/api/v1/audit?limit=500&action=case_edit&user=sup_mx")
    check("audit: filters action and user", items and all(i.get("action") == "case_edit" and
                                                          i.get("actor") == "sup_mx" for i in items),
          (items or [])[:2])
    r = call(C["adm"], "GET", "/api/v1/audit?from=2150-01-01")
    check("audit: from in the future -> no rows", r.status == 200 and (r.json() or {}).get("items") == [],
          r.brief())
    r = call(C["adm"], "GET", "/api/v1/audit?from=yesterday")
    expect("audit: a bad from -> 400", r, 400)
    r = call(C["adm"], "GET", "/api/v1/audit?limit=2")
    j = r.json() or {}
    ids1 = [i.get("id") for i in j.get("items", [])]
    r2 = call(C["adm"], "GET", "/api/v1/audit?limit=2&cursor=%s" % j.get("next_cursor"))
    ids2 = [i.get("id") for i in (r2.json() or {}).get("items", [])]
    check("audit: newest first, pages follow", len(ids1) == 2 and len(ids2) == 2 and
          ids1[0] > ids1[1] > ids2[0] > ids2[1], (ids1, ids2))

    # nothing can change it: not the API, not SQL
    n = sql1("SELECT count(*) FROM audit_log")
    top = sql1("SELECT max(id) FROM audit_log")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        r = call(C["adm"], method, "/api/v1/audit", {"actor": "x"} if method != "DELETE" else None)
        check("audit: %s /api/v1/audit -> 405 (or 404)" % method, r.status in (404, 405) and
              r.ctype.startswith("application/problem+json"), r.brief())
        if r.status == 405:
            check("audit: 405 has Allow: GET", "GET" in (r.header("Allow") or ""), r.header("Allow"))
        r = call(C["adm"], method, "/api/v1/audit/%d" % top, {"actor": "x"} if method != "DELETE" else None)
        check("audit: %s /api/v1/audit/{id} -> 404 or 405" % method, r.status in (404, 405), r.brief())
    for stmt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log",
                 "UPDATE audit_log SET detail = NULL WHERE id = %d" % top,
                 "DELETE FROM audit_log WHERE id = %d" % top):
        q = pgmode.sqlite3(DB, stmt)
        check("audit: sqlite3 %r fails" % stmt, q.returncode != 0 and "append-only" in q.stderr,
              (q.returncode, q.stderr))
    check("audit: trail intact", sql1("SELECT count(*) FROM audit_log WHERE id <= ?", top) <= n and
          sql1("SELECT count(*) FROM audit_log WHERE actor = 'x'") == 0)


# ================================================================= 7. the report is the CLI's

def without_generated_at(text):
    try:
        d = json.loads(text)
    except ValueError:
        return None
    if isinstance(d, dict):
        d.pop("generated_at", None)
    return d


def reports():
    h = cli("report", "--help")
    has_month = "--month" in h.stdout
    if not has_month:
        note("`retorno report --help` has no --month: month=YYYY-MM compared with --from/--to")
    sets = [
        ("", []),
        ("program=mpp", ["--program", "mpp"]),
        ("program=all", ["--program", "all"]),
        ("office=gt", ["--office", "gt"]),
        ("office=mx&program=all", ["--office", "mx", "--program", "all"]),
        ("from=2019-01-01&to=2019-12-31", ["--from", "2019-01-01", "--to", "2019-12-31"]),
        ("from=2020-03-01", ["--from", "2020-03-01"]),
        ("month=2019-05&program=all", ["--from", "2019-05-01", "--to", "2019-05-31", "--program", "all"]),
        ("month=2020-02", ["--from", "2020-02-01", "--to", "2020-02-29"]),
        ("public=1", ["--public"]),
        ("public=true&office=mx&program=mpp", ["--public", "--office", "mx", "--program", "mpp"]),
        ("public=1&min_cell=6", ["--public", "--min-cell", "6"]),
        ("lang=es&program=all", ["--lang", "es", "--program", "all"]),
        ("age_bands=sadd", ["--age-bands", "sadd"]),
    ]
    if has_month:
        sets += [("month=2019-05&program=all", ["--month", "2019-05", "--program", "all"]),
                 ("month=2019-12&public=1", ["--month", "2019-12", "--public"])]
    for query, args in sets:
        r = call(C["adm"], "GET", "/api/v1/report" + ("?" + query if query else ""))
        c = cli("report", "--format", "json", *args)
        a, b = without_generated_at(r.text()), without_generated_at(c.stdout)
        check("report ?%s equals `retorno report --format json %s`" % (query, " ".join(args)),
              r.status == 200 and c.returncode == 0 and a is not None and a == b,
              (r.status, c.returncode, c.stderr[:200], diff_keys(a, b)))
    # a supervisor's factsheet: their office
    for who, query, args in (("sup_mx", "", ["--office", "mx"]),
                             ("sup_gt", "program=all", ["--office", "gt", "--program", "all"]),
                             ("an_mx", "public=1&office=gt", ["--public", "--office", "gt"]),
                             ("cw_gt", "month=2021-03&office=gt",
                              ["--office", "gt", "--from", "2021-03-01", "--to", "2021-03-31"])):
        r = call(C[who], "GET", "/api/v1/report" + ("?" + query if query else ""))
        c = cli("report", "--format", "json", *args)
        check("report of %s ?%s equals the CLI's %s" % (who, query, " ".join(args)),
              r.status == 200 and without_generated_at(r.text()) == without_generated_at(c.stdout),
              (r.status, diff_keys(without_generated_at(r.text()), without_generated_at(c.stdout))))
    for query in ("month=2019-13", "month=2019-5", "month=2019-05&from=2019-05-01", "from=2019-02-30",
                  "office=zz", "program=xyz", "format=docx", "public=maybe", "colour=red",
                  "from=2020-01-02&to=2020-01-01", "public=1&program=all"):
        r = call(C["adm"], "GET", "/api/v1/report?" + query)
        expect("report ?%s -> 400" % query, r, 400)
    r = call(C["adm"], "GET", "/api/v1/report?format=csv&program=all")
    c = subprocess.run([BIN, "--db", DB, "report", "--format", "csv", "--program", "all"],
                       capture_output=True, timeout=120)
    check("report ?format=csv equals the CLI's CSV (byte for byte)", r.status == 200 and
          r.body == c.stdout and r.ctype.startswith("text/csv"), (r.status, r.ctype, len(r.body),
                                                                  len(c.stdout)))
    r = call(C["adm"], "GET", "/api/v1/report?format=pdf")
    check("report ?format=pdf is a PDF", r.status == 200 and r.body.startswith(b"%PDF") and
          r.ctype.startswith("application/pdf"), (r.status, r.ctype))


def diff_keys(a, b):
    if not isinstance(a, dict) or not isinstance(b, dict):
        return (type(a).__name__, type(b).__name__)
    out = []
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            if isinstance(a.get(k), dict) and isinstance(b.get(k), dict):
                out += ["%s.%s" % (k, x) for x in sorted(set(a[k]) | set(b[k]))
                        if a[k].get(x) != b[k].get(x)][:5]
            else:
                out.append(k)
    return out[:8]


# ================================================================= 9. stopping

def shutdown(srv):
    """SIGTERM while an import is being uploaded and a factsheet computed: both finish;
    the server exits 0 within 15 s; what was committed is there."""
    rows = [base_case("mx", case_id="STOP-%03d" % i, given_names="Parada") for i in range(50)]
    text = (",".join(rows[0].keys()) + "\n" +
            "".join(",".join(str(v) for v in row.values()) + "\n" for row in rows)).encode()
    half = len(text) // 2
    res = {}
    sent_signal = threading.Event()
    t_sig = [0.0]

    def slow_import():
        s = socket.create_connection((HOST, PORT), timeout=30)
        try:
            head = ("POST /api/v1/imports HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: text/csv\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                    % (HOST, PORT, TOKENS["adm"], len(text))).encode()
            s.sendall(head + text[:half])
            sent_signal.wait(20)
            time.sleep(0.5)
            s.sendall(text[half:])
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            res["import"] = (data, time.time())
        except OSError as e:
            res["import"] = (("error: %s" % e).encode(), time.time())
        finally:
            s.close()

    reports = []

    def report():
        r = call(C["adm"], "GET", "/api/v1/report?format=pdf&program=all", rec=False)
        reports.append((r, time.time()))

    ti = threading.Thread(target=slow_import)
    ti.start()
    time.sleep(0.3)
    # four factsheets, which the queue (four places, and one worker) takes even before its
    # worker has taken the first: with five, a busy machine (a CI run with another suite
    # beside this one) answered the fifth 503 queue_full. The last ones are still in
    # flight when the signal comes
    trs = [threading.Thread(target=report) for _ in range(4)]
    for tr in trs:
        tr.start()
    time.sleep(0.03)
    t_sig[0] = time.time()
    srv.send_signal(signal.SIGTERM)
    sent_signal.set()
    try:
        rc = srv.wait(timeout=15)
    except subprocess.TimeoutExpired:
        rc = "still running after 15 s"
        srv.kill()
        srv.wait()
    ti.join(20)
    for tr in trs:
        tr.join(20)
    check("SIGTERM: the server exits 0 within 15 s", rc == 0, rc)
    data, t_imp = res.get("import", (b"", 0))
    status = re.match(rb"^HTTP/1\.[01] (\d{3})", data)
    body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
    check("SIGTERM: an import being uploaded finishes (201)", status is not None and
          status.group(1) == b"201" and t_imp > t_sig[0], data[:300])
    check("SIGTERM: the import's rows are committed", sql1(
        "SELECT count(*) FROM cases WHERE case_id LIKE 'STOP-%'") == 50,
        sql1("SELECT count(*) FROM cases WHERE case_id LIKE 'STOP-%'"))
    check("SIGTERM: the factsheets in flight complete (whole PDFs)", len(reports) == 4 and
          all(r.status == 200 and r.body.startswith(b"%PDF") and b"%%EOF" in r.body[-64:]
              for r, _ in reports), [r.brief()[:120] for r, _ in reports])
    late = [t for _, t in reports if t > t_sig[0]]
    check("SIGTERM: some factsheets were still being made when the signal came (answered after it)",
          late, [round(t - t_sig[0], 3) for _, t in reports])


# ================================================================= 10. code lists and accounts

# data-dictionary.md, section 2: the coordinates of the shipped points
POINT_COORDS = {
    "mexico_city": (19.43, -99.13), "tijuana": (32.51, -117.04), "tapachula": (14.90, -92.26),
    "monterrey": (25.69, -100.32), "piedras_negras": (28.70, -100.52),
    "guanajuato": (21.02, -101.26), "san_luis_potosi": (22.16, -100.99),
    "celaya": (20.52, -100.81), "saltillo": (25.42, -101.00),
    "ciudad_juarez": (31.69, -106.42), "tecun_uman": (14.68, -92.14),
}


def vocab_points(who, n=1):
    """The registration points of GET /vocab, n times (new connections, so
    that several workers answer): a list of {code: point} per answer."""
    out = []
    for _ in range(n):
        r = call(who, "GET", "/api/v1/vocab")
        j = r.json() or {}
        out.append({p.get("code"): p for p in j.get("registration_points", [])}
                   if r.status == 200 else None)
    return out


def code_lists():
    pts = vocab_points(C["cw_gt"])[0] or {}
    check("vocab: the 11 shipped points", set(POINT_COORDS) <= set(pts), sorted(pts))
    for code, (lat, lon) in POINT_COORDS.items():
        p = pts.get(code, {})
        check("vocab: %s at %s %s (data dictionary, section 2)" % (code, lat, lon),
              p.get("lat") == lat and p.get("lon") == lon, (p.get("lat"), p.get("lon")))
    # written as typed: 15 significant digits, not 17
    r = call(C["cw_gt"], "GET", "/api/v1/vocab")
    check("vocab: coordinates written as typed (-99.13)", b'"lon":-99.13,' in r.body
          or b'"lon":-99.13}' in r.body, r.text()[:200])

    # every worker has read the lists; a change made with the command line
    # reaches each of them at its next request, not 30 seconds later
    before = vocab_points(C["an_all"], 8)
    check("vocab: Tijuana before the change",
          all(b and b.get("tijuana", {}).get("label_es") == "Tijuana" for b in before), "")
    t = cli("vocab", "set", "registration_point", "tijuana", "--label-es", "Tijuana (garita)",
            "--lat", "32.54", "--lon", "-117.03")
    check("vocab: vocab set while the server runs", t.returncode == 0, t.stderr)
    after = vocab_points(C["an_all"], 12)
    check("vocab: every answer after the change has it (labels and coordinates)",
          all(a and a.get("tijuana", {}).get("label_es") == "Tijuana (garita)" and
              a["tijuana"].get("label_en") == "Tijuana" and a["tijuana"].get("lat") == 32.54 and
              a["tijuana"].get("lon") == -117.03 for a in after),
          [(a.get("tijuana", {}).get("label_es"), a.get("tijuana", {}).get("lat")) if a else None
           for a in after])
    t = cli("vocab", "add", "registration_point", "reynosa", "--office", "mx", "--programs", "avr",
            "--en", "Reynosa", "--es", "Reynosa")
    check("vocab: add a point without coordinates", t.returncode == 0, t.stderr)
    after = vocab_points(C["an_all"], 8)
    check("vocab: the new point at once, its coordinates null",
          all(a and "reynosa" in a and a["reynosa"]["lat"] is None and a["reynosa"]["lon"] is None
              for a in after), [a and a.get("reynosa") for a in after][:2])
    t = cli("vocab", "set", "registration_point", "reynosa", "--lat", "26.09", "--lon", "-98.28")
    after = vocab_points(C["an_all"], 8)
    check("vocab: coordinates given later",
          t.returncode == 0 and all(a and a.get("reynosa", {}).get("lat") == 26.09 and
                                    a.get("reynosa", {}).get("lon") == -98.28 for a in after),
          t.stderr)


def accounts_admin():
    # offices: widening keeps the sessions, narrowing ends them; tokens stay
    s, r = sign_in("sup_gt")
    check("accounts: sup_gt signs in", r.status == 200, r.brief())
    t = cli("user", "offices", "sup_gt", "--office", "gt", "--office", "mx")
    check("accounts: user offices gt mx", t.returncode == 0, t.stderr)
    r = call(s, "GET", "/api/v1/me")
    check("accounts: more offices: the session goes on, and holds them",
          r.status == 200 and sorted((r.json() or {}).get("offices") or []) == ["gt", "mx"],
          r.brief())
    mx_case = sql1("SELECT case_id FROM cases WHERE office = 'mx' LIMIT 1")
    expect("accounts: an mx case is readable with the new office",
           call(C["sup_gt"], "GET", "/api/v1/cases/" + mx_case), 200)
    t = cli("user", "offices", "sup_gt", "--office", "gt")
    check("accounts: user offices gt", t.returncode == 0, t.stderr)
    expect("accounts: fewer offices: the session has ended", call(s, "GET", "/api/v1/me"), 401)
    expect("accounts: the token holds only gt now (mx case -> 404)",
           call(C["sup_gt"], "GET", "/api/v1/cases/" + mx_case), 404)
    s, r = sign_in("sup_gt")
    expect("accounts: signs in again", r, 200)

    # a new role ends the sessions; the token has the new role at once
    s, r = sign_in("an_mx")
    t = cli("user", "role", "an_mx", "--role", "caseworker")
    check("accounts: user role an_mx caseworker", t.returncode == 0, t.stderr)
    expect("accounts: new role: the session has ended", call(s, "GET", "/api/v1/me"), 401)
    r = call(C["an_mx"], "GET", "/api/v1/me")
    check("accounts: the token has the new role", (r.json() or {}).get("role") == "caseworker",
          r.brief())
    expect("accounts: and its rights (a case of mx)",
           call(C["an_mx"], "GET", "/api/v1/cases/" + mx_case), 200)
    t = cli("user", "role", "an_mx", "--role", "analyst")
    check("accounts: role back to analyst", t.returncode == 0, t.stderr)
    expect("accounts: analyst again: no case",
           call(C["an_mx"], "GET", "/api/v1/cases/" + mx_case), 403)

    # enable: the disabled user of section 2 signs in again; old tokens stay revoked
    _, r = sign_in("dis")
    expect("accounts: disabled: no sign-in", r, 401)
    t = cli("user", "enable", "dis")
    check("accounts: user enable dis", t.returncode == 0, t.stderr)
    s, r = sign_in("dis")
    expect("accounts: enabled: signs in", r, 200)
    expect("accounts: enabled: the session works", call(s, "GET", "/api/v1/me"), 200)
    expect("accounts: enabled: the token revoked at disable stays revoked",
           call(C["dis"], "GET", "/api/v1/me"), 401)


# ================================================================= main

def start_server(db, log):
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:0", "--workers", "4",
                            "--access-log", log], stdout=subprocess.PIPE,
                           stderr=open(log + ".stderr", "w"), text=True)
    line = srv.stdout.readline().strip()
    m = re.match(r"^http://(127\.0\.0\.1):(\d+)/$", line)
    return srv, m, line


def main():
    global DB, PORT, DOC_OPS
    if not os.access(BIN, os.X_OK):
        print("FAIL: setup: no retorno binary at %s (set RETORNO_BIN)" % BIN)
        print("api: 0 passed, 1 failed")
        return 1
    if not os.path.exists(SAMPLE):
        print("FAIL: setup: the shared data is missing: no %s (set SHARED)" % SAMPLE)
        print("api: 0 passed, 1 failed")
        return 1
    DOC_OPS = documented_operations()
    read_invalid_readme()
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="retorno-api-test.") as tmp:
        DB = os.path.join(tmp, "api.db")
        rc = run_all(tmp)
    note("%.1f s" % (time.time() - t0))
    print("api: %d passed, %d failed" % (passed, failed))
    return 1 if failed or rc else 0


def run_all(tmp):
    r = cli("import", SAMPLE)
    if not check("setup: import the sample", r.returncode == 0, r.stderr):
        return 1
    sample = load_sample()
    for name, (rl, office) in USERS.items():
        args = ["user", "add", name, "--role", rl] + (["--office", office] if office else [])
        r = cli(*args, stdin=PASSWORDS[name] + "\n")
        check("setup: user add %s" % name, r.returncode == 0, r.stderr)
        t = cli("token", "create", name)
        TOKENS[name] = t.stdout.strip().splitlines()[-1] if t.stdout.strip() else ""
        C[name] = Client(name, TOKENS[name])
    log = os.path.join(tmp, "access.log")
    srv, m, line = start_server(DB, log)
    if not check("setup: serve prints its address", m is not None, line or read(log + ".stderr")[:300]):
        srv.kill()
        return 1
    global PORT
    PORT = int(m.group(2))
    jsonl = os.path.join(tmp, "responses.jsonl")
    try:
        expect("GET /healthz without authentication", call(ANON, "GET", "/healthz"), 200)
        for path in ("/api/v1/cases", "/api/v1/me", "/api/v1/vocab", "/api/v1/report",
                     "/api/v1/audit", "/api/v1/exports/cases.csv"):
            expect("GET %s without authentication -> 401" % path, call(ANON, "GET", path), 401)
        section("1. authorization matrix", matrix, sample)
        section("1. no leak", no_leak, sample)
        section("2. rules via POST", rules_post)
        section("2. rules via PATCH, bodies", rules_patch)
        section("2. status moves and transfers", status_and_transfer_rules)
        section("2. sessions and tokens", sessions)
        s, _ = sign_in("sup_gt")
        section("3. precedence", precedence)
        section("3. precedence with a session", precedence_session, s)
        section("3. precedence when busy", precedence_busy)
        section("4. partial updates and re-imports", partial_updates, sample)
        section("5. concurrency", concurrency)
        section("6. the audit trail", audit_trail, None)
        section("7. the report is the CLI's", reports)
        section("10. code lists", code_lists)
        section("10. accounts", accounts_admin)
        check("the server is still running", srv.poll() is None, srv.poll())
        bad = sorted({(st, m_, p) for st, m_, p in STATUSES if (st >= 500 and st != 503) or st == 0})
        check("no 5xx (but the 503s asked for) and no dropped connection in any answer", not bad,
              bad[:10])
    finally:
        if srv.poll() is None:
            section("9. stop on SIGTERM", shutdown, srv)
        else:
            check("the server was still running before the stop", False, srv.returncode)
        err = read(log + ".stderr")
    for pat in ("AddressSanitizer", "runtime error", "the handler gave no answer", "internal_error"):
        check("server stderr has no %r" % pat, pat not in err, err[-400:])

    # 8. every recorded response against docs/openapi.yaml
    with open(jsonl, "w", encoding="utf-8") as f:
        for line in RECORD:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    validate(jsonl)
    return 0


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def section(title, fn, *args):
    t = time.time()
    before = failed
    try:
        fn(*args)
    except Exception as e:  # a crash of the test is a failure, not an end
        import traceback
        check("%s: the test ran to its end" % title, False, "%s: %s" % (type(e).__name__, e))
        traceback.print_exc()
    if VERBOSE:
        note("%s: %.1f s, %d failed" % (title, time.time() - t, failed - before))


def validate(jsonl):
    q = subprocess.run(["sh", CHECK_NODE], capture_output=True, text=True)
    if not check("validator: tests/api/check-node.sh", q.returncode == 0, q.stderr[-300:]):
        return
    q = subprocess.run(["node", VALIDATOR, jsonl], capture_output=True, text=True, timeout=300)
    lines = q.stdout.splitlines()
    summary = [l for l in lines if l.startswith("bodies:")]
    fails = [l for l in lines if l.startswith("FAIL")]
    # one check per distinct failure (operation, status, problem), with its count
    seen = {}
    for l in fails:
        key = re.sub(r"^FAIL [^:]+:\d+: ", "", l)
        seen[key] = seen.get(key, 0) + 1
    for key, n in seen.items():
        check("openapi: response breaks docs/openapi.yaml", False, "%s (x%d)" % (key, n))
    check("openapi: %d recorded responses validated (%s)" % (len(RECORD), summary[-1] if summary else "?"),
          q.returncode == 0 and summary and not fails, (q.returncode, q.stderr[-300:]))


if __name__ == "__main__":
    sys.exit(main())
