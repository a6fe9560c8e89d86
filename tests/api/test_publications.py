#!/usr/bin/env python3
"""Editions of the public factsheet through the API (report.md, "Publication
safety"; api.md's roles: "publish an edition" is admin, supervisor, analyst):

  GET  /api/v1/publications          every role; the list
  POST /api/v1/publications          201 and the new edition, or 200 and the
                                     recorded one for the same filters with
                                     unchanged data; 400 for a period a public
                                     output may not cover; 403 a caseworker
  GET  /api/v1/publications/{id}     the bytes recorded, as `retorno
                                     publications show` gives them; 404

and the period rule of GET /api/v1/report?public=1. Every answer is checked
against docs/openapi.yaml (tests/api/validate-bodies.mjs). The real binary
serves a temporary database made from the shared sample file.

    RETORNO_BIN=./retorno python3 tests/api/test_publications.py

Prints "publications: N passed, M failed"; exits 1 when anything failed.
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

from apitest import BIN, HERE, REPO, Tally
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pg"))
import pgmode  # noqa: E402  (the PostgreSQL mode: make pg-check)

SHARED = os.environ.get("SHARED", os.path.join(os.path.dirname(REPO), "shared"))
SAMPLE = os.path.join(SHARED, "data", "sample-cases.csv")
OPENAPI = os.path.join(REPO, "docs", "openapi.yaml")

T = Tally("publications")
check = T.check
RECORD = []
USERS = {  # name: (role, office, password)
    "adm": ("admin", None, "admin-pass-0001"),
    "sup": ("supervisor", "mx", "supervisor-pass-02"),
    "cw": ("caseworker", "mx", "caseworker-pass-03"),
    "an": ("analyst", None, "analyst-pass-0004"),
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
    if re.match(r"^/api/v1/publications/[^/]+$", p):
        return "/api/v1/publications/{id}"
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

    def error_codes(self):
        j = self.json()
        return [e.get("code") for e in (j.get("errors") or [])] if isinstance(j, dict) else []


class Client:
    def __init__(self, bearer=None):
        self.bearer, self.cookie, self.csrf = bearer, None, None


ANON = Client()


def call(port, c, method, path, body=None, ctype="application/json", csrf=True, raw=None):
    h = {}
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None and ctype:
        h["Content-Type"] = ctype
    if c.bearer:
        h["Authorization"] = "Bearer " + c.bearer
    if c.cookie:
        h["Cookie"] = "retorno_session=" + c.cookie
        if csrf and c.csrf and method != "GET":
            h["X-CSRF-Token"] = c.csrf
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
        hdrs = {k: r.header(k) for k in ("Location", "Retry-After") if r.header(k)}
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


def start(db, log, *extra):
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:0", "--workers", "2",
                            "--access-log", log] + list(extra),
                           stdout=subprocess.PIPE, stderr=open(log + ".stderr", "w"), text=True)
    m = re.match(r"^http://127\.0\.0\.1:(\d+)/$", srv.stdout.readline().strip())
    return srv, int(m.group(1)) if m else 0


def stop(srv, what):
    srv.send_signal(signal.SIGTERM)
    try:
        rc = srv.wait(timeout=30)
    except subprocess.TimeoutExpired:
        srv.kill()
        rc = "timeout"
    check(rc == 0, "%s stops with exit 0 on SIGTERM" % what, rc)


def main():
    if not os.access(BIN, os.X_OK) or not os.path.exists(SAMPLE):
        print("FAIL: setup: no binary at %s or no %s" % (BIN, SAMPLE), file=sys.stderr)
        print("publications: 0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory(prefix="retorno-pub-") as tmp:
        run_all(tmp)
    return T.finish()


def run_all(tmp):
    db = os.path.join(tmp, "p.db")

    def cli(*args, stdin=None, text=True):
        return subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True,
                              text=text, timeout=300)

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
    editions = lambda: sql("select count(*) from publication")
    try:
        exercise(port, C, cli, sql, editions, tmp)
    finally:
        stop(srv, "the server")
    err = open(log + ".stderr").read()
    for pat in ("AddressSanitizer", "runtime error", "internal_error", "gave no answer"):
        check(pat not in err, "server stderr has no %r" % pat, err[-300:])

    # a full report queue: publishing is a queued job (503), listing is not
    srv, port = start(db, log + "2", "--report-queue", "0")
    if check(port, "setup: a server with no room in its queue"):
        r = call(port, C["an"], "POST", "/api/v1/publications", {"month": "2019-07"})
        expect("POST with the report queue full: 503", r, 503, "queue_full")
        check(r.header("Retry-After") is not None, "with Retry-After")
        expect("GET the list is not queued", call(port, C["an"], "GET", "/api/v1/publications"), 200)
        stop(srv, "the server with no queue")
    else:
        srv.kill()

    # every answer against docs/openapi.yaml
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


def exercise(port, C, cli, sql, editions, tmp):
    this_month = time.strftime("%Y-%m", time.gmtime())
    P = "/api/v1/publications"

    # ---- authentication and rights ----
    expect("GET the list without authentication: 401", call(port, ANON, "GET", P), 401)
    expect("POST without authentication: 401", call(port, ANON, "POST", P, {"month": "2019-05"}), 401)
    for who in USERS:
        r = call(port, C[who], "GET", P)
        check(r.status == 200 and r.json() == {"items": []}, "%s lists no edition yet" % who, r.body)
    r = call(port, C["cw"], "POST", P, {"month": "2019-05"})
    expect("a caseworker may not publish: 403", r, 403)
    r = call(port, C["cw"], "POST", P, {"month": this_month})
    expect("403 comes before the 400 of the period", r, 403)
    check(editions() == "0", "a refused publication records nothing")

    # ---- periods and bodies refused, in api.md's order; nothing recorded ----
    for body, code, what in (
            ({"month": this_month}, "public_month_incomplete", "a month not over"),
            ({"from": "2019-05-02", "to": "2019-05-31"}, "public_from_not_month_start", "from not a first day"),
            ({"from": "2019-05-01", "to": "2019-05-30"}, "public_to_not_month_end", "to not a last day"),
            ({"from": "2019-05-01"}, "public_from_without_to", "from without to"),
            ({"month": "2019-05", "min_cell": 4}, "public_min_cell", "a threshold below 5"),
            ({"month": "2019-05", "registration_point": "tijuana"}, "public_point_filter", "a registration point"),
            ({"month": "2019-13"}, "bad_parameter", "not a month"),
            ({"month": "2019-05", "from": "2019-05-01"}, "bad_parameter", "month with from"),
            ({"office": "zz"}, "bad_parameter", "an unknown office"),
            ({"program": "xyz"}, "bad_parameter", "an unknown programme"),
            ({"from": "2019-06-01", "to": "2019-05-31"}, "bad_parameter", "from after to"),
            ({"to": "2019-02-30"}, "bad_parameter", "a date that does not exist"),
            ({"month": "2019-05", "min_cell": -3}, "bad_parameter", "a negative threshold"),
            ({"colour": "red", "month": this_month}, "public_month_incomplete", "400 before 422")):
        r = call(port, C["an"], "POST", P, body)
        expect("POST %s: 400 %s" % (what, code), r, 400, code)
    r = call(port, C["an"], "POST", P, {"month": "2019-05", "from": "2019-05-01"})
    check("month_with_dates" in r.error_codes(), "names month_with_dates", r.body)
    r = call(port, C["an"], "POST", P, {"from": "2019-05-02", "to": "2019-05-31"})
    check("2019-05-02 is not the first day of a month" in (r.json() or {}).get("detail", ""),
          "the detail names the day", r.body)
    r = call(port, C["an"], "POST", P, {"colour": "red", "min_cell": "5", "month": 201905})
    expect("unknown keys and wrong types: 422", r, 422, "invalid")
    check(sorted(r.error_codes()) == ["unknown_field", "wrong_type", "wrong_type"],
          "each named", r.body)
    expect("a body that is not an object: 400", call(port, C["an"], "POST", P, raw=b"[]"), 400,
           "json_not_object")
    expect("malformed JSON: 400", call(port, C["an"], "POST", P, raw=b"{"), 400, "malformed_json")
    expect("an empty body: 400", call(port, C["an"], "POST", P, raw=b""), 400, "malformed_json")
    expect("not JSON: 415", call(port, C["an"], "POST", P, raw=b"month=2019-05", ctype="text/plain"),
           415)
    check(editions() == "0", "no refused request recorded anything")

    # ---- publish ----
    r = call(port, C["an"], "POST", P, {"month": "2019-05", "office": None, "min_cell": 5})
    e = r.json() or {}
    expect("an analyst publishes: 201", r, 201)
    check(r.header("Location") == P + "/1", "Location of the edition", r.header("Location"))
    check((e.get("id"), e.get("created_by"), e.get("program"), e.get("office"), e.get("from"),
           e.get("to"), e.get("min_cell"), e.get("editions")) ==
          (1, "an", "avr", None, "2019-05-01", "2019-05-31", 5, 0), "the edition's filters", r.body)
    check(editions() == "1", "recorded")
    check(sql("select hidden || ' ' || cells from publication") == "%s %s" % (e.get("hidden"), e.get("cells")),
          "its figures are the recorded ones", r.body)
    check(sql("select count(*) from audit_log where action = 'publish' and actor = 'an'") == "1",
          "audited")
    r = call(port, C["an"], "POST", P, {"month": "2019-05"})
    expect("the same filters, unchanged data: 200", r, 200)
    check((r.json() or {}).get("id") == 1 and r.json() == e, "the recorded edition given back", r.body)
    check(editions() == "1", "nothing recorded")
    r = call(port, C["adm"], "POST", P, {"program": "avr", "month": "2019-05"})
    check(r.status == 200 and (r.json() or {}).get("id") == 1, "by another user too", r.body)

    # a session: CSRF token required
    s = Client()
    r = call(port, s, "POST", "/api/v1/session", {"username": "sup", "password": USERS["sup"][2]})
    m = re.search(r"retorno_session=([^;]*)", r.header("Set-Cookie") or "")
    s.cookie, s.csrf = (m.group(1) if m else None), (r.json() or {}).get("csrf_token")
    expect("with a session, no CSRF token: 403",
           call(port, s, "POST", P, {"month": "2019-05"}, csrf=False), 403, "csrf_token_missing")
    r = call(port, s, "POST", P, {"month": "2019-05"})
    check(r.status == 200 and (r.json() or {}).get("id") == 1, "with the token: the edition", r.body)

    # ---- reading an edition: the bytes recorded, the command line's ----
    shown = {}
    for fmt, ctype in (("json", "application/json"), ("csv", "text/csv"), ("text", "text/plain"),
                       ("html", "text/html"), ("pdf", "application/pdf")):
        for lang in ("en", "es"):
            r = call(port, C["cw"], "GET", "%s/1?format=%s&lang=%s" % (P, fmt, lang))
            c = cli("--lang", lang, "publications", "show", "1", "--format", fmt, text=False)
            check(r.status == 200 and r.ctype.startswith(ctype), "GET %s %s: 200 %s" % (fmt, lang, ctype),
                  (r.status, r.ctype))
            check(r.body == c.stdout and len(r.body) > 100,
                  "GET %s %s is `publications show`'s bytes" % (fmt, lang), (len(r.body), len(c.stdout)))
            shown[fmt, lang] = r.body
    check(shown["pdf", "en"].startswith(b"%PDF-"), "a PDF")
    check(shown["json", "en"] != shown["json", "es"], "English and Spanish differ")
    r = call(port, C["an"], "GET", P + "/1")
    check(r.status == 200 and r.body == shown["json", "en"], "json and the user's language by default")
    j = json.loads(shown["json", "en"])
    check(j.get("public") is True and j.get("filters", {}).get("from") == "2019-05-01",
          "a public factsheet of its period", j.get("filters"))
    # a monthly edition, through the API as on the command line (one use case)
    check((j.get("to_date") or {}).get("filters", {}).get("from", "?") is None and
          j["to_date"]["filters"].get("to") == "2019-05-31" and
          "returns_total" in j["to_date"].get("indicators", {}),
          "the month's edition carries the programme to date up to its end", j.get("to_date", {}).get("filters"))
    check("previous" in j and j["previous"] is None, "the first monthly edition has no previous one",
          j.get("previous"))
    expect("an unknown edition: 404", call(port, C["an"], "GET", P + "/99"), 404, "publication_not_found")
    expect("not an edition number: 404", call(port, C["an"], "GET", P + "/abc"), 404)
    expect("404 before the 400 of the query", call(port, C["an"], "GET", P + "/99?format=docx"), 404)
    expect("an unknown format: 400", call(port, C["an"], "GET", P + "/1?format=docx"), 400)
    expect("an unknown language: 400", call(port, C["an"], "GET", P + "/1?lang=fr"), 400)
    expect("an unknown parameter: 400", call(port, C["an"], "GET", P + "/1?colour=red"), 400)
    expect("the list takes no parameter: 400", call(port, C["an"], "GET", P + "?limit=5"), 400)
    expect("without authentication: 401", call(port, ANON, "GET", P + "/1"), 401)
    r = call(port, C["an"], "DELETE", P + "/1")
    check(r.status == 405 and "GET" in (r.header("Allow") or ""), "an edition cannot be deleted: 405",
          (r.status, r.header("Allow")))
    check(call(port, C["an"], "PUT", P, {"month": "2019-05"}).status == 405, "nor replaced: 405")

    # ---- a late entry: a new edition; the old one unchanged ----
    with open(SAMPLE, encoding="utf-8") as f:
        lines = f.read().splitlines()
    late = next(l for l in lines[2:] if l.split(",")[19] == "returned" and l.split(",")[20][:7] == "2019-05")
    path = os.path.join(tmp, "late.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:2] + ["LATE-API-1" + late[late.index(","):]]) + "\n")
    check(cli("import", "-q", path).returncode == 0, "a late entry in May 2019")
    r = call(port, C["sup"], "POST", P, {"month": "2019-05"})
    expect("publishing the month again: 201, a new edition", r, 201)
    check((r.json() or {}).get("id") == 2 and (r.json() or {}).get("editions") == 1,
          "edition 2, protected with edition 1", r.body)
    for (fmt, lang), body in sorted(shown.items()):
        r = call(port, C["an"], "GET", "%s/1?format=%s&lang=%s" % (P, fmt, lang))
        check(r.status == 200 and r.body == body, "edition 1 as %s %s: the same bytes" % (fmt, lang))
    r = call(port, C["an"], "GET", P)
    items = (r.json() or {}).get("items", [])
    check([i.get("id") for i in items] == [1, 2] and items[1].get("created_by") == "sup",
          "the list, oldest first", r.body)

    # ---- the public preview: the same rule, records nothing ----
    n = editions()
    R = "/api/v1/report"
    for query, code in (("public=1&month=" + this_month, "public_month_incomplete"),
                        ("public=1&from=2019-05-01", "public_from_without_to"),
                        ("public=1&from=2019-05-01&to=2019-05-15", "public_to_not_month_end"),
                        ("public=1&min_cell=3", "public_min_cell"),
                        ("public=1&age_bands=sadd", "public_sadd_bands")):
        expect("report?%s: 400 %s" % (query, code), call(port, C["an"], "GET", R + "?" + query), 400, code)
    expect("a private report keeps its periods",
           call(port, C["adm"], "GET", R + "?from=2019-05-03&to=2019-05-20"), 200)
    r = call(port, C["an"], "GET", R + "?public=1&month=2019-05")
    expect("the public preview of a month: 200", r, 200)
    c = cli("report", "--public", "--month", "2019-05", "--format", "json")
    blank = lambda b: re.sub(rb'"generated_at": *"[^"]*"', b'""', b if isinstance(b, bytes) else b.encode())
    check(c.returncode == 0 and blank(r.body) == blank(c.stdout), "the preview is the command line's",
          c.stderr[-200:])
    r = call(port, C["an"], "GET", R + "?public=1&to=2019-12-31")
    f = (r.json() or {}).get("filters", {})
    check(r.status == 200 and (f.get("from"), f.get("to")) == (None, "2019-12-31"),
          "to alone: the programme to date up to then", r.body[:200])
    check(editions() == n, "the preview records nothing")


if __name__ == "__main__":
    sys.exit(main())
