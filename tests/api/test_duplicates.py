#!/usr/bin/env python3
"""Duplicates and similar names through the API (issue 9, "a supervisor can mark
a case as a duplicate of another ... the case leaves every list and count, stays
in the audit trail, and can be restored"; "a possible-duplicate warning ... when
an existing case has similar names ... and the same birth date or nationality,
among the cases of the user's offices"):

  POST /api/v1/cases/{case_id}/duplicate   {"duplicate_of": ID | null}, If-Match
  GET  /api/v1/cases/similar?given_names=&family_names=&birth_date=&nationality=

A case marked a duplicate leaves the list, the search (by name and by id), the
counts (`retorno summary`), the export and the factsheet's totals, and comes
back when restored; it is still read alone (with its duplicate_of), its history
and audit rows say who did it. Rights: admins and supervisors of the case's
office; the other roles 403, another office 404 (and an original of another
office reads as an unknown one). Every answer is checked against
docs/openapi.yaml (tests/api/validate-bodies.mjs). The real binary serves a
temporary database made from the shared sample file.

    RETORNO_BIN=./retorno python3 tests/api/test_duplicates.py

Prints "duplicates: N passed, M failed"; exits 1 when anything failed.
"""
import csv
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.parse

from apitest import BIN, HERE, REPO, Tally
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pg"))
import pgmode  # noqa: E402  (the PostgreSQL mode: make pg-check)

SHARED = os.environ.get("SHARED", os.path.join(os.path.dirname(REPO), "shared"))
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
OPENAPI = os.path.join(REPO, "docs", "openapi.yaml")

T = Tally("duplicates")
check = T.check
RECORD = []
USERS = {  # name: (role, office, password)
    "adm": ("admin", None, "admin-pass-0001"),
    "sup": ("supervisor", "mx", "supervisor-pass-02"),
    "cw": ("caseworker", "mx", "caseworker-pass-03"),
    "an": ("analyst", None, "analyst-pass-0004"),
    "supgt": ("supervisor", "gt", "supervisor-pass-05"),
    "cwgt": ("caseworker", "gt", "caseworker-pass-06"),
}


def documented_operations():
    ops, cur, in_paths = set(), None, False
    with open(OPENAPI, encoding="utf-8") as f:
        for line in f:
            if line.startswith("paths:"):
                in_paths = True
                continue
            if in_paths and re.match(r"^\S", line):
                break
            m = re.match(r"^  (/\S*):\s*$", line)
            if in_paths and m:
                cur = m.group(1)
            m = re.match(r"^    (get|post|put|patch|delete):", line)
            if in_paths and m and cur:
                ops.add((m.group(1).upper(), cur))
    return ops


DOC_OPS = documented_operations()


def template_of(path):
    p = path.split("?")[0]
    if p == "/api/v1/cases/similar":
        return p
    m = re.match(r"^/api/v1/cases/[^/]+(/status|/history|/transfer|/duplicate)?$", p)
    if m:
        return "/api/v1/cases/{case_id}" + (m.group(1) or "")
    return p


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def ctype(self):
        return self.header("Content-Type") or ""

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def code(self):
        j = self.json()
        t = j.get("type", "") if isinstance(j, dict) else ""
        return t.rsplit(":", 1)[-1]

    def errors(self):
        j = self.json()
        return [(e.get("field"), e.get("code")) for e in (j.get("errors") or [])] \
            if isinstance(j, dict) else []

    def ids(self):
        j = self.json()
        return [c.get("case_id") for c in j.get("items", [])] if isinstance(j, dict) else []


class Client:
    def __init__(self, bearer=None):
        self.bearer = bearer


ANON = Client()


def call(port, c, method, path, body=None, headers=None, raw=None):
    h = dict(headers or {})
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None:
        h.setdefault("Content-Type", "application/json")
    if c.bearer:
        h["Authorization"] = "Bearer " + c.bearer
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        r = Resp(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()
    tmpl = template_of(path)
    if (method, tmpl) in DOC_OPS:
        line = {"method": method, "path": tmpl, "status": r.status}
        if r.ctype:
            line["content_type"] = r.ctype
        mt = r.ctype.split(";")[0].strip()
        if mt.endswith("json") and r.body:
            line["body"] = r.json() if r.json() is not None else r.body.decode("utf-8", "replace")
        elif mt == "text/csv":
            line["body"] = r.body.decode("utf-8", "replace")
        hdrs = {k: r.header(k) for k in ("ETag", "Location", "Retry-After") if r.header(k)}
        if hdrs:
            line["headers"] = hdrs
        RECORD.append(line)
    return r


def is_problem(r, status, code=None):
    j = r.json()
    return (r.status == status and r.ctype.startswith("application/problem+json")
            and isinstance(j, dict) and j.get("status") == status
            and (code is None or r.code() == code))


def expect(name, r, status, code=None):
    ok = is_problem(r, status, code) if status >= 400 else r.status == status
    return check(ok, name, "got %s (%s), want %s %s" % (r.status, r.body[:300], status, code or ""))


def start(db, log):
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:0", "--workers", "2",
                            "--access-log", log],
                           stdout=subprocess.PIPE, stderr=open(log + ".stderr", "w"), text=True)
    m = re.match(r"^http://127\.0\.0\.1:(\d+)/$", srv.stdout.readline().strip())
    return srv, int(m.group(1)) if m else 0


def stop(srv):
    srv.send_signal(signal.SIGTERM)
    try:
        rc = srv.wait(timeout=30)
    except subprocess.TimeoutExpired:
        srv.kill()
        rc = "timeout"
    check(rc == 0, "the server stops with exit 0 on SIGTERM", rc)


def main():
    if not os.access(BIN, os.X_OK) or not os.path.exists(SAMPLE):
        print("FAIL: setup: no binary at %s or no %s" % (BIN, SAMPLE), file=sys.stderr)
        print("duplicates: 0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory(prefix="retorno-dup-") as tmp:
        run_all(tmp)
    return T.finish()


def run_all(tmp):
    db = os.path.join(tmp, "d.db")

    def cli(*args, stdin=None):
        return subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True,
                              text=True, timeout=300)

    def sql(q):
        return pgmode.sqlite3(db, q).stdout.strip()

    check(cli("import", "-q", SAMPLE).returncode == 0, "setup: import the sample")
    C = {}
    for name, (role, office, pw) in USERS.items():
        args = ["user", "add", name, "--role", role] + (["--office", office] if office else [])
        check(cli(*args, stdin=pw + "\n").returncode == 0, "setup: user " + name)
        C[name] = Client(cli("token", "create", name).stdout.strip().splitlines()[-1])
    log = os.path.join(tmp, "access.log")
    srv, port = start(db, log)
    if not check(port, "setup: the server starts"):
        srv.kill()
        return
    try:
        duplicates(port, C, cli, sql)
        similar(port, C, sql)
    finally:
        stop(srv)
    err = open(log + ".stderr").read()
    for pat in ("AddressSanitizer", "runtime error", "internal_error", "gave no answer"):
        check(pat not in err, "server stderr has no %r" % pat, err[-300:])

    jsonl = os.path.join(tmp, "answers.jsonl")
    with open(jsonl, "w", encoding="utf-8") as f:
        for line in RECORD:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    q = subprocess.run(["sh", os.path.join(HERE, "check-node.sh")], capture_output=True, text=True)
    if check(q.returncode == 0, "validator: tests/api/check-node.sh", q.stderr[-300:]):
        q = subprocess.run(["node", os.path.join(HERE, "validate-bodies.mjs"), jsonl],
                           capture_output=True, text=True, timeout=300)
        fails = [l for l in q.stdout.splitlines() if l.startswith("FAIL")]
        for l in fails[:20]:
            check(False, "openapi: an answer breaks docs/openapi.yaml", l)
        check(q.returncode == 0 and not fails and len(RECORD) > 40,
              "openapi: %d answers validated" % len(RECORD), q.stdout[-300:])


def sample_rows():
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if not r["case_id"].startswith("#")]


def listed(port, c, query):
    """Every case id the list gives for a query (all pages)."""
    ids, cursor = [], None
    for _ in range(50):
        r = call(port, c, "GET", "/api/v1/cases?limit=500&" + query +
                 ("&cursor=" + cursor if cursor else ""))
        if r.status != 200:
            return None
        ids += r.ids()
        cursor = (r.json() or {}).get("next_cursor")
        if not cursor:
            break
    return ids


def mark(port, c, case_id, of, version, **kw):
    h = {"If-Match": '"%s"' % version} if version is not None else {}
    return call(port, c, "POST", "/api/v1/cases/%s/duplicate" % case_id,
                {"duplicate_of": of} if "raw" not in kw else None, headers=h, raw=kw.get("raw"))


def etag(port, c, case_id):
    r = call(port, c, "GET", "/api/v1/cases/" + case_id)
    return (r.header("ETag") or "").strip('"')


def duplicates(port, C, cli, sql):
    rows = sample_rows()
    mx_returned = [r for r in rows if r["office"] == "mx" and r["status"] == "returned"
                   and r["program"] == "avr"]
    D = mx_returned[0]                       # to be marked a duplicate
    A = mx_returned[1]["case_id"]            # its original
    E = mx_returned[2]["case_id"]            # a third case
    G = next(r["case_id"] for r in rows if r["office"] == "gt")
    d = D["case_id"]
    family = D["family_names"].split()[0]

    def state():
        """Where D shows: list, search by id and name, counts, export, report."""
        s = {}
        s["list"] = d in (listed(port, C["sup"], "office=mx") or [])
        s["q_id"] = d in (listed(port, C["sup"], "q=" + urllib.parse.quote(d)) or [])
        s["q_name"] = d in (listed(port, C["sup"], "q=" + urllib.parse.quote(family)) or [])
        out = cli("summary").stdout
        m = re.search(r": (\d+) cases", out)
        s["total"] = int(m.group(1)) if m else None
        m = re.search(r"^\s+avr\s+mx\s+returned\s+(\d+)$", out, re.M)
        s["mx_returned"] = int(m.group(1)) if m else None
        r = call(port, C["sup"], "GET", "/api/v1/exports/cases.csv?office=mx")
        s["export"] = r.status == 200 and ("\n%s," % d) in r.body.decode("utf-8", "replace")
        r = call(port, C["sup"], "GET", "/api/v1/report?program=avr&office=mx")
        j = r.json() or {}
        ind = j.get("indicators", {})
        s["returns"] = ind.get("returns_total", {}).get("value")
        s["registrations"] = sum(g.get("n", 0) for g in
                                 ind.get("registrations_by_month", {}).get("groups", []))
        return s

    before = state()
    check(before["list"] and before["q_id"] and before["q_name"] and before["export"],
          "before: the case is listed, found by id and name, exported", before)
    check(before["total"] == 300 and before["returns"] and before["registrations"],
          "before: the counts and the report's totals", before)
    v = etag(port, C["sup"], d)
    check(v.isdigit(), "the case's ETag", v)
    r = call(port, C["sup"], "GET", "/api/v1/cases/" + d)
    check((r.json() or {}).get("duplicate_of", "absent") is None,
          "a case that is no duplicate reads duplicate_of: null", r.body[:200])

    # ---- rights, scope, preconditions: refused and nothing changes ----
    expect("without authentication: 401", mark(port, ANON, d, A, v), 401)
    expect("a caseworker may not mark: 403", mark(port, C["cw"], d, A, v), 403,
           "forbidden")
    expect("an analyst may not mark: 403", mark(port, C["an"], d, A, v), 403)
    expect("a caseworker of another office: 403 before 404", mark(port, C["cwgt"], d, A, v),
           403)
    expect("a supervisor of another office: 404", mark(port, C["supgt"], d, A, v), 404,
           "case_not_found")
    expect("an unknown case: 404", mark(port, C["sup"], "NOPE-1", A, v), 404)
    expect("without If-Match: 428", mark(port, C["sup"], d, A, None), 428)
    expect("a stale If-Match: 412", mark(port, C["sup"], d, A, int(v) + 7), 412,
           "stale_version")
    for of, code, what in ((d, "duplicate_of_self", "itself"),
                           ("NOPE-1", "duplicate_of_unknown", "an unknown case"),
                           (G, "duplicate_of_unknown", "another office's case")):
        r = mark(port, C["sup"], d, of, v)
        expect("a duplicate of %s: 422" % what, r, 422, "invalid")
        check(r.errors() == [("duplicate_of", code)], "names duplicate_of %s" % code, r.body)
    r = mark(port, C["sup"], d, G, v)
    r2 = mark(port, C["sup"], d, "NOPE-1", v)
    check(r.json().get("errors", [{}])[0].get("message", "").replace(G, "X") ==
          r2.json().get("errors", [{}])[0].get("message", "").replace("NOPE-1", "X"),
          "another office's original reads exactly as an unknown one", (r.body, r2.body))
    r = mark(port, C["sup"], d, None, None, raw=b'{"of": "X"}')
    expect("no If-Match comes before the body's 422", r, 428)
    r = call(port, C["sup"], "POST", "/api/v1/cases/%s/duplicate" % d, {"of": A},
             headers={"If-Match": '"%s"' % v})
    expect("an unknown key: 422", r, 422)
    check(sorted(r.errors()) == [("duplicate_of", "required"), ("of", "unknown_field")],
          "names the key and the missing duplicate_of", r.body)
    r = call(port, C["sup"], "POST", "/api/v1/cases/%s/duplicate" % d, {"duplicate_of": 7},
             headers={"If-Match": '"%s"' % v})
    check(r.status == 422 and r.errors() == [("duplicate_of", "wrong_type")], "a number: 422",
          r.body)
    expect("not JSON: 400", call(port, C["sup"], "POST", "/api/v1/cases/%s/duplicate" % d,
                                  raw=b"{", headers={"If-Match": '"%s"' % v}), 400)
    check(etag(port, C["sup"], d) == v and state() == before, "refusals changed nothing",
          state())
    check(sql("select count(*) from audit_log where action in ('case_duplicate','case_restore')")
          == "0", "and audited no marking")

    # ---- marking ----
    r = mark(port, C["sup"], d, A, v)
    expect("a supervisor marks a duplicate: 200", r, 200)
    j = r.json() or {}
    check(j.get("duplicate_of") == A and j.get("case_id") == d, "the case with duplicate_of",
          r.body[:300])
    v2 = (r.header("ETag") or "").strip('"')
    check(v2 == str(int(v) + 1) and j.get("version") == int(v) + 1, "a new version, as ETag",
          (v, v2, j.get("version")))
    after = state()
    check(not after["list"], "no more in the list", after)
    check(not after["q_id"], "not found by its id", after)
    check(not after["q_name"], "not found by its name", after)
    check(not after["export"], "not exported", after)
    check(after["total"] == before["total"] - 1, "one case fewer in the counts", after)
    check(after["mx_returned"] == before["mx_returned"] - 1, "and in its status's count", after)
    check(after["returns"] == before["returns"] - 1, "one return fewer in the factsheet",
          (before["returns"], after["returns"]))
    check(after["registrations"] == before["registrations"] - 1,
          "one registration fewer in the factsheet",
          (before["registrations"], after["registrations"]))
    r = call(port, C["sup"], "GET", "/api/v1/cases/" + d)
    check(r.status == 200 and (r.json() or {}).get("duplicate_of") == A and
          r.header("ETag") == '"%s"' % v2, "read alone: 200 with duplicate_of", r.body[:200])
    expect("another office still gets 404", call(port, C["supgt"], "GET", "/api/v1/cases/" + d),
           404)
    r = call(port, C["sup"], "GET", "/api/v1/cases/%s/history" % d)
    last = ((r.json() or {}).get("items") or [{}])[-1]
    check((last.get("kind"), last.get("fields"), last.get("from"), last.get("to"),
           last.get("actor"), last.get("source")) == ("edit", "duplicate_of", None, A, "sup", "api"),
          "the history: an edit of duplicate_of, by whom", last)
    rows_ = sql("select actor || '|' || office || '|' || detail from audit_log where action = "
                "'case_duplicate' and target = '%s'" % d)
    check(rows_ == 'sup|mx|{"duplicate_of":[null,"%s"]}' % A, "an audit row", rows_)
    r = call(port, C["adm"], "GET", "/api/v1/audit?case_id=%s&action=case_duplicate" % d)
    check(r.status == 200 and len((r.json() or {}).get("items", [])) == 1,
          "the audit trail shows it", r.body[:300])
    r = mark(port, C["sup"], d, A, v2)
    check(r.status == 200 and r.header("ETag") == '"%s"' % v2, "marking it again changes nothing",
          (r.status, r.header("ETag")))

    # chains are refused both ways
    ve = etag(port, C["sup"], E)
    r = mark(port, C["sup"], E, d, ve)
    expect("a duplicate of a duplicate: 422", r, 422)
    check(r.errors() == [("duplicate_of", "duplicate_of_duplicate")] and A in r.body.decode(),
          "names the original to point at", r.body)
    va = etag(port, C["adm"], A)
    r = mark(port, C["adm"], A, E, va)
    check(r.status == 422 and r.errors() == [("duplicate_of", "duplicate_has_duplicates")],
          "a case that has duplicates cannot become one", r.body)
    r = mark(port, C["adm"], E, A, ve)
    expect("an admin marks another: 200", r, 200)
    ve2 = (r.header("ETag") or "").strip('"')

    r = mark(port, C["adm"], E, "", ve2)
    check(r.status == 200 and (r.json() or {}).get("duplicate_of") is None, '"" restores too',
          r.body[:200])

    # ---- the edit of a duplicate goes on; restoring ----
    r = call(port, C["sup"], "PATCH", "/api/v1/cases/" + d, {"education": "primary"},
             headers={"If-Match": '"%s"' % v2})
    check(r.status == 200 and (r.json() or {}).get("duplicate_of") == A,
          "a duplicate can be edited, and stays one", r.body[:200])
    v3 = (r.header("ETag") or "").strip('"')
    expect("restoring with a stale version: 412", mark(port, C["sup"], d, None, v2), 412)
    r = mark(port, C["sup"], d, None, v3)
    expect("restore: 200", r, 200)
    check((r.json() or {}).get("duplicate_of", "absent") is None, "duplicate_of: null", r.body[:200])
    restored = state()
    for k in ("list", "q_id", "q_name", "export", "total", "mx_returned", "returns",
              "registrations"):
        check(restored[k] == before[k], "restored: back in %s" % k, (before[k], restored[k]))
    check(sql("select count(*) from audit_log where action = 'case_restore' and target = '%s'" % d)
          == "1", "the restoring is audited")
    r = call(port, C["sup"], "GET", "/api/v1/cases/%s/history" % d)
    last = ((r.json() or {}).get("items") or [{}])[-1]
    check((last.get("kind"), last.get("fields"), last.get("from"), last.get("to")) ==
          ("edit", "duplicate_of", A, None), "the history: restored", last)

    # an import of the duplicate's row updates it and leaves it marked
    vd = etag(port, C["sup"], d)
    expect("mark again", mark(port, C["sup"], d, A, vd), 200)
    imp = "case_id,education\n%s,secondary\n" % d
    r = call(port, C["adm"], "POST", "/api/v1/imports", raw=imp.encode(),
             headers={"Content-Type": "text/csv"})
    check(r.status == 201, "an import of the duplicate's row", r.body[:300])
    r = call(port, C["sup"], "GET", "/api/v1/cases/" + d)
    j = r.json() or {}
    check(j.get("education") == "secondary" and j.get("duplicate_of") == A,
          "updates it, and it stays a duplicate", r.body[:300])
    check(d not in (listed(port, C["sup"], "office=mx") or [d]), "still out of the list")


def similar(port, C, sql):
    S = "/api/v1/cases/similar"

    def ask(c, **q):
        return call(port, c, "GET", S + "?" + urllib.parse.urlencode(q))

    base = {"program": "avr", "registration_point": "tijuana", "registration_date": "2020-03-02",
            "sex": "male", "country_of_return": "HND", "unaccompanied_minor": "no",
            "status": "registered"}
    made = {}
    for key, body in (
            ("jose", dict(base, office="mx", given_names="José", family_names="Hernández López",
                          birth_date="1990-05-05", nationality="SLV")),
            ("jose_gt", dict(base, office="gt", registration_point="tecun_uman",
                             given_names="José", family_names="Hernández",
                             birth_date="1990-05-05", nationality="SLV")),
            ("jose_other", dict(base, office="mx", given_names="José", family_names="Hernández",
                                birth_date="1971-01-01", nationality="NIC")),
            ("maria", dict(base, office="mx", given_names="María", family_names="López",
                           sex="female", birth_date="1990-05-05", nationality="SLV")),
            ("marta", dict(base, office="mx", given_names="Marta", family_names="Pérez",
                           sex="female", birth_date="1990-05-05", nationality="SLV"))):
        r = call(port, C["adm"], "POST", "/api/v1/cases", body)
        made[key] = (r.json() or {}).get("case_id")
        check(r.status == 201 and made[key], "setup: register %s" % key, r.body[:300])
    jose, jose_gt, jose_other = made["jose"], made["jose_gt"], made["jose_other"]

    r = ask(C["cw"], given_names="Jose", family_names="Hernandez", birth_date="1990-05-05")
    expect("registering Jose Hernandez: 200", r, 200)
    check(r.ids() == [jose], "finds José Hernández López of the same birth date, in mx only",
          r.body[:400])
    r = ask(C["cw"], given_names="JOSE", family_names="Lopez Hernandes", nationality="SLV")
    check(r.ids() == [jose], "swapped, misspelt, same nationality", r.body[:400])
    r = ask(C["cw"], given_names="Jose", family_names="Hernandez", birth_date="1971-01-01",
            nationality="NIC")
    check(r.ids() == [jose_other], "the other José by his own birth date", r.body[:400])
    r = ask(C["cw"], given_names="Jose", family_names="Hernandez", birth_date="2001-02-03",
            nationality="GTM")
    check(r.status == 200 and r.ids() == [], "neither birth date nor nationality: none", r.body[:300])
    r = ask(C["cw"], given_names="Jose", family_names="Hernnadez", birth_date="1990-05-05")
    check(r.ids() == [jose], "a typo (two letters swapped) in a long word", r.body[:400])
    r = ask(C["cw"], given_names="Maria", family_names="Lopes", birth_date="1990-05-05")
    check(r.ids() == [made["maria"]], "María López by her birth date", r.body[:400])
    r = ask(C["cw"], given_names="Mario", family_names="Perez", birth_date="1990-05-05",
            nationality="SLV")
    check(r.status == 200 and r.ids() == [],
          "Mario Perez is neither María López nor Marta Pérez", r.body[:300])
    r = ask(C["cwgt"], given_names="Jose", family_names="Hernandez", birth_date="1990-05-05")
    check(r.status == 200 and r.ids() == [jose_gt],
          "a caseworker of gt gets gt's case, never mx's", r.body[:400])
    r = ask(C["adm"], given_names="Jose", family_names="Hernandez", birth_date="1990-05-05")
    check(sorted(r.ids()) == sorted([jose, jose_gt]), "an administrator gets both", r.body[:400])
    r = ask(C["cw"], given_names="Jose", family_names="Hernandez", birth_date="",
            nationality="")
    check(r.status == 200 and r.ids() == [], "empty birth date and nationality: asked nothing",
          r.body[:300])
    r = ask(C["cw"])
    check(r.status == 200 and r.json() == {"items": []}, "'similar' is not taken for a case id",
          r.body[:300])
    expect("an analyst: 403", ask(C["an"], given_names="Jose", family_names="Hernandez",
                                  birth_date="1990-05-05"), 403)
    expect("without authentication: 401", ask(ANON, given_names="Jose"), 401)
    expect("a date that does not exist: 400", ask(C["cw"], given_names="Jose",
                                                  birth_date="1990-02-30"), 400, "bad_parameter")
    expect("an unknown country: 400", ask(C["cw"], given_names="Jose", nationality="XXX"), 400)
    expect("an unknown parameter: 400", ask(C["cw"], given_names="Jose", colour="red"), 400)
    expect("a name too long: 400", ask(C["cw"], given_names="a" * 201), 400)
    n = sql("select count(*) from audit_log where action = 'case_similar' and actor = 'cw'")
    check(n == "9", "each search by a caseworker is audited", n)
    det = sql("select detail from audit_log where action = 'case_similar' and actor = 'cw'"
              " order by id limit 1")
    check(det == "given_names=Jose family_names=Hernandez birth_date=1990-05-05 nationality=*"
          " shown=1", "with what was asked and how many were shown", det)

    # an edit of the birth date is what is compared next
    v = etag(port, C["sup"], made["maria"])
    r = call(port, C["sup"], "PATCH", "/api/v1/cases/" + made["maria"],
             {"birth_date": "1985-01-01"}, headers={"If-Match": '"%s"' % v})
    expect("edit María's birth date", r, 200)
    r = ask(C["cw"], given_names="Maria", family_names="Lopes", birth_date="1985-01-01")
    check(r.ids() == [made["maria"]], "found by her new birth date", r.body[:300])
    r = ask(C["cw"], given_names="Maria", family_names="Lopes", birth_date="1990-05-05")
    check(r.status == 200 and r.ids() == [], "not by the old one", r.body[:300])

    # a case marked a duplicate is nobody's possible duplicate
    v = etag(port, C["sup"], jose_other)
    expect("mark the other José", mark(port, C["sup"], jose_other, jose, v), 200)
    r = ask(C["cw"], given_names="Jose", family_names="Hernandez", birth_date="1971-01-01")
    check(r.status == 200 and r.ids() == [], "a duplicate is not similar any more", r.body[:300])


if __name__ == "__main__":
    sys.exit(main())
